/**
 * Chapter 2's sandbox: settings from a link are clamped with a sentence each, round-trip through
 * the link and never throw; the scene they build runs to its end without halting, and its verdict
 * (the store against the same orders one at a time) holds for the durable designs, crash or not,
 * and fails for in-process retries once the Order API crashes with its reminders in memory.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScene, type Injection } from '../../src/chapters/engine.ts';
import { chapter } from '../../src/chapters/future/index.ts';
import {
  DEFAULT_PARAMS,
  NUMBER_SPECS,
  SANDBOX_DESIGNS,
  formatFutureSandbox,
  futureSandboxScene,
  parseFutureSandbox,
  planOrders,
  type FutureSandboxParams,
} from '../../src/chapters/future/sandbox.ts';
import { viewAt } from '../../src/stage/view.ts';
import { declaredViewAt } from '../../src/stage/declared/view.ts';
import { captured } from '../../src/cli/args.ts';
import { TRACE_USAGE, trace } from '../../src/cli/traceCommand.ts';
import { totalKey, type SagaDesign } from '../../src/actors/saga/types.ts';

const designs = SANDBOX_DESIGNS.map((d) => d.value);

/** Any valid settings. */
const paramsArb: fc.Arbitrary<FutureSandboxParams> = fc.record({
  design: fc.constantFrom(...designs),
  threshold: fc.integer({ min: 100, max: 5_000 }),
  windowDays: fc.integer({ min: 1, max: 30 }),
  backoffMs: fc.integer({ min: 10, max: 600 }).map((x) => x * 100),
  buyers: fc.integer({ min: 1, max: 4 }),
  orders: fc.integer({ min: 1, max: 12 }),
  seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
});

/** The scene run to its end, with its end-of-scene verdict as the deck draws it. */
function ending(p: FutureSandboxParams, faults: Injection[] = []) {
  const scene = futureSandboxScene(p);
  const run = runScene(scene, scene.steps.length - 1, { faults });
  const verdicts = viewAt(scene, run.trace, run.t1, { step: scene.steps.length - 1, verdict: true }).verdicts ?? [];
  // Every figure the verdict checks is one the store shows (a renamed figure must not pass as $0).
  const shown = Object.assign({}, ...declaredViewAt(scene, run.trace, run.t1).nodes.map((n) => n.view.balances ?? {})) as Record<string, number>;
  expect(Object.keys(shown)).toEqual(expect.arrayContaining(Object.keys(scene.expected)));
  return { scene, run, verdicts, ok: verdicts.length > 0 && verdicts.every((v) => v.ok) };
}

/** A fault during the named step, `after` ms into it. */
function at(scene: ReturnType<typeof futureSandboxScene>, stepName: string, after: number, command: Record<string, unknown>, faults: Injection[] = []): Injection {
  const step = scene.steps.findIndex((s) => s.name === stepName);
  expect(step, stepName).toBeGreaterThanOrEqual(0);
  const t0 = step === 0 ? 0 : runScene(scene, step - 1, { faults }).t1;
  return { step, atMs: t0 + after, command: command as unknown as Injection['command'] };
}

