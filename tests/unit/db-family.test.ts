/**
 * The db family (src/actors/db): the Orders DB's pure rules as tables that leave their inputs
 * untouched (the sliding 7-day window, reads, commits with optimistic concurrency, dedup by
 * idempotency key, transient failures), the table in a small kernel world, and a property over
 * random interleavings (fast-check, seeded): any interleaving of N read-add-commit transactions
 * that retry on a concurrency error ends with the total a sequential run gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { views } from '../../src/actors/index.ts';
import { createKernelWorld } from '../../src/actors/xstate.ts';
import { commitWrites, readRow } from '../../src/actors/db/client.ts';
import { judgeCommit, onCommit, onFailCommits, onRead, openTable, windowTotal, type TableContext } from '../../src/actors/db/table.ts';
import type { DbTraceEvent, DbWrite, NewOrder } from '../../src/actors/db/types.ts';
import { DB_TRACE_KINDS, accountFigures, sayDb, viewDb } from '../../src/actors/db/view.ts';
import { DAY, LAST_WEEK_TOTAL } from '../../src/chapters/future/cast.ts';
import '../../src/chapters/future/families.ts';

const freeze = <T>(x: T): T => structuredClone(x);
/** The event an emitted `out` carries. */
const ev = (x: unknown) => (x as { event: { version: number; outcome: string } }).event;
const order = (amount: number, extra: Partial<NewOrder> = {}): NewOrder => ({ account: 'Alice', buyer: 'Ann', amount, discount: 0, charged: amount, ...extra });
/** Last week: 200 six days ago, 250 two days ago (450). */
const lastWeek = [
  { account: 'Alice', amount: 200, t: -6 * DAY },
  { account: 'Alice', amount: 250, t: -2 * DAY },
];
const table = (running = false): TableContext => openTable('db', lastWeek, [], running);

describe('rules: the 7-day window slides with virtual time', () => {
  it.each([
    { now: 0, expected: 450 },
    { now: DAY - 1, expected: 450 },
    { now: DAY, expected: 250 }, // the 200 from six days before time 0 is exactly 7 days old: out
    { now: 5 * DAY - 1, expected: 250 },
    { now: 5 * DAY, expected: 0 },
    { now: -3 * DAY, expected: 200 },
  ])('at $now ms the window holds $expected', ({ now, expected }) => {
    const orders = freeze(table().orders);
    expect(windowTotal(orders, 'Alice', now)).toBe(expected);
    expect(orders).toEqual(table().orders);
  });

  it('opens at version 1, with last week’s total as the running total when it keeps one', () => {
    expect(table(true).versions).toEqual({ Alice: 1 });
    expect(table(true).totals).toEqual({ Alice: LAST_WEEK_TOTAL });
    expect(table(false).totals).toBeUndefined();
  });
});

