/**
 * One thread of a parallel chaos run (parallel.ts): it draws the whole seeded stream of
 * schedules and judges its share of them (ChaosBatch's `share`), then posts its report and where
 * its examples stand in the stream. Started by `runInParallel` with the run in `workerData`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ChaosBatch } from '../chapters/chaos.ts';
import { findScenario, loadAllChapters } from '../chapters/index.ts';
import type { ShareRequest } from './parallel.ts';

const req = workerData as ShareRequest;
await loadAllChapters();
const scenario = findScenario(req.scenario);
if (!scenario) throw new Error(`no scenario "${req.scenario}"`);
const batch = new ChaosBatch(scenario, { seed: req.seed, design: req.design, keep: req.keep, share: { of: req.of, index: req.index } });
batch.next(req.count);
parentPort!.postMessage({ report: batch.report, positions: batch.positions });
