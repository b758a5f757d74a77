/**
 * The command of `npm run chaos` (chaos.ts runs it as a process): a chapter's chaos scenario in
 * Node, on the same batch runner as the browser's explorer (ChaosBatch), so a seed gives the
 * very figures the explorer shows. Prints the runs, the wrong count, the tallies, the buckets,
 * the runs per second and, for the first bad schedules, the deck's links that replay them and
 * run them side by side.
 *
 *   npm run chaos -- --list
 *   npm run chaos -- --scenario nats/ordering --design naive --count 300 --seed 7
 *   npm run chaos -- --scenario nats/ordering --design per-user-number --count 1000 --seed 1 --json
 *   npm run chaos -- --scenario nats/ordering --design naive --count 200000 --seed 1 --threads 4
 *
 * With `--threads N` the schedules are shared among N threads (parallel.ts): the same figures, sooner.
 */
import { parseArgs } from 'node:util';
import { ChaosBatch, bucketList, compareLink, designLabel, replayLink } from '../chapters/chaos.ts';
import { findScenario, loadAllChapters, loadedScenarios } from '../chapters/index.ts';
import { SEED_MAX } from '../chapters/chaos.ts';
import { fail, whole, type Io } from './args.ts';
import { runInParallel } from './parallel.ts';

export const CHAOS_USAGE = 'usage: npm run chaos -- --scenario <chapter>/<name> --design <design> --count N --seed S [--threads T] [--json]\n       npm run chaos -- --list';
/** More threads than any machine here has cores for. */
const THREADS_MAX = 64;
/** More schedules than a patient person waits for in one go. */
const COUNT_MAX = 1_000_000;

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * The command: `argv` as after `npm run chaos --`.
 * @example await chaos(['--scenario', 'nats/ordering', '--design', 'naive', '--count', '300', '--seed', '7'], io) // '300 schedules run: 134 wrong, …'
 */
export async function chaos(argv: string[], io: Io): Promise<void> {
  await loadAllChapters();
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        scenario: { type: 'string' },
        design: { type: 'string' },
        count: { type: 'string' },
        seed: { type: 'string' },
        threads: { type: 'string' },
        json: { type: 'boolean' },
        list: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    fail((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(`${CHAOS_USAGE}\n`);
    return;
  }
  if (positionals.length > 0) fail(`unexpected argument: ${positionals.join(' ')}`);
  const all = loadedScenarios();
  if (values.list) {
    for (const s of all) {
      io.out(`${s.id.padEnd(16)} ${s.title}\n`);
      for (const d of s.designs) io.out(`  ${d.id.padEnd(20)} ${d.label}${d.id === s.broken ? ' (the broken one)' : d.id === s.fix ? ' (the fix)' : ''}\n`);
    }
    return;
  }
  if (values.scenario === undefined) fail(`which scenario? --scenario is missing (--list shows them: ${all.map((s) => s.id).join(', ')})`);
  const scenario = findScenario(values.scenario);
  if (!scenario) fail(`no scenario "${values.scenario}". Scenarios: ${all.map((s) => s.id).join(', ')}`);
  const designs = scenario.designs.map((d) => d.id).join(', ');
  if (values.design === undefined) fail(`which design? --design is missing (${scenario.id} has ${designs})`);
  if (!scenario.designs.some((d) => d.id === values.design)) fail(`${scenario.id} has no design "${values.design}". Designs: ${designs}`);
  const count = whole('count', values.count, COUNT_MAX);
  if (count === undefined) fail('how many schedules? --count is missing');
  if (count < 1) fail('--count must be at least 1');
  const seed = whole('seed', values.seed, SEED_MAX);
  if (seed === undefined) fail('which seed? --seed is missing (the same seed gives the same schedules every time)');
  const design = values.design;
  const threads = whole('threads', values.threads, THREADS_MAX) ?? 1;
  if (threads < 1) fail('--threads must be at least 1');

  const began = performance.now();
  const r = threads === 1 ? new ChaosBatch(scenario, { seed, design }).next(count) : await runInParallel({ scenario: scenario.id, design, seed, count }, threads);
  const elapsedMs = performance.now() - began;
  const perSecond = elapsedMs > 0 ? Math.round((r.runs / elapsedMs) * 1000) : undefined;
  const examples = r.examples.map((s) => ({ describe: scenario.describe(s), replay: replayLink(scenario, s), compare: compareLink(scenario, s), schedule: s }));

  if (values.json) {
    const out = { scenario: scenario.id, design, seed, count, threads, runs: r.runs, wrong: r.wrong, buckets: r.buckets, tallies: r.tallies, perSecond: perSecond ?? null, elapsedMs: Math.round(elapsedMs), examples };
    io.out(`${JSON.stringify(out)}\n`);
    return;
  }
  const say = (line = '') => io.out(`${line}\n`);
  say(`${scenario.title} (${scenario.id}): ${designLabel(scenario, design)}, seed ${seed}`);
  say();
  say(`${fmt(r.runs)} schedules run: ${fmt(r.wrong)} wrong, ${fmt(r.runs - r.wrong)} right (${scenario.right}).`);
  for (const t of scenario.tallies) {
    const n = r.tallies[t.key] ?? 0;
    if (n > 0) say(`  ${fmt(n)} ${t.some}`);
    else if (t.none) say(`  ${t.none}`);
  }
  say(`${scenario.chart.caption}:`);
  say(`  ${bucketList(r.buckets, scenario.chart).map((b) => `${b.label} ×${fmt(b.count)}`).join(', ')}`);
  const on = threads === 1 ? '' : ` on ${threads} threads`;
  say(perSecond === undefined ? 'Too quick to time.' : `${fmt(perSecond)} schedules/s${on} (${(elapsedMs / 1000).toFixed(1)} s)`);
  if (examples.length === 0) {
    say();
    say(`No bad schedule: ${scenario.allRight}.`);
    return;
  }
  say();
  say(`The first ${examples.length === 1 ? 'bad schedule' : `${examples.length} bad schedules`}, as links relative to the explainer's page:`);
  examples.forEach((e, i) => {
    say(`  ${i + 1}. ${e.describe}`);
    say(`     replay:       ${e.replay}`);
    say(`     side by side: ${e.compare}`);
  });
  say();
  say(`Any of them on the command line: npm run trace -- ${scenario.chapter}/${scenario.replayId} --set s=<the text after ?s=>`);
}
