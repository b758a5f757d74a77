/**
 * Pure rules of an Order API instance (kind shop.order-api). It takes an order from the load
 * balancer, reads the account's row from the Orders DB, prices the order by the rule, commits it
 * and answers 200 with the price charged. The design decides what it reads and how it commits
 * (types.ts, OrderApiDesigns); in 'running-total' it then asks the Discount service to add the
 * order to the running total, and when that fails it waits (1 s, 2 s, 4 s) and tries again: each
 * wait is a timer in this instance's memory, which a crash cancels for good. While it is down,
 * orders that arrive are dropped and late answers from the DB or the Discount service find
 * nobody, until a restart brings it back with nothing in memory. Every function takes the context
 * and returns a new one plus what to emit: nothing is mutated; `reactOrderApi` says which rule
 * each event calls.
 */
import type { Emitted, Timed } from '../../kernel/ports.ts';
import type { RuleResult } from '../../kernel/rules.ts';
import { commitWrites, readRow, type DbResultEvent, type RowsEvent } from '../db/client.ts';
import type { DbWrite, ReadVersion } from '../db/types.ts';
import type { RequestEvent } from '../http/caller.ts';
import type { DiscountRule, Ms, OrderApiDesign, OrderPayload, Party, ShopTraceEvent, Status } from './types.ts';

export type ShopEmitted = Emitted<ShopTraceEvent>;
export type ShopResult<C> = RuleResult<C, ShopEmitted>;

/** The default waits before each in-process retry of the Discount call: 1 s, 2 s, 4 s. */
export const DEFAULT_RETRY_DELAYS_MS: readonly Ms[] = [1_000, 2_000, 4_000];

/**
 * The discount an order gets, given the total the instance read before it.
 * @example discountOf({ threshold: 500, percent: 10 }, 550, 100) // 10
 * @example discountOf({ threshold: 500, percent: 10 }, 450, 100) // 0
 */
export const discountOf = (rule: DiscountRule, total: number, amount: number): number => (total >= rule.threshold ? (amount * rule.percent) / 100 : 0);

/** An order in the instance's hands. */
export interface OrderJob {
  req: string;
  msg: number;
  caller: Party;
  payload: OrderPayload;
  replyTo: Party;
  /** Transaction attempt: 1, then one more after each concurrency error. */
  attempt: number;
  phase: 'working' | 'reading' | 'committing';
  /** Once read: the version, and the price decided. */
  read?: ReadVersion;
  discount?: number;
}

/** A Discount update the instance still owes (running-total): sent, or waiting to be retried. */
export interface PendingUpdate {
  id: string;
  account: string;
  amount: number;
  attempt: number;
  phase: 'sent' | 'waiting';
}

export interface OrderApiContext {
  name: Party;
  design: OrderApiDesign;
  rule: DiscountRule;
  db: Party;
  discount: Party;
  processMs: Ms;
  retryDelaysMs: readonly Ms[];
  conflictRetries: number;
  onCommitted?: { to: Party };
  /** Which total the rule is applied to. */
  reads: 'window' | 'running';
  /** Whether the order's commit adds it to the running total, checked against the version read. */
  writesTotal: boolean;
  jobs: OrderJob[];
  pending: PendingUpdate[];
  /** Replies still to lose (a fault). */
  loseReplies: number;
  /** False from a crash to the restart: nothing answers. */
  up: boolean;
}

/** The key of the timer that ends the work on an order, and of the one that retries an update. */
export const workKey = (api: Party, req: string): string => `shop.work|${api}|${req}`;
export const retryKey = (api: Party, id: string): string => `shop.retry|${api}|${id}`;

/** The transaction id of one attempt at an order. */
export const txOf = (api: Party, j: Pick<OrderJob, 'req' | 'attempt'>): string => `${j.req}@${api}#${j.attempt}`;

