/** Scene: the customer walks in (STORYBOARD.md, chapter 2). PLACEHOLDER, to be written by the shop work. */
import type { Scene } from '../types.ts';
import { FUTURE_WORLD } from './cast.ts';
import './families.ts';

export const customerWalksIn: Scene = {
  id: 'customer-walks-in',
  chapter: 'future',
  title: 'The customer walks in',
  summary: 'No log line, no alert: the wrong invoice shows days later.',
  channels: [],
  world: FUTURE_WORLD,
  kernel: { seed: 1, actors: [{ name: 'web', kind: 'http.caller', config: { target: 'lb' } }], network: { latencyMs: 100, jitterMs: 0 } },
  stage: { columns: [[{ id: 'web', kind: 'http.caller', title: 'Frontend' }]], edges: [] },
  expected: {},
  steps: [{ name: 'placeholder', title: 'The customer walks in', narration: 'This scene is being written.', notes: 'Placeholder.', commands: [] }],
};
