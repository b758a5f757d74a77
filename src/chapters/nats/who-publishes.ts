/**
 * Scene: who publishes, and what do they know? The publisher numbers every event it sends (Seq)
 * and stamps each with the Seq of the same user's previous event (Last Seq); the database keeps,
 * per user, the Last ID Processed. The tables and their data are the slides'.
 */
import type { Scene } from '../types.ts';
import { CHANNELS, deposit, listener, publish, twoListeners, withdraw } from './cast.ts';

export const whoPublishes: Scene = {
  id: 'who-publishes',
  chapter: 'nats',
  title: 'Who publishes, and what do they know?',
  summary: 'The publisher knows each user’s order: it stamps every event with the Seq of that user’s previous one, and the listener checks it against Last ID Processed.',
  channels: CHANNELS,
  world: twoListeners({ design: 'publisher-last-seq', users: { Jim: 0, Mary: 0 } }),
  expected: { Jim: 10, Mary: 40 },
  steps: [
    {
      name: 'look-upstream',
      title: 'Look where the events come from',
      narration:
        'We kept asking the broker for order. But the publisher saw every event first: it knows that Jim’s $40 came after his $70. So the publisher writes that down.',
      notes:
        'The slide: “We were looking for a solution here; we should have been looking here.” The fix lives in the service that creates the events, not in NATS.',
      commands: [],
      highlight: ['publisher'],
    },
    {
      name: 'first-two',
      title: 'Seq and Last Seq',
      narration:
        'The publisher numbers every event it sends, and stamps each with the Seq of the same user’s previous event. Jim’s $70 is Seq 1 and Mary’s $40 is Seq 2; both are their user’s first, so the Last Seq is empty.',
      notes: 'The listener’s database now has Last ID Processed per user. After these two: Jim 1 with $70, Mary 2 with $40, the exact rows on the slide.',
      commands: [publish(deposit('Jim', 70)), { do: 'wait', ms: 100 }, publish(deposit('Mary', 40))],
      highlight: ['publisher', 'storage'],
    },
    {
      name: 'hiccup',
      title: 'A hiccup, and the check holds',
      narration:
        'Jim’s $40 goes out as Seq 3 with Last Seq 1, his withdraw as Seq 4 with Last Seq 3. A’s write of the $40 fails. The withdraw says “after 3”, but Jim’s Last ID Processed is still 1, so it is skipped without an ack.',
      notes: 'The check is simply: does the event’s Last Seq equal the user’s Last ID Processed? If not, an earlier event of this user is still missing.',
      commands: [{ do: 'fail-writes', listener: 'A', count: 1 }, publish(deposit('Jim', 40)), { do: 'wait', ms: 100 }, publish(withdraw('Jim', 100))],
      until: { kind: 'event', match: { kind: 'skip' } },
      highlight: ['listener:A', 'storage'],
      predict: {
        question: 'Jim’s $40 goes out as Seq 3 with Last Seq 1, his withdraw as Seq 4 with Last Seq 3. A’s write of the $40 fails. What happens to the withdraw?',
        choices: ['It is refused: Jim has $70, not $110', 'It is set aside, unacked: Jim’s Last ID Processed is 1, not 3', 'It goes through: Jim drops to −$30'],
        answer: 1,
        explain: 'The withdraw says which of Jim’s events came before it, Seq 3, and that one is not processed yet. So it is not judged at all; the server brings it back after the ack wait.',
        giveaway: ['skip', 'without an ack', 'no ack', 'check holds'],
      },
    },
    {
      name: 'resolved',
      title: 'Each user in their own order',
      narration:
        'After the ack wait the $40 comes back and is applied, then the withdraw: Jim ends at $10 and Mary was never held up. One channel per kind is enough again.',
      notes:
        'This works, but it leans on the publisher tracking sequence numbers the broker hands out. The redesign next keeps the same idea with the publisher’s own database and a per-user number.',
      commands: [],
      highlight: ['storage'],
    },
  ],
};