/** Which total a design applies the rule to, unless its config says: the 7-day sum or the running total the DB keeps. */
export const defaultReads = (d: OrderApiDesign): 'window' | 'running' => (d === 'read-then-write' ? 'window' : 'running');

/** Whether a design's order commit also adds to the running total, checked against the version read, unless its config says. */
export const defaultWritesTotal = (d: OrderApiDesign): boolean => d !== 'read-then-write' && d !== 'running-total';

const replace = <T>(xs: readonly T[], x: T, y: T): T[] => xs.map((z) => (z === x ? y : z));

/** Read the account's row for job `j`. */
const readFor = (ctx: OrderApiContext, j: OrderJob): ShopEmitted => readRow(ctx.name, ctx.db, txOf(ctx.name, j), j.payload.user) as ShopEmitted;

/**
 * An order arrived from the balancer: start on it (after `processMs` of work, if any).
 * @example onOrder(api, request, 100).out[1].trace.kind // 'db.read'
 */
export function onOrder(ctx: OrderApiContext, r: Omit<RequestEvent, 'type'>): ShopResult<OrderApiContext> {
  const payload = r.payload as OrderPayload;
  const job: OrderJob = { req: r.req, msg: r.msg, caller: r.caller, payload, replyTo: r.replyTo, attempt: 1, phase: ctx.processMs > 0 ? 'working' : 'reading' };
  const out: ShopEmitted[] = [{ type: 'trace', entry: { kind: 'shop.take', from: ctx.name, req: r.req, caller: r.caller, payload, design: ctx.design } }];
  if (ctx.processMs > 0) out.push({ type: 'out', to: ctx.name, via: ctx.processMs, key: workKey(ctx.name, r.req), event: { type: 'api.work-done', req: r.req } });
  else out.push(readFor(ctx, job));
  return { ctx: { ...ctx, jobs: [...ctx.jobs, job] }, out };
}

/** The work on an order is done: read the account's row. */
export function onWorkDone(ctx: OrderApiContext, req: string): ShopResult<OrderApiContext> {
  const j = ctx.jobs.find((x) => x.req === req && x.phase === 'working');
  if (!j) return { ctx, out: [] };
  const next = { ...j, phase: 'reading' as const };
  return { ctx: { ...ctx, jobs: replace(ctx.jobs, j, next) }, out: [readFor(ctx, next)] };
}

/** The job a DB answer is for (its current attempt's transaction). */
const jobOfTx = (ctx: OrderApiContext, tx: string): OrderJob | undefined => ctx.jobs.find((j) => txOf(ctx.name, j) === tx);

/**
 * The row came back: price the order by the rule on the total this design reads, and commit it.
 * @example onRows(api, { tx, account: 'Alice', version: 1, windowTotal: 450 }).out[0].entry.discount // 0
 */
export function onRows(ctx: OrderApiContext, r: Omit<RowsEvent, 'type'>): ShopResult<OrderApiContext> {
  const j = jobOfTx(ctx, r.tx);
  if (!j || j.phase !== 'reading') return { ctx, out: [] };
  const running = ctx.reads === 'running' && r.total !== undefined;
  const base = running ? r.total! : r.windowTotal;
  const amount = j.payload.amount;
  const discount = discountOf(ctx.rule, base, amount);
  const charged = amount - discount;
  const read: ReadVersion = { account: r.account, version: r.version };
  const order = { account: r.account, buyer: j.caller, amount, discount, charged, by: ctx.name, ...(j.payload.key === undefined ? {} : { key: j.payload.key }) };
  const writes: DbWrite[] = [{ op: 'insert-order', order }];
  if (ctx.writesTotal) writes.push({ op: 'add-to-total', account: r.account, amount });
  const reads = ctx.writesTotal ? [read] : [];
  const next: OrderJob = { ...j, phase: 'committing', read, discount };
  const out: ShopEmitted[] = [
    { type: 'trace', entry: { kind: 'shop.decide', from: ctx.name, req: j.req, caller: j.caller, payload: j.payload, base, basis: running ? 'running' : 'window', threshold: ctx.rule.threshold, discount, charged, account: r.account } },
    commitWrites(ctx.name, ctx.db, txOf(ctx.name, j), reads, writes) as ShopEmitted,
  ];
  return { ctx: { ...ctx, jobs: replace(ctx.jobs, j, next) }, out };
}

