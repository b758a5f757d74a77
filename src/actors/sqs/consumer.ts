/**
 * Pure rules of the two things that poll a queue:
 * - a handler (kind sqs.consumer): receives one message, runs its handler for processMs (the
 *   business effect, counted per message, so a second run is a duplicate), then deletes it and
 *   polls again;
 * - NServiceBus's delay relay (kind sqs.delay-relay) on `<queue>-delay.fifo`: works out the delay
 *   still to go from the broker's timestamps (SentTimestamp and, on a first receive,
 *   ApproximateFirstReceiveTimestamp; on a later one its own clock), re-sends the message to the
 *   delay queue while more than 900 s are left, else to the destination with DelaySeconds = the
 *   rest, then deletes what it received.
 * Either can be set to crash before it deletes: the send and the delete are two calls, not one
 * transaction, so the message comes back after its visibility timeout and is done twice.
 * Either polls as soon as it starts; after a crash it is down (what reaches it is not read) until
 * its restart timer brings it back.
 */
import { MAX_DELAY_SECONDS, TONE } from './hops.ts';
import type { Emitted, Result, Timed } from './ports.ts';
import type { Delivery } from './queue.ts';
import type { Ms, Party } from './types.ts';

export interface PollerContext {
  name: Party;
  role: 'handler' | 'relay';
  queue: Party;
  /** Relay: where the last hop goes. */
  destination?: Party;
  processMs: Ms;
  restartMs: Ms;
  down: boolean;
  /** Armed fault: crash before the next delete (`handover`: only before a relay's send to the destination). */
  crashBeforeDelete: 'next' | 'handover' | undefined;
  /** Handler: runs per application message. */
  handled: Record<number, number>;
  /** The message in hand. */
  inHand: Delivery | undefined;
}

/** What a poller hears: its start, a message, its own timers, an armed fault. */
export type PollerEvent =
  | (Timed & { type: 'sqs.start' })
  | (Timed & Delivery)
  | (Timed & { type: 'sqs.handled' })
  | (Timed & { type: 'sqs.arm-crash'; handover: boolean })
  | (Timed & { type: 'sqs.restart' });

/** A poller's name, role, queue and timings. */
export type PollerInput = Pick<PollerContext, 'name' | 'role' | 'queue' | 'destination' | 'processMs' | 'restartMs'>;

/**
 * A poller at its start: up, nothing in hand, nothing handled, no fault armed.
 * @example initPoller({ name: 'handler', role: 'handler', queue: 'discount', processMs: 200, restartMs: 5_000 }).down // false
 */
export function initPoller(input: PollerInput): PollerContext {
  return {
    name: input.name,
    role: input.role,
    queue: input.queue,
    ...(input.destination === undefined ? {} : { destination: input.destination }),
    processMs: input.processMs,
    restartMs: input.restartMs,
    down: false,
    crashBeforeDelete: undefined,
    inHand: undefined,
    handled: {},
  };
}

/**
 * A poller's rules: which rule each event calls (an event it does not know changes nothing).
 * @example reactPoller(poller, { type: 'sqs.start', t: 0 }).out[0] // its first long poll
 */
export function reactPoller(ctx: PollerContext, e: PollerEvent): Result<PollerContext> {
  switch (e.type) {
    case 'sqs.start':
      return onStart(ctx);
    case 'sqs.message':
      return onMessage(ctx, e, e.t);
    case 'sqs.handled':
      return onHandled(ctx);
    case 'sqs.arm-crash':
      return onArmCrash(ctx, e.handover);
    case 'sqs.restart':
      return onRestart(ctx);
    default:
      return { ctx, out: [] };
  }
}

/** A long poll for the next message. */
const poll = (ctx: PollerContext): Emitted => ({ type: 'out', to: ctx.queue, via: 'net', event: { type: 'sqs.receive', from: ctx.name } });

/** DeleteMessage for what it received. */
const deleteIt = (ctx: PollerContext, d: Delivery): Emitted => ({
  type: 'out',
  to: d.queue,
  via: 'net',
  event: { type: 'sqs.delete', from: ctx.name, id: d.id },
  trace: { payload: TONE, kind: 'sqs-delete', msg: d.msg, id: d.id, from: ctx.name, to: d.queue, queue: d.queue, body: d.body, receiveCount: d.receiveCount },
});

/** The consumer starts: it polls. */
export function onStart(ctx: PollerContext): Result<PollerContext> {
  return { ctx, out: [poll(ctx)] };
}

/**
 * The delay still to go, in whole seconds (rounded up, so it never arrives early), when the relay
 * has a copy in hand: the attribute minus the time the copy spent in the delay queue.
 * @example remainingSeconds({ attrs: { remaining: 2800 }, sentAt: 50, firstReceiveAt: 900_050, receiveCount: 1 }, 900_100) // 1900
 */
