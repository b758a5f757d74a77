/** Scene: durable scheduling (STORYBOARD.md, chapter 2). PLACEHOLDER, to be written by the saga work. */
import type { Scene } from '../types.ts';
import { FUTURE_WORLD } from './cast.ts';
import './families.ts';

export const durableScheduling: Scene = {
  id: 'durable-scheduling',
  chapter: 'future',
  title: 'Durable scheduling',
  summary: 'A message from the future: take 100 off the total in 7 days, held by the broker across crashes.',
  channels: [],
  world: FUTURE_WORLD,
  kernel: { seed: 1, actors: [{ name: 'web', kind: 'http.caller', config: { target: 'lb' } }], network: { latencyMs: 100, jitterMs: 0 } },
  stage: { columns: [[{ id: 'web', kind: 'http.caller', title: 'Frontend' }]], edges: [] },
  expected: {},
  steps: [{ name: 'placeholder', title: 'Durable scheduling', narration: 'This scene is being written.', notes: 'Placeholder.', commands: [] }],
};
