/**
 * Pure rules of the Discount host: the process that runs the discount's handlers (a plain
 * handler, or the DiscountPolicy saga). A job comes from the broker (a delivery it must ack or
 * nack) or, in the in-process design, from an HTTP call (it answers 200 or 500). Each job reads
 * the account's row with its version, decides (handler.ts), and commits with that version; on a
 * conflict or a transient failure the job fails, and whoever sent it tries again: the broker by
 * its retry policy, the in-process caller from memory. On success a broker job first asks the
 * broker for the message from the future, then acks. A crash loses every job in hand; nothing of
 * the saga lives in memory, so nothing else is lost. Nothing is mutated.
 */
import { decide, type DiscountRule } from './handler.ts';
import type { Emitted, Result } from './ports.ts';
import { payloadOf, seqOf, type AccountRow, type BrokerMessage, type HostStyle, type JobKind, type Ms, type Order, type Party } from './types.ts';

/** Where a job came from, and so whom it answers. */
export type JobSource = { via: 'broker'; id: string; tag: string } | { via: 'http'; callKey: string; attempt: number; replyTo: Party };

export interface Job {
  key: string;
  source: JobSource;
  job: JobKind;
  order: Order;
  phase: 'reading' | 'committing';
  startedAt: Ms;
  /** While committing an OrderPlaced: when the message from the future is due. */
  timeoutAt?: Ms;
}

export interface HostContext {
  name: Party;
  style: HostStyle;
  store: Party;
  broker?: Party;
  concurrency: number;
  rule: DiscountRule;
  up: boolean;
  /** The connection to the broker: a new one after each restart (deliveries of an old one are void). */
  epoch: number;
  /** Handlings still to fail (a fault). */
  failNext: number;
  /** Jobs started so far (their keys). */
  seq: number;
  jobs: Job[];
}

export type HostEvent =
  | { type: 'boot'; t: Ms }
  | { type: 'host.deliver'; t: Ms; message: BrokerMessage; tag: string; epoch: number }
  | { type: 'discount.call'; t: Ms; callKey: string; attempt: number; job: JobKind; order: Order; replyTo: Party }
  | { type: 'store.row'; t: Ms; jobKey: string; row: AccountRow }
  | { type: 'store.result'; t: Ms; jobKey: string; ok: boolean; version: number }
  | { type: 'host.crash'; t: Ms }
  | { type: 'host.restart'; t: Ms }
  | { type: 'host.fail'; t: Ms; count: number };

export interface HostInput {
  name: Party;
  style: HostStyle;
  store: Party;
  broker?: Party;
  concurrency: number;
  rule: DiscountRule;
}

export const initHost = (i: HostInput): HostContext => ({
  name: i.name,
  style: i.style,
  store: i.store,
  ...(i.broker === undefined ? {} : { broker: i.broker }),
  concurrency: i.concurrency,
  rule: i.rule,
  up: true,
  epoch: 1,
  failNext: 0,
  seq: 0,
  jobs: [],
});

/** Tell the broker this host consumes its endpoint, on a new connection. */
const subscribe = (ctx: HostContext): Emitted[] =>
  ctx.broker === undefined ? [] : [{ type: 'out', to: ctx.broker, via: 'net', event: { type: 'broker.subscribe', consumer: ctx.name, capacity: ctx.concurrency, epoch: ctx.epoch } }];

/** Start a job: read the account's row. */
function start(ctx: HostContext, source: JobSource, job: JobKind, order: Order, now: Ms): Result<HostContext> {
  const key = `${ctx.name}/j${ctx.seq + 1}`;
  const j: Job = { key, source, job, order, phase: 'reading', startedAt: now };
  const out: Emitted[] = [
    {
      type: 'out',
      to: ctx.store,
      via: 'net',
      event: { type: 'store.read', jobKey: key, replyTo: ctx.name, order, job },
      trace: { kind: 'saga.read', from: ctx.name, to: ctx.store, order, job, style: ctx.style },
    },
  ];
  return { ctx: { ...ctx, seq: ctx.seq + 1, jobs: [...ctx.jobs, j] }, out };
}

const without = (ctx: HostContext, j: Job): HostContext => ({ ...ctx, jobs: ctx.jobs.filter((x) => x !== j) });

/** The job is done: a broker job asks for its timeout (OrderPlaced) and acks; an HTTP job answers 200. */
function finish(ctx: HostContext, j: Job, timeoutAt: Ms | undefined): Emitted[] {
  const s = j.source;
  if (s.via === 'http') {
    return [{ type: 'out', to: s.replyTo, via: 'net', event: { type: 'discount.answer', callKey: s.callKey, attempt: s.attempt, status: 200 }, trace: { kind: 'saga.answer', from: ctx.name, to: s.replyTo, order: j.order, job: j.job, status: 200 } }];
  }
  const broker = ctx.broker!;
  const out: Emitted[] = [];
  if (timeoutAt !== undefined) {
    out.push({
      type: 'out',
      to: broker,
      via: 'net',
      event: { type: 'broker.publish', message: { kind: 'TakeOff', order: j.order, dest: ctx.name, dueAt: timeoutAt } },
      trace: { kind: 'saga.publish', from: ctx.name, to: broker, order: j.order, job: 'TakeOff', dueAt: timeoutAt, style: ctx.style, payload: payloadOf('TakeOff', j.order) },
    });
  }
  out.push({ type: 'out', to: broker, via: 'net', event: { type: 'broker.ack', id: s.id, tag: s.tag }, trace: { kind: 'saga.ack', msg: seqOf(s.id), from: ctx.name, to: broker, id: s.id, order: j.order, job: j.job } });
  return out;
}

