/** Scene: the saga (STORYBOARD.md, chapter 2). PLACEHOLDER, to be written by the saga work. */
import type { Scene } from '../types.ts';
import { FUTURE_WORLD } from './cast.ts';
import './families.ts';

export const saga: Scene = {
  id: 'saga',
  chapter: 'future',
  title: 'The saga',
  summary: 'A DiscountPolicy saga keeps the running total and asks for a timeout in 7 days.',
  channels: [],
  world: FUTURE_WORLD,
  kernel: { seed: 1, actors: [{ name: 'web', kind: 'http.caller', config: { target: 'lb' } }], network: { latencyMs: 100, jitterMs: 0 } },
  stage: { columns: [[{ id: 'web', kind: 'http.caller', title: 'Frontend' }]], edges: [] },
  expected: {},
  steps: [{ name: 'placeholder', title: 'The saga', narration: 'This scene is being written.', notes: 'Placeholder.', commands: [] }],
};
