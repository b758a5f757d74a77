/**
 * Bench probe: simulated schedules per second of a chaos scenario on the fast host (the explorer's
 * hot path), and for chapter 1's naive design the XState world's rate on the same schedules and
 * the ratio of the two. Each figure times one seeded stream of schedules after a warm-up (the
 * code is compiled before it is timed); the XState world, several times slower, is timed on a
 * shorter stream and capped in time; and the fast host on every core (threads sharing the stream).
 * Run by scripts/bench.mjs: `tsx scripts/bench/chaos.ts naive|per-user-number|future/discount`.
 */
import { availableParallelism } from 'node:os';
import { importFromRoot, reason, report } from './report.ts';

interface Batch {
  next(n: number): { runs: number; wrong: number };
}
interface ChaosModule {
  ChaosBatch: new (scenario: unknown, opts: { seed: number; design: string }) => Batch;
}
interface NatsChaos {
  randomSchedule(rng: unknown, design: string): unknown;
  runSchedule(s: unknown, opts: { host?: unknown; judgedOnly?: boolean }): unknown;
  outcomeOf(v: unknown): unknown;
  runnable: unknown;
}

const fastCount = 20_000;
const xstateCount = 2_000;
const warmUpMs = 1_500;
const capSeconds = 60;
const seed = 1;
const n = (x: number): string => Math.round(x).toLocaleString('en-US');

/** Schedules per second of `count` schedules from one seed, after warming up on another seed; stops early at the cap. */
function rate(make: (seed: number) => Batch, count: number): { perSecond: number; runs: number; wrong: number; capped: boolean } {
  const warm = make(seed + 1);
  for (const start = performance.now(); performance.now() - start < warmUpMs; ) warm.next(50);
  const batch = make(seed);
  const start = performance.now();
  let report = { runs: 0, wrong: 0 };
  while (report.runs < count) {
    report = batch.next(Math.min(500, count - report.runs));
    if (performance.now() - start > capSeconds * 1000) break;
  }
  const seconds = (performance.now() - start) / 1000;
  return { perSecond: report.runs / seconds, runs: report.runs, wrong: report.wrong, capped: report.runs < count };
}

async function main(which: string): Promise<void> {
  const { ChaosBatch } = await importFromRoot<ChaosModule>('src/chapters/chaos.ts');
  if (which === 'future/discount') {
    await importFromRoot('src/chapters/future/families.ts').then((m) => (m as { familiesReady?: Promise<unknown> }).familiesReady);
    const { discount } = await importFromRoot<{ discount: unknown }>('src/chapters/future/chaos.ts');
    const r = rate((s) => new ChaosBatch(discount, { seed: s, design: 'in-process' }), fastCount);
    report({ id: 'chaos:future/discount', value: r.perSecond, detail: `in-process, ${n(r.runs)} runs, ${n(r.wrong)} wrong` });
    return;
  }
  const nats = await importFromRoot<NatsChaos>('src/chapters/nats/chaos.ts');
  const fast = rate((s) => new ChaosBatch(nats.runnable, { seed: s, design: which }), fastCount);
  report({ id: `chaos:${which}`, value: fast.perSecond, detail: `fast host, ${n(fast.runs)} runs, ${n(fast.wrong)} wrong${fast.capped ? ', capped' : ''}` });
  if (which !== 'naive') return;
  const { xstateHost } = await importFromRoot<{ xstateHost: unknown }>('src/chapters/xstate.ts');
  const xstateRunnable = { random: nats.randomSchedule, judge: (s: unknown) => nats.outcomeOf(nats.runSchedule(s, { host: xstateHost })) };
  const xs = rate((s) => new ChaosBatch(xstateRunnable, { seed: s, design: which }), xstateCount);
  report({ id: 'chaos-xstate:naive', value: xs.perSecond, detail: `${n(xs.runs)} runs of the same stream, ${n(xs.wrong)} wrong${xs.capped ? ', capped' : ''}` });
  report({ id: 'chaos-ratio:naive', value: fast.perSecond / xs.perSecond, detail: 'the same schedules on both hosts' });
  // The same stream shared among one thread per core (npm run chaos -- --threads N), thread start included.
  const { runInParallel } = await importFromRoot<{ runInParallel: (run: object, threads: number) => Promise<{ runs: number; wrong: number }> }>('src/cli/parallel.ts');
  const threads = availableParallelism();
  const began = performance.now();
  const par = await runInParallel({ scenario: 'nats/ordering', design: which, seed, count: 2 * fastCount }, threads);
  const seconds = (performance.now() - began) / 1000;
  report({ id: 'chaos-threads:naive', value: par.runs / seconds, detail: `${threads} threads, ${n(par.runs)} runs, ${n(par.wrong)} wrong, thread start included` });
}

const which = process.argv[2] ?? '';
const ids = which === 'naive' ? ['chaos:naive', 'chaos-xstate:naive', 'chaos-ratio:naive', 'chaos-threads:naive'] : [`chaos:${which || '?'}`];
if (!['naive', 'per-user-number', 'future/discount'].includes(which)) {
  report({ id: `chaos:${which || '?'}`, unavailable: 'usage: tsx scripts/bench/chaos.ts naive|per-user-number|future/discount' });
} else {
  main(which).catch((error: unknown) => {
    for (const id of ids) report({ id, unavailable: reason(error) });
  });
}
