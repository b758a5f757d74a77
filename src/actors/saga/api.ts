/**
 * Pure rules of the Order API. Durable designs: an order is handed to the broker as OrderPlaced,
 * and the buyer gets 202 Accepted once the broker confirms it has it; the API itself keeps
 * nothing. In-process design (resilient HTTP): the API answers 202 at once and calls the Discount
 * service, retrying from memory after 1 s, 2 s and 4 s when a call fails or times out, and keeps
 * the 7-day reminder ("take it off again") as a timer in memory. A crash loses everything in
 * memory: orders awaiting the broker's confirm, retries waiting, reminders. Nothing is mutated.
 */
import type { Emitted, Result } from './ports.ts';
import { payloadOf, type JobKind, type Ms, type Order, type Party, type SagaDesign } from './types.ts';

/** An in-process call to the Discount service, by key: its attempt and whether it waits for an answer or for its retry. */
export interface Call {
  key: string;
  job: JobKind;
  order: Order;
  attempt: number;
  phase: 'calling' | 'backing-off';
}

export interface ApiContext {
  name: Party;
  design: SagaDesign;
  broker?: Party;
  handler: Party;
  backoffMs: readonly Ms[];
  callTimeoutMs: Ms;
  windowMs: Ms;
  up: boolean;
  /** Durable: orders handed to the broker, not yet confirmed, and whom to answer. */
  waiting: { order: Order; replyTo: Party }[];
  /** In-process: calls under way or waiting for their retry. */
  calls: Call[];
  /** In-process: orders whose 7-day reminder is a timer in memory. */
  reminders: Order[];
}

export type ApiEvent =
  | { type: 'boot'; t: Ms }
  | { type: 'api.order'; t: Ms; order: Order; replyTo: Party }
  | { type: 'broker.confirm'; t: Ms; ref: string; id: string }
  | { type: 'discount.answer'; t: Ms; callKey: string; attempt: number; status: 200 | 500 }
  | { type: 'api.call-timeout'; t: Ms; callKey: string; attempt: number }
  | { type: 'api.retry'; t: Ms; callKey: string }
  | { type: 'api.remind'; t: Ms; order: Order }
  | { type: 'api.crash'; t: Ms }
  | { type: 'api.restart'; t: Ms };

export interface ApiInput {
  name: Party;
  design: SagaDesign;
  broker?: Party;
  handler: Party;
  backoffMs: readonly Ms[];
  callTimeoutMs: Ms;
  windowMs: Ms;
}

export const initApi = (i: ApiInput): ApiContext => ({ ...i, up: true, waiting: [], calls: [], reminders: [] });

/** Timer keys: one per call (its timeout or its retry) and one per reminder. */
export const callTimerKey = (api: Party, callKey: string): string => `saga.call|${api}|${callKey}`;
export const remindKey = (api: Party, orderId: string): string => `saga.remind|${api}|${orderId}`;

const accepted = (ctx: ApiContext, order: Order, replyTo: Party): Emitted => ({
  type: 'out',
  to: replyTo,
  via: 'net',
  conn: `${order.id}<`,
  event: { type: 'api.accepted', order },
  trace: { kind: 'saga.accepted', from: ctx.name, to: replyTo, order, status: 202 },
});

/** Send (or send again) an in-process call, with the timer that gives up on it. */
function send(ctx: ApiContext, c: Call): Emitted[] {
  return [
    {
      type: 'out',
      to: ctx.handler,
      via: 'net',
      conn: `${c.key}#${c.attempt}>`,
      event: { type: 'discount.call', callKey: c.key, attempt: c.attempt, job: c.job, order: c.order, replyTo: ctx.name },
      trace: { kind: 'saga.call', from: ctx.name, to: ctx.handler, order: c.order, job: c.job, attempt: c.attempt, payload: payloadOf(c.job, c.order) },
    },
    { type: 'out', to: ctx.name, via: ctx.callTimeoutMs, key: callTimerKey(ctx.name, c.key), event: { type: 'api.call-timeout', callKey: c.key, attempt: c.attempt } },
  ];
}

/** Start an in-process call for a job on an order. */
function startCall(ctx: ApiContext, job: JobKind, order: Order): Result<ApiContext> {
  const c: Call = { key: `${job}:${order.id}`, job, order, attempt: 1, phase: 'calling' };
  return { ctx: { ...ctx, calls: [...ctx.calls.filter((x) => x.key !== c.key), c] }, out: send(ctx, c) };
}

/** An order came in. */
function onOrder(ctx: ApiContext, order: Order, replyTo: Party): Result<ApiContext> {
  if (ctx.design === 'in-process') {
    const r = startCall(ctx, 'OrderPlaced', order);
    return { ctx: r.ctx, out: [accepted(ctx, order, replyTo), ...r.out] };
  }
  const broker = ctx.broker!;
  const out: Emitted[] = [
    {
      type: 'out',
      to: broker,
      via: 'net',
      event: { type: 'broker.publish', message: { kind: 'OrderPlaced', order, dest: ctx.handler, dueAt: order.placedAt }, replyTo: ctx.name, ref: order.id },
      trace: { kind: 'saga.publish', from: ctx.name, to: broker, order, job: 'OrderPlaced', payload: payloadOf('OrderPlaced', order) },
    },
  ];
  return { ctx: { ...ctx, waiting: [...ctx.waiting, { order, replyTo }] }, out };
}

