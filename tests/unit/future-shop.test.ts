/**
 * Chapter 2's shop scenes (time-rule, two-buyers, customer-walks-in, resilient-http,
 * client-retries), checked on their traces and the families' views: one order at a time the rule
 * holds and the window slides; Ann's and Bob's race ends with no discount where the same orders
 * one after the other give one; the error leaves no failure in the trace and shows on the
 * invoice; an in-process retry recovers a blip and a restart loses the one that was waiting
 * (without the restart the update happens); client retries add their wait per attempt, a lost
 * answer without a key orders twice and with a key once. Also the scenes' shape and their
 * predictions' giveaways.
 */
import { describe, expect, it } from 'vitest';
import { createKernelWorld } from '../../src/actors/xstate.ts';
import type { DbTraceEvent } from '../../src/actors/db/types.ts';
import { accountFigures, viewDb } from '../../src/actors/db/view.ts';
import type { ShopTraceEvent } from '../../src/actors/shop/types.ts';
import { browserBars, invoiceLines } from '../../src/actors/shop/view.ts';
import { runScene } from '../../src/chapters/engine.ts';
import { ACCOUNT, DAY, LAST_WEEK_TOTAL, ORDER_AMOUNT, WINDOW_MS, discountFor } from '../../src/chapters/future/cast.ts';
import { customerWalksIn } from '../../src/chapters/future/customer-walks-in.ts';
import { clientRetries } from '../../src/chapters/future/client-retries.ts';
import { resilientHttp } from '../../src/chapters/future/resilient-http.ts';
import { BROWSER_TIMEOUT_MS, placeOrder, shopKernel } from '../../src/chapters/future/shop-world.ts';
import { timeRule } from '../../src/chapters/future/time-rule.ts';
import { twoBuyers } from '../../src/chapters/future/two-buyers.ts';
import type { Scene } from '../../src/chapters/types.ts';
import { declaredVerdicts, declaredViewAt } from '../../src/stage/declared/view.ts';

type Ev = ShopTraceEvent | DbTraceEvent;
const end = (s: Scene) => runScene(s, s.steps.length - 1);
const events = (s: Scene, step = s.steps.length - 1) => runScene(s, step).trace as unknown as Ev[];
const of = (trace: readonly Ev[], kind: string) => trace.filter((e) => e.kind === kind);
/** The price each stored order was charged, in the order stored. */
const charged = (trace: readonly Ev[]) => of(trace, 'db.committed').flatMap((e) => ((e as DbTraceEvent).order ? [(e as DbTraceEvent).order!.charged] : []));
const verdicts = (s: Scene) => {
  const r = end(s);
  return declaredVerdicts(s, declaredViewAt(s, r.trace, r.t1));
};
/** Trace kinds that would mean something visibly failed. */
const FAILURES = ['db.conflict', 'db.failed', 'shop.down', 'shop.dropped', 'shop.timeout', 'shop.error', 'shop.failed', 'timeout', 'instance-down'];

const SCENES = [timeRule, twoBuyers, customerWalksIn, resilientHttp, clientRetries];

