/**
 * The batch family's actors as pure rules `(ctx, event) → { ctx, out }`, nothing mutated: the
 * orders store, the status table, the Order API and the nightly job. Each names what it sends and
 * what it traces; world.ts makes each kind from its rules (`rulesKind`), so any host that runs
 * them behaves the same. The job's lifecycle (idle, reading, running) is its context's `running`
 * run, not a machine's state: a tick while it runs is skipped by the rules.
 *
 * - The Order API prices an order from the status table alone: it never looks at the orders.
 * - The orders store keeps every order, says what the rule gives at each order's instant, and
 *   traces a stale read when the price the API gave disagrees; it marks the instant an order leaves the window (7 days after it was placed).
 * - The job wakes on its schedule (a background timer: it never keeps the world from being quiet),
 *   reads every order, works through every account for `msPerAccount` each, and only then writes
 *   the statuses it computed as of its read. A run still going when the next is due skips that one.
 */
import type { Emitted } from '../../kernel/ports.ts';
import type { RuleResult } from '../../kernel/rules.ts';
import { accountsOf, discountFromStatus, ruleDiscount, runTimeMs, statusesAt, windowTotal } from './rule.ts';
import type { BatchTraceEvent, DiscountRule, Ms, Order, Party, StatusTable } from './types.ts';

export type Out = Emitted<BatchTraceEvent>;
type Result<C> = RuleResult<C, Out>;
type Ev = { type: string; t: Ms; [k: string]: unknown };

const same = <C>(ctx: C): Result<C> => ({ ctx, out: [] });
/** How a hop's token looks: an order's way, or the job's. */
const ORDER_PILL = { kind: 'deposit' } as const;
const JOB_PILL = { kind: 'tweet' } as const;

const trace = (entry: Omit<BatchTraceEvent, 't' | 'arrives'>): Out => ({ type: 'trace', entry });

/** The orders store's state. */
export interface OrdersContext {
  name: Party;
  rule: DiscountRule;
  orders: Order[];
}

/** A timer that tells the store when an order leaves the window (a background one). */
const expiry = (ctx: OrdersContext, o: Order, now: Ms): Out[] => {
  const due = o.at + ctx.rule.windowMs - now;
  return due > 0 ? [{ type: 'out', to: ctx.name, via: due, background: true, event: { type: 'orders.expire', id: o.id } }] : [];
};

/**
 * The orders store.
 * @example reactOrders({ name: 'orders', rule, orders: [] }, { type: 'orders.boot', t: 0 }).out[0] // the 'batch-open' trace
 */
export function reactOrders(ctx: OrdersContext, e: Ev): Result<OrdersContext> {
  switch (e.type) {
    case 'orders.boot':
      return { ctx, out: [trace({ kind: 'batch-open', from: ctx.name, orders: ctx.orders, windowMs: ctx.rule.windowMs }), ...ctx.orders.flatMap((o) => expiry(ctx, o, e.t))] };
    case 'orders.insert': {
      const o = e.order as Order;
      const total = windowTotal(ctx.orders, o.account, o.at, ctx.rule.windowMs);
      const fair = ruleDiscount(ctx.rule, total, o.amount);
      const msg = e.msg as number;
      const about = { msg, order: o.id, account: o.account, buyer: o.buyer, amount: o.amount, discount: o.discount, ruleDiscount: fair, total };
      const next = { ...ctx, orders: [...ctx.orders, o] };
      return {
        ctx: next,
        out: [
          trace({ kind: 'batch-stored', from: ctx.name, ...about }),
          ...(fair !== o.discount ? [trace({ kind: 'stale-read', from: e.by as Party, ...about, asOf: e.statusAsOf as Ms })] : []),
          ...expiry(ctx, o, e.t),
        ],
      };
    }
    case 'orders.expire': {
      const o = ctx.orders.find((x) => x.id === e.id);
      if (!o) return same(ctx);
      return { ctx, out: [trace({ kind: 'window-drop', from: ctx.name, order: o.id, account: o.account, buyer: o.buyer, amount: o.amount, total: windowTotal(ctx.orders, o.account, e.t, ctx.rule.windowMs) })] };
    }
    case 'orders.scan': {
      const by = e.by as Party;
      return {
        ctx,
        out: [{ type: 'out', to: by, via: 'net', event: { type: 'orders.rows', orders: ctx.orders, asOf: e.t }, trace: { kind: 'batch-scan-reply', payload: JOB_PILL, from: ctx.name, to: by, run: e.run as number, orders: ctx.orders, asOf: e.t } }],
      };
    }
    default:
      return same(ctx);
  }
}

