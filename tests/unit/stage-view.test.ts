/**
 * viewAt and timeline, as tables of { args, expected }; every case also checks that the scene and
 * the trace it was given are left exactly as they were.
 */
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../src/actors/nats/types.ts';
import type { Scene } from '../../src/chapters/types.ts';
import { checkBalances, serialRefusals, settledAt, timeline, viewAt, type ViewOptions, type ViewState } from '../../src/stage/view.ts';
import { failTrace, fixtureScene, happyTrace, refuseTrace } from './stage-fixture.ts';

/** Runs viewAt and checks its inputs were not touched. */
function view(scene: Scene, trace: TraceEvent[], t: number, opts?: ViewOptions): ViewState {
  const before = structuredClone({ scene, trace });
  const v = viewAt(scene, trace, t, opts);
  expect({ scene, trace }).toEqual(before);
  return v;
}

const listener = (v: ViewState, id: string) => v.listeners.find((l) => l.id === id)!;
const jim = (v: ViewState) => v.storage.find((r) => r.user === 'Jim')!;

describe('viewAt: what each party shows', () => {
  const cases: { name: string; trace: TraceEvent[]; t: number; expected: (v: ViewState) => unknown; equals: unknown }[] = [
    { name: 'nothing has happened before the first event', trace: happyTrace, t: -1, expected: (v) => [v.publisher.sent.length, v.tokens.length, jim(v).balance], equals: [0, 0, 0] },
    { name: 'the publisher lists what it sent', trace: happyTrace, t: 0, expected: (v) => v.publisher.sent.map((s) => [s.msg, s.payload.amount]), equals: [[1, 70]] },
    { name: 'a publish token is halfway at t=50', trace: happyTrace, t: 50, expected: (v) => v.tokens.map((k) => [k.kind, k.from, k.to, k.progress]), equals: [['publish', 'publisher', 'server', 0.5]] },
    { name: 'the channel stores #1, not yet acked', trace: happyTrace, t: 100, expected: (v) => v.channels[0]!.messages.map((m) => [m.seq, m.acked]), equals: [[1, false]] },
    { name: 'the queue group comes from the subscriptions', trace: happyTrace, t: 100, expected: (v) => v.channels.map((c) => c.queue), equals: ['myQueueGroup', undefined] },
    { name: 'a deliver token travels to A', trace: happyTrace, t: 150, expected: (v) => v.tokens.map((k) => [k.kind, k.to, k.progress]), equals: [['deliver', 'listener:A', 0.5]] },
    { name: 'A is processing, 40% through', trace: happyTrace, t: 400, expected: (v) => [listener(v, 'A').state, listener(v, 'A').jobs.map((j) => [j.msg, j.progress])], equals: ['processing', [[1, 0.4]]] },
    { name: 'A holds an unacked delivery with its deadline', trace: happyTrace, t: 400, expected: (v) => listener(v, 'A').unacked.map((u) => [u.msg, u.ackDeadline]), equals: [[1, 30_100]] },
    { name: 'the write sets the balance', trace: happyTrace, t: 700, expected: (v) => [jim(v).balance, listener(v, 'A').state], equals: [70, 'idle'] },
    { name: 'the ack clears the unacked delivery at once', trace: happyTrace, t: 700, expected: (v) => listener(v, 'A').unacked.length, equals: 0 },
    { name: 'the channel marks #1 acked when the ack arrives', trace: happyTrace, t: 800, expected: (v) => v.channels[0]!.messages[0]!.acked, equals: true },
    { name: 'the ack token is in flight before that', trace: happyTrace, t: 750, expected: (v) => [v.channels[0]!.messages[0]!.acked, v.tokens.map((k) => k.kind)], equals: [false, ['ack']] },
    { name: 'a failed write leaves a mark and no ack', trace: failTrace, t: 1000, expected: (v) => [listener(v, 'A').mark?.kind, listener(v, 'A').unacked.length, jim(v).balance], equals: ['write-failed', 1, 0] },
    { name: 'the ack-wait ring runs down', trace: failTrace, t: 15_100, expected: (v) => listener(v, 'A').unacked[0]!.remaining, equals: 0.5 },
    { name: 'a redelivery to B clears A', trace: failTrace, t: 30_100, expected: (v) => [listener(v, 'A').unacked.length, listener(v, 'B').unacked.map((u) => u.attempt)], equals: [0, [2]] },
    { name: 'the redeliver token carries attempt 2', trace: failTrace, t: 30_150, expected: (v) => v.tokens.map((k) => [k.kind, k.attempt]), equals: [['redeliver', 2]] },
    { name: 'B processes it and the balance is 70', trace: failTrace, t: 40_000, expected: (v) => [jim(v).balance, listener(v, 'B').state], equals: [70, 'idle'] },
    { name: 'a refused withdraw marks the listener and the row', trace: refuseTrace, t: 700, expected: (v) => [listener(v, 'B').mark?.kind, jim(v).marks.map((m) => m.kind)], equals: ['refused', ['refused']] },
    { name: 'the refusal stays on the row', trace: refuseTrace, t: 99_000, expected: (v) => jim(v).marks.map((m) => [m.kind, m.payload?.amount]), equals: [['refused', 100]] },
  ];
  it.each(cases)('$name', ({ trace, t, expected, equals }) => {
    expect(expected(view(fixtureScene, trace, t))).toEqual(equals);
  });
});

