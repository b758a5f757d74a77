/** Scene: the batch job (STORYBOARD.md, chapter 2). PLACEHOLDER, to be written by the batch work. */
import type { Scene } from '../types.ts';
import { FUTURE_WORLD } from './cast.ts';
import './families.ts';

export const batchJob: Scene = {
  id: 'batch-job',
  chapter: 'future',
  title: 'The batch job',
  summary: 'A nightly job keeps the status stale between runs and outgrows the night.',
  channels: [],
  world: FUTURE_WORLD,
  kernel: { seed: 1, actors: [{ name: 'web', kind: 'http.caller', config: { target: 'lb' } }], network: { latencyMs: 100, jitterMs: 0 } },
  stage: { columns: [[{ id: 'web', kind: 'http.caller', title: 'Frontend' }]], edges: [] },
  expected: {},
  steps: [{ name: 'placeholder', title: 'The batch job', narration: 'This scene is being written.', notes: 'Placeholder.', commands: [] }],
};
