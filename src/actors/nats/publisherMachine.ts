/**
 * The publisher: the service that emits account events. In the naive designs it publishes
 * what it is told. In 'publisher-last-seq' it numbers every event it sends (Seq) and remembers,
 * per user, the Seq of that user's last event ("Last Seq" on the slides), which it stamps on the
 * next one. In the redesign it keeps the last number it gave each user and stamps the next one.
 * Pure rules (`reactPublisher`) and the machine made from them; nothing is mutated.
 */
import { put } from '../../kernel/copy.ts';
import type { Emitted, Timed } from './ports.ts';
import type { Design, Payload } from './types.ts';

export interface PublisherContext {
  design: Design;
  /** Global message ids, 1, 2, 3… in publish order. */
  nextMsg: number;
  /** Per user, the last number handed out (the redesign) or the Seq of the last event sent ('publisher-last-seq'). */
  lastNumber: Record<string, number>;
}

export type PublisherEvent = Timed & { type: 'publish'; channel: string; payload: Payload };

/**
 * Pure: the payload as it leaves the publisher under a design; the caller records
 * `lastNumber[user] = number` when a number was stamped.
 * @example stamp({ design: 'publisher-last-seq', nextMsg: 3, lastNumber: { Jim: 1 } }, p) // { ...p, number: 3, prev: 1 }
 */
export function stamp(ctx: PublisherContext, p: Payload): Payload {
  const last = ctx.lastNumber[p.user] ?? 0;
  if (ctx.design === 'per-user-number') return { ...p, number: last + 1 };
  if (ctx.design === 'publisher-last-seq') return { ...p, number: ctx.nextMsg, prev: last };
  return p;
}


/**
 * Pure: a publish sends the (stamped) payload to the server as the next message id.
 * @example reactPublisher(initPublisher({ design: 'naive' }), { type: 'publish', channel, payload, t: 0 }).ctx.nextMsg // 2
 */
export function reactPublisher(ctx: PublisherContext, e: PublisherEvent): { ctx: PublisherContext; out: Emitted[] } {
  if (e.type !== 'publish') return { ctx, out: [] };
  const payload = stamp(ctx, e.payload);
  const msg = ctx.nextMsg;
  const next: PublisherContext = {
    design: ctx.design,
    nextMsg: msg + 1,
    lastNumber: payload.number === undefined ? ctx.lastNumber : put(ctx.lastNumber, payload.user, payload.number),
  };
  return {
    ctx: next,
    out: [{ type: 'out', to: 'server', via: 'net', event: { type: 'pub', channel: e.channel, msg, payload }, trace: { kind: 'publish', msg, channel: e.channel, from: 'publisher', to: 'server', payload } }],
  };
}

export const initPublisher = (input: { design: Design }): PublisherContext => ({ design: input.design, nextMsg: 1, lastNumber: {} });

/** The publisher's rules, as the kernel's hosts take them. */
export const publisherRules = { init: initPublisher, react: reactPublisher };