/** The status table's state. */
export interface StatusContext {
  name: Party;
  rows: StatusTable;
}

/** The status table: answers reads from what the last run wrote, and takes a run's statuses. */
export function reactStatus(ctx: StatusContext, e: Ev): Result<StatusContext> {
  switch (e.type) {
    case 'status.boot':
      return { ctx, out: [trace({ kind: 'batch-open', from: ctx.name, statuses: ctx.rows })] };
    case 'status.read': {
      const account = e.account as string;
      const row = ctx.rows[account];
      const by = e.by as Party;
      const answer = { order: e.order as string, account, status: row?.discount ?? false, ...(row ? { asOf: row.asOf, total: row.total } : {}) };
      return { ctx, out: [{ type: 'out', to: by, via: 'net', event: { type: 'status.answer', ...answer }, trace: { kind: 'batch-status-reply', payload: ORDER_PILL, msg: e.msg as number, from: ctx.name, to: by, ...answer } }] };
    }
    case 'status.write': {
      const statuses = e.statuses as StatusTable;
      const out = Object.entries(statuses).map(([account, s]) => trace({ kind: 'status-updated', from: ctx.name, run: e.run as number, account, status: s.discount, was: ctx.rows[account]?.discount ?? false, total: s.total, asOf: s.asOf }));
      return { ctx: { ...ctx, rows: { ...ctx.rows, ...statuses } }, out };
    }
    default:
      return same(ctx);
  }
}

/** An order the Order API is pricing: sent to the status table, not yet answered. */
interface Pricing {
  msg: number;
  account: string;
  buyer: string;
  amount: number;
  at: Ms;
}

/** The Order API's state. */
export interface ApiContext {
  name: Party;
  rule: DiscountRule;
  status: Party;
  orders: Party;
  count: number;
  pending: Record<string, Pricing>;
}

/** What the Order API starts from: who it asks and where it stores. */
export type ApiInput = Omit<ApiContext, 'count' | 'pending'>;

/**
 * The Order API at its start: no order priced yet.
 * @example initApi({ name: 'api', rule, status: 'status', orders: 'orders' }).count // 0
 */
export const initApi = (input: ApiInput): ApiContext => ({ ...input, count: 0, pending: {} });

/** The Order API: reads the account's status, prices the order from it, stores it. */
export function reactApi(ctx: ApiContext, e: Ev): Result<ApiContext> {
  switch (e.type) {
    case 'api.order': {
      const msg = ctx.count + 1;
      const order = `${ctx.name}#${msg}`;
      const p: Pricing = { msg, account: e.account as string, buyer: e.buyer as string, amount: e.amount as number, at: e.t };
      const about = { msg, order, account: p.account, buyer: p.buyer, amount: p.amount };
      return {
        ctx: { ...ctx, count: msg, pending: { ...ctx.pending, [order]: p } },
        out: [
          trace({ kind: 'batch-order', from: ctx.name, ...about }),
          { type: 'out', to: ctx.status, via: 'net', event: { type: 'status.read', by: ctx.name, order, account: p.account, msg }, trace: { kind: 'batch-status-read', payload: ORDER_PILL, from: ctx.name, to: ctx.status, ...about } },
        ],
      };
    }
    case 'status.answer': {
      const id = e.order as string;
      const p = ctx.pending[id];
      if (!p) return same(ctx);
      const discount = discountFromStatus(ctx.rule, e.status as boolean, p.amount);
      const order: Order = { id, account: p.account, buyer: p.buyer, amount: p.amount, at: p.at, discount };
      const { [id]: _done, ...pending } = ctx.pending;
      const asOf = e.asOf as Ms | undefined;
      return {
        ctx: { ...ctx, pending },
        out: [
          {
            type: 'out',
            to: ctx.orders,
            via: 'net',
            event: { type: 'orders.insert', by: ctx.name, msg: p.msg, order, statusAsOf: asOf },
            trace: { kind: 'batch-insert', payload: ORDER_PILL, msg: p.msg, from: ctx.name, to: ctx.orders, order: id, account: p.account, buyer: p.buyer, amount: p.amount, discount, status: e.status as boolean, ...(asOf === undefined ? {} : { asOf }) },
          },
        ],
      };
    }
    default:
      return same(ctx);
  }
}

