/**
 * Machine tests on the simulated clock, through the World: commands go in with world.apply, time
 * moves with world.run, and the assertions read the trace (kinds, msg, to, attempt, t). Every
 * expected time is derived from the config (latency, ack wait, heartbeat settings), so the tests
 * state the rules of NATS Streaming (FACTS.md §1), not the numbers of one run.
 */
import { describe, expect, it } from 'vitest';
import { COURSE_HEARTBEAT, baseConfig, ledger, type World } from '../../src/actors/nats/world.ts';
import { createWorld } from '../../src/actors/nats/xstate.ts';
import type { SubContext } from '../../src/actors/nats/subscription.ts';
import type { Command, ListenerConfig, SubscriptionConfig, TraceEvent, TraceKind, WorldConfig } from '../../src/actors/nats/types.ts';

const CH = 'account:deposit';
const QUEUE = 'myQueueGroup';
const GROUP = `sub:${CH}/${QUEUE}`;
const HOP = 300;

const deposit = (amount: number): Command => ({ do: 'publish', channel: CH, payload: { kind: 'deposit', user: 'Jim', amount } });
const listener = (id: string, sub: Partial<SubscriptionConfig>, over: Partial<ListenerConfig> = {}): ListenerConfig => ({
  id,
  processMs: 500,
  subscriptions: [{ channel: CH, ...sub }],
  ...over,
});
const world = (listeners: ListenerConfig[], over: Partial<WorldConfig> = {}): World =>
  createWorld(baseConfig({ listeners, latencyMs: HOP, jitterMs: 0, ...over }));

type Match = Partial<Pick<TraceEvent, 'kind' | 'msg' | 'to' | 'from' | 'attempt'>>;
const all = (w: World, m: Match): TraceEvent[] => w.trace.filter((e) => Object.entries(m).every(([k, v]) => e[k as keyof TraceEvent] === v));
const one = (w: World, m: Match): TraceEvent => {
  const found = all(w, m);
  expect(found, JSON.stringify(m)).toHaveLength(1);
  return found[0]!;
};
/** Sends of messages by the server (first deliveries and redeliveries), in trace order. */
const sends = (w: World): TraceEvent[] => w.trace.filter((e) => e.kind === 'deliver' || e.kind === 'redeliver');
const unit = (w: World, name: string): SubContext => w.actors.get(name)!.getSnapshot().context as SubContext;