describe('chapter 2 sandbox settings in a link', () => {
  it('round-trip: any valid settings read back as written, with nothing to say', () => {
    fc.assert(
      fc.property(paramsArb, (p) => {
        const back = parseFutureSandbox(formatFutureSandbox(p));
        expect(back.notices).toEqual([]);
        expect(back.params).toEqual(p);
      }),
      { seed: 21, numRuns: 500 },
    );
  });

  it('an empty query is the defaults, and the defaults spell out every setting', () => {
    expect(parseFutureSandbox('')).toEqual({ params: DEFAULT_PARAMS, notices: [] });
    expect(formatFutureSandbox(DEFAULT_PARAMS)).toBe('v=1&design=saga&threshold=500&window=7&backoff=10&buyers=2&orders=6&seed=1');
  });

  it.each([
    ['threshold=20', 'threshold', 100, /Threshold 20 is under \$100 \(.+\), so it is \$100\./],
    ['threshold=90000', 'threshold', 5_000, /Threshold 90000 is more than \$5,?000 .*so it is \$5,?000\./],
    ['window=0', 'windowDays', 1, /Window \(days\) 0 is under 1 .*so it is 1\./],
    ['window=45', 'windowDays', 30, /Window \(days\) 45 is more than 30/],
    ['window=2.5', 'windowDays', 3, /Window \(days\) 2\.5 is not a whole number, so it is 3\./],
    ['backoff=0.2', 'backoffMs', 1_000, /First retry after 0\.2 s is under 1 s .*so it is 1 s\./],
    ['backoff=300', 'backoffMs', 60_000, /First retry after 300 s is more than 60 s/],
    ['backoff=soon', 'backoffMs', 10_000, /First retry after “soon” is not a number, so it is 10 s\./],
    ['buyers=0', 'buyers', 1, /Buyers 0 is under 1/],
    ['buyers=9', 'buyers', 4, /Buyers 9 is more than 4/],
    ['orders=-3', 'orders', 1, /Orders -3 is under 1/],
    ['orders=40', 'orders', 12, /Orders 40 is more than 12/],
    ['seed=99999999999', 'seed', 2 ** 32 - 1, /Seed 99999999999 is more than 4294967295/],
    ['seed=1e3', 'seed', 1, /Seed “1e3” is not a number/],
    ['design=blockchain', 'design', 'saga', /There is no design called “blockchain”/],
  ] as const)('%s is corrected, with a sentence', (query, key, value, sentence) => {
    const { params, notices } = parseFutureSandbox(query);
    expect(params[key]).toBe(value);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(sentence);
  });

  it('says when a link comes from another version, carries unknown settings or asks for a fork', () => {
    const older = parseFutureSandbox('v=0&orders=3&colour=red&from=saga.2');
    expect(older.params.orders).toBe(3);
    const words = older.notices.join(' ');
    expect(words).toMatch(/older or unknown version/);
    expect(words).toMatch(/“colour” is not a sandbox setting/);
    expect(words).toMatch(/cannot be continued in the sandbox/);
    expect(parseFutureSandbox('v=7').notices.join(' ')).toMatch(/newer version/);
  });

  it('never throws on random text, and whatever it reads is within bounds and builds a scene', () => {
    const piece = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('threshold', 'window', 'backoff', 'buyers', 'orders', 'design', 'seed', 'v', 'from', '=', '&', '%', '%E0', '.', '-1', '1e3', 'NaN', 'saga', 'in-process'));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }), (parts) => {
        const { params } = parseFutureSandbox(parts.join(''));
        for (const spec of NUMBER_SPECS) {
          expect(params[spec.key]).toBeGreaterThanOrEqual(spec.min);
          expect(params[spec.key]).toBeLessThanOrEqual(spec.max);
          expect(Number.isInteger(params[spec.key])).toBe(true);
        }
        expect(designs).toContain(params.design);
        expect(() => futureSandboxScene(params)).not.toThrow();
      }),
      { seed: 22, numRuns: 500 },
    );
  });

  it('the chapter builds it from a link, with the query as it was used', () => {
    const built = chapter.build!('sandbox', new URLSearchParams('design=durable&orders=50'), chapter.scenes);
    expect(built?.scene?.id).toBe('sandbox');
    expect(built?.notices.join(' ')).toMatch(/Orders 50 is more than 12/);
    expect(built?.query).toBe('v=1&design=durable&threshold=500&window=7&backoff=10&buyers=2&orders=12&seed=1');
    expect(chapter.buildable?.find((b) => b.id === 'sandbox')?.settings).toContain('threshold');
  });
});

