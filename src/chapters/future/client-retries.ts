/** Scene: client-side retries (STORYBOARD.md, chapter 2). PLACEHOLDER, to be written by the shop work. */
import type { Scene } from '../types.ts';
import { FUTURE_WORLD } from './cast.ts';
import './families.ts';

export const clientRetries: Scene = {
  id: 'client-retries',
  chapter: 'future',
  title: 'Client-side retries',
  summary: 'The browser retries instead: it survives a restart, costs the buyer time, and can order twice.',
  channels: [],
  world: FUTURE_WORLD,
  kernel: { seed: 1, actors: [{ name: 'web', kind: 'http.caller', config: { target: 'lb' } }], network: { latencyMs: 100, jitterMs: 0 } },
  stage: { columns: [[{ id: 'web', kind: 'http.caller', title: 'Frontend' }]], edges: [] },
  expected: {},
  steps: [{ name: 'placeholder', title: 'Client-side retries', narration: 'This scene is being written.', notes: 'Placeholder.', commands: [] }],
};
