/**
 * The chaos explorer: the batched run its Web Worker uses gives exactly the report of
 * `runRandomSchedules`, and each bad schedule replays as a scene that ends the same way.
 */
import { describe, expect, it } from 'vitest';
import { ChaosRun, describeFaults, randomSchedule, runRandomSchedules, runSchedule, type ChaosReport, type Schedule } from '../../src/chapters/nats/chaos.ts';
import { createRng } from '../../src/kernel/rng.ts';
import type { Design } from '../../src/actors/nats/types.ts';
import { runScene } from '../../src/chapters/engine.ts';
import { chaosScene, decodeSchedule, encodeSchedule } from '../../src/chapters/nats/chaos-replay.ts';
import { ordering as scenario, balanceList } from '../../src/chapters/nats/scenario.ts';

/** The loop runRandomSchedules had before it ran on ChaosRun, kept here as the reference. */
function reference(opts: { seed: number; count: number; design: Design; keep?: number }): ChaosReport {
  const rng = createRng(opts.seed);
  const report: ChaosReport = { runs: 0, wrong: 0, refusedAtTen: 0, unacked: 0, balances: {}, examples: [] };
  for (let i = 0; i < opts.count; i++) {
    const s = randomSchedule(rng, opts.design);
    const v = runSchedule(s);
    report.runs++;
    report.balances[v.balance] = (report.balances[v.balance] ?? 0) + 1;
    if (!v.allAcked) report.unacked++;
    if (!v.correct) {
      report.wrong++;
      if (v.balance === 10) report.refusedAtTen++;
      if (report.examples.length < (opts.keep ?? 5)) report.examples.push(s);
    }
  }
  return report;
}

describe('ChaosRun (the explorer’s batches)', () => {
  it('runRandomSchedules gives what its original loop gave', () => {
    for (const design of ['naive', 'per-user-number'] as const) expect(runRandomSchedules({ seed: 3, count: 250, design })).toEqual(reference({ seed: 3, count: 250, design }));
  });

  for (const design of ['naive', 'per-user-number'] as const) {
    it(`gives the same report as runRandomSchedules in uneven batches (${design})`, () => {
      const whole = reference({ seed: 7, count: 450, design });
      const run = new ChaosRun({ seed: 7, design });
      for (const n of [200, 200, 50]) run.next(n);
      expect(run.report).toEqual(whole);
    });
  }

  it('counts the runs that ended at $10 yet refused a withdraw: wrong, and among the $10 balances', () => {
    const r = runRandomSchedules({ seed: 1, count: 300, design: 'naive' });
    expect(r.refusedAtTen).toBeGreaterThan(0);
    expect(r.refusedAtTen).toBeLessThanOrEqual(r.wrong);
    // The $10 runs are the right ones and these.
    expect(r.balances['10']).toBe(r.runs - r.wrong + r.refusedAtTen);
    expect(runRandomSchedules({ seed: 1, count: 300, design: 'per-user-number' }).refusedAtTen).toBe(0);
  });

  it('finds wrong naive runs and none with per-user numbers', () => {
    expect(new ChaosRun({ seed: 7, design: 'naive' }).next(300).wrong).toBeGreaterThan(0);
    expect(new ChaosRun({ seed: 7, design: 'per-user-number' }).next(300).wrong).toBe(0);
  });
});

