/**
 * The chaos explorer's Web Worker: runs random fault schedules in batches off the main thread, so
 * the page never freezes, and posts the report after each batch. A new 'start' or a 'cancel'
 * stops the run in progress between batches.
 *
 * In:  { type: 'start', run, seed, count, design } | { type: 'cancel', run }
 * Out: { type: 'progress', run, done, total, wrong, refusedAtTen, unacked, balances, examples, elapsedMs, finished }
 */
import { ChaosRun, type Schedule } from '../machines/chaos.ts';
import type { Design } from '../machines/types.ts';

export type ChaosRequest = { type: 'start'; run: number; seed: number; count: number; design: Design } | { type: 'cancel'; run: number };

export interface ChaosProgress {
  type: 'progress';
  run: number;
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

export const BATCH = 200;

let current = 0;

function start(req: Extract<ChaosRequest, { type: 'start' }>): void {
  current = req.run;
  const chaos = new ChaosRun({ seed: req.seed, design: req.design });
  const began = performance.now();
  const batch = (): void => {
    if (current !== req.run) return;
    const report = chaos.next(Math.min(BATCH, req.count - chaos.report.runs));
    const finished = report.runs >= req.count;
    const msg: ChaosProgress = {
      type: 'progress',
      run: req.run,
      done: report.runs,
      total: req.count,
      wrong: report.wrong,
      refusedAtTen: report.refusedAtTen,
      unacked: report.unacked,
      balances: { ...report.balances },
      examples: [...report.examples],
      elapsedMs: performance.now() - began,
      finished,
    };
    postMessage(msg);
    // A timer between batches lets a 'cancel' message in.
    if (!finished) setTimeout(batch, 0);
  };
  setTimeout(batch, 0);
}

onmessage = (e: MessageEvent<ChaosRequest>) => {
  const req = e.data;
  if (req.type === 'start') start(req);
  else if (req.type === 'cancel' && req.run === current) current = 0;
};
