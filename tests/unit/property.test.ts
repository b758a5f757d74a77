/**
 * Property tests over random fault schedules (fast-check, seeded, so a failure is reproducible):
 * the world is deterministic, the naive design has schedules that go wrong (found here, not
 * written down), no design loses a message, and the redesign always ends right.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BOUNDS, LISTENER_IDS, runSchedule, type Fault, type Schedule } from '../../src/chapters/nats/chaos.ts';
import type { Design } from '../../src/actors/nats/types.ts';
import { runScene } from '../../src/chapters/engine.ts';
import { scenes } from '../../src/chapters/nats/scenes.ts';

const int = ([min, max]: readonly [number, number]) => fc.integer({ min, max });
const listenerArb = fc.constantFrom(...LISTENER_IDS);

const faultArb: fc.Arbitrary<Fault> = fc.oneof(
  fc.record({ kind: fc.constant('fail-write' as const), atMs: int(BOUNDS.faultAtMs), listener: listenerArb }),
  fc.record({ kind: fc.constant('lose-ack' as const), atMs: int(BOUNDS.faultAtMs), listener: listenerArb }),
  fc.record({ kind: fc.constant('slow' as const), atMs: int(BOUNDS.faultAtMs), listener: listenerArb, processMs: int(BOUNDS.processMs) }),
  fc.record({ kind: fc.constant('crash' as const), atMs: int(BOUNDS.faultAtMs), listener: listenerArb, downMs: int(BOUNDS.downMs) }),
);

const pair = (b: readonly [number, number]) => fc.tuple(int(b), int(b));

export const scheduleArb = (design: Design): fc.Arbitrary<Schedule> =>
  fc.record({
    design: fc.constant(design),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    processMs: pair(BOUNDS.processMs),
    withdrawJoinMs: pair(BOUNDS.withdrawJoinMs),
    gapsMs: pair(BOUNDS.gapsMs),
    ackWaitMs: int(BOUNDS.ackWaitMs),
    jitterMs: int(BOUNDS.jitterMs),
    faults: fc.array(faultArb, { maxLength: BOUNDS.faults[1] }),
  });

describe('determinism', () => {
  it('the same schedule gives a byte-identical trace', () => {
    fc.assert(
      fc.property(scheduleArb('naive'), (s) => {
        expect(JSON.stringify(runSchedule(s).trace)).toBe(JSON.stringify(runSchedule(structuredClone(s)).trace));
      }),
      { seed: 1, numRuns: 200 },
    );
  });

  it.each(scenes.map((s) => [s.id, s] as const))('scene %s gives the same trace for the same seed, every step', (_id, scene) => {
    for (let step = 0; step < scene.steps.length; step++) {
      for (const seed of [1, 7, 123456]) {
        const a = runScene(scene, step, { seed });
        const b = runScene(scene, step, { seed });
        expect(JSON.stringify(a.trace)).toBe(JSON.stringify(b.trace));
      }
    }
  });

  it('a different seed changes the timing when there is jitter', () => {
    const s = fc.sample(scheduleArb('naive'), { seed: 3, numRuns: 1 })[0]!;
    const a = runSchedule({ ...s, jitterMs: 150, seed: 1 });
    const b = runSchedule({ ...s, jitterMs: 150, seed: 2 });
    expect(JSON.stringify(a.trace)).not.toBe(JSON.stringify(b.trace));
  });
});

describe('the naive design breaks', () => {
  it('fast-check finds a schedule that refuses the withdraw or ends with the wrong balance', () => {
    const result = fc.check(
      fc.property(scheduleArb('naive'), (s) => runSchedule(s).correct),
      { seed: 20261121, numRuns: 2_000 },
    );
    expect(result.failed).toBe(true);
    const [bad] = result.counterexample!;
    const v = runSchedule(bad);
    expect(v.refused > 0 || v.balance !== 10).toBe(true);
    // Shrunk to something a person can read: the counterexample is small.
    expect(bad.faults.length).toBeLessThanOrEqual(2);
  });

  it('solution #1, a single copy of Account Srv, still has a schedule that ends wrong', () => {
    const result = fc.check(
      fc.property(scheduleArb('naive').map((s): Schedule => ({ ...s, copies: 1 })), (s) => runSchedule(s).correct),
      { seed: 3, numRuns: 2_000 },
    );
    expect(result.failed).toBe(true);
    const v = runSchedule(result.counterexample![0]);
    expect(v.correct).toBe(false);
    // Only A ever handled anything.
    expect(v.trace.every((e) => !(e.kind === 'process-start' && e.from === 'listener:B'))).toBe(true);
  });

  it('even with no faults at all, timing alone can break it', () => {
    const result = fc.check(
      fc.property(scheduleArb('naive').map((s) => ({ ...s, faults: [] })), (s) => runSchedule(s).correct),
      { seed: 7, numRuns: 2_000 },
    );
    expect(result.failed).toBe(true);
    expect(runSchedule(result.counterexample![0]).correct).toBe(false);
  });

  it('a lost ack makes a duplicate: a schedule with only lost acks can end above $10', () => {
    const result = fc.check(
      fc.property(
        scheduleArb('naive').map((s) => ({ ...s, faults: s.faults.filter((f) => f.kind === 'lose-ack') })),
        (s) => runSchedule(s).balance <= 10,
      ),
      { seed: 11, numRuns: 2_000 },
    );
    expect(result.failed).toBe(true);
    const v = runSchedule(result.counterexample![0]);
    expect(v.balance).toBeGreaterThan(10);
    expect(v.trace.some((e) => e.kind === 'ack-lost')).toBe(true);
  });
});

describe('no message is lost', () => {
  it.each(['naive', 'last-sequence', 'publisher-last-seq', 'per-user-number'] as const)('%s: every published message ends acked', (design) => {
    fc.assert(
      fc.property(scheduleArb(design), (s) => {
        const v = runSchedule(s);
        expect(v.allAcked).toBe(true);
      }),
      { seed: 5, numRuns: 1_000 },
    );
  });
});

describe('the redesign (per-user number) holds', () => {
  it('over 10,000 random fault schedules: Jim ends at $10, no valid withdraw is refused, nothing is lost', () => {
    fc.assert(
      fc.property(scheduleArb('per-user-number'), (s) => {
        const v = runSchedule(s);
        expect(v.refused).toBe(0);
        expect(v.balance).toBe(10);
        expect(v.allAcked).toBe(true);
      }),
      { seed: 42, numRuns: 10_000 },
    );
  });
});

describe('the designs that keep order hold too', () => {
  it.each(['last-sequence', 'publisher-last-seq'] as const)('%s: over 3,000 random fault schedules, Jim ends at the right balance and nothing is refused', (design) => {
    fc.assert(
      fc.property(scheduleArb(design), (s) => {
        const v = runSchedule(s);
        expect(v.refused).toBe(0);
        expect(v.balance).toBe(10);
      }),
      { seed: 43, numRuns: 3_000 },
    );
  });
});

describe('one connection delivers in order', () => {
  it('with any jitter, the server stores one publisher’s messages in the order it sent them', () => {
    fc.assert(
      fc.property(scheduleArb('last-sequence'), (s) => {
        const v = runSchedule(s);
        const stored = v.trace.filter((e) => e.kind === 'store').map((e) => e.msg);
        expect(stored).toEqual([...stored].sort((a, b) => a! - b!));
      }),
      { seed: 44, numRuns: 500 },
    );
  });
});
