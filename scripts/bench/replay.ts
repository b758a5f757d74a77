/**
 * Bench probe: what a replay costs per message as messages grow. Runs chapter 1's flood scene
 * (src/chapters/nats/flood.ts: n deposits through two listeners) to its last step through
 * runScene from a cold engine (no live world to run on from), for n = 100, 1,000 and 10,000;
 * median of a few runs after warm-ups, in µs per message. The code is warmed up first on the
 * middle size for WARM_UP_MS (a few runs of 100 messages leave it half compiled, which once
 * made 100 messages look twice as dear per message as 1,000). A size whose first run takes over
 * MAX_RUN_MS is timed once, not to a median, so a slow world cannot hang the bench.
 * Figures: replay:<n>, replay-ratio (largest per-message cost ÷ smallest), flood-10k (ms).
 * Run by scripts/bench.mjs: `tsx scripts/bench/replay.ts`.
 */
import { importFromRoot, median, reason, report as print, type Figure } from './report.ts';

/** The parts of src/chapters this probe relies on. */
interface SceneLike {
  steps: unknown[];
}
interface Engine {
  runScene?: (scene: SceneLike, step: number) => { storage: Record<string, { balance: number } | undefined> };
  forgetLiveWorlds?: () => void;
}
type FloodScene = (n: number) => SceneLike;

/** Message counts measured, smallest first; the last one is also the flood-10k row. */
const SIZES = [100, 1_000, 10_000] as const;
/** Untimed runs before the timed ones, then timed runs for the median, per size. */
const WARM_UPS: Record<number, number> = { 100: 5, 1_000: 3, 10_000: 1 };
const RUNS: Record<number, number> = { 100: 15, 1_000: 9, 10_000: 5 };
/** Time spent replaying 1,000 messages over and over before anything is timed. */
const WARM_UP_MS = 1_500;
/** A first run longer than this is the only one: no warm-up, no median. */
const MAX_RUN_MS = 5_000;

const n = (x: number): string => x.toLocaleString('en-US');

/** Row ids this probe fills, and those it has printed so far (a failure marks only the rest unavailable). */
const IDS = [...SIZES.map((s) => `replay:${s}`), 'replay-ratio', 'flood-10k'];
const printed = new Set<string>();
const report = (figure: Figure): void => {
  printed.add(figure.id);
  print(figure);
};

/** Milliseconds for one cold replay of the flood of `size` messages to its last step. */
function once(engine: Required<Engine>, floodScene: FloodScene, size: number): number {
  engine.forgetLiveWorlds();
  const scene = floodScene(size);
  const start = performance.now();
  const end = engine.runScene(scene, scene.steps.length - 1);
  const ms = performance.now() - start;
  const balance = end.storage['Jim']?.balance;
  if (balance !== size) throw new Error(`flood of ${n(size)} ended with Jim at ${balance}, not ${n(size)}`);
  return ms;
}

/** The typical time of a cold replay of `size` messages, and how it was taken. */
function measure(engine: Required<Engine>, floodScene: FloodScene, size: number): { ms: number; detail: string } {
  const first = once(engine, floodScene, size);
  if (first > MAX_RUN_MS) return { ms: first, detail: `one run: over ${MAX_RUN_MS / 1000} s, too slow for a median` };
  for (let i = 1; i < WARM_UPS[size]!; i++) once(engine, floodScene, size);
  const times = Array.from({ length: RUNS[size]! }, () => once(engine, floodScene, size));
  return { ms: median(times), detail: `median of ${times.length} runs` };
}

async function main(): Promise<void> {
  const engine = await importFromRoot<Engine>('src/chapters/engine.ts');
  const { floodScene } = await importFromRoot<{ floodScene?: FloodScene }>('src/chapters/nats/flood.ts');
  if (typeof engine.runScene !== 'function' || typeof engine.forgetLiveWorlds !== 'function') throw new Error('src/chapters/engine.ts exports no `runScene` and `forgetLiveWorlds`');
  if (typeof floodScene !== 'function') throw new Error('src/chapters/nats/flood.ts exports no `floodScene`');
  process.stderr.write('replay: warming up …\n');
  for (const start = performance.now(); performance.now() - start < WARM_UP_MS; ) {
    if (once(engine as Required<Engine>, floodScene, 1_000) > MAX_RUN_MS) break;
  }
  const perMessage: number[] = [];
  for (const size of SIZES) {
    process.stderr.write(`replay: ${n(size)} messages …\n`);
    const { ms, detail } = measure(engine as Required<Engine>, floodScene, size);
    const us = (ms * 1000) / size;
    perMessage.push(us);
    report({ id: `replay:${size}`, value: us, detail: `${n(Math.round(ms))} ms in all, ${detail}` });
    if (size === 10_000) report({ id: 'flood-10k', value: ms, detail });
  }
  const largest = Math.max(...perMessage);
  const smallest = Math.min(...perMessage);
  report({ id: 'replay-ratio', value: largest / smallest, detail: `${largest.toFixed(0)} µs ÷ ${smallest.toFixed(0)} µs per message` });
}

main().catch((error: unknown) => {
  for (const id of IDS.filter((i) => !printed.has(i))) report({ id, unavailable: reason(error) });
});
