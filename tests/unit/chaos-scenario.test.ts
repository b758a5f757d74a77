/**
 * One interface for every chapter's chaos: the generic batch runner gives chapter 1's figures
 * exactly as runRandomSchedules does, whatever the seed, the design or the batches; the
 * scenario's link codec round-trips any schedule it accepts and refuses damaged text; the
 * chapter exposes the scenario and builds its replay and its sandbox from a link's query.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChaosBatch, bucketList, compareLink, designLabel, replayLink, runChaos, type ChaosScenario } from '../../src/chapters/chaos.ts';
import { findScenario, loadChapter, loadedScenarios } from '../../src/chapters/index.ts';
import { runRandomSchedules, runSchedule, type Fault, type Schedule } from '../../src/chapters/nats/chaos.ts';
import { encodeSchedule } from '../../src/chapters/nats/chaos-replay.ts';
import { ordering } from '../../src/chapters/nats/scenario.ts';
import { runScene } from '../../src/chapters/engine.ts';
import { scenes } from '../../src/chapters/nats/scenes.ts';
import { encodeJson } from '../../src/lib/link.ts';
import { createRng } from '../../src/kernel/rng.ts';

/** The generic report in chapter 1's old shape, to compare with runRandomSchedules. */
const asChapter1 = (r: ReturnType<typeof runChaos<Schedule>>) => ({
  runs: r.runs,
  wrong: r.wrong,
  refusedAtTen: r.tallies.refusedAtTen,
  unacked: r.tallies.unacked,
  balances: r.buckets,
  examples: r.examples,
});

describe('the generic runner on chapter 1 (nats/ordering)', () => {
  it.each([
    { seed: 1, design: 'naive', count: 40 },
    { seed: 7, design: 'naive', count: 60 },
    { seed: 123_456, design: 'last-sequence', count: 25 },
    { seed: 2 ** 31 - 1, design: 'publisher-last-seq', count: 25 },
    { seed: 0, design: 'per-user-number', count: 25 },
  ] as const)('seed $seed, $design, $count schedules: the figures runRandomSchedules gives', ({ seed, design, count }) => {
    expect(asChapter1(runChaos(ordering, { seed, design, count }))).toEqual(runRandomSchedules({ seed, design, count }));
  });

  it('taken in uneven batches, the same report as in one go; `keep` bounds the examples', () => {
    const whole = runChaos(ordering, { seed: 11, design: 'naive', count: 45, keep: 2 });
    const batch = new ChaosBatch(ordering, { seed: 11, design: 'naive', keep: 2 });
    for (const n of [1, 20, 0, 24]) batch.next(n);
    expect(batch.report).toEqual(whole);
    expect(whole.examples.length).toBeLessThanOrEqual(2);
    expect(whole.wrong).toBeGreaterThan(whole.examples.length);
  });

  it('before any run, every tally the scenario declares is there, at 0', () => {
    expect(new ChaosBatch(ordering, { seed: 1, design: 'naive' }).report).toEqual({ runs: 0, wrong: 0, buckets: {}, tallies: { refusedAtTen: 0, unacked: 0 }, examples: [] });
  });

  it('judges a schedule as runSchedule does: bucket = the final balance, tallies by name', () => {
    const [bad] = runRandomSchedules({ seed: 7, count: 10, design: 'naive' }).examples;
    const v = runSchedule(bad!);
    expect(ordering.judge(bad!)).toEqual({ correct: false, bucket: String(v.balance), tallies: { refusedAtTen: v.balance === 10, unacked: !v.allAcked } });
  });
});