describe('world on the virtual clock', () => {
  // (a) ----------------------------------------------------------------------------------------
  describe.each([
    { title: 'one failed write among three messages', failing: [1], spacing: 0, ackWaitMs: 5_000 },
    { title: 'two failed writes', failing: [1, 2], spacing: 0, ackWaitMs: 5_000 },
    { title: 'one failed write, messages 1 s apart', failing: [1], spacing: 1_000, ackWaitMs: 5_000 },
    { title: 'default ack wait (30 s)', failing: [1], spacing: 0, ackWaitMs: undefined },
  ])('an unacked message is redelivered exactly ackWait after its delivery: $title', ({ failing, spacing, ackWaitMs }) => {
    it('redelivers each one at deliver.t + ackWait, attempt 2, after the messages behind it', () => {
      const w = world([listener('A', { ackWaitMs })]);
      const wait = ackWaitMs ?? 30_000;
      w.run({ kind: 'quiet' });
      w.apply({ do: 'fail-writes', listener: 'A', count: failing.length });
      for (const n of [1, 2, 3]) {
        w.apply(deposit(10 * n));
        if (spacing > 0) w.run({ kind: 'for', ms: spacing });
      }
      w.run({ kind: 'quiet' });

      for (const msg of failing) {
        const first = one(w, { kind: 'deliver', msg });
        expect(first).toMatchObject({ to: 'listener:A', attempt: 1, ackDeadline: first.t + wait, arrives: first.t + HOP });
        const again = one(w, { kind: 'redeliver', msg });
        expect(again).toMatchObject({ to: 'listener:A', attempt: 2, t: first.t + wait, arrives: first.t + wait + HOP });
        expect(one(w, { kind: 'ack-timeout', msg })).toMatchObject({ t: first.t + wait, to: 'listener:A' });
        expect(one(w, { kind: 'receive', msg, attempt: 2 }).t).toBe(first.t + wait + HOP);
        // Not blocking: the messages behind it were delivered and acked before it came back.
        for (const later of [2, 3].filter((n) => n > msg && !failing.includes(n))) {
          expect(one(w, { kind: 'deliver', msg: later }).t).toBeLessThan(again.t);
          expect(one(w, { kind: 'ack', msg: later }).t).toBeLessThan(again.t);
        }
      }
      // Every message is eventually written exactly once (the failed writes never applied).
      expect(ledger(w).Jim!.balance).toBe(60);
      expect(all(w, { kind: 'redeliver' })).toHaveLength(failing.length);
    });
  });

  // (b) ----------------------------------------------------------------------------------------
  describe('queue group of A and B', () => {
    const group = () => world([listener('A', { queue: QUEUE }), listener('B', { queue: QUEUE }, { startAtMs: 100 })]);

    it.each([2, 3, 5])('ties go to the first in line, who moves to the back: %i messages alternate A, B, A…', (n) => {
      const w = group();
      w.run({ kind: 'quiet' });
      for (let i = 1; i <= n; i++) {
        w.apply(deposit(i));
        w.run({ kind: 'quiet' }); // each message is acked before the next
      }
      const to = sends(w).map((e) => e.to);
      expect(to).toEqual(Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 'listener:A' : 'listener:B')));
      expect(all(w, { kind: 'ack' })).toHaveLength(n);
    });

    it('the member with fewer unacked messages is chosen, whatever its place in line', () => {
      const w = world([listener('A', { queue: QUEUE }, { processMs: 20_000 }), listener('B', { queue: QUEUE }, { startAtMs: 100 })]);
      w.run({ kind: 'quiet' });
      // 1 → A (tie, A first; A moves to the back). A holds it for 20 s.
      // 2 → B (A has 1 unacked, B 0); B moves to the back, so A is first in line again…
      // 3 → B anyway, since A still has 1 unacked and B has acked its message.
      for (const n of [1, 2, 3]) {
        w.apply(deposit(n));
        w.run({ kind: 'for', ms: 2_000 });
      }
      expect(sends(w).map((e) => [e.msg, e.to])).toEqual([
        [1, 'listener:A'],
        [2, 'listener:B'],
        [3, 'listener:B'],
      ]);
    });
  });

  // (c) ----------------------------------------------------------------------------------------
  it('a redelivery in a queue group can go to the other member; the original member\'s late ack is ignored', () => {
    const ackWaitMs = 5_000;
    const w = world([
      listener('A', { queue: QUEUE, ackWaitMs }, { processMs: 8_000 }), // slower than the ack wait
      listener('B', { queue: QUEUE, ackWaitMs }, { startAtMs: 100 }),
    ]);
    w.run({ kind: 'quiet' });
    w.apply(deposit(70));
    w.run({ kind: 'event', match: { kind: 'redeliver', msg: 1 } });

    const first = one(w, { kind: 'deliver', msg: 1 });
    const again = one(w, { kind: 'redeliver', msg: 1 });
    expect(first).toMatchObject({ to: 'listener:A', attempt: 1 });
    // B has fewer unacked messages (0 against A's 1), so the redelivery goes to B…
    expect(again).toMatchObject({ to: 'listener:B', attempt: 2, t: first.t + ackWaitMs });
    // …and A's pending entry is dropped at once (implicit ack).
    const members = unit(w, GROUP).members;
    expect(members.find((m) => m.client === 'A')!.pending.toArray()).toEqual([]);
    expect(members.find((m) => m.client === 'B')!.pending.map((p) => p.seq)).toEqual([1]);

    // A finishes long after and acks; the ack is sent, but the server has nothing to settle.
    w.run({ kind: 'event', match: { kind: 'ack', msg: 1, from: 'listener:A' } });
    const lateAck = one(w, { kind: 'ack', msg: 1, from: 'listener:A' });
    const before = unit(w, GROUP);
    w.run({ kind: 'for', ms: lateAck.arrives! - w.now });
    expect(unit(w, GROUP)).toEqual(before);
    w.run({ kind: 'quiet' });

    // Exactly two sends of message 1, one per member: the server processed it once per delivery.
    expect(sends(w).map((e) => [e.kind, e.msg, e.to, e.attempt])).toEqual([
      ['deliver', 1, 'listener:A', 1],
      ['redeliver', 1, 'listener:B', 2],
    ]);
    expect(one(w, { kind: 'ack', msg: 1, from: 'listener:B' }).t).toBeLessThan(lateAck.t);
    expect(unit(w, GROUP).members.every((m) => m.pending.length === 0 && m.timerAt === null)).toBe(true);
    // The listeners, though, both wrote it: the naive design's double deposit.
    expect(all(w, { kind: 'write', msg: 1 }).map((e) => e.from)).toEqual(['listener:B', 'listener:A']);
    expect(ledger(w).Jim!.balance).toBe(140);
  });

  it('after the implicit ack the original member is no longer stalled: it takes the next message at once', () => {
    const sub = { queue: QUEUE, ackWaitMs: 5_000, maxInflight: 1 };
    const w = world([listener('A', sub, { processMs: 8_000 }), listener('B', sub, { startAtMs: 100 })]);
    w.run({ kind: 'quiet' });
    w.apply(deposit(1));
    w.run({ kind: 'event', match: { kind: 'redeliver', msg: 1 } });
    expect(one(w, { kind: 'redeliver', msg: 1 }).to).toBe('listener:B');
    // B now holds message 1 (at its MaxInflight); A holds nothing, so message 2 is A's.
    w.apply(deposit(2));
    const published = w.now;
    w.run({ kind: 'quiet' });
    expect(one(w, { kind: 'deliver', msg: 2 })).toMatchObject({ to: 'listener:A', t: published + HOP });
    expect(one(w, { kind: 'deliver', msg: 2 }).t).toBeLessThan(one(w, { kind: 'ack', msg: 1, from: 'listener:B' }).arrives!);
  });

  // (d) ----------------------------------------------------------------------------------------
  it('MaxInflight 1 on a plain subscription: the next message waits for the ack (stalled)', () => {
    const w = world([listener('A', { maxInflight: 1 })]);
    w.run({ kind: 'quiet' });
    w.apply(deposit(10));
    w.apply(deposit(20));
    w.apply(deposit(30));
    w.run({ kind: 'quiet' });

    const d = [1, 2, 3].map((msg) => one(w, { kind: 'deliver', msg }));
    const acks = [1, 2, 3].map((msg) => one(w, { kind: 'ack', msg }));
    const stalled = all(w, { kind: 'stalled', to: 'listener:A' });
    // Stalled as soon as message 1 is out, before 2 and 3 were stored…
    expect(stalled[0]!.t).toBe(d[0]!.t);
    expect(w.trace.indexOf(stalled[0]!)).toBeGreaterThan(w.trace.indexOf(d[0]!));
    expect(w.trace.filter((e) => e.kind === 'store' && e.t === d[0]!.t).length).toBe(3);
    // …and each next message leaves the moment the previous ack reaches the server, not before.
    expect(d[1]!.t).toBe(acks[0]!.arrives);
    expect(d[2]!.t).toBe(acks[1]!.arrives);
    // One message in flight at a time: strictly in order, never overlapping.
    expect(all(w, { kind: 'process-start' }).map((e) => e.msg)).toEqual([1, 2, 3]);
    expect(all(w, { kind: 'redeliver' })).toEqual([]);
    expect(stalled).toHaveLength(3);
  });

  // (e) ----------------------------------------------------------------------------------------
  it('a crashed listener is declared dead only after the third missed heartbeat; B gets its unacked message', () => {
    const { intervalMs, timeoutMs, failCount } = COURSE_HEARTBEAT;
    const w = world(
      [
        listener('A', { queue: QUEUE, ackWaitMs: 60_000 }, { processMs: 20_000 }),
        listener('B', { queue: QUEUE, ackWaitMs: 60_000 }, { startAtMs: 100 }),
      ],
      { heartbeat: COURSE_HEARTBEAT },
    );
    w.run({ kind: 'quiet' });
    w.apply(deposit(70));
    w.run({ kind: 'event', match: { kind: 'receive', msg: 1, to: 'listener:A' } });
    w.apply({ do: 'crash', listener: 'A' });
    const crashAt = w.now;
    w.run({ kind: 'for', ms: 60_000 });

    const misses = all(w, { kind: 'hb-miss', to: 'listener:A' });
    const closed = one(w, { kind: 'client-closed', from: 'listener:A' });
    expect(misses.map((e) => e.note)).toEqual(['1 of 3', '2 of 3', '3 of 3']);
    expect(misses).toHaveLength(failCount + 1);
    // Misses are one heartbeat cycle apart (interval + timeout), the first within one cycle of the crash.
    expect(misses[0]!.t - crashAt).toBeLessThanOrEqual(intervalMs + timeoutMs);
    expect(misses[1]!.t - misses[0]!.t).toBe(intervalMs + timeoutMs);
    expect(misses[2]!.t - misses[1]!.t).toBe(intervalMs + timeoutMs);
    // Not dead after two misses: closed at the third, not before.
    expect(closed.t).toBe(misses[2]!.t);
    expect(w.trace.indexOf(closed)).toBeGreaterThan(w.trace.indexOf(misses[2]!));
    // B never misses, and takes over A's unacked message the moment A is closed (well within the ack wait).
    expect(all(w, { kind: 'hb-miss', to: 'listener:B' })).toEqual([]);
    expect(one(w, { kind: 'redeliver', msg: 1 })).toMatchObject({ to: 'listener:B', attempt: 2, t: closed.t });
    expect(all(w, { kind: 'ack-timeout' })).toEqual([]);
    expect(one(w, { kind: 'ack', msg: 1 })).toMatchObject({ from: 'listener:B' });
    expect(unit(w, GROUP).members.map((m) => m.client)).toEqual(['B']);
  });

  // (f) ----------------------------------------------------------------------------------------
  it('a restarted durable resumes after its last ack and ignores deliverAll; a new durable replays history once', () => {
    const durable = { durable: 'accounts', deliverAll: true };
    const w = world([
      listener('A', durable, { startAtMs: 5_000, processMs: 1_000 }),
      listener('C', durable, { startAtMs: 60_000 }),
    ]);
    // Two messages before anyone subscribes.
    w.apply(deposit(1));
    w.apply(deposit(2));
    w.run({ kind: 'quiet' });
    // A new durable with deliverAll replays them.
    expect(sends(w).filter((e) => e.to === 'listener:A').map((e) => [e.kind, e.msg, e.attempt])).toEqual([
      ['deliver', 1, 1],
      ['deliver', 2, 1],
    ]);
    // Message 3 is delivered; A crashes before acking it and restarts a second later.
    w.apply(deposit(3));
    w.run({ kind: 'event', match: { kind: 'receive', msg: 3 } });
    w.apply({ do: 'crash', listener: 'A' });
    w.run({ kind: 'for', ms: 1_000 });
    w.apply({ do: 'restart', listener: 'A' });
    const restartAt = w.now;
    w.run({ kind: 'quiet' });
    w.apply(deposit(4));
    w.run({ kind: 'for', ms: 50_000 });

    const toA = sends(w).filter((e) => e.to === 'listener:A' && e.t > restartAt);
    // Back where it was: the unacked message first (a redelivery), then only new ones. No replay of 1, 2.
    expect(toA.map((e) => [e.kind, e.msg, e.attempt])).toEqual([
      ['redeliver', 3, 2],
      ['deliver', 4, 1],
    ]);
    expect(all(w, { kind: 'subscribe', from: 'listener:A' })).toHaveLength(2);
    expect(all(w, { kind: 'deliver', msg: 1, to: 'listener:A' })).toHaveLength(1);

    // C is a new durable (its own client id) with deliverAll: it replays the whole history, once.
    w.run({ kind: 'quiet' });
    const toC = sends(w).filter((e) => e.to === 'listener:C');
    expect(toC.map((e) => [e.kind, e.msg])).toEqual([1, 2, 3, 4].map((msg) => ['deliver', msg]));
    expect(ledger(w).Jim!.balance).toBe(2 * (1 + 2 + 3 + 4));
  });

  // (g) ----------------------------------------------------------------------------------------
  it('the same config and commands give a byte-identical trace', () => {
    const script = (): string => {
      const w = world(
        [
          listener('A', { queue: QUEUE, durable: 'd', ackWaitMs: 5_000 }, { processMs: 700 }),
          listener('B', { queue: QUEUE, durable: 'd', ackWaitMs: 5_000 }, { startAtMs: 50, processMs: 900 }),
        ],
        { seed: 42, jitterMs: 250 },
      );
      w.run({ kind: 'quiet' });
      w.apply({ do: 'fail-writes', listener: 'A', count: 1 });
      w.apply({ do: 'lose-acks', listener: 'A', count: 1 });
      for (const n of [1, 2, 3, 4]) w.apply(deposit(n));
      w.run({ kind: 'for', ms: 1_000 });
      w.apply({ do: 'crash', listener: 'B' });
      w.run({ kind: 'for', ms: 40_000 });
      w.apply({ do: 'restart', listener: 'B' });
      w.run({ kind: 'quiet' });
      return JSON.stringify({ trace: w.trace, storage: ledger(w) });
    };
    const a = script();
    const b = script();
    expect(b).toBe(a);
    // A run that exercises what it claims to: jitter, a redelivery, a crash and a restart.
    const kinds = new Set((JSON.parse(a) as { trace: TraceEvent[] }).trace.map((e) => e.kind));
    for (const k of ['redeliver', 'process-fail', 'ack-lost', 'crash', 'restart'] as TraceKind[]) expect(kinds).toContain(k);
    const hops = (JSON.parse(a) as { trace: TraceEvent[] }).trace.filter((e) => e.arrives !== undefined).map((e) => e.arrives! - e.t);
    expect(new Set(hops).size).toBeGreaterThan(1);
  });
});

describe('ack timer order', () => {
  it('resends by expiry: message 2, delivered 1 s after message 1, comes back 5 s after its delivery even after message 1 was resent first', () => {
    const w = createWorld(baseConfig({ listeners: [{ id: 'A', processMs: 100, subscriptions: [{ channel: 'c', ackWaitMs: 5_000 }] }] }));
    w.run({ kind: 'quiet' });
    w.apply({ do: 'fail-writes', listener: 'A', count: 2 });
    w.apply({ do: 'publish', channel: 'c', payload: { kind: 'deposit', user: 'Jim', amount: 1 } });
    w.apply({ do: 'wait', ms: 1_000 });
    w.apply({ do: 'publish', channel: 'c', payload: { kind: 'deposit', user: 'Jim', amount: 2 } });
    w.run({ kind: 'quiet' });
    const first = (msg: number) => w.trace.find((e) => e.kind === 'deliver' && e.msg === msg)!.t;
    const again = (msg: number) => w.trace.find((e) => e.kind === 'redeliver' && e.msg === msg)!.t;
    expect(again(1) - first(1)).toBe(5_000);
    expect(again(2) - first(2)).toBe(5_000);
  });
});