export function remainingSeconds(d: Pick<Delivery, 'attrs' | 'sentAt' | 'firstReceiveAt' | 'receiveCount'>, now: Ms): number {
  const asked = d.attrs.remaining ?? 0;
  const waited = (d.receiveCount === 1 ? d.firstReceiveAt : now) - d.sentAt;
  return Math.max(0, Math.ceil((asked * 1000 - waited) / 1000));
}

/** A crash before the delete: traced, down, and back after its restart time. */
function crash(ctx: PollerContext, d: Delivery): Result<PollerContext> {
  // Fields are set to undefined, not deleted: the machine merges a rule's context into its own.
  const next: PollerContext = { ...ctx, down: true, crashBeforeDelete: undefined, inHand: undefined };
  return {
    ctx: next,
    out: [
      { type: 'trace', entry: { kind: 'sqs-crash', msg: d.msg, id: d.id, from: ctx.name, queue: d.queue, body: d.body, before: 'delete' } },
      { type: 'out', to: ctx.name, via: ctx.restartMs, event: { type: 'sqs.restart' } },
    ],
  };
}

/** A message arrives from the queue. A handler starts on it; the relay sends it on at once. */
export function onMessage(ctx: PollerContext, d: Delivery, now: Ms): Result<PollerContext> {
  // Down: nobody reads it; it stays invisible until its visibility timeout runs out.
  if (ctx.down) return { ctx, out: [] };
  if (ctx.role === 'handler') {
    return { ctx: { ...ctx, inHand: d }, out: [{ type: 'out', to: ctx.name, via: ctx.processMs, event: { type: 'sqs.handled' } }] };
  }
  const left = remainingSeconds(d, now);
  const handover = left <= MAX_DELAY_SECONDS;
  const to = handover ? ctx.destination! : ctx.queue;
  const send: Emitted = {
    type: 'out',
    to,
    via: 'net',
    event: handover
      ? { type: 'sqs.send', from: ctx.name, msg: d.msg, body: d.body, delaySeconds: left }
      : { type: 'sqs.send', from: ctx.name, msg: d.msg, body: d.body, attrs: { remaining: left }, group: d.group ?? `msg-${d.msg}`, dedupId: `after:${d.id}` },
    trace: { payload: TONE, kind: 'sqs-send', msg: d.msg, from: ctx.name, to, queue: to, body: d.body, resend: true, ...(handover ? { delaySeconds: left } : { remaining: left, dedupId: `after:${d.id}` }) },
  };
  const decided: Emitted = { type: 'trace', entry: { kind: 'sqs-relay', msg: d.msg, id: d.id, from: ctx.name, to, queue: d.queue, body: d.body, remaining: left, receiveCount: d.receiveCount } };
  const crashes = ctx.crashBeforeDelete === 'next' || (ctx.crashBeforeDelete === 'handover' && handover);
  if (crashes) {
    const c = crash(ctx, d);
    return { ctx: c.ctx, out: [decided, send, ...c.out] };
  }
  return { ctx, out: [decided, send, deleteIt(ctx, d), poll(ctx)] };
}

/** A handler's work on the message in hand is done: the effect happens, then the delete (unless it crashes first). */
export function onHandled(ctx: PollerContext): Result<PollerContext> {
  const d = ctx.inHand;
  if (!d || ctx.down) return { ctx, out: [] };
  const times = (ctx.handled[d.msg] ?? 0) + 1;
  const handled: Emitted = { type: 'trace', entry: { kind: 'sqs-handled', msg: d.msg, id: d.id, from: ctx.name, queue: d.queue, body: d.body, receiveCount: d.receiveCount, times } };
  const next: PollerContext = { ...ctx, handled: { ...ctx.handled, [d.msg]: times } };
  if (ctx.crashBeforeDelete) {
    const c = crash(next, d);
    return { ctx: c.ctx, out: [handled, ...c.out] };
  }
  return { ctx: { ...next, inHand: undefined }, out: [handled, deleteIt(ctx, d), poll(ctx)] };
}

/** Arm the fault: crash before the next delete. */
export function onArmCrash(ctx: PollerContext, handover: boolean): Result<PollerContext> {
  return { ctx: { ...ctx, crashBeforeDelete: handover ? 'handover' : 'next' }, out: [] };
}

/** Back after a crash, with nothing in hand: it polls again. */
export function onRestart(ctx: PollerContext): Result<PollerContext> {
  if (!ctx.down) return { ctx, out: [] };
  const next = { ...ctx, down: false };
  return { ctx: next, out: [{ type: 'trace', entry: { kind: 'sqs-restart', from: ctx.name, queue: ctx.queue } }, poll(next)] };
}
