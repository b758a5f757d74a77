/**
 * A chaos run on several threads of Node (worker_threads): each thread draws the same seeded
 * stream and judges every n-th schedule (ChaosBatch's `share`), and the shares are merged
 * (`mergeShares`), so the figures are exactly those of one thread — the explorer's, for the same
 * seed — only sooner. Used by `npm run chaos` for big runs and by the bench.
 *
 * @example (await runInParallel({ scenario: 'nats/ordering', design: 'naive', seed: 7, count: 300 }, 2)).wrong // 134
 */
import { Worker } from 'node:worker_threads';
import { mergeShares, type ChaosBatchReport, type ChaosShare } from '../chapters/chaos.ts';

/** What one thread is asked to run. */
export interface ShareRequest {
  scenario: string;
  design: string;
  seed: number;
  count: number;
  keep: number;
  of: number;
  index: number;
}

/**
 * A thread's first lines: register tsx's loader (as the command line runs under tsx), then load
 * the worker's TypeScript. A thread cannot start on a .ts file itself: Node resolves it before any
 * loader is in place.
 */
const BOOT = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./chaosWorker.ts', import.meta.url).href)}); })`;

function share(req: ShareRequest): Promise<ChaosShare<unknown>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(BOOT, { eval: true, workerData: req });
    worker.once('message', (m: ChaosShare<unknown>) => resolve(m));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`a chaos thread stopped with exit code ${code}`));
    });
  });
}

/** Runs a scenario's stream of `count` schedules on `threads` threads and merges their reports. */
export async function runInParallel(run: { scenario: string; design: string; seed: number; count: number; keep?: number }, threads: number): Promise<ChaosBatchReport<unknown>> {
  const keep = run.keep ?? 5;
  const shares = await Promise.all(Array.from({ length: threads }, (_, index) => share({ ...run, keep, of: threads, index })));
  return mergeShares(shares, keep);
}
