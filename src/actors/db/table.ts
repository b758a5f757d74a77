/**
 * Pure rules of the Orders DB (kind db.table): reads answer an account's row as it is at that
 * instant (its 7-day total, its running total, its version); a commit applies all of its writes
 * or none: none when a version it read is stale (a concurrency error), when a fault fails it, or
 * when an order with its idempotency key is already stored. Each applied commit bumps the
 * version of every account it writes. It says it is ready with its rows when it starts, and it
 * never goes down: its fault is a transient one (the next commits fail), as a client sees a
 * failover. Every function takes the context and returns a new one plus what to emit: nothing is
 * mutated; `reactTable` says which rule each event calls.
 */
import type { Emitted, Timed } from '../../kernel/ports.ts';
import type { RuleResult } from '../../kernel/rules.ts';
import type { CommitOutcome, DbTraceEvent, DbWrite, Ms, OrderRecord, Party, ReadVersion, RowSnapshot, SeedOrder } from './types.ts';

export type DbEmitted = Emitted<DbTraceEvent>;
export type DbResult<C> = RuleResult<C, DbEmitted>;

/** The window a 7-day total sums over, unless a table's config says otherwise: 7 days in ms. */
export const DEFAULT_WINDOW_MS: Ms = 7 * 24 * 3600_000;

export interface TableContext {
  name: Party;
  /** How far back a window total reaches. */
  windowMs: Ms;
  /** Every order stored, in the order stored. */
  orders: OrderRecord[];
  /** Version per account row: 1 when it opens, +1 for each commit that writes it. */
  versions: Record<string, number>;
  /** Running total per account, where the table keeps them. */
  totals?: Record<string, number>;
  /** Commits still to fail (a fault). */
  failNext: number;
  /** Orders stored so far, to number the next. */
  stored: number;
}

/** A read of one account's row. */
export interface ReadRequest {
  tx: string;
  by: Party;
  account: string;
}

/** A commit: the versions read and the writes to apply if they still hold. */
export interface CommitRequest {
  tx: string;
  by: Party;
  reads: ReadVersion[];
  writes: DbWrite[];
}

/**
 * The sum of an account's order amounts over the window ending at `now`: orders placed after
 * now − WINDOW_MS and no later than now.
 * @example windowTotal([{ account: 'Alice', amount: 450, t: -DAY, … }], 'Alice', 0) // 450
 */
export function windowTotal(orders: readonly Pick<OrderRecord, 'account' | 'amount' | 't'>[], account: string, now: Ms, windowMs: Ms = DEFAULT_WINDOW_MS): number {
  let sum = 0;
  for (const o of orders) if (o.account === account && o.t > now - windowMs && o.t <= now) sum += o.amount;
  return sum;
}

/** The table as it opens: last week's orders, version 1 per account, running totals if kept. */
export function openTable(name: Party, seeds: readonly SeedOrder[], accounts: readonly string[], runningTotals: boolean, windowMs: Ms = DEFAULT_WINDOW_MS): TableContext {
  const orders: OrderRecord[] = seeds.map((s, i) => {
    const discount = s.discount ?? 0;
    return { id: `o${i + 1}`, account: s.account, buyer: s.buyer ?? 'earlier', amount: s.amount, discount, charged: s.amount - discount, t: s.t };
  });
  const names = [...new Set([...accounts, ...seeds.map((s) => s.account)])];
  const versions = Object.fromEntries(names.map((a) => [a, 1]));
  const totals = runningTotals ? Object.fromEntries(names.map((a) => [a, windowTotal(orders, a, 0, windowMs)])) : undefined;
  return { name, windowMs, orders, versions, ...(totals ? { totals } : {}), failNext: 0, stored: orders.length };
}

/** An account's row at `now`. */
export function rowOf(ctx: TableContext, account: string, now: Ms): RowSnapshot {
  const total = ctx.totals?.[account];
  return { account, version: ctx.versions[account] ?? 0, windowTotal: windowTotal(ctx.orders, account, now, ctx.windowMs), ...(total === undefined ? {} : { total }) };
}

/** Every row at `now`, in the order the accounts first appeared. */
export const rowsOf = (ctx: TableContext, now: Ms): RowSnapshot[] => Object.keys(ctx.versions).map((a) => rowOf(ctx, a, now));

/** The answer to a client, over the network on the transaction's own connection. */
const answer = (ctx: TableContext, to: Party, tx: string, event: Record<string, unknown>, trace: Omit<DbTraceEvent, 't' | 'from' | 'to' | 'tx'>): DbEmitted => ({
  type: 'out',
  to,
  via: 'net',
  conn: `${tx}<${ctx.name}`,
  event: { type: event.type as string, tx, ...event },
  trace: { ...trace, tx, from: ctx.name, to },
});

/**
 * A read: answer the account's row as it is now.
 * @example onRead(table, { tx: 't1', by: 'service:A', account: 'Alice' }, 0).out[0].trace.windowTotal // 450
 */
export function onRead(ctx: TableContext, r: ReadRequest, now: Ms): DbResult<TableContext> {
  const row = rowOf(ctx, r.account, now);
  return { ctx, out: [answer(ctx, r.by, r.tx, { type: 'db.rows', ...row }, { kind: 'db.rows', ...row })] };
}

/** The accounts a commit writes. */
const accountsWritten = (writes: readonly DbWrite[]): string[] => [...new Set(writes.map((w) => (w.op === 'insert-order' ? w.order.account : w.account)))];

/**
 * What a commit would do, before anything is applied: failed (a fault), conflict (a version it
 * read is stale), duplicate (an order with its key is stored), or committed.
 */
