/** Scene: the plugin, for comparison (STORYBOARD.md, chapter 2). PLACEHOLDER, to be written by the rabbitmq work. */
import type { Scene } from '../types.ts';
import { FUTURE_WORLD } from './cast.ts';
import './families.ts';

export const delayPlugin: Scene = {
  id: 'delay-plugin',
  chapter: 'future',
  title: 'The plugin, for comparison',
  summary: 'One exchange and an x-delay header, with limits of its own.',
  channels: [],
  world: FUTURE_WORLD,
  kernel: { seed: 1, actors: [{ name: 'web', kind: 'http.caller', config: { target: 'lb' } }], network: { latencyMs: 100, jitterMs: 0 } },
  stage: { columns: [[{ id: 'web', kind: 'http.caller', title: 'Frontend' }]], edges: [] },
  expected: {},
  steps: [{ name: 'placeholder', title: 'The plugin, for comparison', narration: 'This scene is being written.', notes: 'Placeholder.', commands: [] }],
};
