/**
 * Hand-written scene and traces for the stage's unit tests, shaped like the engine's output:
 * happy path (deposit $70 handled by A) and a failed write that is redelivered to B.
 */
import type { TraceEvent } from '../../src/actors/nats/types.ts';
import type { Scene } from '../../src/chapters/types.ts';

export const fixtureScene: Scene = {
  id: 'fixture',
  chapter: 'nats',
  title: 'Fixture',
  summary: 'A fixture for tests.',
  channels: ['account:deposit', 'account:withdraw'],
  world: {
    seed: 0,
    design: 'naive',
    users: { Jim: 0 },
    listeners: [
      { id: 'A', processMs: 500, subscriptions: [{ channel: 'account:deposit', queue: 'myQueueGroup' }] },
      { id: 'B', processMs: 500, subscriptions: [{ channel: 'account:deposit', queue: 'myQueueGroup' }] },
    ],
    latencyMs: 100,
    jitterMs: 0,
    heartbeat: { intervalMs: 5000, timeoutMs: 1000, failCount: 2 },
  },
  expected: { Jim: 10 },
  steps: [
    { name: 'publish', title: 'Publish', narration: 'One deposit.', notes: '', commands: [] },
    { name: 'slow-b', title: 'Slow B', narration: 'B slows.', notes: '', commands: [{ do: 'slow', listener: 'B', processMs: 5000 }] },
  ],
};

const deposit70 = { kind: 'deposit', user: 'Jim', amount: 70 } as const;
const hop = { channel: 'account:deposit', seq: 1, msg: 1, payload: deposit70 } as const;

/** deposit $70: publish → store → deliver to A → process → write 70 → ack. */
export const happyTrace: TraceEvent[] = [
  { t: 0, kind: 'publish', ...hop, from: 'publisher', to: 'server', arrives: 100 },
  { t: 100, kind: 'store', ...hop, from: 'server' },
  { t: 100, kind: 'deliver', ...hop, from: 'server', to: 'listener:A', queue: 'myQueueGroup', attempt: 1, ackDeadline: 30_100, arrives: 200 },
  { t: 200, kind: 'receive', ...hop, to: 'listener:A', attempt: 1 },
  { t: 200, kind: 'process-start', ...hop, from: 'listener:A', attempt: 1 },
  { t: 700, kind: 'write', msg: 1, payload: deposit70, from: 'listener:A', to: 'storage', balance: 70 },
  { t: 700, kind: 'process-ok', ...hop, from: 'listener:A', balance: 70, attempt: 1 },
  { t: 700, kind: 'ack', ...hop, from: 'listener:A', to: 'server', attempt: 1, arrives: 800 },
];

/** deposit $70: A's write fails, no ack; the ack wait passes; B gets it as attempt 2. */
export const failTrace: TraceEvent[] = [
  ...happyTrace.slice(0, 5),
  { t: 700, kind: 'process-fail', ...hop, from: 'listener:A', balance: 0, attempt: 1 },
  { t: 30_100, kind: 'ack-timeout', ...hop, from: 'server', to: 'listener:A', attempt: 1 },
  { t: 30_100, kind: 'redeliver', ...hop, from: 'server', to: 'listener:B', queue: 'myQueueGroup', attempt: 2, ackDeadline: 60_100, arrives: 30_200 },
  { t: 30_200, kind: 'receive', ...hop, to: 'listener:B', attempt: 2 },
  { t: 30_200, kind: 'process-start', ...hop, from: 'listener:B', attempt: 2 },
  { t: 30_700, kind: 'write', msg: 1, payload: deposit70, from: 'listener:B', to: 'storage', balance: 70 },
  { t: 30_700, kind: 'process-ok', ...hop, from: 'listener:B', balance: 70, attempt: 2 },
  { t: 30_700, kind: 'ack', ...hop, from: 'listener:B', to: 'server', attempt: 2, arrives: 30_800 },
];

const withdraw100 = { kind: 'withdraw', user: 'Jim', amount: 100 } as const;
/** withdraw $100 on an empty account: refused (and acked). */
export const refuseTrace: TraceEvent[] = [
  { t: 0, kind: 'publish', msg: 1, channel: 'account:withdraw', payload: withdraw100, from: 'publisher', to: 'server', arrives: 100 },
  { t: 100, kind: 'store', msg: 1, channel: 'account:withdraw', seq: 1, payload: withdraw100, from: 'server' },
  { t: 100, kind: 'deliver', msg: 1, channel: 'account:withdraw', seq: 1, payload: withdraw100, from: 'server', to: 'listener:B', attempt: 1, ackDeadline: 30_100, arrives: 200 },
  { t: 200, kind: 'receive', msg: 1, channel: 'account:withdraw', seq: 1, payload: withdraw100, to: 'listener:B', attempt: 1 },
  { t: 200, kind: 'process-start', msg: 1, channel: 'account:withdraw', seq: 1, payload: withdraw100, from: 'listener:B', attempt: 1 },
  { t: 700, kind: 'reject', msg: 1, channel: 'account:withdraw', seq: 1, payload: withdraw100, from: 'listener:B', balance: 0, attempt: 1 },
  { t: 700, kind: 'ack', msg: 1, channel: 'account:withdraw', seq: 1, from: 'listener:B', to: 'server', attempt: 1, arrives: 800 },
];