/** The answer to the balancer (lost on the way while the fault lasts). */
function reply(ctx: OrderApiContext, j: OrderJob, status: Status, charged: number | undefined, deduped = false): { out: ShopEmitted; loseReplies: number } {
  const cut = ctx.loseReplies > 0;
  const price = charged === undefined ? {} : { balance: charged };
  return {
    loseReplies: cut ? ctx.loseReplies - 1 : ctx.loseReplies,
    out: {
      type: 'out',
      to: j.replyTo,
      via: 'net',
      conn: `${j.req}<${ctx.name}`,
      ...(cut ? { lost: true } : {}),
      event: { type: 'http.response', req: j.req, msg: j.msg, caller: j.caller, payload: j.payload, status, ...price },
      trace: {
        kind: 'shop.reply',
        from: ctx.name,
        to: j.replyTo,
        req: j.req,
        msg: j.msg,
        caller: j.caller,
        payload: j.payload,
        status,
        ...(charged === undefined ? {} : { charged }),
        ...(deduped ? { deduped } : {}),
        ...(cut ? { cut } : {}),
      },
    },
  };
}

/** Ask the Discount service to add an order to the running total (attempt n). */
const callDiscount = (ctx: OrderApiContext, u: PendingUpdate): ShopEmitted => ({
  type: 'out',
  to: ctx.discount,
  via: 'net',
  conn: `${u.id}#${u.attempt}>${ctx.discount}`,
  event: { type: 'discount.add', id: u.id, from: ctx.name, account: u.account, amount: u.amount, attempt: u.attempt },
  trace: { kind: 'shop.call-discount', from: ctx.name, to: ctx.discount, id: u.id, account: u.account, amount: u.amount, attempt: u.attempt },
});

/**
 * The DB answered a commit: reply; on a concurrency error read again (up to conflictRetries),
 * then 500; on a failure 500. After a commit, the design's follow-up: the Discount call, the
 * onCommitted message.
 */
export function onDbResult(ctx: OrderApiContext, r: Omit<DbResultEvent, 'type'>): ShopResult<OrderApiContext> {
  const j = jobOfTx(ctx, r.tx);
  if (!j || j.phase !== 'committing') return { ctx, out: [] };
  const rest = ctx.jobs.filter((x) => x !== j);
  if (r.outcome === 'conflict' && j.attempt <= ctx.conflictRetries) {
    const next: OrderJob = { ...j, attempt: j.attempt + 1, phase: 'reading' };
    return {
      ctx: { ...ctx, jobs: replace(ctx.jobs, j, next) },
      out: [{ type: 'trace', entry: { kind: 'shop.retry-tx', from: ctx.name, req: j.req, caller: j.caller, payload: j.payload, attempt: next.attempt } }, readFor(ctx, next)],
    };
  }
  if (r.outcome === 'conflict' || r.outcome === 'failed') {
    const a = reply(ctx, j, 500, undefined);
    return { ctx: { ...ctx, jobs: rest, loseReplies: a.loseReplies }, out: [a.out] };
  }
  const deduped = r.outcome === 'duplicate';
  const charged = r.order?.charged ?? j.payload.amount - (j.discount ?? 0);
  const a = reply(ctx, j, 200, charged, deduped);
  const out: ShopEmitted[] = [a.out];
  let pending = ctx.pending;
  if (!deduped && ctx.design === 'running-total') {
    const u: PendingUpdate = { id: j.req, account: r.account, amount: j.payload.amount, attempt: 1, phase: 'sent' };
    pending = [...pending, u];
    out.push(callDiscount(ctx, u));
  }
  if (!deduped && ctx.onCommitted && r.order) {
    out.push({
      type: 'out',
      to: ctx.onCommitted.to,
      via: 'net',
      event: { type: 'shop.order-committed', req: j.req, by: ctx.name, order: r.order, design: ctx.design },
      trace: { kind: 'shop.notify', from: ctx.name, to: ctx.onCommitted.to, req: j.req, account: r.account, amount: j.payload.amount, charged },
    });
  }
  return { ctx: { ...ctx, jobs: rest, pending, loseReplies: a.loseReplies }, out };
}

