/** Scene: delayed delivery on sqs (STORYBOARD.md, chapter 2). PLACEHOLDER, to be written by the sqs work. */
import type { Scene } from '../types.ts';
import { FUTURE_WORLD } from './cast.ts';
import './families.ts';

export const sqsDelay: Scene = {
  id: 'sqs-delay',
  chapter: 'future',
  title: 'Delayed delivery on SQS',
  summary: 'DelaySeconds stops at 900 s; a FIFO delay queue re-sends what is left until it fits.',
  channels: [],
  world: FUTURE_WORLD,
  kernel: { seed: 1, actors: [{ name: 'web', kind: 'http.caller', config: { target: 'lb' } }], network: { latencyMs: 100, jitterMs: 0 } },
  stage: { columns: [[{ id: 'web', kind: 'http.caller', title: 'Frontend' }]], edges: [] },
  expected: {},
  steps: [{ name: 'placeholder', title: 'Delayed delivery on SQS', narration: 'This scene is being written.', notes: 'Placeholder.', commands: [] }],
};