describe('nats/ordering, as the interface describes it', () => {
  it('names its designs, the broken one and the fix among them, each with its label', () => {
    const ids = ordering.designs.map((d) => d.id);
    expect(ids).toEqual(['naive', 'last-sequence', 'publisher-last-seq', 'per-user-number']);
    expect(ids).toContain(ordering.broken);
    expect(ids).toContain(ordering.fix);
    expect(designLabel(ordering, 'naive')).toBe('Naive (a channel per kind)');
    expect(designLabel(ordering, 'nope')).toBe('nope');
  });

  it('declares every tally its outcomes count, and its chart splits on one of them', () => {
    const keys = ordering.tallies.map((t) => t.key);
    const s = ordering.random(createRng(2), 'naive');
    expect(Object.keys(ordering.judge(s).tallies).sort()).toEqual([...keys].sort());
    expect(keys).toContain(ordering.chart.split!.tally);
  });

  it('describes a schedule in one line, and what one random schedule varies', () => {
    const s = ordering.random(createRng(5), 'naive');
    expect(ordering.describe(s)).not.toMatch(/\n/);
    expect(ordering.day.length).toBeGreaterThan(0);
    expect(ordering.lede).toMatch(/\$10/);
  });

  it('changes a schedule’s design and nothing else', () => {
    const s = ordering.random(createRng(9), 'naive');
    const t = ordering.withDesign(s, 'per-user-number');
    expect(ordering.designOf(t)).toBe('per-user-number');
    expect({ ...t, design: s.design }).toEqual(s);
    expect(ordering.designOf(s)).toBe('naive');
  });

  it('replays a schedule as a scene that ends in the bucket the judge gives', () => {
    const [bad] = runRandomSchedules({ seed: 7, count: 10, design: 'naive' }).examples;
    const scene = ordering.replay(bad!);
    expect(scene.id).toBe(ordering.replayId);
    expect(scene.chapter).toBe('nats');
    const end = runScene(scene, scene.steps.length - 1);
    expect(String(end.storage.Jim?.balance ?? 0)).toBe(ordering.judge(bad!).bucket);
  });

  it('links as the deck does: #/<chapter>/<replay>/0?s=… and ?compare=…', () => {
    const s = ordering.random(createRng(3), 'naive');
    expect(replayLink(ordering, s)).toBe(`#/nats/chaos-replay/0?s=${encodeSchedule(s)}`);
    expect(compareLink(ordering, s)).toBe(`?compare=${encodeSchedule(s)}`);
  });

  it.each<{ counts: Record<string, number>; expected: [string, string, boolean][] }>([
    { counts: { '110': 3, '10': 5, '-30': 1 }, expected: [['-30', '−$30', false], ['10', '$10', true], ['110', '$110', false]] },
    { counts: {}, expected: [] },
    { counts: { '1000': 1, '20': 2 }, expected: [['20', '$20', false], ['1000', '$1,000', false]] },
  ])('bucketList($counts): in order, labelled, the right one marked', ({ counts, expected }) => {
    const before = structuredClone(counts);
    expect(bucketList(counts, ordering.chart).map((b) => [b.key, b.label, b.right])).toEqual(expected);
    expect(counts).toEqual(before);
  });
});

/** Any schedule the codec accepts: every field across its whole range, not only the random bounds. */
const ms = (min = 0) => fc.integer({ min, max: 600_000 });
const listener = fc.constantFrom('A' as const, 'B' as const);
const fault: fc.Arbitrary<Fault> = fc.oneof(
  fc.record({ kind: fc.constantFrom('fail-write' as const, 'lose-ack' as const), atMs: ms(), listener }),
  fc.record({ kind: fc.constant('slow' as const), atMs: ms(), listener, processMs: ms(1) }),
  fc.record({ kind: fc.constant('crash' as const), atMs: ms(), listener, downMs: ms() }),
);
const schedule: fc.Arbitrary<Schedule> = fc
  .record({
    design: fc.constantFrom(...(ordering.designs.map((d) => d.id) as Schedule['design'][])),
    seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    processMs: fc.tuple(ms(1), ms(1)),
    withdrawJoinMs: fc.tuple(ms(), ms()),
    gapsMs: fc.tuple(ms(), ms()),
    ackWaitMs: ms(1_000),
    jitterMs: ms(),
    faults: fc.array(fault, { maxLength: 8 }),
    copies: fc.option(fc.constantFrom(1 as const, 2 as const), { nil: undefined }),
  })
  .map(({ copies, ...s }) => (copies === undefined ? s : { ...s, copies }));