describe('the scenes’ shape', () => {
  it.each(SCENES.map((s) => [s.id, s] as const))('%s has 3–5 named steps with narration, notes and highlights', (_id, s) => {
    expect(s.steps.length).toBeGreaterThanOrEqual(3);
    expect(s.steps.length).toBeLessThanOrEqual(5);
    expect(new Set(s.steps.map((x) => x.name)).size).toBe(s.steps.length);
    for (const step of s.steps) {
      expect(step.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(step.narration.split(/(?<=[.!?])\s+/).length, step.name).toBeLessThanOrEqual(3);
      expect(step.notes.length).toBeGreaterThan(40);
      expect(step.highlight?.length ?? 0).toBeGreaterThan(0);
    }
    for (const n of s.stage!.columns.flat()) expect(n.title.length, n.title).toBeLessThanOrEqual(16);
  });
});

describe('time-rule: one order at a time, the rule holds', () => {
  it('Ann pays $100 at $450, Bob $90 a day later at $550, and after the window slides Ann pays $100 again', () => {
    const trace = events(timeRule);
    expect(charged(trace)).toEqual([100, 90, 100]);
    const read = of(trace, 'shop.decide').map((e) => (e as ShopTraceEvent).base);
    expect(read).toEqual([LAST_WEEK_TOTAL, LAST_WEEK_TOTAL + ORDER_AMOUNT, LAST_WEEK_TOTAL]);
    // The same figures as the chapter's rule gives.
    expect(read.map((b) => ORDER_AMOUNT - discountFor(b!, ORDER_AMOUNT))).toEqual([100, 90, 100]);
    expect(verdicts(timeRule).every((v) => v.ok)).toBe(true);
  });

  it('the last 7 days shrink with no order at all: last week’s $200 leaves the window on its own', () => {
    const r = runScene(timeRule, 2);
    const before = accountFigures(r.trace, ACCOUNT, r.t1).windowTotal;
    const later = accountFigures(r.trace, ACCOUNT, r.t1 + 2 * DAY).windowTotal;
    expect(before).toBe(650);
    expect(later).toBe(450);
    const tl = declaredViewAt(timeRule, r.trace, r.t1).nodes.find((n) => n.ref.id === 'timeline')!.view;
    expect(tl.state).toBe('$650 in 7 days');
    expect(tl.items.map((i) => i.label)).toEqual(['$200', '$250', '$100', '$100']);
  });
});

describe('two-buyers: the race', () => {
  it('both instances read $450 before either commits, neither gives the discount, and the account ends at $650', () => {
    const trace = events(twoBuyers);
    const rows = of(trace, 'db.rows') as DbTraceEvent[];
    const commits = of(trace, 'db.commit');
    expect(rows.map((e) => [e.to, e.windowTotal])).toEqual([
      ['service:A', 450],
      ['service:B', 450],
    ]);
    expect(Math.max(...rows.map((e) => e.t))).toBeLessThan(Math.min(...of(trace, 'db.committed').map((e) => e.t)));
    expect(commits).toHaveLength(2);
    expect(charged(trace)).toEqual([100, 100]);
    expect(accountFigures(trace, ACCOUNT, Infinity).discounts).toBe(0);
    expect(trace.filter((e) => FAILURES.includes(e.kind))).toEqual([]);
  });

  it('ends with no discount where the same orders one after the other give the second 10% off', () => {
    const w = createKernelWorld(shopKernel('read-then-write'));
    w.run({ kind: 'quiet' });
    w.apply(placeOrder('Ann'));
    w.run({ kind: 'quiet' });
    w.apply(placeOrder('Bob'));
    w.run({ kind: 'quiet' });
    const sequential = w.trace as unknown as Ev[];
    expect(charged(sequential)).toEqual([100, 90]);
    expect(accountFigures(sequential, ACCOUNT, w.now).discounts).toBe(10);
    const race = end(twoBuyers);
    expect(accountFigures(race.trace, ACCOUNT, race.t1).discounts).toBe(0);
    expect(verdicts(twoBuyers)).toEqual([{ user: 'Alice’s discounts', expected: 10, actual: 0, refused: 0, ok: false }]);
  });

  it('stops at the pivot: both have read, neither has written', () => {
    const r = runScene(twoBuyers, 1);
    const trace = r.trace.slice(r.stepStart) as unknown as Ev[];
    expect(of(trace, 'shop.decide')).toHaveLength(2);
    expect(of(trace, 'db.committed')).toHaveLength(0);
  });
});

describe('customer-walks-in: the error hides', () => {
  it('leaves no failure, no error status and no late answer in the trace: two 200 OKs', () => {
    const trace = events(customerWalksIn);
    expect(trace.filter((e) => FAILURES.includes(e.kind))).toEqual([]);
    expect(of(trace, 'response').map((e) => (e as unknown as { status: number }).status)).toEqual([200, 200]);
  });

  it('shows days later, past the window, as $200 billed where $190 was due', () => {
    const r = end(customerWalksIn);
    const ordersAt = Math.max(...of(r.trace as unknown as Ev[], 'db.committed').map((e) => e.t));
    expect(r.t1 - ordersAt).toBeGreaterThan(WINDOW_MS);
    expect(invoiceLines(r.trace, ACCOUNT, r.t1)).toEqual([
      { buyer: 'Ann', amount: 100, billed: 100, due: 100 },
      { buyer: 'Bob', amount: 100, billed: 100, due: 90 },
    ]);
    const inv = declaredViewAt(customerWalksIn, r.trace, r.t1).nodes.find((n) => n.ref.id === 'invoice')!.view;
    expect(inv.badges.map((b) => [b.word, b.violation])).toEqual([['OVERCHARGED $10', true]]);
    expect(inv.balances).toEqual({ 'Alice’s invoice': 200 });
    expect(verdicts(customerWalksIn)).toEqual([{ user: 'Alice’s invoice', expected: 190, actual: 200, refused: 0, ok: false }]);
  });
});

/** The running total the Orders DB keeps for Alice at the end of a trace. */
const runningTotal = (trace: readonly Ev[]) => accountFigures(trace, ACCOUNT, Infinity).total;

describe('resilient-http: retries in memory', () => {
  it('a transient failure is recovered by the retry 1 s later', () => {
    const r = runScene(resilientHttp, 1);
    const trace = r.trace as unknown as ShopTraceEvent[];
    const calls = of(trace, 'shop.call-discount');
    expect(calls.map((e) => (e as ShopTraceEvent).attempt)).toEqual([1, 2]);
    expect(calls[1]!.t - of(trace, 'shop.discount-fail')[0]!.arrives!).toBe(1_000);
    expect(runningTotal(trace)).toBe(550);
  });

  it('backs off 1 s, then 2 s, and the restart loses the retry waiting in memory: the update never happens', () => {
    const trace = events(resilientHttp);
    expect(of(trace, 'shop.retry-wait').map((e) => (e as ShopTraceEvent).waitMs)).toEqual([1_000, 1_000, 2_000]);
    const down = of(trace, 'shop.down')[0] as ShopTraceEvent;
    expect(down.lostUpdates).toEqual([{ id: expect.any(String), account: ACCOUNT, amount: 100, attempt: 2 }]);
    // Nothing ever calls again for Bob's order, and no error says so.
    expect(of(trace, 'shop.call-discount').filter((e) => e.t > down.t)).toEqual([]);
    expect(of(trace, 'shop.gave-up')).toEqual([]);
    expect(runningTotal(trace)).toBe(550);
    expect(accountFigures(trace, ACCOUNT, end(resilientHttp).t1).windowTotal).toBe(650);
    expect(verdicts(resilientHttp)).toEqual([{ user: 'Alice’s total', expected: 650, actual: 550, refused: 0, ok: false }]);
  });

  it('without the restart, the third attempt goes through and the total is right', () => {
    const last = resilientHttp.steps.at(-1)!;
    const noRestart: Scene = { ...resilientHttp, steps: [...resilientHttp.steps.slice(0, -1), { ...last, commands: [{ do: 'wait', ms: 8_000 }] }] };
    const trace = end(noRestart).trace as unknown as Ev[];
    expect(of(trace, 'shop.call-discount').map((e) => (e as ShopTraceEvent).attempt)).toEqual([1, 2, 1, 2, 3]);
    expect(runningTotal(trace)).toBe(650);
    expect(verdicts(noRestart).every((v) => v.ok)).toBe(true);
  });
});

describe('client-retries: the browser retries the whole order', () => {
  it('survives the crash, and every retry adds its wait: 3 s timed out + 1 s backoff + the attempt that works', () => {
    const r = runScene(clientRetries, 1);
    const bars = browserBars(r.trace, 'Ann', r.t1);
    expect(bars.map((b) => [b.what, b.attempt, b.end! - b.start, b.outcome])).toEqual([
      ['attempt', 1, BROWSER_TIMEOUT_MS, 'timed out'],
      ['wait', 1, 1_000, undefined],
      ['attempt', 2, 1_600, '200 $100'],
    ]);
    const done = of(r.trace as unknown as Ev[], 'shop.done')[0] as ShopTraceEvent;
    expect(done.latencyMs).toBe(BROWSER_TIMEOUT_MS + 1_000 + 1_600);
    // One order stored, by the instance that was up.
    expect(of(r.trace as unknown as Ev[], 'db.committed').map((e) => (e as DbTraceEvent).order?.by)).toEqual(['service:B']);
  });

  it('without a key, a lost answer makes two orders: Bob is charged twice', () => {
    const r = runScene(clientRetries, 2);
    const bob = of(r.trace as unknown as Ev[], 'db.committed').flatMap((e) => ((e as DbTraceEvent).order?.buyer === 'Bob' ? [(e as DbTraceEvent).order!] : []));
    expect(bob.map((o) => [o.by, o.charged])).toEqual([
      ['service:B', 90],
      ['service:A', 90],
    ]);
    expect(of(r.trace as unknown as Ev[], 'shop.reply').filter((e) => (e as ShopTraceEvent).cut)).toHaveLength(1);
  });

  it('with a key, the same loss makes one order: the DB returns the first', () => {
    const r = end(clientRetries);
    const trace = (r.trace as unknown as Ev[]).slice(r.stepStart);
    const stored = of(trace, 'db.committed').map((e) => (e as DbTraceEvent).order!);
    expect(stored.map((o) => [o.buyer, o.key])).toEqual([['Ann', 'Ann-2']]);
    expect(of(trace, 'db.dedup')).toHaveLength(1);
    expect(of(trace, 'shop.attempt').map((e) => (e as ShopTraceEvent).payload?.key)).toEqual(['Ann-2', 'Ann-2']);
    expect(of(trace, 'shop.done')).toMatchObject([{ from: 'Ann', charged: 90 }]);
    // Bob's duplicate stays: four orders where three were placed.
    expect(verdicts(clientRetries)).toEqual([{ user: 'Alice’s total', expected: 750, actual: 850, refused: 0, ok: false }]);
  });
});

/** Every word the declared stage shows of a scene at virtual time t (states, pills, tables, badges, notes, titles). */
function stageWords(s: Scene, trace: readonly unknown[], t: number): string {
  const v = declaredViewAt(s, trace as never, t);
  return v.nodes
    .flatMap((n) => [n.ref.title, n.view.state, n.view.note ?? '', ...n.view.items.flatMap((i) => [i.label, i.tag ?? '']), ...n.view.badges.map((b) => b.word), ...(n.view.table?.rows.flatMap((r) => r.cells) ?? [])])
    .concat(v.tokens.map((k) => k.label))
    .join('\n');
}

describe('predictions', () => {
  const asked = SCENES.flatMap((s) => s.steps.flatMap((step, k) => (step.predict ? [{ s, step, k, p: step.predict }] : [])));
  it('two-buyers and client-retries ask one each', () => {
    expect(asked.map((a) => a.s.id)).toEqual(['two-buyers', 'client-retries']);
  });
  it.each(asked.map((a) => [`${a.s.id}/${a.step.name}`, a] as const))('%s: three choices, the answer among them, giveaways in the reveal and nowhere while asking', (_n, { s, step, k, p }) => {
    expect(p.choices).toHaveLength(3);
    expect(p.answer).toBeLessThan(3);
    const reveal = `${p.choices[p.answer]} ${step.title} ${step.narration}`.toLowerCase();
    expect(p.giveaway!.some((g) => reveal.includes(g.toLowerCase()))).toBe(true);
    const before = runScene(s, Math.max(0, k - 1));
    const shown = [s.title, p.question, ...p.choices.filter((_, i) => i !== p.answer), stageWords(s, before.trace, before.t1)].join('\n').toLowerCase();
    for (const g of p.giveaway!) expect(shown, g).not.toContain(g.toLowerCase());
  });
});

describe('the table’s view through a scene', () => {
  it('shows the running total beside the 7-day sum where the design keeps one', () => {
    const r = end(resilientHttp);
    const v = viewDb({ id: 'db', kind: 'db.table', title: 'Orders DB' }, r.trace, r.t1);
    expect(v.table!.columns).toEqual(['Account', 'Total', '7 days']);
    expect(v.table!.rows[0]!.cells).toEqual(['Alice', '$550', '$650']);
  });
});
