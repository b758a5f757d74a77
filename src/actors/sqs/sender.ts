/**
 * Pure rules of an endpoint sending delayed messages through SQS. With `straight`, one plain
 * SendMessage to the destination with the DelaySeconds asked for (SQS refuses more than 900).
 * Otherwise NServiceBus's routing (FACTS.md §3): at most 900 s, straight to the destination with
 * DelaySeconds; more, to the destination's `-delay.fifo` queue with the whole delay in the
 * attribute NServiceBus.AmazonSQS.DelaySeconds, where the relay takes over. A refusal is traced
 * by the queue; the sender only hears it.
 */
import { MAX_DELAY_SECONDS, TONE } from './hops.ts';
import type { Emitted, Result, Timed } from './ports.ts';
import type { Party } from './types.ts';

export interface SenderContext {
  name: Party;
  destination: Party;
  delayQueue: Party;
  /** Messages sent so far: the next one's number. */
  sent: number;
}

/** What a sender hears: a scene's send, or a queue's refusal. */
export type SenderEvent = (Timed & { type: 'sqs.send-delayed'; body: string; delaySeconds: number; straight: boolean }) | (Timed & { type: 'sqs.refused'; msg: number; reason: string });

/** Who a sender is and where it sends. */
export type SenderInput = Omit<SenderContext, 'sent'>;

/**
 * A sender at its start: nothing sent yet.
 * @example initSender({ name: 'api', destination: 'discount', delayQueue: 'discount-delay.fifo' }).sent // 0
 */
export const initSender = (input: SenderInput): SenderContext => ({ name: input.name, destination: input.destination, delayQueue: input.delayQueue, sent: 0 });

/**
 * The sender's rules: a send goes out; a refusal, or anything else, changes nothing.
 * @example reactSender(initSender({ name: 'api', destination: 'discount', delayQueue: 'discount-delay.fifo' }), { type: 'sqs.send-delayed', t: 0, body: 'x', delaySeconds: 60, straight: false }).ctx.sent // 1
 */
export function reactSender(ctx: SenderContext, e: SenderEvent): Result<SenderContext> {
  return e.type === 'sqs.send-delayed' ? onSendDelayed(ctx, e.body, e.delaySeconds, e.straight) : { ctx, out: [] };
}

/** Send `body` to be handled `delaySeconds` from now. */
export function onSendDelayed(ctx: SenderContext, body: string, delaySeconds: number, straight: boolean): Result<SenderContext> {
  const msg = ctx.sent + 1;
  const next = { ...ctx, sent: msg };
  const direct = straight || delaySeconds <= MAX_DELAY_SECONDS;
  const to = direct ? ctx.destination : ctx.delayQueue;
  const out: Emitted = {
    type: 'out',
    to,
    via: 'net',
    event: direct
      ? { type: 'sqs.send', from: ctx.name, msg, body, delaySeconds }
      : { type: 'sqs.send', from: ctx.name, msg, body, attrs: { remaining: delaySeconds }, group: `msg-${msg}`, dedupId: `sent:${msg}` },
    trace: { payload: TONE, kind: 'sqs-send', msg, from: ctx.name, to, queue: to, body, ...(direct ? { delaySeconds } : { remaining: delaySeconds, dedupId: `sent:${msg}` }), ...(straight ? { straight: true } : {}) },
  };
  return { ctx: next, out: [out] };
}
