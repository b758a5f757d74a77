/**
 * The saga family and chapter 2's scenes 7, 11 and 12, checked on the trace: the message from
 * the future comes 7 virtual days after its order, across a crash of the handler; a concurrency
 * conflict is retried by the broker and both orders count; a crash mid-handling is redelivered
 * and applied once; the saga's discounts and totals equal a sequential run of the same orders;
 * and the family's rules keep their invariants under random interleavings (fast-check).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { onNack, onPublish, initBroker } from '../../src/actors/saga/broker.ts';
import { onOrderPlaced, onTakeOff } from '../../src/actors/saga/handler.ts';
import type { SagaTraceEvent } from '../../src/actors/saga/types.ts';
import { DEFAULT_RETRY } from '../../src/actors/saga/types.ts';
import { runScene } from '../../src/chapters/engine.ts';
import { DAY, discountFor, WINDOW_MS } from '../../src/chapters/future/cast.ts';
import { scenes } from '../../src/chapters/future/scenes.ts';
import { narrateTrace } from '../../src/stage/narrate.ts';
import { declaredViewAt } from '../../src/stage/declared/view.ts';

const scene = (id: string) => scenes.find((s) => s.id === id)!;
const saga = (trace: readonly unknown[]) => trace as SagaTraceEvent[];
const end = (id: string) => runScene(scene(id), scene(id).steps.length - 1);
const step = (id: string, name: string) => runScene(scene(id), scene(id).steps.findIndex((s) => s.name === name));
const rowsOf = (r: ReturnType<typeof runScene>) => (r.world.actors.get('store')!.getSnapshot().context as { rows: Record<string, { total: number; orders: Record<string, { discount: number; amount: number; placedAt: number; history?: true }> }> }).rows;

/** The same orders, one at a time in commit order, each seeing the amounts of the 7 days before it. */
function sequentialDiscounts(trace: SagaTraceEvent[]): Map<string, number> {
  const commits = trace.filter((e) => e.kind === 'saga.committed' && e.job === 'OrderPlaced').map((e) => e.order!);
  const done: { amount: number; placedAt: number }[] = [{ amount: 450, placedAt: -DAY }];
  const out = new Map<string, number>();
  for (const o of commits) {
    const before = done.filter((p) => p.placedAt > o.placedAt - WINDOW_MS).reduce((s, p) => s + p.amount, 0);
    out.set(o.id, discountFor(before, o.amount));
    done.push(o);
  }
  return out;
}

describe('durable scheduling (scene 7)', () => {
  it('answers 202 Accepted once the broker has the order, before any discount is computed', () => {
    const t = saga(step('durable-scheduling', 'fire-and-forget').trace);
    const accepted = t.find((e) => e.kind === 'saga.accepted')!;
    const committed = t.find((e) => e.kind === 'saga.committed' && e.job === 'OrderPlaced')!;
    const stored = t.find((e) => e.kind === 'saga.stored' && e.job === 'OrderPlaced')!;
    expect(accepted.status).toBe(202);
    expect(accepted.t).toBeGreaterThanOrEqual(stored.t);
    expect(accepted.t).toBeLessThan(committed.t);
  });

  it('delivers "take 100 off" 7 virtual days after the order, across a crash and restart of the handler', () => {
    const t = saga(end('durable-scheduling').trace);
    const crash = t.find((e) => e.kind === 'saga.down' && e.from === 'discount')!;
    const back = t.find((e) => e.kind === 'saga.up' && e.from === 'discount')!;
    const annFirst = t.find((e) => e.kind === 'saga.order' && e.order?.id === 'o1')!.order!;
    const due = t.find((e) => e.kind === 'saga.due' && e.job === 'TakeOff' && e.order?.id === 'o1')!;
    expect(crash.t).toBeGreaterThan(annFirst.placedAt);
    expect(back.t).toBeLessThan(due.t);
    expect(due.t).toBe(annFirst.placedAt + 7 * DAY);
    const off = t.find((e) => e.kind === 'saga.committed' && e.job === 'TakeOff' && e.order?.id === 'o1')!;
    expect(off.t - annFirst.placedAt).toBeGreaterThanOrEqual(7 * DAY);
    expect(off.t - annFirst.placedAt).toBeLessThan(7 * DAY + 1_000);
  });

  it('meets a concurrency conflict on two simultaneous orders, and the broker’s retry applies both', () => {
    const r = step('durable-scheduling', 'two-at-once');
    const t = saga(r.trace).slice(r.stepStart);
    const conflicts = t.filter((e) => e.kind === 'saga.conflict');
    expect(conflicts).toHaveLength(1);
    const loser = conflicts[0]!.order!.id;
    expect(t.some((e) => e.kind === 'saga.retry' && e.order?.id === loser && e.at === e.t)).toBe(true);
    expect(t.filter((e) => e.kind === 'saga.deliver' && e.order?.id === loser).map((e) => e.attempt)).toEqual([1, 2]);
    const rows = rowsOf(r);
    expect(rows.Alice!.total).toBe(750);
    expect(Object.keys(rows.Alice!.orders)).toEqual(expect.arrayContaining(['o2', 'o3']));
  });

  it('takes an order while the handler is down and applies it after the restart; every total comes back to $0', () => {
    const r = step('durable-scheduling', 'handler-down');
    const t = saga(r.trace).slice(r.stepStart);
    const accepted = t.find((e) => e.kind === 'saga.accepted' && e.order?.id === 'o4')!;
    const back = t.find((e) => e.kind === 'saga.up')!;
    expect(accepted.t).toBeLessThan(back.t);
    expect(t.find((e) => e.kind === 'saga.committed' && e.order?.id === 'o4')!.t).toBeGreaterThan(back.t);
    const last = end('durable-scheduling');
    expect(rowsOf(last).Alice!.total).toBe(0);
    const view = declaredViewAt(scene('durable-scheduling'), last.trace, last.t1);
    expect(Object.assign({}, ...view.nodes.map((n) => n.view.balances ?? {}))).toMatchObject(scene('durable-scheduling').expected);
  });
});

