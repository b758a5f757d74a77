/**
 * Chapter 1, concurrency with NATS Streaming (seeds 000 and 001), as the registry loads it: its
 * scenes, the scenes it builds from links (a chaos replay, the sandbox) and its chaos scenario.
 */
import type { BuiltScene, Chapter } from '../chapter.ts';
import type { Scene } from '../types.ts';
import { SANDBOX_ID, SANDBOX_SETTINGS, parseSandbox, sandboxScene } from './sandbox.ts';
import { ordering } from './scenario.ts';
import { scenes } from './scenes.ts';

/**
 * A chaos replay from its link's `s`, or the sandbox from its settings; undefined for any other id.
 * @example build('sandbox', new URLSearchParams('listeners=3'), scenes)?.scene?.world.listeners.length // 3
 */
function build(sceneId: string, query: URLSearchParams, all: readonly Scene[]): BuiltScene | undefined {
  if (sceneId === SANDBOX_ID) {
    const { params, notices } = parseSandbox(query, all);
    return { scene: sandboxScene(params, all), notices };
  }
  if (sceneId === ordering.replayId) {
    const text = query.get('s');
    const schedule = text === null ? undefined : ordering.decode(text);
    if (!schedule) return { notices: ['This chaos replay link does not hold a schedule the explorer could have made.'] };
    return { scene: ordering.replay(schedule), notices: [] };
  }
  return undefined;
}

export const chapter: Chapter = {
  id: 'nats',
  scenes,
  build,
  buildable: [
    { id: SANDBOX_ID, title: 'Sandbox', summary: 'A world of your own, from a handful of settings, or a scene continued from one of its steps.', settings: SANDBOX_SETTINGS },
    { id: ordering.replayId, title: 'Chaos replay: one random schedule', summary: 'A schedule the chaos explorer drew (s: the schedule, as its links carry it), replayed on the stage.', settings: ['s'] },
  ],
  chaos: ordering,
};