describe('viewAt: options', () => {
  it.each([
    { args: { step: 0 }, expected: [false, false] },
    { args: { step: 1 }, expected: [false, true] },
  ])('slow listeners at step $args.step', ({ args, expected }) => {
    expect(view(fixtureScene, happyTrace, 0, args).listeners.map((l) => l.slow)).toEqual(expected);
  });

  it.each([
    { trace: happyTrace, args: { verdict: true }, expected: [{ user: 'Jim', expected: 10, actual: 70, refused: 0, ok: false }] },
    { trace: happyTrace, args: { verdict: false }, expected: undefined },
  ])('verdict $args.verdict', ({ trace, args, expected }) => {
    expect(view(fixtureScene, trace, 1000, args).verdicts).toEqual(expected);
  });

  it('a job still running at the end of the trace is estimated from processMs and never reads done', () => {
    const cut = happyTrace.slice(0, 5);
    expect(view(fixtureScene, cut, 450).listeners[0]!.jobs[0]!.progress).toBe(0.5);
    expect(view(fixtureScene, cut, 9000).listeners[0]!.jobs[0]!.progress).toBe(0.99);
  });

  it('a write of a message already written is a duplicate', () => {
    const again: TraceEvent[] = [...happyTrace, { ...happyTrace[5]!, t: 900, balance: 140 }];
    expect(view(fixtureScene, again, 900).storage[0]!.marks.map((m) => m.kind)).toEqual(['duplicate']);
  });
});

describe('settledAt and landed: a step ends with its tokens arrived, and the next does not fly them again', () => {
  it.each([
    { name: 'a step ending on an ack runs on until it lands', args: { trace: happyTrace, t: 700 }, expected: 800 },
    { name: 'nothing in flight: the same instant', args: { trace: happyTrace, t: 900 }, expected: 900 },
    { name: 'a redelivery setting off at the end of the step', args: { trace: failTrace, t: 30_100 }, expected: 30_200 },
    { name: 'only hops among the first upTo events count', args: { trace: happyTrace, t: 700, upTo: 7 }, expected: 700 },
  ])('$name', ({ args, expected }) => {
    expect(settledAt(args.trace, args.t, args.upTo)).toBe(expected);
  });

  it('hops before `landed` count as arrived: no token, and the ack has reached the server', () => {
    const v = view(fixtureScene, happyTrace, 700, { landed: happyTrace.length });
    expect(v.tokens).toEqual([]);
    expect(v.channels[0]!.messages.map((m) => m.acked)).toEqual([true]);
    expect(view(fixtureScene, happyTrace, 700).tokens.map((k) => k.kind)).toEqual(['ack']);
  });
});

