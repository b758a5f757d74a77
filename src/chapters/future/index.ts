/**
 * Chapter 2, a message from the future (seed 002): durable scheduling, delayed delivery and
 * sagas, as the registry loads it: its scenes, its chaos scenario and replay, its course, and the
 * families it loads as chunks of their own (`ready`).
 */
import type { BuiltScene, Chapter } from '../chapter.ts';
import { discount } from './chaos.ts';
import { course } from './course.ts';
import { familiesReady } from './families.ts';
import { scenes } from './scenes.ts';

/**
 * A chaos replay from its link's `s`; undefined for any other id.
 * @example build('chaos-replay', new URLSearchParams(`s=${discount.encode(s)}`))?.scene?.steps.length // 2
 */
function build(sceneId: string, query: URLSearchParams): BuiltScene | undefined {
  if (sceneId !== discount.replayId) return undefined;
  const text = query.get('s');
  const schedule = text === null ? undefined : discount.decode(text);
  if (!schedule) return { notices: ['This chaos replay link does not hold a schedule the explorer could have made.'] };
  return { scene: discount.replay(schedule), notices: [], query: `s=${discount.encode(schedule)}` };
}

export const chapter: Chapter = {
  id: 'future',
  scenes,
  build,
  buildable: [{ id: discount.replayId, title: 'Chaos replay: one random schedule', summary: 'Two weeks of orders the chaos explorer drew (s: the schedule, as its links carry it), replayed on the stage.', settings: ['s'] }],
  chaos: discount,
  course,
  ready: familiesReady,
};
