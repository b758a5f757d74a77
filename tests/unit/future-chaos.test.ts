/**
 * Chapter 2's chaos scenario, 'future/discount': the in-process design is found broken with a
 * fixed seed, durable scheduling and the saga hold over 10,000 random schedules each (fast-check
 * drives the seeds), links round-trip, and the replay scene ends as the judge says. That both
 * hosts agree is tests/unit/hosts.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runChaos } from '../../src/chapters/chaos.ts';
import { runScene } from '../../src/chapters/engine.ts';
import { discount, judgeEnding, runFast, runSchedule, type FutureSchedule } from '../../src/chapters/future/chaos.ts';
import { chapter } from '../../src/chapters/future/index.ts';
import { createRng } from '../../src/kernel/rng.ts';

/** A schedule from fast-check's seed, through the scenario's own generator. */
const schedule = (design: string) => fc.integer({ min: 0, max: 2 ** 31 - 1 }).map((seed) => discount.random(createRng(seed), design));

describe('future/discount', () => {
  it('finds the in-process design broken: seed 7, 300 schedules, the same figures every time', () => {
    const a = runChaos(discount, { seed: 7, count: 300, design: 'in-process' });
    const b = runChaos(discount, { seed: 7, count: 300, design: 'in-process' });
    expect(a.wrong).toBe(b.wrong);
    expect(a.buckets).toEqual(b.buckets);
    expect(a.wrong).toBeGreaterThan(60);
    expect(a.tallies.lost).toBeGreaterThan(0);
    expect(a.tallies.stuck).toBeGreaterThan(0);
    expect(a.wrong).toMatchInlineSnapshot(`149`);
  });

  it('a bad in-process schedule is found by fast-check, and the same faults hold under the saga', () => {
    const r = fc.check(fc.property(schedule('in-process'), (s) => runSchedule(s).correct), { seed: 42, numRuns: 200 });
    expect(r.failed).toBe(true);
    const bad = r.counterexample![0] as FutureSchedule;
    expect(runSchedule(discount.withDesign(bad, 'saga'))).toMatchObject({ correct: true, lost: 0, wrongDiscounts: 0, stuckTotals: 0 });
  });

  it.each(['durable', 'saga'])('%s holds over 10,000 random schedules', (design) => {
    let taken = 0;
    fc.assert(
      fc.property(schedule(design), (s) => {
        const v = runSchedule(s);
        taken += v.taken;
        return v.correct;
      }),
      { seed: 2026, numRuns: 10_000 },
    );
    // Orders were taken in and judged, not refused by a crashed API: about 8 a schedule.
    expect(taken).toBeGreaterThan(50_000);
  }, 60_000);

  it('carries a schedule in a link, refuses what it would not have written, and replays it as a scene that ends as judged', () => {
    const bad = runChaos(discount, { seed: 7, count: 50, design: 'in-process' }).examples[0]!;
    expect(discount.decode(discount.encode(bad))).toEqual(bad);
    expect(discount.decode('not-a-schedule')).toBeUndefined();
    expect(discount.decode(discount.encode({ ...bad, design: 'nope' } as never))).toBeUndefined();
    const built = chapter.build!(discount.replayId, new URLSearchParams(`s=${discount.encode(bad)}`), chapter.scenes);
    const scene = built!.scene!;
    expect(scene.steps.map((s) => s.name)).toEqual(['setup', 'replay']);
    const end = runScene(scene, 1);
    const rows = (end.world.actors.get('store')!.getSnapshot().context as { rows: unknown }).rows;
    expect(rows).toEqual(runFast(bad).rows);
    expect(scene.steps[1]!.title).toBe('It ends wrong');
    expect(chapter.build!(discount.replayId, new URLSearchParams('s=xyz'), chapter.scenes)?.notices.length).toBe(1);
  });

  it('describes a schedule in words, and the chapter offers the scenario', () => {
    expect(chapter.chaos).toBe(discount);
    const s = discount.random(createRng(3), 'saga');
    expect(discount.describe(s)).toMatch(/orders?/);
    expect(discount.designOf(discount.withDesign(s, 'durable'))).toBe('durable');
  });
});