describe('timeline', () => {
  it.each([
    { name: 'short gaps as they are', args: { t0: 0, t1: 800, trace: happyTrace }, expected: { durationMs: 800, at: [[0, 0], [0.25, 200], [1, 800]] } },
    { name: 'the 30 s ack wait squeezed to 1.2 s', args: { t0: 700, t1: 30_100, trace: failTrace }, expected: { durationMs: 1200, at: [[0, 700], [0.5, 15_400], [1, 30_100]] } },
    { name: 'an empty step', args: { t0: 5, t1: 5, trace: [] as TraceEvent[] }, expected: { durationMs: 0, at: [[0, 5], [0.5, 5], [1, 5]] } },
  ])('$name', ({ args, expected }) => {
    const before = structuredClone(args.trace);
    const tl = timeline(args.trace, args.t0, args.t1);
    expect(tl.virtualAt(Number.NaN)).toBe(args.t0);
    expect(tl.durationMs).toBe(expected.durationMs);
    for (const [p, v] of expected.at) expect(tl.virtualAt(p!)).toBeCloseTo(v!, 6);
    expect(args.trace).toEqual(before);
  });

  it.each([
    { args: { stretch: 2 }, expected: 1600 },
    { args: { minGapMs: 300 }, expected: 1400 },
    { args: { stretch: 3, maxGapMs: 1000 }, expected: 300 + 300 + 1000 + 300 },
  ])('options $args', ({ args, expected }) => {
    expect(timeline(happyTrace, 0, 800, args).durationMs).toBe(expected);
  });

  it.each([
    { args: { p: 0.5, trace: failTrace, t0: 700, t1: 30_100 }, expected: 29_400 / 1200 },
    { args: { p: 0.5, trace: happyTrace, t0: 0, t1: 800 }, expected: 1 },
    { args: { p: 0.5, trace: [] as TraceEvent[], t0: 0, t1: 0 }, expected: 1 },
  ])('rateAt $args.p over [$args.t0, $args.t1]', ({ args, expected }) => {
    expect(timeline(args.trace, args.t0, args.t1).rateAt(args.p)).toBeCloseTo(expected, 6);
  });

  it('is monotone', () => {
    const tl = timeline(failTrace, 0, 31_000);
    let last = -Infinity;
    for (let p = 0; p <= 1.0001; p += 0.01) {
      const v = tl.virtualAt(p);
      expect(v).toBeGreaterThanOrEqual(last);
      last = v;
    }
  });
});

describe('listeners that are not running', () => {
  it.each([
    // [step, expected state of A at the end of it]
    [0, 'offline'], // not deployed yet: the history is stored, nobody reads it
    [1, 'idle'], // deployed, caught up
    [2, 'offline'], // closed its connection for a deploy
    [3, 'idle'], // back, resumed
  ] as const)('broker-features step %i: A is %s', async (step, state) => {
    const { findScene } = await import('../../src/chapters/nats/scenes.ts');
    const { runScene } = await import('../../src/chapters/engine.ts');
    const scene = findScene('broker-features')!;
    const r = runScene(scene, step);
    const before = JSON.stringify(r.trace);
    expect(listener(viewAt(scene, r.trace, r.t1), 'A').state).toBe(state);
    expect(JSON.stringify(r.trace)).toBe(before);
  });
});