describe('the scene the settings build', () => {
  it('a step per moment of shopping plus the weeks turning; the planned discounts are a one-at-a-time run', () => {
    const scene = futureSandboxScene({ ...DEFAULT_PARAMS, buyers: 2, orders: 5 });
    expect(scene.steps.map((s) => s.name)).toEqual(['setup', 'moment-1', 'moment-2', 'moment-3', 'weeks-turn', 'the-end']);
    // Alone, a $500 threshold is first reached by the fifth order: $100 + $150 + $50 + $200.
    expect(planOrders({ ...DEFAULT_PARAMS, buyers: 1, orders: 6 }).map((o) => o.discount)).toEqual([0, 0, 0, 0, 10, 30]);
    // A one-day window never holds the day before's orders (moments are 26 h apart).
    expect(planOrders({ ...DEFAULT_PARAMS, buyers: 1, orders: 12, windowDays: 1, threshold: 100 }).every((o) => o.before === 0)).toBe(true);
  });

  it.each(designs)('%s: runs to the end without halting, every order placed, every total back at zero, the verdict holding', (design) => {
    const { run, verdicts, ok, scene } = ending({ ...DEFAULT_PARAMS, design, orders: 8, buyers: 2 });
    expect(run.world.halted).toBeUndefined();
    expect(run.trace.filter((e) => e.kind === ('saga.order' as string))).toHaveLength(8);
    expect(verdicts.map((v) => v.user).sort()).toEqual(Object.keys(scene.expected).sort());
    expect(ok, JSON.stringify(verdicts)).toBe(true);
    // Some order got its 10% (the rule was exercised), and the orders were all applied.
    expect(Object.entries(scene.expected).some(([k, v]) => k.endsWith('discount') && v > 0)).toBe(true);
  });

  it('under any settings, every design without faults ends as a one-at-a-time run says', () => {
    fc.assert(
      fc.property(paramsArb, (p) => {
        const { run, ok, verdicts } = ending(p);
        expect(run.world.halted).toBeUndefined();
        expect(ok, JSON.stringify({ p, verdicts })).toBe(true);
      }),
      { seed: 23, numRuns: 30 },
    );
  });

  it.each(['durable', 'saga'] as SagaDesign[])('%s: a Discount host crashed with an order in hand and restarted minutes later still ends right', (design) => {
    const p = { ...DEFAULT_PARAMS, design, orders: 6, buyers: 1 };
    const scene = futureSandboxScene(p);
    const step = scene.steps.findIndex((s) => s.name === 'moment-5');
    // The fifth order (the first with 10% off) as it reaches the Discount host, in a run without faults.
    const clean = runScene(scene, step);
    const delivered = clean.trace.slice(clean.stepStart).find((e) => e.kind === ('saga.deliver' as string) && (e as { job?: string }).job === 'OrderPlaced')!;
    const inHand = delivered.arrives! + 1;
    const crash: Injection = { step, atMs: inHand, command: { do: 'saga.crash', actor: 'discount' } as unknown as Injection['command'] };
    const restart: Injection = { step, atMs: inHand + 5 * 60_000, command: { do: 'saga.restart', actor: 'discount' } as unknown as Injection['command'] };
    const { run, ok, verdicts } = ending(p, [crash, restart]);
    expect(run.world.halted).toBeUndefined();
    const t = run.trace as unknown as { kind: string; t: number; job?: string; order?: { id: string } }[];
    const held = (delivered as unknown as { order: { id: string } }).order.id;
    const down = t.find((e) => e.kind === 'saga.down')!;
    expect(down.t).toBe(inHand);
    // The order the host held is delivered again after the restart and applied once, with its $10 off.
    expect(t.filter((e) => e.kind === 'saga.requeue').length).toBeGreaterThan(0);
    expect(t.filter((e) => e.kind === 'saga.committed' && e.job === 'OrderPlaced' && e.order?.id === held).map((e) => e.t > down.t)).toEqual([true]);
    expect(ok, JSON.stringify(verdicts)).toBe(true);
  });

  it('in-process: an Order API crash while the weeks turn loses the reminders, and the verdict fails', () => {
    const p = { ...DEFAULT_PARAMS, design: 'in-process' as const, orders: 6, buyers: 2 };
    const scene = futureSandboxScene(p);
    const crash = at(scene, 'weeks-turn', 60_000, { do: 'saga.api-crash', actor: 'api' });
    const restart = { ...crash, atMs: crash.atMs + 60_000, command: { do: 'saga.api-restart', actor: 'api' } as unknown as Injection['command'] };
    const { run, ok, verdicts } = ending(p, [crash, restart]);
    expect(run.world.halted).toBeUndefined();
    expect(ok).toBe(false);
    // The accounts' totals never come back down: the amounts stay counted forever.
    expect(verdicts.find((v) => v.user === totalKey('Alice'))!.actual).toBeGreaterThan(0);
    // The same crash on the saga changes nothing.
    const saga = { ...p, design: 'saga' as const };
    const sagaCrash = at(futureSandboxScene(saga), 'weeks-turn', 60_000, { do: 'saga.api-crash', actor: 'api' });
    expect(ending(saga, [sagaCrash, { ...sagaCrash, atMs: sagaCrash.atMs + 60_000, command: { do: 'saga.api-restart', actor: 'api' } as unknown as Injection['command'] }]).ok).toBe(true);
  });

  it('no scene of the chapter is continued in the sandbox, each with its reason', () => {
    const support = chapter.sandbox!;
    for (const s of chapter.scenes) {
      expect(support.canFork(s)).toBe(false);
      expect(support.whyNotFork!(s)).toMatch(/\w/);
    }
    const bySaga = chapter.scenes.find((s) => s.id === 'saga')!;
    expect(support.whyNotFork!(bySaga)).toMatch(/by number/);
  });

  it('side by side compares in-process retries with the saga on the same settings', () => {
    const sides = chapter.sandbox!.variants({ ...DEFAULT_PARAMS, orders: 3 });
    expect(sides.map((s) => s.design)).toEqual(['in-process', 'saga']);
    expect(sides.every((s) => s.params.orders === 3)).toBe(true);
    const ids = (p: FutureSandboxParams) => futureSandboxScene(p).stage!.columns.flat().map((n) => n.id);
    expect(ids(sides[0]!.params)).not.toContain('broker');
    expect(ids(sides[1]!.params)).toContain('broker');
  });
});

describe('npm run trace -- future/sandbox', () => {
  it('takes the settings by their link names and prints the run, a corrected value as a notice', async () => {
    const r = await captured(trace, TRACE_USAGE, ['future/sandbox', '--set', 'design=saga', '--set', 'orders=5', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { scene: string; chapter: string; trace: { kind: string }[] };
    expect([j.chapter, j.scene]).toEqual(['future', 'sandbox']);
    expect(j.trace.filter((e) => e.kind === 'saga.order')).toHaveLength(5);
    const bad = await captured(trace, TRACE_USAGE, ['future/sandbox', '--set', 'buyers=9', '--step', '0']);
    expect(bad.code).toBe(0);
    expect(bad.stderr).toMatch(/Buyers 9 is more than 4/);
  });
});
