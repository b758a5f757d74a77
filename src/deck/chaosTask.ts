/**
 * The chaos explorer's runs, on the page in time slices: a slice runs schedules for a few
 * milliseconds, then hands the thread back (a timer) so the page keeps drawing and answering keys,
 * and reports progress now and then. The simulation is already in the page, so the explorer adds
 * no second copy of it (a Web Worker bundle would carry its own, about 20 KiB). Cancelling stops
 * the run before its next slice; nothing is reported after that. Any chapter's scenario runs
 * here, on the scenarios' batch runner (ChaosBatch), the one `npm run chaos` uses too.
 */
import { ChaosBatch, type ChaosBatchReport, type ChaosScenario } from '../chapters/chaos.ts';

export interface ChaosProgress<S> extends ChaosBatchReport<S> {
  done: number;
  total: number;
  elapsedMs: number;
  finished: boolean;
}

export interface ChaosTaskOptions {
  /** Work per slice before the thread is handed back. */
  sliceMs?: number;
  /** Least time between two progress reports (the last one always comes). */
  reportMs?: number;
  /** A clock for the slices (tests pass their own). */
  now?: () => number;
  /** How the next slice is scheduled (tests pass their own). */
  later?: (next: () => void) => void;
}

/**
 * Starts a run of `count` schedules of `design` from `seed`; returns a function that cancels it.
 * The figures are those of `runChaos(scenario, …)` with the same seed and count.
 * @example const cancel = startChaos({ scenario, seed: 1, count: 1000, design: 'naive' }, (p) => show(p));
 */
export function startChaos<S>(
  req: { scenario: ChaosScenario<S>; seed: number; count: number; design: string },
  onprogress: (p: ChaosProgress<S>) => void,
  opts: ChaosTaskOptions = {},
): () => void {
  const now = opts.now ?? (() => performance.now());
  const later = opts.later ?? ((next) => setTimeout(next, 0));
  const sliceMs = opts.sliceMs ?? 12;
  const reportMs = opts.reportMs ?? 100;
  const batch = new ChaosBatch(req.scenario, { seed: req.seed, design: req.design });
  const began = now();
  let reported = -Infinity;
  let cancelled = false;
  const slice = (): void => {
    if (cancelled) return;
    const until = now() + sliceMs;
    // At least one schedule a slice, so a slow machine still gets somewhere.
    do batch.next(1);
    while (batch.report.runs < req.count && now() < until);
    const r = batch.report;
    const finished = r.runs >= req.count;
    if (finished || now() - reported >= reportMs) {
      reported = now();
      onprogress({ ...copyOf(r), done: r.runs, total: req.count, elapsedMs: now() - began, finished });
    }
    if (!finished) later(slice);
  };
  if (req.count > 0) later(slice);
  else onprogress({ ...copyOf(batch.report), done: 0, total: 0, elapsedMs: 0, finished: true });
  return () => {
    cancelled = true;
  };
}

/** A snapshot of a report that the batch's later runs do not change. */
const copyOf = <S>(r: ChaosBatchReport<S>): ChaosBatchReport<S> => ({ runs: r.runs, wrong: r.wrong, buckets: { ...r.buckets }, tallies: { ...r.tallies }, examples: [...r.examples] });