describe('startChaos (the explorer’s runs, in time slices on the page)', () => {
  /** A fake clock that moves 1 ms per reading, and a queue of slices run by hand. */
  const harness = () => {
    let t = 0;
    const queue: (() => void)[] = [];
    return { now: () => t++, later: (f: () => void) => queue.push(f), drain: (max = 100_000) => { for (let i = 0; i < max && queue.length > 0; i++) queue.shift()!(); }, pending: () => queue.length };
  };

  it('ends with the figures runRandomSchedules gives, in several slices, reporting as it goes', async () => {
    const { startChaos } = await import('../../src/deck/chaosTask.ts');
    const h = harness();
    const seen: number[] = [];
    let last: import('../../src/deck/chaosTask.ts').ChaosProgress<Schedule> | undefined;
    startChaos({ scenario, seed: 5, count: 120, design: 'naive' }, (p) => {
      seen.push(p.done);
      last = p;
    }, { now: h.now, later: h.later, sliceMs: 6, reportMs: 0 });
    expect(seen).toEqual([]);
    h.drain();
    const whole = runRandomSchedules({ seed: 5, count: 120, design: 'naive' });
    expect(last).toMatchObject({ done: 120, total: 120, wrong: whole.wrong, tallies: { refusedAtTen: whole.refusedAtTen, unacked: whole.unacked }, buckets: whole.balances, examples: whole.examples, finished: true });
    expect(seen.length).toBeGreaterThan(3);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it('cancelled, it reports nothing more and schedules no more slices', async () => {
    const { startChaos } = await import('../../src/deck/chaosTask.ts');
    const h = harness();
    const seen: number[] = [];
    const cancel = startChaos({ scenario, seed: 5, count: 500, design: 'naive' }, (p) => seen.push(p.done), { now: h.now, later: h.later, sliceMs: 4, reportMs: 0 });
    h.drain(3);
    const before = seen.length;
    expect(before).toBeGreaterThan(0);
    cancel();
    h.drain();
    expect(seen).toHaveLength(before);
    expect(h.pending()).toBe(0);
    expect(seen.at(-1)).toBeLessThan(500);
  });
});

describe('chaosScene (replay)', () => {
  const examples = runRandomSchedules({ seed: 7, count: 300, design: 'naive' }).examples;

  it('replays each bad schedule to the same balance and refusals', () => {
    expect(examples.length).toBe(5);
    for (const s of examples) {
      const scene = chaosScene(s);
      expect(scene.id).toBe('chaos-replay');
      expect(scene.steps.map((st) => st.name)).toEqual(['setup', 'replay']);
      const v = runSchedule(s);
      const r = runScene(scene, 1);
      expect(r.storage.Jim?.balance ?? 0).toBe(v.balance);
      expect(r.trace.filter((e) => e.kind === 'reject').length).toBe(v.refused);
      expect(scene.steps[1]!.narration).toMatch(v.balance === 10 ? /refused/ : /instead of \$10/);
    }
  });

  it('describes faults in one line', () => {
    const s = examples[0]!;
    expect(describeFaults(s)).not.toMatch(/\n/);
    expect(describeFaults({ ...s, faults: [] })).toMatch(/No faults/);
  });

  it('round-trips a schedule through the link, and refuses garbage', () => {
    for (const s of examples) expect(decodeSchedule(encodeSchedule(s))).toEqual(s);
    const bad: Array<string> = ['', '!!!', 'eyJ9', encodeSchedule({ ...examples[0]!, design: 'x' } as unknown as Schedule), encodeSchedule({ ...examples[0]!, faults: [{ kind: 'boom' }] } as unknown as Schedule)];
    for (const b of bad) expect(decodeSchedule(b)).toBeUndefined();
  });
});

describe('key C', () => {
  it('opens the chaos explorer, except while typing', async () => {
    const { keyAction } = await import('../../src/deck/keys.ts');
    expect(keyAction({ key: 'c' })).toBe('chaos');
    expect(keyAction({ key: 'C' })).toBe('chaos');
    expect(keyAction({ key: 'c', targetTag: 'INPUT' })).toBeUndefined();
  });
});

describe('explorer inputs', () => {
  it('clamps the count and falls back on a bad seed, saying so', async () => {
    const { readCount, readSeed } = await import('../../src/deck/chaosInput.ts');
    expect(readCount('300')).toEqual({ value: 300 });
    expect(readCount('20,000')).toEqual({ value: 20_000 });
    expect(readCount('50000').value).toBe(20_000);
    expect(readCount('50000').message).toMatch(/At most 20,000/);
    expect(readCount('5').value).toBe(100);
    expect(readCount('lots').value).toBe(1_000);
    expect(readCount('1.5').message).toMatch(/not a whole number/);
    expect(readSeed('7')).toEqual({ value: 7 });
    expect(readSeed('-3').value).toBe(1);
    expect(readSeed('abc').message).toMatch(/not a whole number/);
  });
});

describe('the balance chart', () => {
  it('draws a bar per balance, the $10 one marked, and folds the rarest into one when there are many', async () => {
    const { chartBars, MAX_BARS } = await import('../../src/deck/chaosChart.ts');
    const few = chartBars(balanceList({ '110': 3, '10': 5, '-30': 1 }));
    expect(few.map((b) => [b.label, b.count, b.ok])).toEqual([
      ['−$30', 1, false],
      ['$10', 5, true],
      ['$110', 3, false],
    ]);
    const many: Record<string, number> = { '10': 2 };
    for (let i = 1; i <= 15; i++) many[String(10 + i * 10)] = i;
    const bars = chartBars(balanceList(many));
    expect(bars).toHaveLength(MAX_BARS);
    expect(bars.find((b) => b.ok)?.count).toBe(2);
    expect(bars.at(-1)).toMatchObject({ key: 'others', label: 'others', count: 1 + 2 + 3 + 4 + 5 + 6 + 7 + 8, folded: 8 });
    expect(bars.reduce((n, b) => n + b.count, 0)).toBe(Object.values(many).reduce((a, b) => a + b, 0));
  });

  it('splits the $10 runs: ✓ $10 (right) and “$10 refused” beside it, still at most MAX_BARS bars', async () => {
    const { chartBars, MAX_BARS } = await import('../../src/deck/chaosChart.ts');
    const few = chartBars(balanceList({ '110': 3, '10': 5, '-30': 1 }), 2);
    expect(few.map((b) => [b.key, b.label, b.note, b.count, b.ok])).toEqual([
      ['-30', '−$30', undefined, 1, false],
      ['10', '$10', undefined, 3, true],
      ['10-refused', '$10', 'refused', 2, false],
      ['110', '$110', undefined, 3, false],
    ]);
    // Every run at $10 refused something: no green bar at all.
    expect(chartBars(balanceList({ '10': 4, '110': 1 }), 4).map((b) => [b.key, b.ok])).toEqual([
      ['10-refused', false],
      ['110', false],
    ]);
    const many: Record<string, number> = { '10': 9 };
    for (let i = 1; i <= 15; i++) many[String(10 + i * 10)] = i;
    const bars = chartBars(balanceList(many), 4);
    expect(bars).toHaveLength(MAX_BARS);
    expect(bars.filter((b) => b.key.startsWith('10')).map((b) => b.count)).toEqual([5, 4]);
    expect(bars.reduce((n, b) => n + b.count, 0)).toBe(Object.values(many).reduce((a, b) => a + b, 0));
    // The bars that are not green add up to the wrong runs.
    const wrong = Object.values(many).reduce((a, b) => a + b, 0) - 5;
    expect(bars.filter((b) => !b.ok).reduce((n, b) => n + b.count, 0)).toBe(wrong);
  });
});
