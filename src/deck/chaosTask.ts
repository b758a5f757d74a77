/**
 * The chaos explorer's runs, on the page in time slices: a slice runs schedules for a few
 * milliseconds, then hands the thread back (a timer) so the page keeps drawing and answering keys,
 * and reports progress now and then. The simulation is already in the page, so the explorer adds
 * no second copy of it (a Web Worker bundle would carry its own, about 20 KiB). Cancelling stops
 * the run before its next slice; nothing is reported after that.
 */
import { ChaosRun, type Schedule } from '../chapters/nats/chaos.ts';
import type { Design } from '../actors/nats/types.ts';

export interface ChaosProgress {
  done: number;
  total: number;
  wrong: number;
  /** Of the wrong runs, those that ended at $10 after refusing a withdraw (ChaosReport.refusedAtTen). */
  refusedAtTen: number;
  unacked: number;
  balances: Record<string, number>;
  examples: Schedule[];
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
 * The figures are those of `runRandomSchedules` with the same seed and count.
 * @example const cancel = startChaos({ seed: 1, count: 1000, design: 'naive' }, (p) => show(p));
 */
export function startChaos(req: { seed: number; count: number; design: Design }, onprogress: (p: ChaosProgress) => void, opts: ChaosTaskOptions = {}): () => void {
  const now = opts.now ?? (() => performance.now());
  const later = opts.later ?? ((next) => setTimeout(next, 0));
  const sliceMs = opts.sliceMs ?? 12;
  const reportMs = opts.reportMs ?? 100;
  const chaos = new ChaosRun({ seed: req.seed, design: req.design });
  const began = now();
  let reported = -Infinity;
  let cancelled = false;
  const slice = (): void => {
    if (cancelled) return;
    const until = now() + sliceMs;
    // At least one schedule a slice, so a slow machine still gets somewhere.
    do chaos.next(1);
    while (chaos.report.runs < req.count && now() < until);
    const r = chaos.report;
    const finished = r.runs >= req.count;
    if (finished || now() - reported >= reportMs) {
      reported = now();
      onprogress({
        done: r.runs,
        total: req.count,
        wrong: r.wrong,
        refusedAtTen: r.refusedAtTen,
        unacked: r.unacked,
        balances: { ...r.balances },
        examples: [...r.examples],
        elapsedMs: now() - began,
        finished,
      });
    }
    if (!finished) later(slice);
  };
  if (req.count > 0) later(slice);
  else onprogress({ done: 0, total: 0, wrong: 0, refusedAtTen: 0, unacked: 0, balances: {}, examples: [], elapsedMs: 0, finished: true });
  return () => {
    cancelled = true;
  };
}