export function judgeCommit(ctx: TableContext, c: Pick<CommitRequest, 'reads' | 'writes'>): { outcome: CommitOutcome; stale?: ReadVersion; existing?: OrderRecord } {
  if (ctx.failNext > 0) return { outcome: 'failed' };
  const stale = c.reads.find((r) => (ctx.versions[r.account] ?? 0) !== r.version);
  if (stale) return { outcome: 'conflict', stale };
  for (const w of c.writes) {
    if (w.op !== 'insert-order' || w.order.key === undefined) continue;
    const existing = ctx.orders.find((o) => o.key === w.order.key);
    if (existing) return { outcome: 'duplicate', existing };
  }
  return { outcome: 'committed' };
}

/** The context after every write of a commit judged 'committed', and the orders it stored. */
export function applyCommit(ctx: TableContext, c: Pick<CommitRequest, 'writes' | 'by'>, now: Ms): { ctx: TableContext; stored: OrderRecord[] } {
  let orders = ctx.orders;
  let totals = ctx.totals;
  let stored = ctx.stored;
  const added: OrderRecord[] = [];
  for (const w of c.writes) {
    if (w.op === 'insert-order') {
      stored++;
      const o: OrderRecord = { ...w.order, id: `o${stored}`, t: now, by: w.order.by ?? c.by };
      orders = [...orders, o];
      added.push(o);
    } else if (totals) {
      totals = { ...totals, [w.account]: (totals[w.account] ?? 0) + w.amount };
    }
  }
  const versions = { ...ctx.versions };
  for (const a of accountsWritten(c.writes)) versions[a] = (versions[a] ?? 0) + 1;
  return { ctx: { ...ctx, orders, versions, ...(totals ? { totals } : {}), stored }, stored: added };
}

/**
 * A commit: applied in full, or (failed, conflict, duplicate) not at all; the client hears which.
 * @example onCommit(table, { tx: 't1', by: 'service:A', reads: [{ account: 'Alice', version: 1 }], writes }, 0).out[0].trace.kind // 'db.committed'
 */
export function onCommit(ctx: TableContext, c: CommitRequest, now: Ms): DbResult<TableContext> {
  const verdict = judgeCommit(ctx, c);
  const account = accountsWritten(c.writes)[0] ?? c.reads[0]?.account ?? '';
  const base = { account };
  switch (verdict.outcome) {
    case 'failed': {
      const next = { ...ctx, failNext: ctx.failNext - 1 };
      return { ctx: next, out: [answer(ctx, c.by, c.tx, { type: 'db.result', outcome: 'failed', ...base }, { kind: 'db.failed', ...base })] };
    }
    case 'conflict': {
      const s = verdict.stale!;
      const current = ctx.versions[s.account] ?? 0;
      const fields = { account: s.account, version: s.version, current };
      return { ctx, out: [answer(ctx, c.by, c.tx, { type: 'db.result', outcome: 'conflict', ...fields }, { kind: 'db.conflict', ...fields })] };
    }
    case 'duplicate': {
      const order = verdict.existing!;
      const row = rowOf(ctx, order.account, now);
      return { ctx, out: [answer(ctx, c.by, c.tx, { type: 'db.result', outcome: 'duplicate', order, ...row }, { kind: 'db.dedup', order, ...row })] };
    }
    case 'committed': {
      const { ctx: next, stored } = applyCommit(ctx, c, now);
      const row = rowOf(next, account, now);
      const order = stored[0];
      const fields = { ...row, ...(order ? { order } : {}) };
      return { ctx: next, out: [answer(ctx, c.by, c.tx, { type: 'db.result', outcome: 'committed', ...fields }, { kind: 'db.committed', ...fields })] };
    }
  }
}

/** A fault: the next `count` commits fail. */
export function onFailCommits(ctx: TableContext, count: number): DbResult<TableContext> {
  const failNext = ctx.failNext + count;
  return { ctx: { ...ctx, failNext }, out: [{ type: 'trace', entry: { kind: 'db.fail-armed', from: ctx.name, count: failNext } }] };
}

/** What a table is made from. */
export interface TableInput {
  name: Party;
  orders: SeedOrder[];
  accounts: string[];
  runningTotals: boolean;
  windowMs?: Ms;
}

export type TableEvent =
  | (Timed & { type: 'boot' })
  | (Timed & { type: 'db.read' } & ReadRequest)
  | (Timed & { type: 'db.commit' } & CommitRequest)
  | (Timed & { type: 'db.fail-commits'; count: number });

/**
 * The table as its input opens it.
 * @example initTable({ name: 'db', orders: [], accounts: ['Alice'], runningTotals: false }).versions // { Alice: 1 }
 */
export const initTable = (input: TableInput): TableContext => openTable(input.name, input.orders, input.accounts, input.runningTotals, input.windowMs);

/** It says it is open, with its orders and its rows as they stand at time 0, the moment it starts. */
const onOpen = (ctx: TableContext): DbResult<TableContext> => ({
  ctx,
  out: [{ type: 'trace', entry: { kind: 'db.ready', from: ctx.name, orders: ctx.orders, rows: rowsOf(ctx, 0), runningTotals: ctx.totals !== undefined, windowMs: ctx.windowMs } }],
});

/**
 * Which rule an event calls; any other event changes nothing.
 * @example reactTable(table, { type: 'db.fail-commits', count: 1, t: 0 }).ctx.failNext // 1
 */
export function reactTable(ctx: TableContext, e: TableEvent): DbResult<TableContext> {
  switch (e.type) {
    case 'boot':
      return onOpen(ctx);
    case 'db.read':
      return onRead(ctx, e, e.t);
    case 'db.commit':
      return onCommit(ctx, e, e.t);
    case 'db.fail-commits':
      return onFailCommits(ctx, e.count);
    default:
      return { ctx, out: [] };
  }
}