/** A run between reading the orders and writing the statuses. */
export interface Run {
  run: number;
  /** When its night started (the tick). */
  tickAt: Ms;
  /** Once it has the orders: what it will write, and when it is done. */
  asOf?: Ms;
  statuses?: StatusTable;
  accounts?: number;
  runMs?: Ms;
}

/** The job's state. */
export interface JobContext {
  name: Party;
  rule: DiscountRule;
  orders: Party;
  status: Party;
  firstRunAt: Ms;
  everyMs: Ms;
  msPerAccount: Ms;
  accounts: number;
  nightMs: Ms;
  runs: number;
  running?: Run | undefined;
}

/** What the job starts from: its schedule, its stores and its size. */
export type JobInput = Omit<JobContext, 'runs' | 'running'>;

/**
 * The job at its start: no run yet.
 * @example initJob({ name: 'job', rule, orders: 'orders', status: 'status', firstRunAt: 0, everyMs: DAY, msPerAccount: 1, accounts: 1, nightMs: 6 * HOUR }).runs // 0
 */
export const initJob = (input: JobInput): JobContext => ({ ...input, runs: 0 });

const tick = (ctx: JobContext, delay: Ms): Out => ({ type: 'out', to: ctx.name, via: Math.max(0, delay), background: true, key: `${ctx.name}:tick`, event: { type: 'job.tick' } });

/** The nightly job. */
export function reactJob(ctx: JobContext, e: Ev): Result<JobContext> {
  switch (e.type) {
    case 'job.boot':
      return {
        ctx,
        out: [
          trace({ kind: 'job-scheduled', from: ctx.name, firstRunAt: ctx.firstRunAt, everyMs: ctx.everyMs, msPerAccount: ctx.msPerAccount, nightMs: ctx.nightMs, accounts: ctx.accounts }),
          tick(ctx, ctx.firstRunAt - e.t),
        ],
      };
    case 'job.tick': {
      const next = tick(ctx, ctx.everyMs);
      // A run still going when the next is due: that night's run is skipped.
      if (ctx.running) return { ctx, out: [next] };
      const run = ctx.runs + 1;
      return {
        ctx: { ...ctx, runs: run, running: { run, tickAt: e.t } },
        out: [next, { type: 'out', to: ctx.orders, via: 'net', event: { type: 'orders.scan', by: ctx.name, run }, trace: { kind: 'batch-scan', payload: JOB_PILL, from: ctx.name, to: ctx.orders, run } }],
      };
    }
    case 'orders.rows': {
      const r = ctx.running;
      if (!r || r.asOf !== undefined) return same(ctx);
      const orders = e.orders as Order[];
      const asOf = e.asOf as Ms;
      const accounts = Math.max(ctx.accounts, accountsOf(orders).length);
      const runMs = runTimeMs(accounts, ctx.msPerAccount);
      const statuses = statusesAt(ctx.rule, orders, asOf);
      return {
        ctx: { ...ctx, running: { ...r, asOf, statuses, accounts, runMs } },
        out: [
          trace({ kind: 'job-start', from: ctx.name, run: r.run, accounts, runMs, ends: e.t + runMs, nightEnds: r.tickAt + ctx.nightMs, asOf }),
          { type: 'out', to: ctx.name, via: runMs, event: { type: 'job.done', run: r.run } },
        ],
      };
    }
    case 'job.done': {
      const r = ctx.running;
      if (!r || r.run !== e.run || r.statuses === undefined) return same(ctx);
      const nightEnds = r.tickAt + ctx.nightMs;
      return {
        // XState merges an assigned context into the old one: the run is cleared by name.
        ctx: { ...ctx, running: undefined },
        out: [
          { type: 'out', to: ctx.status, via: 'net', event: { type: 'status.write', statuses: r.statuses, run: r.run }, trace: { kind: 'batch-status-write', payload: JOB_PILL, from: ctx.name, to: ctx.status, run: r.run, statuses: r.statuses } },
          trace({ kind: 'job-end', from: ctx.name, run: r.run, accounts: r.accounts ?? 0, runMs: r.runMs ?? 0, asOf: r.asOf ?? e.t, nightEnds, overran: e.t > nightEnds }),
        ],
      };
    }
    case 'job.grow':
      return { ctx: { ...ctx, accounts: e.accounts as number }, out: [trace({ kind: 'batch-grown', from: ctx.name, accounts: e.accounts as number })] };
    default:
      return same(ctx);
  }
}
