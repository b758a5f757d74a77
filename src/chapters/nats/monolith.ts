/** Scene: the slow-listener race inside one process, between two threads of a thread pool (a world of the HTTP family). */
import type { Scene } from '../types.ts';
import { MONOLITH_KERNEL, MONOLITH_STAGE, NO_BROKER_WORLD, SLOW_MS, lateWithdraw, twoDeposits, withSeed } from './no-broker.ts';

export const monolith: Scene = {
  id: 'monolith',
  chapter: 'nats',
  title: 'The same race in one process',
  summary: 'No network between the parts: two threads of one Account Srv share the work; the slow one holds the $70 while the other refuses the withdraw.',
  channels: [],
  world: NO_BROKER_WORLD,
  kernel: withSeed(MONOLITH_KERNEL, NO_BROKER_WORLD.seed),
  stage: MONOLITH_STAGE,
  expected: { Jim: 10 },
  steps: [
    {
      name: 'one-process',
      title: 'One process, two threads',
      narration:
        'Now a monolith: one Account Srv process whose thread pool gives each request to the least busy of its two threads. Thread 1 is stuck behind a slow call: each request takes it 8 seconds.',
      notes:
        'The clients still send requests, but the middle box and both threads are one process sharing one database. Hand-offs inside a process take microseconds; the stage slows them down so you can follow them. Why slow: a lock, a slow disk, a call to a fraud-check service.',
      commands: [{ do: 'http.slow', actor: 'thread:1', processMs: SLOW_MS }],
      highlight: ['pool', 'thread:1'],
    },
    {
      name: 'two-deposits',
      title: 'Two deposits, two threads',
      narration: 'Jim’s two deposits come in a moment apart. Thread 1 takes the $70. It is now busy, so Thread 2 takes the $40 and is done a second later.',
      notes: 'The pool holds two requests in progress: the $70 on Thread 1, and the $40 until Thread 2 returns.',
      commands: twoDeposits('clients'),
      until: { kind: 'event', match: { kind: 'thread-done', msg: 2 } },
      highlight: ['thread:1', 'thread:2'],
    },
    {
      name: 'withdraw-refused',
      title: 'The withdraw overtakes',
      narration: 'A second later the $100 withdraw comes in. Thread 2 is free, so it takes it, reads $40 from the shared database and refuses it.',
      notes: 'Nothing crossed a network between the two threads, and nothing failed. The pool did its job: it kept both threads busy.',
      commands: lateWithdraw('clients'),
      until: { kind: 'event', match: { kind: 'thread-done', msg: 3 } },
      highlight: ['thread:2', 'storage'],
    },
    {
      name: 'same-race',
      title: 'Same race, one process',
      narration: 'Thread 1 finally writes the $70: Jim ends at $110 instead of $10, inside a single process. The broker was never the cause: two workers side by side is.',
      notes:
        'Three pictures, one race: NATS listeners, HTTP instances, threads. A lock around the whole handler would make the threads take turns, at the price of one request at a time: the next scene’s “run one copy”.',
      commands: [],
      highlight: ['thread:1', 'storage'],
    },
  ],
};