describe('the end-of-scene check', () => {
  const w = (msg: number, amount: number) => ({ msg, payload: { kind: 'withdraw' as const, user: 'Jim', amount } });
  const d = (msg: number, amount: number) => ({ msg, payload: { kind: 'deposit' as const, user: 'Jim', amount } });
  it.each([
    { name: 'chapter 1: nothing is refused in order', args: { start: { Jim: 0 }, sent: [d(1, 70), d(2, 40), w(3, 100)] }, expected: [] },
    { name: 'a withdraw first, with nothing there, is refused by a correct run too', args: { start: { Jim: 0 }, sent: [w(1, 5), d(2, 10)] }, expected: [1] },
    { name: 'publish order, not list order, decides', args: { start: { Jim: 0 }, sent: [w(2, 5), d(1, 10)] }, expected: [] },
  ])('serialRefusals: $name', ({ args, expected }) => {
    const before = structuredClone(args);
    expect([...serialRefusals(args.start, args.sent)]).toEqual(expected);
    expect(args).toEqual(before);
  });

  const refused = (msg: number) => ({ kind: 'refused' as const, msg, t: 0 });
  it.each([
    { name: 'the expected balance and no refusal: right', args: { balance: 10, marks: [], allowed: [] }, expected: { ok: true, refused: 0 } },
    { name: 'a wrong balance: wrong', args: { balance: 110, marks: [refused(3)], allowed: [] }, expected: { ok: false, refused: 1 } },
    // Side by side's naive lane: the right figure by luck, a customer's withdraw turned away on the way.
    { name: 'the expected balance, but a withdraw refused that a correct run applies: wrong', args: { balance: 10, marks: [refused(3)], allowed: [] }, expected: { ok: false, refused: 1 } },
    { name: 'a refusal a correct run makes too: still right', args: { balance: 10, marks: [refused(3)], allowed: [3] }, expected: { ok: true, refused: 0 } },
    { name: 'one message refused twice counts once', args: { balance: 10, marks: [refused(3), refused(3)], allowed: [] }, expected: { ok: false, refused: 1 } },
  ])('checkBalances: $name', ({ args, expected }) => {
    const rows = [{ user: 'Jim', balance: args.balance, marks: args.marks }];
    const before = structuredClone(rows);
    expect(checkBalances({ Jim: 10 }, rows, new Set(args.allowed))[0]).toEqual({ user: 'Jim', expected: 10, actual: args.balance, ...expected });
    expect(rows).toEqual(before);
  });

  it('a user missing from storage has $0', () => {
    expect(checkBalances({ Mary: 0, Jim: 10 }, [], new Set())).toEqual([
      { user: 'Mary', expected: 0, actual: 0, refused: 0, ok: true },
      { user: 'Jim', expected: 10, actual: 0, refused: 0, ok: false },
    ]);
  });

  it('viewAt: a lone withdraw from $0 is refused by a correct run too, so it does not count against the run', () => {
    expect(view(fixtureScene, refuseTrace, 10_000, { verdict: true }).verdicts).toEqual([{ user: 'Jim', expected: 10, actual: 0, refused: 0, ok: false }]);
  });
});

describe('faults drawn before they strike', () => {
  const inject = (atMs: number, command: { do: string; listener: string; count: number }) => [{ step: 0, atMs, command }];
  it.each([
    { name: 'a write failure injected by hand arms its listener', args: { trace: happyTrace, t: 50, faults: inject(0, { do: 'fail-writes', listener: 'A', count: 1 }) }, expected: { A: { failWrites: 1, loseAcks: 0 }, B: { failWrites: 0, loseAcks: 0 } } },
    { name: 'not before it is injected', args: { trace: happyTrace, t: 50, faults: inject(100, { do: 'fail-writes', listener: 'A', count: 1 }) }, expected: { A: { failWrites: 0, loseAcks: 0 }, B: { failWrites: 0, loseAcks: 0 } } },
    { name: 'a lost ack armed on B', args: { trace: happyTrace, t: 50, faults: inject(0, { do: 'lose-acks', listener: 'B', count: 2 }) }, expected: { A: { failWrites: 0, loseAcks: 0 }, B: { failWrites: 0, loseAcks: 2 } } },
    { name: 'a failed write uses the armed fault up', args: { trace: failTrace, t: 100_000, faults: inject(0, { do: 'fail-writes', listener: 'A', count: 1 }) }, expected: { A: { failWrites: 0, loseAcks: 0 }, B: { failWrites: 0, loseAcks: 0 } } },
  ])('$name', ({ args, expected }) => {
    const v = view(fixtureScene, args.trace, args.t, { faults: args.faults });
    expect(Object.fromEntries(v.listeners.map((l) => [l.id, l.armed]))).toEqual(expected);
  });
});