/** A call failed (500, or no answer in time): retry after the next backoff, or give up for good. */
function onCallFailed(ctx: ApiContext, c: Call, why: string, now: Ms): Result<ApiContext> {
  const wait = ctx.backoffMs[c.attempt - 1];
  if (wait === undefined) {
    return { ctx: { ...ctx, calls: ctx.calls.filter((x) => x !== c) }, out: [{ type: 'trace', entry: { kind: 'saga.gave-up', from: ctx.name, order: c.order, job: c.job, attempt: c.attempt, why } }] };
  }
  const out: Emitted[] = [
    { type: 'trace', entry: { kind: 'saga.retry-wait', from: ctx.name, order: c.order, job: c.job, attempt: c.attempt, at: now + wait, why } },
    { type: 'out', to: ctx.name, via: wait, key: callTimerKey(ctx.name, c.key), event: { type: 'api.retry', callKey: c.key } },
  ];
  return { ctx: { ...ctx, calls: ctx.calls.map((x) => (x === c ? { ...c, phase: 'backing-off' } : x)) }, out };
}

/** The answer of the current attempt of a call under way, if this is one. */
const current = (ctx: ApiContext, callKey: string, attempt: number): Call | undefined => ctx.calls.find((x) => x.key === callKey && x.attempt === attempt && x.phase === 'calling');

function onAnswer(ctx: ApiContext, e: Extract<ApiEvent, { type: 'discount.answer' }>): Result<ApiContext> {
  const c = current(ctx, e.callKey, e.attempt);
  if (!c) return { ctx, out: [] };
  if (e.status === 500) return onCallFailed(ctx, c, 'the Discount service answered 500', e.t);
  const out: Emitted[] = [{ type: 'cancel', key: callTimerKey(ctx.name, c.key) }];
  let reminders = ctx.reminders;
  if (c.job === 'OrderPlaced') {
    out.push({ type: 'out', to: ctx.name, via: Math.max(0, c.order.placedAt + ctx.windowMs - e.t), key: remindKey(ctx.name, c.order.id), event: { type: 'api.remind', order: c.order } });
    reminders = [...reminders.filter((o) => o.id !== c.order.id), c.order];
  }
  return { ctx: { ...ctx, calls: ctx.calls.filter((x) => x !== c), reminders }, out };
}

/** The crash: memory is gone, and the timers with it. */
function onCrash(ctx: ApiContext): Result<ApiContext> {
  const out: Emitted[] = [
    ...ctx.calls.map((c): Emitted => ({ type: 'cancel', key: callTimerKey(ctx.name, c.key) })),
    ...ctx.reminders.map((o): Emitted => ({ type: 'cancel', key: remindKey(ctx.name, o.id) })),
    {
      type: 'trace',
      entry: { kind: 'saga.down', from: ctx.name, lost: { inHand: ctx.waiting.length + ctx.calls.filter((c) => c.phase === 'calling').length, retries: ctx.calls.filter((c) => c.phase === 'backing-off').length, reminders: ctx.reminders.length } },
    },
  ];
  return { ctx: { ...ctx, up: false, waiting: [], calls: [], reminders: [] }, out };
}

/** Pure: which rule an event calls, up or down. */
export function reactApi(ctx: ApiContext, e: ApiEvent): Result<ApiContext> {
  if (!ctx.up) {
    if (e.type === 'api.restart') return { ctx: { ...ctx, up: true }, out: [{ type: 'trace', entry: { kind: 'saga.up', from: ctx.name } }] };
    if (e.type === 'api.order') return { ctx, out: [{ type: 'trace', entry: { kind: 'saga.refused', to: ctx.name, order: e.order } }] };
    return { ctx, out: [] };
  }
  switch (e.type) {
    case 'api.order':
      return onOrder(ctx, e.order, e.replyTo);
    case 'broker.confirm': {
      const w = ctx.waiting.find((x) => x.order.id === e.ref);
      if (!w) return { ctx, out: [] };
      return { ctx: { ...ctx, waiting: ctx.waiting.filter((x) => x !== w) }, out: [accepted(ctx, w.order, w.replyTo)] };
    }
    case 'discount.answer':
      return onAnswer(ctx, e);
    case 'api.call-timeout': {
      const c = current(ctx, e.callKey, e.attempt);
      if (!c) return { ctx, out: [] };
      const r = onCallFailed(ctx, c, 'no answer in time', e.t);
      return { ctx: r.ctx, out: [{ type: 'trace', entry: { kind: 'saga.call-timeout', from: ctx.name, order: c.order, job: c.job, attempt: c.attempt } }, ...r.out] };
    }
    case 'api.retry': {
      const c = ctx.calls.find((x) => x.key === e.callKey && x.phase === 'backing-off');
      if (!c) return { ctx, out: [] };
      const next: Call = { ...c, attempt: c.attempt + 1, phase: 'calling' };
      return { ctx: { ...ctx, calls: ctx.calls.map((x) => (x === c ? next : x)) }, out: send(ctx, next) };
    }
    case 'api.remind': {
      const r = startCall({ ...ctx, reminders: ctx.reminders.filter((o) => o.id !== e.order.id) }, 'TakeOff', e.order);
      return { ctx: r.ctx, out: [{ type: 'trace', entry: { kind: 'saga.remind', from: ctx.name, order: e.order } }, ...r.out] };
    }
    case 'api.crash':
      return onCrash(ctx);
    default:
      return { ctx, out: [] };
  }
}
