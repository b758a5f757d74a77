/**
 * The shop family (src/actors/shop): the Order API's rules (pricing by the rule on what each
 * design reads, the in-process retries of the Discount call with their backoff, what a crash
 * takes), the browser's retries of the whole order, and small kernel worlds where the http
 * family's load balancer forwards to the Order API unchanged.
 */
import { describe, expect, it } from 'vitest';
import { createKernelWorld } from '../../src/actors/xstate.ts';
import { onAttemptTimeout, onPlace, type BrowserContext } from '../../src/actors/shop/browser.ts';
import { DEFAULT_RETRY_DELAYS_MS, discountOf, onCrash, onDiscountAnswer, onRetry, type OrderApiContext } from '../../src/actors/shop/orderApi.ts';
import type { ShopTraceEvent } from '../../src/actors/shop/types.ts';
import { SHOP_TRACE_KINDS, sayShop } from '../../src/actors/shop/view.ts';
import { DISCOUNT_RULE, LAST_WEEK_ORDERS, discountFor } from '../../src/chapters/future/cast.ts';
import '../../src/chapters/future/families.ts';
import type { ActorSpec } from '../../src/kernel/types.ts';

const freeze = <T>(x: T): T => structuredClone(x);
const api = (over: Partial<OrderApiContext> = {}): OrderApiContext => ({
  name: 'service:A',
  design: 'running-total',
  rule: DISCOUNT_RULE,
  db: 'db',
  discount: 'discount',
  processMs: 0,
  retryDelaysMs: DEFAULT_RETRY_DELAYS_MS,
  conflictRetries: 3,
  reads: 'running',
  writesTotal: false,
  jobs: [],
  pending: [],
  loseReplies: 0,
  up: true,
  ...over,
});

describe('rules: the Order API', () => {
  it.each([
    [450, 100],
    [499, 100],
    [500, 100],
    [550, 100],
    [0, 40],
  ])('prices by the chapter’s rule: total %i, amount %i', (total, amount) => {
    expect(discountOf(DISCOUNT_RULE, total, amount)).toBe(discountFor(total, amount));
  });

  it('a failed Discount call waits 1 s, 2 s, 4 s in memory, then gives up', () => {
    let ctx = api({ pending: [{ id: 'Ann#1', account: 'Alice', amount: 100, attempt: 1, phase: 'sent' }] });
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      const before = freeze(ctx);
      const r = onDiscountAnswer(ctx, { id: 'Ann#1', ok: false }, 0);
      expect(ctx).toEqual(before);
      const wait = r.out.find((o) => o.type === 'trace' && o.entry.kind === 'shop.retry-wait');
      if (wait && wait.type === 'trace') waits.push(wait.entry.waitMs!);
      else expect(r.out).toMatchObject([{ type: 'trace', entry: { kind: 'shop.gave-up', attempt: 4 } }]);
      ctx = onRetry(r.ctx, 'Ann#1').ctx;
    }
    expect(waits).toEqual([1_000, 2_000, 4_000]);
  });

  it('a crash cancels the retry waiting in memory and says what it lost', () => {
    const waiting = onDiscountAnswer(api({ pending: [{ id: 'Ann#1', account: 'Alice', amount: 100, attempt: 1, phase: 'sent' }] }), { id: 'Ann#1', ok: false }, 0).ctx;
    const r = onCrash(waiting);
    expect(r.ctx.pending).toEqual([]);
    expect(r.out).toContainEqual({ type: 'cancel', key: 'shop.retry|service:A|Ann#1' });
    expect(r.out).toContainEqual({ type: 'trace', entry: { kind: 'shop.down', from: 'service:A', lostReqs: [], lostUpdates: [{ id: 'Ann#1', account: 'Alice', amount: 100, attempt: 1 }] } });
  });
});

describe('rules: the browser retries the whole order', () => {
  const bob: BrowserContext = { name: 'Bob', target: 'lb', timeoutMs: 3_000, retryDelaysMs: [1_000, 2_000], sent: 0, orders: [] };
  it('gives every attempt a request of its own and, with a key, the same idempotency key', () => {
    const placed = onPlace(bob, { account: 'Alice', amount: 100, withKey: true }, 0);
    const timedOut = onAttemptTimeout(placed.ctx, 'Bob#1', 3_000);
    expect(timedOut.out.map((o) => (o.type === 'trace' ? o.entry.kind : o.type))).toEqual(['shop.timeout', 'shop.backoff', 'out']);
    expect(placed.ctx.orders[0]!.payload.key).toBe('Bob-1');
    expect(onPlace(bob, { account: 'Alice', amount: 100 }, 0).ctx.orders[0]!.payload.key).toBeUndefined();
  });
});

