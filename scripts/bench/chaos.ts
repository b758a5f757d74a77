/**
 * Bench probe: simulated schedules per second of the chapter-1 chaos explorer for one design.
 * Times runRandomSchedules({ seed, count: 20000, design }) after a warm-up of 100 runs; if the
 * warm-up shows 20,000 runs would take over a minute, it times as many as fit in ~30 s and says so.
 * Run by scripts/bench.mjs: `tsx scripts/bench/chaos.ts naive|per-user-number`.
 */
import { importFromRoot, reason, report } from './report.ts';

type Design = 'naive' | 'per-user-number';
/** The part of chapter 1's chaos module (src/chapters/nats/chaos.ts) this probe relies on. */
type RunRandomSchedules = (opts: { seed: number; count: number; design: Design }) => { runs: number; wrong: number };

const fullCount = 20_000;
const warmUpCount = 100;
const maxSeconds = 60;
const fallbackSeconds = 30;
const seed = 1;

function timed(run: () => { runs: number; wrong: number }): { runs: number; wrong: number; seconds: number } {
  const start = performance.now();
  const result = run();
  return { runs: result.runs, wrong: result.wrong, seconds: (performance.now() - start) / 1000 };
}

async function main(design: Design): Promise<void> {
  const { runRandomSchedules } = await importFromRoot<{ runRandomSchedules?: RunRandomSchedules }>(
    'src/chapters/nats/chaos.ts',
  );
  if (typeof runRandomSchedules !== 'function') throw new Error('src/chapters/nats/chaos.ts exports no `runRandomSchedules`');
  const warmUp = timed(() => runRandomSchedules({ seed: seed + 1, count: warmUpCount, design }));
  const estimate = (warmUp.seconds / warmUpCount) * fullCount;
  const count = estimate <= maxSeconds ? fullCount : Math.max(warmUpCount, Math.floor((fallbackSeconds / estimate) * fullCount));
  const { runs, wrong, seconds } = timed(() => runRandomSchedules({ seed, count, design }));
  const n = (x: number): string => x.toLocaleString('en-US');
  const detail =
    count === fullCount ? `${n(runs)} runs, ${n(wrong)} wrong` : `${n(runs)} of ${n(fullCount)} runs: too slow for all, ${n(wrong)} wrong`;
  report({ id: `chaos:${design}`, value: runs / seconds, detail });
}

const design = process.argv[2];
if (design !== 'naive' && design !== 'per-user-number') {
  report({ id: `chaos:${design ?? '?'}`, unavailable: 'usage: tsx scripts/bench/chaos.ts naive|per-user-number' });
} else {
  main(design).catch((error: unknown) => report({ id: `chaos:${design}`, unavailable: reason(error) }));
}
