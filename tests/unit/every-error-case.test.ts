/**
 * "Solution #2 that won't work: handle every error": a scene whose content is the chaos explorer.
 * Its data is checked here (order, presets, asides, no commands); the explorer itself in the
 * browser is checked by tests/e2e/every-error-case.spec.ts.
 */
import { describe, expect, it } from 'vitest';
import { BOUNDS, runRandomSchedules } from '../../src/chapters/nats/chaos.ts';
import { runScene } from '../../src/chapters/engine.ts';
import { findScene, scenes } from '../../src/chapters/nats/scenes.ts';
import { EVERY_ERROR_RUN, everyErrorCase } from '../../src/chapters/nats/every-error-case.ts';
import { COUNT_MAX, COUNT_MIN, SEED_MAX } from '../../src/deck/chaosInput.ts';
import { faultDayLines } from '../../src/chapters/nats/scenario.ts';

describe('every-error-case: the scene', () => {
  it('is registered right after single-copy, and found by its id', () => {
    const ids = scenes.map((s) => s.id);
    expect(ids.indexOf('every-error-case')).toBe(ids.indexOf('single-copy') + 1);
    expect(findScene('every-error-case')).toBe(everyErrorCase);
  });

  it('shows the chaos explorer in place of the stage, with its steps in the order of the story', () => {
    expect(everyErrorCase.panel).toBe('chaos');
    expect(everyErrorCase.steps.map((s) => s.name)).toEqual(['temptation', 'thousand-days', 'one-bad-day', 'the-cost']);
  });

  it.each(everyErrorCase.steps.map((s) => [s.name, s] as const))('%s: no commands, a preset the form accepts, and an aside', (_name, step) => {
    expect(step.commands).toEqual([]);
    expect(step.until).toBeUndefined();
    const p = step.chaos!;
    expect(p.count).toBeGreaterThanOrEqual(COUNT_MIN);
    expect(p.count).toBeLessThanOrEqual(COUNT_MAX);
    expect(Number.isInteger(p.seed) && p.seed >= 0 && p.seed <= SEED_MAX).toBe(true);
    expect(step.aside!.rows.length).toBeGreaterThan(0);
    expect(new Set(step.aside!.rows.map((r) => r.term)).size).toBe(step.aside!.rows.length);
  });

  it.each([
    { name: 'temptation', run: false },
    { name: 'thousand-days', run: true },
    { name: 'one-bad-day', run: true },
    { name: 'the-cost', run: true },
  ])('$name: runs at once: $run, on the naive design with the fixed seed', ({ name, run }) => {
    const step = everyErrorCase.steps.find((s) => s.name === name)!;
    expect(step.chaos).toEqual({ ...EVERY_ERROR_RUN, run });
    expect(step.chaos!.design).toBe('naive');
  });

  it('the temptation lists a patch for each failure of the chapter so far', () => {
    const terms = everyErrorCase.steps[0]!.aside!.rows.map((r) => r.term);
    expect(terms).toEqual(['Write fails', 'Slow listener', 'Dead listener', 'Same event twice']);
  });

  it('publishes nothing: the world is the naive one, at rest', () => {
    const r = runScene(everyErrorCase, everyErrorCase.steps.length - 1);
    expect(r.trace.filter((e) => e.kind === 'publish')).toEqual([]);
    expect(everyErrorCase.world.listeners.map((l) => l.id)).toEqual(['A', 'B']);
  });

  it('the fixed run finds wrong days, the same number every time, each kept one replayable', () => {
    const a = runRandomSchedules(EVERY_ERROR_RUN);
    const b = runRandomSchedules(EVERY_ERROR_RUN);
    expect(a.wrong).toBeGreaterThan(0);
    expect(a.wrong).toBeLessThan(a.runs);
    expect(b).toEqual(a);
    expect(a.examples.length).toBe(5);
  });
});

describe('faultDayLines (the explorer before a run)', () => {
  it('reads its ranges from the bounds schedules are drawn within', () => {
    const lines = faultDayLines();
    const before = structuredClone(BOUNDS);
    expect(lines).toEqual([
      'A and B each take 0.2–4 s per event',
      'Jim’s three events go out 0–3 s apart, with up to 0.2 s of network delay',
      'the ack wait before a redelivery is 5–30 s',
      'up to 4 faults at random moments: a crash (back 0.5–20 s later), a slow-down, a failed write, a lost ack',
    ]);
    expect(BOUNDS).toEqual(before);
  });
});