describe('the saga (scenes 11 and 12)', () => {
  it('redelivers the order a crashed saga host held, and applies it once, with its 10%', () => {
    const r = step('saga', 'crash-in-hand');
    const t = saga(r.trace).slice(r.stepStart);
    const crash = t.find((e) => e.kind === 'saga.down')!;
    expect(crash.lost?.inHand).toBe(1);
    expect(t.some((e) => e.kind === 'saga.requeue' && e.order?.buyer === 'Bob')).toBe(true);
    expect(t.filter((e) => e.kind === 'saga.committed' && e.order?.buyer === 'Bob')).toHaveLength(1);
    expect(rowsOf(r).Alice!.orders.o2!.discount).toBe(10);
  });

  it.each(['saga', 'what-messaging-bought', 'durable-scheduling'])('%s: every discount equals a sequential run of the same orders, and the totals end at $0', (id) => {
    const r = end(id);
    const rows = rowsOf(r);
    const due = sequentialDiscounts(saga(r.trace));
    for (const [oid, d] of due) expect(rows.Alice!.orders[oid]!.discount, oid).toBe(d);
    expect(rows.Alice!.total).toBe(0);
    for (const line of narrateTrace(r.trace, 0)) expect(line.text).not.toMatch(/undefined|NaN/);
  });

  it('what-messaging-bought: the race of scene 2 gives the second commit its 10%, where scene 2 gave nobody any', () => {
    const r = step('what-messaging-bought', 'race-again');
    const t = saga(r.trace);
    const first = t.find((e) => e.kind === 'saga.committed' && e.job === 'OrderPlaced')!;
    const conflict = t.find((e) => e.kind === 'saga.conflict')!;
    expect(conflict.order!.id).not.toBe(first.order!.id);
    const rows = rowsOf(r);
    expect(rows.Alice!.total).toBe(650);
    expect(rows.Alice!.orders[first.order!.id]!.discount).toBe(0);
    expect(rows.Alice!.orders[conflict.order!.id]!.discount).toBe(10);
    const turn = rowsOf(step('what-messaging-bought', 'week-turns'));
    expect(turn.Alice!.orders.o4!.discount).toBe(0);
    expect(turn.Alice!.orders.o3!.discount).toBe(10);
  });
});

describe('the saga family’s rules', () => {
  const rule = { threshold: 500, percent: 10, windowMs: WINDOW_MS };
  const order = (id: string, amount: number, placedAt = 0) => ({ id, account: 'Alice', buyer: 'Ann', amount, placedAt });

  it('handlers are idempotent: OrderPlaced twice and the timeout twice count once, whatever the interleaving', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 30 }), fc.array(fc.constantFrom(50, 100, 200), { minLength: 6, maxLength: 6 }), (steps, amounts) => {
        let row = { total: 0, version: 0, orders: {} as Record<string, never> } as Parameters<typeof onOrderPlaced>[1];
        const placed = new Set<number>();
        const off = new Set<number>();
        for (const k of steps) {
          const o = order(`o${k}`, amounts[k]!);
          const d = placed.has(k) && !off.has(k) && k % 2 === 0 ? onTakeOff(row, o) : onOrderPlaced(rule, row, o);
          if (d.row) row = d.row;
          if (row.orders[o.id]) placed.add(k);
          if (row.orders[o.id]?.expired) off.add(k);
        }
        const live = Object.values(row.orders).filter((x) => !x.expired).reduce((s, x) => s + x.amount, 0);
        return row.total === live && row.version === Object.keys(row.orders).length + Object.values(row.orders).filter((x) => x.expired).length;
      }),
    );
  });

  it('the broker retries a failure 5 times at once, then after 10, 20 and 30 s, then parks it', () => {
    let ctx = initBroker({ name: 'broker', retry: DEFAULT_RETRY });
    ctx = onPublish(ctx, { type: 'broker.publish', t: 0, message: { kind: 'OrderPlaced', order: order('o1', 100), dest: 'discount', dueAt: 0 } }).ctx;
    ctx = { ...ctx, consumers: { discount: { up: true, capacity: 1, epoch: 1 } } };
    const whens: (number | string)[] = [];
    let t = 0;
    for (let i = 0; i < 9; i++) {
      ctx = { ...ctx, ready: [], unacked: [{ message: { ...(ctx.ready[0] ?? ctx.unacked[0]?.message ?? Object.values(ctx.delayed)[0]!) }, consumer: 'discount', tag: `d${i}`, epoch: 1 }], delayed: {} };
      const r = onNack(ctx, 'm1', `d${i}`, 'a transient failure', t);
      const e = r.out.find((o) => o.type === 'trace')!;
      const entry = (e as { entry: { kind: string; at?: number } }).entry;
      whens.push(entry.kind === 'saga.retry' ? entry.at! - t : entry.kind);
      ctx = r.ctx;
      t += 100;
    }
    expect(whens).toEqual([0, 0, 0, 0, 0, 10_000, 20_000, 30_000, 'saga.error-queue']);
  });
});
