/**
 * Scene: share the last processed sequence number. One channel carries every account event; the
 * database remembers the last channel sequence processed and a listener applies #n only after
 * #n−1. Order is kept, but a single failure of Jim's holds Mary back too.
 */
import type { Command } from '../../actors/nats/types.ts';
import type { Scene } from '../types.ts';
import { QUEUE, deposit, listener, twoListeners, withdraw } from './cast.ts';

export const EVENTS = 'account:events';
const sub = [{ channel: EVENTS, queue: QUEUE }];
const on = (channel: string) => (p: ReturnType<typeof deposit>): Command => ({ do: 'publish', channel, payload: p });
const event = on(EVENTS);

/**
 * The events of seed 001's tables: Jim +$70, Mary +$40, Jim +$40, Jim −$100, a second apart, so
 * that when they all come back after the ack wait each one's turn has clearly come (on a real
 * server too, where times are scaled down and jitter is real).
 */
export const TABLE_EVENTS = (send: (p: ReturnType<typeof deposit>) => Command): Command[] => [
  send(deposit('Jim', 70)),
  { do: 'wait', ms: 1_000 },
  send(deposit('Mary', 40)),
  { do: 'wait', ms: 1_000 },
  send(deposit('Jim', 40)),
  { do: 'wait', ms: 1_000 },
  send(withdraw('Jim', 100)),
];

export const sharedSequence: Scene = {
  id: 'shared-sequence',
  chapter: 'nats',
  title: 'Share the last sequence processed',
  summary: 'One channel for every account and a shared “last sequence processed”: order is kept, but Jim’s failed write makes Mary wait too.',
  channels: [EVENTS],
  world: twoListeners({
    design: 'last-sequence',
    users: { Jim: 0, Mary: 0 },
    listeners: [listener('A', { subscriptions: sub }), listener('B', { subscriptions: sub })],
  }),
  expected: { Jim: 10, Mary: 40 },
  steps: [
    {
      name: 'remember',
      title: 'Remember where you got to',
      narration:
        'Next idea: the listeners share, in the database, the sequence number of the last event processed. All account events go on one channel, and #n is applied only after #n−1.',
      notes:
        'The storage box now has a second table: the channel and the last sequence processed. An event that arrives early is not processed and not acked, so the server brings it back later.',
      commands: [],
      highlight: ['storage', 'channel:account:events'],
    },
    {
      name: 'jim-fails',
      title: 'Jim’s $70 fails to write',
      narration:
        'A’s write of Jim’s $70 (#1) fails. B gets Mary’s $40 (#2), but the last sequence processed is still 0, so B skips it without an ack. Jim’s $40 and his withdraw wait the same way.',
      notes: 'Nothing is refused and nothing is applied out of order. So far so good.',
      commands: [{ do: 'fail-writes', listener: 'A', count: 1 }, ...TABLE_EVENTS(event)],
      until: { kind: 'event', match: { kind: 'skip', msg: 4 } },
      highlight: ['listener:A', 'listener:B'],
      predict: {
        question: 'A’s write of Jim’s $70, #1 on the one shared channel, is about to fail. Mary’s $40 is #2 and goes to B. What does B do with it?',
        choices: ['Applies it: Mary’s money has nothing to do with Jim’s', 'Leaves it, unapplied and unacked: #1 is not done yet', 'Applies it, and #1 is dropped'],
        answer: 1,
        explain: 'The rule knows sequence numbers, not users: #2 waits for #1, whoever they belong to. Mary is held up by Jim’s failure.',
        giveaway: ['skip', 'without an ack', 'no ack', 'mary waits'],
      },
    },
    {
      name: 'mary-waits',
      title: 'Mary waits for Jim',
      narration:
        'Mary’s deposit has nothing to do with Jim, yet it sits behind his failed event until the ack wait runs out, 30 seconds later. Then all four are applied in order.',
      notes:
        'One channel means one line for everyone: a single customer’s problem delays every customer. With a million users, someone always has a problem.',
      commands: [],
      highlight: ['storage'],
    },
  ],
};