describe('rules: reads and commits', () => {
  it('answers a read with the row as it is now (the 7-day total and the version), changing nothing', () => {
    const ctx = table();
    const before = freeze(ctx);
    const r = onRead(ctx, { tx: 't1', by: 'service:A', account: 'Alice' }, 0);
    expect(r.ctx).toBe(ctx);
    expect(ctx).toEqual(before);
    expect(r.out[0]).toMatchObject({ to: 'service:A', event: { type: 'db.rows', tx: 't1', windowTotal: 450, version: 1 }, trace: { kind: 'db.rows', windowTotal: 450, version: 1 } });
  });

  it('stores an order, bumps the version and answers with the new 7-day total', () => {
    const ctx = table();
    const before = freeze(ctx);
    const r = onCommit(ctx, { tx: 't1', by: 'service:A', reads: [{ account: 'Alice', version: 1 }], writes: [{ op: 'insert-order', order: order(100) }] }, 10);
    expect(ctx).toEqual(before);
    expect(r.ctx.versions.Alice).toBe(2);
    expect(r.ctx.orders.at(-1)).toMatchObject({ id: 'o3', amount: 100, t: 10, by: 'service:A' });
    expect(r.out[0]).toMatchObject({ event: { type: 'db.result', outcome: 'committed', version: 2, windowTotal: 550 }, trace: { kind: 'db.committed' } });
  });

  it('a conflicting commit (a stale read version) fails with a concurrency error and changes nothing; a retry after a fresh read succeeds', () => {
    // Two transactions read version 1; the first commits; the second is stale.
    const first = onCommit(table(true), { tx: 'a', by: 'service:A', reads: [{ account: 'Alice', version: 1 }], writes: [{ op: 'add-to-total', account: 'Alice', amount: 100 }] }, 0).ctx;
    const stale = { tx: 'b', by: 'service:B', reads: [{ account: 'Alice', version: 1 }], writes: [{ op: 'add-to-total', account: 'Alice', amount: 100 }] as DbWrite[] };
    const refused = onCommit(first, stale, 0);
    expect(refused.ctx).toBe(first);
    expect(refused.out[0]).toMatchObject({ event: { outcome: 'conflict', version: 1, current: 2 }, trace: { kind: 'db.conflict' } });
    expect(refused.ctx.totals!.Alice).toBe(550);
    // The caller reads again and retries with the version it now sees.
    const fresh = { event: ev(onRead(refused.ctx, { tx: 'b2', by: 'service:B', account: 'Alice' }, 0).out[0]) };
    const retried = onCommit(refused.ctx, { ...stale, tx: 'b2', reads: [{ account: 'Alice', version: fresh.event.version }] }, 0);
    expect(retried.out[0]).toMatchObject({ event: { outcome: 'committed', version: 3 } });
    expect(retried.ctx.totals!.Alice).toBe(650);
  });

  it('a blind write (no versions read) is never a conflict: the read-then-write race goes through', () => {
    const a = onCommit(table(), { tx: 'a', by: 'service:A', reads: [], writes: [{ op: 'insert-order', order: order(100) }] }, 0).ctx;
    const b = onCommit(a, { tx: 'b', by: 'service:B', reads: [], writes: [{ op: 'insert-order', order: order(100, { buyer: 'Bob' }) }] }, 0);
    expect(b.out[0]).toMatchObject({ event: { outcome: 'committed', windowTotal: 650 } });
  });

  it('an order whose idempotency key is stored already writes nothing and returns the first', () => {
    const once = onCommit(table(), { tx: 'a', by: 'service:A', reads: [], writes: [{ op: 'insert-order', order: order(100, { key: 'Bob-1' }) }] }, 0).ctx;
    const again = onCommit(once, { tx: 'a2', by: 'service:B', reads: [], writes: [{ op: 'insert-order', order: order(100, { key: 'Bob-1' }) }] }, 5);
    expect(again.ctx).toBe(once);
    expect(again.out[0]).toMatchObject({ event: { outcome: 'duplicate', order: { id: 'o3', key: 'Bob-1' } }, trace: { kind: 'db.dedup' } });
  });

  it('a fault fails the next N commits, each changing nothing, then commits go through again', () => {
    let ctx = onFailCommits(table(), 2).ctx;
    const c = { tx: 'a', by: 'service:A', reads: [], writes: [{ op: 'insert-order', order: order(100) }] as DbWrite[] };
    const outcomes: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = onCommit(ctx, { ...c, tx: `a${i}` }, 0);
      outcomes.push(ev(r.out[0]).outcome);
      ctx = r.ctx;
    }
    expect(outcomes).toEqual(['failed', 'failed', 'committed']);
    expect(ctx.orders.length).toBe(3);
  });

  it('judges failure before conflict before duplicate', () => {
    const armed = onFailCommits(table(), 1).ctx;
    expect(judgeCommit(armed, { reads: [{ account: 'Alice', version: 9 }], writes: [] }).outcome).toBe('failed');
    expect(judgeCommit(table(), { reads: [{ account: 'Alice', version: 9 }], writes: [] }).outcome).toBe('conflict');
  });
});

/**
 * Runs N transactions "read the running total, commit +amount with the version read; on a
 * concurrency error read again and retry" against the pure table, their steps interleaved in
 * the order `schedule` picks (an index into the transactions still running, modulo).
 */
function interleave(amounts: readonly number[], schedule: readonly number[], failures: number): { total: number; conflicts: number } {
  let ctx = onFailCommits(table(true), failures).ctx;
  if (failures === 0) ctx = table(true);
  type Tx = { i: number; amount: number; read?: number; done: boolean; attempt: number };
  const txs: Tx[] = amounts.map((amount, i) => ({ i, amount, done: false, attempt: 1 }));
  let conflicts = 0;
  let k = 0;
  for (let guard = 0; guard < 10_000 && txs.some((t) => !t.done); guard++) {
    const live = txs.filter((t) => !t.done);
    const tx = live[(schedule[k++ % Math.max(1, schedule.length)] ?? 0) % live.length]!;
    if (tx.read === undefined) {
      tx.read = ev(onRead(ctx, { tx: `t${tx.i}`, by: 'c', account: 'Alice' }, 0).out[0]).version;
      continue;
    }
    const r = onCommit(ctx, { tx: `t${tx.i}.${tx.attempt}`, by: 'c', reads: [{ account: 'Alice', version: tx.read }], writes: [{ op: 'add-to-total', account: 'Alice', amount: tx.amount }] }, 0);
    ctx = r.ctx;
    const outcome = ev(r.out[0]).outcome;
    if (outcome === 'committed') tx.done = true;
    else {
      if (outcome === 'conflict') conflicts++;
      tx.read = undefined;
      tx.attempt++;
    }
  }
  return { total: ctx.totals!.Alice!, conflicts };
}