/**
 * The Discount service answered: done, or (failed) wait the next delay in memory and try again,
 * or give up when the delays are used up.
 * @example onDiscountAnswer(api, { id: 'Ann#1', ok: false }, 0).out[0].entry // { kind: 'shop.retry-wait', waitMs: 1000, … }
 */
export function onDiscountAnswer(ctx: OrderApiContext, a: { id: string; ok: boolean }, now: Ms): ShopResult<OrderApiContext> {
  const u = ctx.pending.find((x) => x.id === a.id && x.phase === 'sent');
  if (!u) return { ctx, out: [] };
  const base = { from: ctx.name, id: u.id, account: u.account, amount: u.amount, attempt: u.attempt };
  if (a.ok) return { ctx: { ...ctx, pending: ctx.pending.filter((x) => x !== u) }, out: [{ type: 'trace', entry: { kind: 'shop.discount-ok', ...base } }] };
  const waitMs = ctx.retryDelaysMs[u.attempt - 1];
  if (waitMs === undefined) return { ctx: { ...ctx, pending: ctx.pending.filter((x) => x !== u) }, out: [{ type: 'trace', entry: { kind: 'shop.gave-up', ...base } }] };
  return {
    ctx: { ...ctx, pending: replace(ctx.pending, u, { ...u, phase: 'waiting' }) },
    out: [
      { type: 'trace', entry: { kind: 'shop.retry-wait', ...base, waitMs, ends: now + waitMs } },
      { type: 'out', to: ctx.name, via: waitMs, key: retryKey(ctx.name, u.id), event: { type: 'api.retry', id: u.id } },
    ],
  };
}

/** A retry's wait is over: call the Discount service again. */
export function onRetry(ctx: OrderApiContext, id: string): ShopResult<OrderApiContext> {
  const u = ctx.pending.find((x) => x.id === id && x.phase === 'waiting');
  if (!u) return { ctx, out: [] };
  const next: PendingUpdate = { ...u, attempt: u.attempt + 1, phase: 'sent' };
  return { ctx: { ...ctx, pending: replace(ctx.pending, u, next) }, out: [callDiscount(ctx, next)] };
}

/** The instance crashes: the orders in hand and every retry waiting in memory are gone, their timers with them. */
export function onCrash(ctx: OrderApiContext): ShopResult<OrderApiContext> {
  const out: ShopEmitted[] = [
    ...ctx.jobs.filter((j) => j.phase === 'working').map((j): ShopEmitted => ({ type: 'cancel', key: workKey(ctx.name, j.req) })),
    ...ctx.pending.filter((u) => u.phase === 'waiting').map((u): ShopEmitted => ({ type: 'cancel', key: retryKey(ctx.name, u.id) })),
  ];
  out.push({
    type: 'trace',
    entry: { kind: 'shop.down', from: ctx.name, lostReqs: ctx.jobs.map((j) => j.req), lostUpdates: ctx.pending.map(({ id, account, amount, attempt }) => ({ id, account, amount, attempt })) },
  });
  return { ctx: { ...ctx, jobs: [], pending: [], up: false }, out };
}

/** The instance is back, with nothing in memory. */
export const onRestart = (ctx: OrderApiContext): ShopResult<OrderApiContext> => ({ ctx: { ...ctx, up: true }, out: [{ type: 'trace', entry: { kind: 'shop.up', from: ctx.name, design: ctx.design } }] });

