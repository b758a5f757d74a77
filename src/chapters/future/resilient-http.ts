/** Scene: resilient http (STORYBOARD.md, chapter 2). PLACEHOLDER, to be written by the shop work. */
import type { Scene } from '../types.ts';
import { FUTURE_WORLD } from './cast.ts';
import './families.ts';

export const resilientHttp: Scene = {
  id: 'resilient-http',
  chapter: 'future',
  title: 'Resilient HTTP',
  summary: 'Retries in memory recover a transient failure, and die with the process.',
  channels: [],
  world: FUTURE_WORLD,
  kernel: { seed: 1, actors: [{ name: 'web', kind: 'http.caller', config: { target: 'lb' } }], network: { latencyMs: 100, jitterMs: 0 } },
  stage: { columns: [[{ id: 'web', kind: 'http.caller', title: 'Frontend' }]], edges: [] },
  expected: {},
  steps: [{ name: 'placeholder', title: 'Resilient HTTP', narration: 'This scene is being written.', notes: 'Placeholder.', commands: [] }],
};