describe('property: optimistic concurrency with retries equals a sequential run', () => {
  it('any interleaving of N transactions that retry on a concurrency error (or a failed commit) ends with the sequential total', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 6 }), fc.array(fc.nat(20), { minLength: 1, maxLength: 40 }), fc.nat(3), (amounts, schedule, failures) => {
        const sequential = interleave(amounts, [0], 0);
        expect(sequential.conflicts).toBe(0);
        const mixed = interleave(amounts, schedule, failures);
        expect(mixed.total).toBe(sequential.total);
        expect(mixed.total).toBe(LAST_WEEK_TOTAL + amounts.reduce((s, a) => s + a, 0));
      }),
      { seed: 2, numRuns: 300 },
    );
  });

  it('two transactions that both read before either commits meet one concurrency error', () => {
    // Schedule: 0 reads, 1 reads, 0 commits, then 1 (stale) meets a conflict, reads and commits.
    expect(interleave([100, 100], [0, 1, 0, 0, 0, 0], 0)).toEqual({ total: 650, conflicts: 1 });
  });
});

describe('the table in a kernel world', () => {
  /** A client that reads and commits by hand, through the world's network. */
  function world(runningTotals = false) {
    return createKernelWorld({ seed: 1, actors: [{ name: 'db', kind: 'db.table', config: { orders: lastWeek, runningTotals } }], network: { latencyMs: 100, jitterMs: 0 } });
  }

  it('opens with its rows, answers a read over the network, and a 7-day read at a later virtual time drops old orders', () => {
    const w = world();
    w.run({ kind: 'quiet' });
    const ready = w.trace.find((e) => e.kind === 'db.ready') as DbTraceEvent;
    expect(ready.rows).toEqual([{ account: 'Alice', version: 1, windowTotal: 450 }]);
    w.apply({ do: 'wait', ms: 2 * DAY });
    w.send('db', { type: 'db.read', tx: 'x', by: 'nobody', account: 'Alice' });
    const rows = w.trace.find((e) => e.kind === 'db.rows') as DbTraceEvent;
    expect(rows).toMatchObject({ windowTotal: 250, to: 'nobody', arrives: w.now + 100 });
    expect(accountFigures(w.trace, 'Alice', 6 * DAY).windowTotal).toBe(0);
  });

  it('client messages are traced as hops, and the fault fails the next commit', () => {
    const w = world();
    w.run({ kind: 'quiet' });
    expect(readRow('service:A', 'db', 't', 'Alice')).toMatchObject({ to: 'db', via: 'net', trace: { kind: 'db.read', from: 'service:A' } });
    w.apply({ do: 'db.fail-commits', db: 'db', count: 1 });
    const c = commitWrites('service:A', 'db', 't', [], [{ op: 'insert-order', order: order(100) }]) as { event: Record<string, unknown> & { type: string } };
    w.send('db', c.event);
    w.send('db', { ...c.event, tx: 't2' });
    expect(w.trace.filter((e) => e.kind === 'db.failed' || e.kind === 'db.committed').map((e) => e.kind)).toEqual(['db.failed', 'db.committed']);
    const view = viewDb({ id: 'db', kind: 'db.table', title: 'Orders DB' }, w.trace, w.now);
    expect(view.table!.rows[0]!.cells).toEqual(['Alice', '$550', 'v2']);
    expect(view.badges.map((b) => b.word)).toEqual(['COMMIT FAILED']);
    expect(view.balances).toEqual({ 'Alice’s 7 days': 550, 'Alice’s discounts': 0 });
  });

  it('has a sentence for every trace kind it writes, and is registered with chapter 2', () => {
    expect(views.some((v) => v.id === 'db')).toBe(true);
    for (const kind of DB_TRACE_KINDS) expect(sayDb({ kind, from: 'db', to: 'service:A', account: 'Alice', version: 1, current: 2, count: 1 }), kind).toBeTruthy();
    expect(sayDb({ kind: 'db.conflict', from: 'db', to: 'service:B', version: 1, current: 2 })).toContain('CONCURRENCY ERROR');
  });
});
