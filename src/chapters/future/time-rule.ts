/** Scene: a rule that depends on time (STORYBOARD.md, chapter 2). PLACEHOLDER, to be written by the shop work. */
import type { Scene } from '../types.ts';
import { FUTURE_WORLD } from './cast.ts';
import './families.ts';

export const timeRule: Scene = {
  id: 'time-rule',
  chapter: 'future',
  title: 'A rule that depends on time',
  summary: 'One order at a time, the 7-day discount rule holds.',
  channels: [],
  world: FUTURE_WORLD,
  kernel: { seed: 1, actors: [{ name: 'web', kind: 'http.caller', config: { target: 'lb' } }], network: { latencyMs: 100, jitterMs: 0 } },
  stage: { columns: [[{ id: 'web', kind: 'http.caller', title: 'Frontend' }]], edges: [] },
  expected: {},
  steps: [{ name: 'placeholder', title: 'A rule that depends on time', narration: 'This scene is being written.', notes: 'Placeholder.', commands: [] }],
};
