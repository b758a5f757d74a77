/**
 * Bench probe: time to jump to the last step of every scene (rebuild the world, replay every
 * step's commands). Median of 50 runs after 5 warm-ups per scene; reports the worst scene. The
 * engine's live worlds are forgotten before each run, so every run is a rebuild (a deep link),
 * not a run on from the step before.
 * Run by scripts/bench.mjs: `tsx scripts/bench/scenes.ts`.
 */
import { importFromRoot, median, reason, report } from './report.ts';

/** The parts of src/chapters this probe relies on. */
interface SceneLike {
  id: string;
  steps: unknown[];
}
type RunScene = (scene: SceneLike, step: number) => unknown;

const warmUps = 5;
const runs = 50;

async function main(): Promise<void> {
  const registry = await importFromRoot<{ loadAllChapters?: () => Promise<unknown>; loadedScenes?: () => SceneLike[] }>('src/chapters/index.ts');
  const { runScene, forgetLiveWorlds } = await importFromRoot<{ runScene?: RunScene; forgetLiveWorlds?: () => void }>('src/chapters/engine.ts');
  if (typeof registry.loadAllChapters !== 'function' || typeof registry.loadedScenes !== 'function') throw new Error('src/chapters/index.ts exports no `loadAllChapters` and `loadedScenes`');
  await registry.loadAllChapters();
  const scenes = registry.loadedScenes();
  if (scenes.length === 0) throw new Error('no chapter has scenes');
  if (typeof runScene !== 'function' || typeof forgetLiveWorlds !== 'function') throw new Error('src/chapters/engine.ts exports no `runScene` and `forgetLiveWorlds`');

  let worst = { id: '', ms: -1 };
  for (const scene of scenes) {
    const last = scene.steps.length - 1;
    try {
      for (let i = 0; i < warmUps; i++) {
        forgetLiveWorlds();
        runScene(scene, last);
      }
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        forgetLiveWorlds();
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