/** The job failed (a conflict, a transient failure): nack it to the broker, or answer 500. */
function fail(ctx: HostContext, j: Job, why: string): Emitted[] {
  const s = j.source;
  if (s.via === 'http') {
    return [{ type: 'out', to: s.replyTo, via: 'net', event: { type: 'discount.answer', callKey: s.callKey, attempt: s.attempt, status: 500 }, trace: { kind: 'saga.answer', from: ctx.name, to: s.replyTo, order: j.order, job: j.job, status: 500, why } }];
  }
  return [{ type: 'out', to: ctx.broker!, via: 'net', event: { type: 'broker.nack', id: s.id, tag: s.tag, why }, trace: { kind: 'saga.nack', from: ctx.name, to: ctx.broker!, id: s.id, order: j.order, job: j.job, why } }];
}

/** The row is read: fail (a planned transient failure), decide, and commit what changed; nothing changed: done at once. */
function onRow(ctx: HostContext, jobKey: string, row: AccountRow): Result<HostContext> {
  const j = ctx.jobs.find((x) => x.key === jobKey && x.phase === 'reading');
  if (!j) return { ctx, out: [] };
  if (ctx.failNext > 0) {
    const out: Emitted[] = [{ type: 'trace', entry: { kind: 'saga.handler-fail', from: ctx.name, order: j.order, job: j.job, why: 'a transient failure' } }, ...fail(ctx, j, 'a transient failure')];
    return { ctx: { ...without(ctx, j), failNext: ctx.failNext - 1 }, out };
  }
  const d = decide(ctx.rule, j.job, row, j.order);
  if (!d.row) return { ctx: without(ctx, j), out: finish(ctx, j, d.timeoutAt) };
  const out: Emitted[] = [
    {
      type: 'out',
      to: ctx.store,
      via: 'net',
      event: { type: 'store.commit', jobKey, replyTo: ctx.name, order: j.order, job: j.job, expect: row.version, row: d.row, ...(d.discount === undefined ? {} : { discount: d.discount }) },
      trace: { kind: 'saga.commit', from: ctx.name, to: ctx.store, order: j.order, job: j.job, version: row.version, row: d.row, ...(d.discount === undefined ? {} : { discount: d.discount }) },
    },
  ];
  // The timeout to ask for rides on the job until the commit's answer.
  const next: Job = { ...j, phase: 'committing', ...(d.timeoutAt === undefined ? {} : { timeoutAt: d.timeoutAt }) };
  return { ctx: { ...ctx, jobs: ctx.jobs.map((x) => (x === j ? next : x)) }, out };
}

/** The commit's answer: done, or a conflict that fails the job. */
function onResult(ctx: HostContext, jobKey: string, ok: boolean): Result<HostContext> {
  const j = ctx.jobs.find((x) => x.key === jobKey && x.phase === 'committing');
  if (!j) return { ctx, out: [] };
  return { ctx: without(ctx, j), out: ok ? finish(ctx, j, j.timeoutAt) : fail(ctx, j, 'a concurrency conflict') };
}

/** A crash: every job in hand is gone; the store and the broker keep the rest. */
function onCrash(ctx: HostContext): Result<HostContext> {
  return { ctx: { ...ctx, up: false, jobs: [] }, out: [{ type: 'trace', entry: { kind: 'saga.down', from: ctx.name, style: ctx.style, lost: { inHand: ctx.jobs.length, retries: 0, reminders: 0 } } }] };
}

/** Pure: which rule an event calls, up or down. */
export function reactHost(ctx: HostContext, e: HostEvent): Result<HostContext> {
  if (e.type === 'boot') return { ctx, out: subscribe(ctx) };
  if (e.type === 'host.fail') return { ctx: { ...ctx, failNext: ctx.failNext + e.count }, out: [{ type: 'trace', entry: { kind: 'saga.fail-next', from: ctx.name, count: e.count } }] };
  if (!ctx.up) {
    if (e.type === 'host.restart') {
      const next = { ...ctx, up: true, epoch: ctx.epoch + 1 };
      return { ctx: next, out: [{ type: 'trace', entry: { kind: 'saga.up', from: ctx.name, style: ctx.style } }, ...subscribe(next)] };
    }
    if (e.type === 'host.deliver') return { ctx, out: [{ type: 'trace', entry: { kind: 'saga.dropped', to: ctx.name, id: e.message.id, order: e.message.order, job: e.message.kind } }] };
    if (e.type === 'discount.call') return { ctx, out: [{ type: 'trace', entry: { kind: 'saga.dropped', to: ctx.name, order: e.order, job: e.job } }] };
    return { ctx, out: [] };
  }
  switch (e.type) {
    case 'host.deliver':
      // A delivery on a connection that died with an earlier crash is void: the broker has put it back.
      if (e.epoch !== ctx.epoch) return { ctx, out: [] };
      return start(ctx, { via: 'broker', id: e.message.id, tag: e.tag }, e.message.kind, e.message.order, e.t);
    case 'discount.call':
      return start(ctx, { via: 'http', callKey: e.callKey, attempt: e.attempt, replyTo: e.replyTo }, e.job, e.order, e.t);
    case 'store.row':
      return onRow(ctx, e.jobKey, e.row);
    case 'store.result':
      return onResult(ctx, e.jobKey, e.ok);
    case 'host.crash':
      return onCrash(ctx);
    default:
      return { ctx, out: [] };
  }
}
