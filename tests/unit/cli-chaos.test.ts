/**
 * `npm run chaos` as a user runs it: its figures are the generic runner's (the explorer's) for
 * the same scenario, design, count and seed; it prints links that replay the first bad
 * schedules; bad input gets one line, the usage and exit code 2 (the many kinds of it through
 * the same command in-process, `captured`, which gives what the process would).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { captured } from '../../src/cli/args.ts';
import { CHAOS_USAGE, chaos } from '../../src/cli/chaosCommand.ts';
import { compareLink, replayLink, runChaos } from '../../src/chapters/chaos.ts';
import { ordering } from '../../src/chapters/nats/scenario.ts';

const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/chaos.ts', ...args], { encoding: 'utf8' });
const flags = (design: string, count: number, seed: number) => ['--scenario', 'nats/ordering', '--design', design, '--count', String(count), '--seed', String(seed)];

describe('npm run chaos', () => {
  it('--list names every scenario with its designs, the broken one and the fix marked', () => {
    const r = run('--list');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^nats\/ordering\s+Jim’s account under random faults$/m);
    expect(r.stdout).toMatch(/^ {2}naive\s+Naive \(a channel per kind\) \(the broken one\)$/m);
    expect(r.stdout).toMatch(/^ {2}per-user-number\s+.* \(the fix\)$/m);
  });

  it.each([
    { design: 'naive', count: 40, seed: 7 },
    { design: 'per-user-number', count: 20, seed: 3 },
  ])('--json, $design, $count schedules, seed $seed: the generic runner’s figures', ({ design, count, seed }) => {
    const r = run(...flags(design, count, seed), '--json');
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout);
    const want = runChaos(ordering, { seed, count, design });
    expect(j).toMatchObject({ scenario: 'nats/ordering', design, seed, count, runs: want.runs, wrong: want.wrong, buckets: want.buckets, tallies: want.tallies });
    expect(j.examples.map((e: { schedule: unknown }) => e.schedule)).toEqual(want.examples);
    expect(j.examples.map((e: { replay: string }) => e.replay)).toEqual(want.examples.map((s) => replayLink(ordering, s)));
    expect(j.perSecond).toBeGreaterThan(0);
  });

  it('--threads shares the stream among threads and prints exactly the figures of one thread, examples and all', async () => {
    const one = await captured(chaos, CHAOS_USAGE, [...flags('naive', 300, 7), '--json']);
    const three = await captured(chaos, CHAOS_USAGE, [...flags('naive', 300, 7), '--threads', '3', '--json']);
    expect(three.code).toBe(0);
    const a = JSON.parse(one.stdout);
    const b = JSON.parse(three.stdout);
    expect(b.threads).toBe(3);
    expect(b.wrong).toBe(134);
    for (const key of ['runs', 'wrong', 'buckets', 'tallies', 'examples']) expect(b[key], key).toEqual(a[key]);
  }, 60_000);

  it('the explorer’s task (chaosTask, in time slices) ends with the very figures the CLI prints', async () => {
    const { startChaos } = await import('../../src/deck/chaosTask.ts');
    const queue: (() => void)[] = [];
    let t = 0;
    let last: import('../../src/deck/chaosTask.ts').ChaosProgress<unknown> | undefined;
    startChaos({ scenario: ordering, seed: 7, count: 40, design: 'naive' }, (p) => (last = p), { now: () => t++, later: (f) => queue.push(f), sliceMs: 5 });
    while (queue.length > 0) queue.shift()!();
    const j = JSON.parse(run(...flags('naive', 40, 7), '--json').stdout);
    expect(last).toMatchObject({ finished: true, done: j.runs, wrong: j.wrong, buckets: j.buckets, tallies: j.tallies });
    expect(last!.examples).toEqual(j.examples.map((e: { schedule: unknown }) => e.schedule));
  });

  it('prints the runs, the wrong count, the rate and a replay and a side-by-side link per bad schedule', () => {
    const r = run(...flags('naive', 40, 7));
    expect(r.status).toBe(0);
    const want = runChaos(ordering, { seed: 7, count: 40, design: 'naive' });
    expect(want.examples.length).toBeGreaterThan(0);
    expect(r.stdout).toContain(`40 schedules run: ${want.wrong} wrong, ${40 - want.wrong} right ($10 with nothing refused).`);
    expect(r.stdout).toMatch(/^[\d,]+ schedules\/s \(\d+\.\d s\)$/m);
    for (const s of want.examples) {
      expect(r.stdout).toContain(`replay:       ${replayLink(ordering, s)}`);
      expect(r.stdout).toContain(`side by side: ${compareLink(ordering, s)}`);
      expect(r.stdout).toContain(ordering.describe(s));
    }
    expect(r.stdout).toMatch(/^ {2}\$10 ×\d+/m);
  });

  it('bad input, as a process: one line and the usage on stderr, nothing on stdout, exit code 2', () => {
    const r = run('--scenario', 'nats/ordering', '--design', 'clever', '--count', '5', '--seed', '1');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^nats\/ordering has no design "clever"\. Designs: naive, .*\nusage: npm run chaos -- --scenario/);
    expect(r.stdout).toBe('');
  });

  it.each<[string[], RegExp]>([
    [['--design', 'naive', '--count', '5', '--seed', '1'], /which scenario\? --scenario is missing/],
    [['--scenario', 'nats/nope', '--design', 'naive', '--count', '5', '--seed', '1'], /no scenario "nats\/nope"\. Scenarios: nats\/ordering/],
    [['--scenario', 'nats/ordering', '--count', '5', '--seed', '1'], /which design\? --design is missing \(nats\/ordering has naive, last-sequence/],
    [['--scenario', 'nats/ordering', '--design', 'clever', '--count', '5', '--seed', '1'], /nats\/ordering has no design "clever"\. Designs: naive/],
    [['--scenario', 'nats/ordering', '--design', 'naive', '--seed', '1'], /how many schedules\? --count is missing/],
    [['--scenario', 'nats/ordering', '--design', 'naive', '--count', 'lots', '--seed', '1'], /--count must be a whole number, got "lots"/],
    [['--scenario', 'nats/ordering', '--design', 'naive', '--count', '0', '--seed', '1'], /--count must be at least 1/],
    [['--scenario', 'nats/ordering', '--design', 'naive', '--count', '5'], /which seed\? --seed is missing/],
    [['--scenario', 'nats/ordering', '--design', 'naive', '--count', '5', '--seed=-3'], /--seed must be a whole number, got "-3"/],
    [['--scenario', 'nats/ordering', '--design', 'naive', '--count', '5', '--seed', '9999999999'], /--seed must be at most 2,147,483,647/],
    [['nats/ordering'], /unexpected argument: nats\/ordering/],
    [['--bogus'], /Unknown option/],
  ])('%j fails with a clear message and exit 2', async (args, message) => {
    const r = await captured(chaos, CHAOS_USAGE, args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('usage: npm run chaos -- --scenario');
    expect(r.stdout).toBe('');
  });
});