/** Ann and Bob (http callers) → lb → two Order API instances → the Orders DB (+ the Discount service). */
function shop(design: 'read-then-write' | 'running-total' | 'one-transaction', extra: ActorSpec[] = []) {
  const actors: ActorSpec[] = [
    { name: 'Ann', kind: 'http.caller', config: { target: 'lb' } },
    { name: 'Bob', kind: 'http.caller', config: { target: 'lb' } },
    { name: 'lb', kind: 'http.balancer', config: { upstreams: ['service:A', 'service:B'] } },
    { name: 'service:A', kind: 'shop.order-api', config: { design, rule: DISCOUNT_RULE } },
    { name: 'service:B', kind: 'shop.order-api', config: { design, rule: DISCOUNT_RULE } },
    { name: 'db', kind: 'db.table', config: { orders: LAST_WEEK_ORDERS, runningTotals: design !== 'read-then-write' } },
    ...extra,
  ];
  const w = createKernelWorld({ seed: 1, actors, network: { latencyMs: 100, jitterMs: 0 } });
  w.run({ kind: 'quiet' });
  return Object.assign(w, { of: (kind: string) => (w.trace as unknown as ShopTraceEvent[]).filter((e) => e.kind === kind) });
}
const order = (buyer: string) => ({ do: 'http.call', caller: buyer, payload: { kind: 'deposit', user: 'Alice', amount: 100, what: `${buyer}'s order of $100` } }) as const;

describe('worlds: the balancer forwards to the Order API unchanged', () => {
  it('an order goes caller → lb → instance → DB and back: 200 with the price charged', () => {
    const w = shop('read-then-write');
    w.apply(order('Ann'));
    w.run({ kind: 'quiet' });
    expect(w.trace.map((e) => e.kind).filter((k) => !k.endsWith('ready'))).toEqual(['request', 'forward', 'shop.take', 'db.read', 'db.rows', 'shop.decide', 'db.commit', 'db.committed', 'shop.reply', 'respond', 'response']);
    expect(w.trace.find((e) => e.kind === 'response')).toMatchObject({ status: 200, balance: 100, to: 'Ann' });
  });

  it('with running totals, the Discount service updates the total after the answer', () => {
    const w = shop('running-total', [{ name: 'discount', kind: 'shop.discount', config: {} }]);
    w.apply(order('Ann'));
    w.run({ kind: 'quiet' });
    expect(w.of('shop.discount-ok')).toHaveLength(1);
    const committed = w.trace.filter((e) => e.kind === 'db.committed').at(-1) as unknown as { total: number };
    expect(committed.total).toBe(550);
  });

  it('one-transaction: the race meets a concurrency error, the loser reads again and gets the discount', () => {
    const w = shop('one-transaction');
    w.apply(order('Ann'));
    w.apply(order('Bob'));
    w.run({ kind: 'quiet' });
    expect(w.trace.filter((e) => e.kind === 'db.conflict')).toHaveLength(1);
    expect(w.of('shop.retry-tx')).toMatchObject([{ from: 'service:B', attempt: 2 }]);
    const charged = w.trace.filter((e) => e.kind === 'db.committed').map((e) => (e as unknown as { order: { charged: number } }).order.charged);
    expect(charged).toEqual([100, 90]);
  });

  it('onCommitted: after each commit the instance tells the configured actor about the order', () => {
    const w = createKernelWorld({
      seed: 1,
      network: { latencyMs: 100, jitterMs: 0 },
      actors: [
        { name: 'Ann', kind: 'http.caller', config: { target: 'service:A' } },
        { name: 'service:A', kind: 'shop.order-api', config: { design: 'one-transaction', rule: DISCOUNT_RULE, onCommitted: { to: 'broker' }, writesTotal: false } },
        { name: 'db', kind: 'db.table', config: { orders: LAST_WEEK_ORDERS, runningTotals: true } },
      ],
    });
    w.run({ kind: 'quiet' });
    w.apply(order('Ann'));
    w.run({ kind: 'quiet' });
    const notify = (w.trace as unknown as ShopTraceEvent[]).find((e) => e.kind === 'shop.notify')!;
    expect(notify).toMatchObject({ from: 'service:A', to: 'broker', account: 'Alice', amount: 100, charged: 100 });
    // writesTotal: false leaves the running total to whoever hears the message.
    const committed = w.trace.find((e) => e.kind === 'db.committed') as unknown as { total: number };
    expect(committed.total).toBe(450);
  });

  it('has a sentence for every trace kind it writes', () => {
    for (const kind of SHOP_TRACE_KINDS) expect(sayShop({ kind, from: 'service:A', to: 'lb' }), kind).toBeTruthy();
  });
});
