/**
 * The publisher machine: the service that emits account events. In the naive designs it publishes
 * what it is told. In 'publisher-last-seq' it numbers every event it sends (Seq) and remembers,
 * per user, the Seq of that user's last event ("Last Seq" on the slides), which it stamps on the
 * next one. In the redesign it keeps the last number it gave each user and stamps the next one.
 */
import { enqueueActions, setup } from 'xstate';
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

export const publisherMachine = setup({
  types: {
    context: {} as PublisherContext,
    events: {} as PublisherEvent,
    emitted: {} as Emitted,
    input: {} as { design: Design },
  },
  actions: {
    'send it to the server': enqueueActions(({ context, event, enqueue }) => {
      const payload = stamp(context, event.payload);
      const msg = context.nextMsg;
      enqueue.assign({
        nextMsg: msg + 1,
        lastNumber: payload.number === undefined ? context.lastNumber : { ...context.lastNumber, [payload.user]: payload.number },
      });
      enqueue.emit({
        type: 'out',
        to: 'server',
        via: 'net',
        event: { type: 'pub', channel: event.channel, msg, payload },
        trace: { kind: 'publish', msg, channel: event.channel, from: 'publisher', to: 'server', payload },
      });
    }),
  },
}).createMachine({
  id: 'publisher',
  context: ({ input }) => ({ design: input.design, nextMsg: 1, lastNumber: {} }),
  initial: 'ready',
  states: {
    ready: { on: { publish: { actions: 'send it to the server' } } },
  },
});
