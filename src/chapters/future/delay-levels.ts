/** Scene: delayed delivery on rabbitmq (STORYBOARD.md, chapter 2). PLACEHOLDER, to be written by the rabbitmq work. */
import type { Scene } from '../types.ts';
import { FUTURE_WORLD } from './cast.ts';
import './families.ts';

export const delayLevels: Scene = {
  id: 'delay-levels',
  chapter: 'future',
  title: 'Delayed delivery on RabbitMQ',
  summary: 'Any delay as 28 bits: the message waits only at the levels whose bit is 1.',
  channels: [],
  world: FUTURE_WORLD,
  kernel: { seed: 1, actors: [{ name: 'web', kind: 'http.caller', config: { target: 'lb' } }], network: { latencyMs: 100, jitterMs: 0 } },
  stage: { columns: [[{ id: 'web', kind: 'http.caller', title: 'Frontend' }]], edges: [] },
  expected: {},
  steps: [{ name: 'placeholder', title: 'Delayed delivery on RabbitMQ', narration: 'This scene is being written.', notes: 'Placeholder.', commands: [] }],
};
