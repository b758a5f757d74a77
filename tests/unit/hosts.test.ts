/**
 * The two hosts agree. The fast host (kernel/fast.ts) runs every family's pure rules on plain
 * contexts; the XState world runs the same rules through each kind's machine. On thousands of
 * random schedules of every chapter's chaos scenario, and on every step of every scene, both give
 * the same outcome and the same trace, event for event and field for field. And the comparison
 * has teeth: a world whose fast host breaks one rule of one family (a redelivery that does not
 * count as another attempt) is told apart from the XState world within a few hundred schedules.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { kernelConfig, natsPlugin } from '../../src/actors/nats/world.ts';
import { runOn, runFast, judgeEnding, discount } from '../../src/chapters/future/chaos.ts';
import { xstateHost } from '../../src/chapters/xstate.ts';
import { runChaos } from '../../src/chapters/chaos.ts';
import { runScene } from '../../src/chapters/engine.ts';
import { loadAllChapters, loadedScenes } from '../../src/chapters/index.ts';
import { ordering } from '../../src/chapters/nats/scenario.ts';
import { randomSchedule, runSchedule, scheduleCommands, scheduleConfig, type Schedule } from '../../src/chapters/nats/chaos.ts';
import { FastWorld } from '../../src/kernel/fast.ts';
import { createRegistry, type KindRules, type Registry } from '../../src/kernel/registry.ts';
import { createRng } from '../../src/kernel/rng.ts';
import type { Design } from '../../src/actors/nats/types.ts';

/** A trace as text, one line an event, every field: two runs agree when these are equal. */
const lines = (trace: readonly object[]): string[] => trace.map((e) => JSON.stringify(e));

/** Chapter 1's schedules from fast-check's seed, through the scenario's own generator. */
const natsSchedule = (design: Design) => fc.integer({ min: 0, max: 2 ** 31 - 1 }).map((seed) => randomSchedule(createRng(seed), design));

/** Chapter 1's world for a schedule on the fast host of a given registry, run to the end. */
function onFastHost(s: Schedule, registry: Registry): FastWorld {
  const w = new FastWorld(kernelConfig(scheduleConfig(s)), registry);
  for (const c of scheduleCommands(s)) w.apply(c);
  w.run({ kind: 'quiet' });
  return w;
}

/** The first line where two traces differ, or null. */
function firstDifference(a: readonly string[], b: readonly string[]): string | null {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return `event ${i}: ${a[i] ?? '(none)'} ≠ ${b[i] ?? '(none)'}`;
  return null;
}

describe('the fast host and the XState world agree', () => {
  beforeAll(loadAllChapters);

  it.each(['naive', 'last-sequence', 'publisher-last-seq', 'per-user-number'] as const)(
    'chapter 1, %s: the same verdict and the same trace, schedule after schedule',
    (design) => {
      fc.assert(
        fc.property(natsSchedule(design), (s) => {
          const fast = runSchedule(s);
          const xs = runSchedule(s, { host: xstateHost });
          expect(firstDifference(lines(fast.trace), lines(xs.trace))).toBeNull();
          expect({ ...fast, trace: null }).toEqual({ ...xs, trace: null });
        }),
        { seed: 14, numRuns: 500 },
      );
    },
    120_000,
  );

  it.each(['in-process', 'durable', 'saga'])(
    'chapter 2, %s: the same rows, the same end and the same trace, schedule after schedule',
    (design) => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 2 ** 31 - 1 }).map((seed) => discount.random(createRng(seed), design)),
          (s) => {
            const fast = runFast(s, { fullTrace: true });
            const xs = runOn(s, xstateHost, { fullTrace: true });
            expect(firstDifference(lines(fast.trace), lines(xs.trace))).toBeNull();
            expect(fast.rows).toEqual(xs.rows);
            expect(fast.endMs).toBe(xs.endMs);
            expect(judgeEnding(s, fast)).toEqual(judgeEnding(s, xs));
          },
        ),
        { seed: 14, numRuns: 350 },
      );
    },
    120_000,
  );

  it('every step of every scene of both chapters: the same trace, times and storage', () => {
    const scenes = loadedScenes();
    expect(new Set(scenes.map((s) => s.chapter))).toEqual(new Set(['nats', 'future']));
    for (const scene of scenes) {
      scene.steps.forEach((_, k) => {
        const fast = runScene(scene, k);
        const xs = runScene(scene, k, { host: xstateHost });
        expect(firstDifference(lines(fast.trace), lines(xs.trace)), `${scene.chapter}/${scene.id} step ${k}`).toBeNull();
        expect([fast.t0, fast.t1, fast.stepStart, fast.storage], `${scene.chapter}/${scene.id} step ${k}`).toEqual([xs.t0, xs.t1, xs.stepStart, xs.storage]);
      });
    }
  }, 120_000);

  it('tells the hosts apart when the fast host breaks one rule: a redelivery that is not counted as another attempt', () => {
    // The subscription unit's rules as the fast host of this registry runs them: every delivery
    // says attempt 1. The XState world keeps the real rules.
    const unit = natsPlugin.kinds.find((k) => k.kind === 'nats.subscription')!;
    const real = unit.rules as KindRules;
    type Out = { type: string; event?: { type?: string; attempt?: number }; trace?: { attempt?: number } };
    const forgetful: KindRules = {
      init: real.init,
      react: (ctx, e) => {
        const r = real.react(ctx, e);
        return {
          ctx: r.ctx,
          out: (r.out as Out[]).map((o) => (o.type === 'out' && o.event?.type === 'msg' ? { ...o, event: { ...o.event, attempt: 1 }, trace: { ...o.trace, attempt: 1 } } : o)),
        };
      },
    };
    const broken = createRegistry([{ ...natsPlugin, kinds: natsPlugin.kinds.map((k) => (k === unit ? { ...k, rules: forgetful } : k)) }]);
    const agree = (s: Schedule): boolean => firstDifference(lines(onFastHost(s, broken).trace), lines(runSchedule(s, { host: xstateHost }).trace)) === null;
    const found = fc.check(fc.property(natsSchedule('naive'), agree), { seed: 14, numRuns: 500 });
    expect(found.failed, 'the comparison found no schedule where the broken host differs').toBe(true);
    // The schedule it found needs a redelivery, the only place the broken rule shows.
    const s = found.counterexample![0];
    expect(runSchedule(s).trace.some((e) => e.kind === 'redeliver')).toBe(true);
    // And with the real rules on the same registry shape, the same schedule agrees.
    const same = createRegistry([natsPlugin]);
    expect(firstDifference(lines(onFastHost(s, same).trace), lines(runSchedule(s, { host: xstateHost }).trace))).toBeNull();
  }, 120_000);

  it('the chaos explorer runs on the fast host and finds what it found before: seed 7, 300 schedules, 134 wrong', () => {
    // 134 is what the XState world gave before the fast host existed (tests/golden/chaos1.json).
    expect(runChaos(ordering, { seed: 7, count: 300, design: 'naive' }).wrong).toBe(134);
  });
});