/** An order reached the instance while it is down: nobody answers. */
export const onOrderWhileDown = (ctx: OrderApiContext, r: Omit<RequestEvent, 'type'>): ShopResult<OrderApiContext> => ({
  ctx,
  out: [{ type: 'trace', entry: { kind: 'shop.dropped', to: ctx.name, req: r.req, caller: r.caller, payload: r.payload as OrderPayload } }],
});

/** A fault: its next `count` replies are lost on the way back. */
export function onLoseReplies(ctx: OrderApiContext, count: number): ShopResult<OrderApiContext> {
  const loseReplies = ctx.loseReplies + count;
  return { ctx: { ...ctx, loseReplies }, out: [{ type: 'trace', entry: { kind: 'shop.lose-armed', from: ctx.name, count: loseReplies } }] };
}

/** What an instance is made from: its context but what it holds in memory. */
export type OrderApiInput = Omit<OrderApiContext, 'jobs' | 'pending' | 'loseReplies' | 'up'>;

export type OrderApiEvent =
  | (Timed & { type: 'boot' })
  | (Timed & RequestEvent)
  | (Timed & { type: 'api.work-done'; req: string })
  | (Timed & RowsEvent)
  | (Timed & DbResultEvent)
  | (Timed & { type: 'discount.answer'; id: string; ok: boolean })
  | (Timed & { type: 'api.retry'; id: string })
  | (Timed & { type: 'api.crash' })
  | (Timed & { type: 'api.restart' })
  | (Timed & { type: 'api.lose-replies'; count: number });

/**
 * An instance at the start: up, with nothing in memory.
 * @example initOrderApi(input).jobs // []
 */
export const initOrderApi = (input: OrderApiInput): OrderApiContext => ({ ...input, jobs: [], pending: [], loseReplies: 0, up: true });

/** It says it is ready, with its design and rule, the moment it starts. */
const onBoot = (ctx: OrderApiContext): ShopResult<OrderApiContext> => ({ ctx, out: [{ type: 'trace', entry: { kind: 'shop.api-ready', from: ctx.name, design: ctx.design, rule: ctx.rule } }] });

/** Up: every rule but a restart (it is running already). */
function reactUp(ctx: OrderApiContext, e: OrderApiEvent): ShopResult<OrderApiContext> {
  switch (e.type) {
    case 'http.request':
      return onOrder(ctx, e);
    case 'api.work-done':
      return onWorkDone(ctx, e.req);
    case 'db.rows':
      return onRows(ctx, e);
    case 'db.result':
      return onDbResult(ctx, e);
    case 'discount.answer':
      return onDiscountAnswer(ctx, e, e.t);
    case 'api.retry':
      return onRetry(ctx, e.id);
    case 'api.crash':
      return onCrash(ctx);
    default:
      return { ctx, out: [] };
  }
}

/** Down: an order is dropped, a restart brings it back; late answers find nobody. */
function reactDown(ctx: OrderApiContext, e: OrderApiEvent): ShopResult<OrderApiContext> {
  switch (e.type) {
    case 'http.request':
      return onOrderWhileDown(ctx, e);
    case 'api.restart':
      return onRestart(ctx);
    default:
      return { ctx, out: [] };
  }
}

/**
 * Which rule an event calls, up or down; any other event changes nothing. The network loses
 * replies whether the instance is up or down.
 * @example reactOrderApi({ ...api, up: false }, { type: 'api.retry', id: 'Ann#1', t: 0 }).out // []
 */
export function reactOrderApi(ctx: OrderApiContext, e: OrderApiEvent): ShopResult<OrderApiContext> {
  if (e.type === 'boot') return onBoot(ctx);
  if (e.type === 'api.lose-replies') return onLoseReplies(ctx, e.count);
  return ctx.up ? reactUp(ctx, e) : reactDown(ctx, e);
}
