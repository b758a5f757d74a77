/**
 * Bench probe: time to jump to the last step of every scene (rebuild the world, replay every
 * step's commands). Median of 50 runs after 5 warm-ups per scene; reports the worst scene.
 * Run by scripts/bench.mjs: `tsx scripts/bench/scenes.ts`.
 */
import { importFromRoot, median, reason, report } from './report.ts';

/** The parts of src/scenes this probe relies on. */
interface SceneLike {
  id: string;
  steps: unknown[];
}
type RunScene = (scene: SceneLike, step: number) => unknown;

const warmUps = 5;
const runs = 50;

async function main(): Promise<void> {
  const { scenes } = await importFromRoot<{ scenes?: SceneLike[] }>('src/scenes/index.ts');
  const { runScene } = await importFromRoot<{ runScene?: RunScene }>('src/scenes/engine.ts');
  if (!Array.isArray(scenes) || scenes.length === 0) throw new Error('src/scenes/index.ts exports no `scenes`');
  if (typeof runScene !== 'function') throw new Error('src/scenes/engine.ts exports no `runScene` function');

  let worst = { id: '', ms: -1 };
  for (const scene of scenes) {
    const last = scene.steps.length - 1;
    try {
      for (let i = 0; i < warmUps; i++) runScene(scene, last);
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const start = performance.now();
        runScene(scene, last);
        times.push(performance.now() - start);
      }
      const ms = median(times);
      if (ms > worst.ms) worst = { id: scene.id, ms };
    } catch (error) {
      throw new Error(`scene ${scene.id} threw: ${reason(error)}`);
    }
  }
  report({ id: 'jump', value: worst.ms, detail: `worst: ${worst.id}, of ${scenes.length} scenes` });
}

main().catch((error: unknown) => report({ id: 'jump', unavailable: reason(error) }));
