/** Scene: two buyers at once (STORYBOARD.md, chapter 2). PLACEHOLDER, to be written by the shop work. */
import type { Scene } from '../types.ts';
import { FUTURE_WORLD } from './cast.ts';
import './families.ts';

export const twoBuyers: Scene = {
  id: 'two-buyers',
  chapter: 'future',
  title: 'Two buyers at once',
  summary: 'Ann and Bob order at the same moment; neither gets the discount the second order was due.',
  channels: [],
  world: FUTURE_WORLD,
  kernel: { seed: 1, actors: [{ name: 'web', kind: 'http.caller', config: { target: 'lb' } }], network: { latencyMs: 100, jitterMs: 0 } },
  stage: { columns: [[{ id: 'web', kind: 'http.caller', title: 'Frontend' }]], edges: [] },
  expected: {},
  steps: [{ name: 'placeholder', title: 'Two buyers at once', narration: 'This scene is being written.', notes: 'Placeholder.', commands: [] }],
};
