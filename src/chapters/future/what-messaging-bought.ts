/** Scene: what messaging bought us (STORYBOARD.md, chapter 2). PLACEHOLDER, to be written by the saga work. */
import type { Scene } from '../types.ts';
import { FUTURE_WORLD } from './cast.ts';
import './families.ts';

export const whatMessagingBought: Scene = {
  id: 'what-messaging-bought',
  chapter: 'future',
  title: 'What messaging bought us',
  summary: 'Ann and Bob’s race again, on the saga: every order is right, across a crash.',
  channels: [],
  world: FUTURE_WORLD,
  kernel: { seed: 1, actors: [{ name: 'web', kind: 'http.caller', config: { target: 'lb' } }], network: { latencyMs: 100, jitterMs: 0 } },
  stage: { columns: [[{ id: 'web', kind: 'http.caller', title: 'Frontend' }]], edges: [] },
  expected: {},
  steps: [{ name: 'placeholder', title: 'What messaging bought us', narration: 'This scene is being written.', notes: 'Placeholder.', commands: [] }],
};
