/** Scene: the redesign — per-user numbers stamped by the publisher; the listener takes n only after n−1. */
import { baseConfig } from '../../actors/nats/world.ts';
import type { Command } from '../../actors/nats/types.ts';
import type { Scene } from '../types.ts';
import { QUEUE, deposit, listener, withdraw } from './cast.ts';

const CREATED = 'transaction:created';
const sub = [{ channel: CREATED, queue: QUEUE }];
const tx = (p: ReturnType<typeof deposit>): Command => ({ do: 'publish', channel: CREATED, payload: p });

export const redesign: Scene = {
  id: 'redesign',
  chapter: 'nats',
  title: 'The redesign: numbered transactions',
  summary: 'The publisher numbers each user’s transactions; the listener applies number n only after n−1. The same failure now ends at $10.',
  channels: [CREATED],
  world: baseConfig({ design: 'per-user-number', users: { Jim: 0 }, listeners: [listener('A', { subscriptions: sub }), listener('B', { subscriptions: sub })] }),
  expected: { Jim: 10 },
  steps: [
    {
      name: 'who-knows-the-order',
      title: 'Ask the one who knows the order',
      narration:
        'The publisher owns a transactions database, so it knows Jim’s order: it stamps each transaction:created event with Jim’s next number. Account Srv keeps, per user, the last number it processed.',
      notes:
        'The fix is not in NATS: it is in who publishes and what they know. The storage table now shows Last ID Processed beside the balance. This is the same idea as a version number on a record.',
      commands: [],
      highlight: ['publisher', 'storage'],
    },
    {
      name: 'same-hiccup',
      title: 'The same hiccup as before',
      narration:
        'A’s next write will fail again. Jim’s three transactions go out numbered 1, 2 and 3. A’s write of number 1 fails; B gets number 2, but Jim’s last number is 0, so B skips it and does not ack.',
      notes: 'Skipping without an ack is the whole trick: the broker will bring it back later, when its turn may have come.',
      commands: [
        { do: 'fail-writes', listener: 'A', count: 1 },
        tx(deposit('Jim', 70)),
        { do: 'wait', ms: 100 },
        tx(deposit('Jim', 40)),
        { do: 'wait', ms: 100 },
        tx(withdraw('Jim', 100)),
      ],
      until: { kind: 'event', match: { kind: 'skip', msg: 2 } },
      highlight: ['listener:A', 'listener:B'],
      predict: {
        question: 'A’s write of number 1 fails. Number 2, the $40, reaches B while Jim’s last number is still 0. What does B do with it?',
        choices: ['Applies it: Jim has $40', 'Sets it aside, unacked: number 1 is not done yet', 'Refuses it: number 1 never arrived'],
        answer: 1,
        explain: 'Its number is not the next one, so it is not judged at all: no ack, and the server brings it back later, when its turn may have come.',
        giveaway: ['skip', 'does not ack', 'without an ack', 'no ack'],
      },
    },
    {
      name: 'wait-your-turn',
      title: 'Everyone waits their turn',
      narration: 'Number 3, the withdraw, is skipped too. Nothing was refused: Jim’s balance is untouched at $0. When the ack wait runs out, the server starts sending all three again.',
      notes: 'Compare with the naive design, where the withdraw was judged against a balance that was not ready yet.',
      commands: [],
      until: { kind: 'event', match: { kind: 'ack-timeout' } },
      highlight: ['storage'],
    },
    {
      name: 'in-order',
      title: 'In order, at last',
      narration: 'After the ack wait the three come back. Each is applied only when its number is next: $70, then $40, then the $100 withdraw. Jim ends at $10.',
      notes: 'The chaos explorer in the property tests runs 10,000 random fault schedules of this design and finds no bad one.',
      commands: [],
      highlight: ['storage'],
    },
  ],
};