describe('the link codec (encode/decode)', () => {
  it('round-trips any schedule it accepts', () => {
    fc.assert(
      fc.property(schedule, (s) => {
        expect(ordering.decode(ordering.encode(s))).toEqual(s);
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('round-trips the random schedules the runner draws, every design', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.constantFrom(...ordering.designs.map((d) => d.id)), (seed, design) => {
        const s = ordering.random(createRng(seed), design);
        expect(ordering.decode(ordering.encode(s))).toEqual(s);
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('damaged text: never throws, and gives undefined or a schedule it would write again as is', () => {
    fc.assert(
      fc.property(schedule, fc.nat(), fc.constantFrom('A', '_', '-', '0', '!', ''), (s, at, ch) => {
        const text = ordering.encode(s);
        const i = at % text.length;
        const damaged = text.slice(0, i) + ch + text.slice(i + 1);
        const read = ordering.decode(damaged);
        if (read !== undefined) expect(ordering.decode(ordering.encode(read))).toEqual(read);
      }),
      { seed: 3, numRuns: 300 },
    );
  });

  const good = ordering.random(createRng(1), 'naive');
  it.each([
    ['empty text', ''],
    ['not base64url', 'abc$def'],
    ['cut short', ordering.encode(good).slice(0, -7)],
    ['base64 of no JSON', 'bm90LWEtc2NoZWR1bGU'],
    ['JSON of a list', encodeJson([1, 2])],
    ['an unknown design', encodeJson({ ...good, design: 'x' })],
    ['a negative seed', encodeJson({ ...good, seed: -1 })],
    ['a fractional ack wait', encodeJson({ ...good, ackWaitMs: 1_000.5 })],
    ['an ack wait under a second', encodeJson({ ...good, ackWaitMs: 999 })],
    ['a time past ten minutes', encodeJson({ ...good, gapsMs: [0, 600_001] })],
    ['three processing times', encodeJson({ ...good, processMs: [1, 2, 3] })],
    ['a listener C', encodeJson({ ...good, faults: [{ kind: 'crash', atMs: 1, listener: 'C', downMs: 1 }] })],
    ['a fault with an extra field', encodeJson({ ...good, faults: [{ kind: 'lose-ack', atMs: 1, listener: 'A', extra: 1 }] })],
    ['an unknown fault', encodeJson({ ...good, faults: [{ kind: 'boom', atMs: 1, listener: 'A' }] })],
    ['nine faults', encodeJson({ ...good, faults: Array.from({ length: 9 }, () => ({ kind: 'lose-ack', atMs: 1, listener: 'A' })) })],
    ['three copies', encodeJson({ ...good, copies: 3 })],
    ['over 4,000 characters', 'A'.repeat(4_001)],
  ])('refuses %s', (_what, text) => {
    expect(ordering.decode(text)).toBeUndefined();
  });
});

describe('chapter 1 exposes its scenario and builds scenes from links', () => {
  it('the registry finds the scenario by chapter and by id', async () => {
    const chapter = await loadChapter('nats');
    expect(chapter?.chaos).toBe(ordering);
    expect(loadedScenarios()).toContain(ordering);
    expect(findScenario('nats/ordering')).toBe(ordering);
    expect(findScenario('nats/nope')).toBeUndefined();
    const typed: ChaosScenario<Schedule> | undefined = chapter?.chaos;
    expect(typed?.id).toBe('nats/ordering');
  });

  it('builds the sandbox from its settings, saying what it corrected', async () => {
    const chapter = (await loadChapter('nats'))!;
    const built = chapter.build!('sandbox', new URLSearchParams('design=per-user-number&listeners=9'), scenes);
    expect(built?.scene?.world.design).toBe('per-user-number');
    expect(built?.scene?.world.listeners).toHaveLength(3);
    expect(built?.notices.join(' ')).toMatch(/Listeners 9 is more than 3/);
    const settings = chapter.buildable!.find((b) => b.id === 'sandbox')!.settings;
    expect(settings).toEqual(expect.arrayContaining(['design', 'listeners', 'ackwait', 'queue', 'seed']));
    expect(settings).not.toContain('f');
  });

  it('builds a chaos replay from `s`, and says why not when it cannot', async () => {
    const chapter = (await loadChapter('nats'))!;
    const s = ordering.random(createRng(4), 'naive');
    expect(chapter.build!('chaos-replay', new URLSearchParams({ s: ordering.encode(s) }), scenes)).toEqual({ scene: ordering.replay(s), notices: [], query: `s=${ordering.encode(s)}` });
    const bad = chapter.build!('chaos-replay', new URLSearchParams('s=zz'), scenes);
    expect(bad?.scene).toBeUndefined();
    expect(bad?.notices.join(' ')).toMatch(/does not hold a schedule/);
    expect(chapter.build!('happy-path', new URLSearchParams(), scenes)).toBeUndefined();
  });
});
