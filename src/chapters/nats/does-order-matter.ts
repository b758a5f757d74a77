/** Scene: does order matter? Two tweets out of order harm nobody; two bank transactions do. */
import type { Command } from '../../actors/nats/types.ts';
import type { Scene } from '../types.ts';
import { DEPOSIT, QUEUE, WITHDRAW, deposit, listener, publish, twoListeners, withdraw } from './cast.ts';

const TWEETS = 'tweet:created';

const tweet = (text: string): Command => ({ do: 'publish', channel: TWEETS, payload: { kind: 'tweet', user: 'Jim', amount: 0, text } });

/** Both listeners take tweets and account events in one queue group; A joins account:withdraw a moment later, so B is first in line there. */
const subs = (late: number) => [
  { channel: TWEETS, queue: QUEUE },
  { channel: DEPOSIT, queue: QUEUE },
  { channel: WITHDRAW, queue: QUEUE, afterMs: late },
];

export const doesOrderMatter: Scene = {
  id: 'does-order-matter',
  chapter: 'nats',
  title: 'Does order matter?',
  summary: 'The same slow listener reorders two tweets and two bank transactions: the tweets come to no harm, the money does.',
  channels: [TWEETS, DEPOSIT, WITHDRAW],
  world: twoListeners({ listeners: [listener('A', { subscriptions: subs(1_000) }), listener('B', { subscriptions: subs(0) })] }),
  expected: { Jim: 20 },
  steps: [
    {
      name: 'slow-a',
      title: 'The same slow listener',
      narration:
        'Before we patch anything, ask whether order matters at all. The listeners now also store tweets, and A is having a slow day: 6 seconds per event.',
      notes:
        'This is the question the slides ask before any fix: not every system needs order. Most social feeds do without it.',
      commands: [{ do: 'slow', listener: 'A', processMs: 6_000 }],
      highlight: ['listener:A'],
    },
    {
      name: 'two-tweets',
      title: 'Two tweets, out of order',
      narration:
        'Jim tweets “Boarding”, then “Landed!”. A gets the first and B the second; B is quicker, so his timeline stores “Landed!” first.',
      notes:
        'Point at the timeline in storage: the order is wrong. Ask the room who is harmed. Nobody: a reader shrugs, and sorting by the time of posting would put it right.',
      commands: [tweet('Boarding'), { do: 'wait', ms: 100 }, tweet('Landed!')],
      highlight: ['storage'],
    },
    {
      name: 'two-transactions',
      title: 'Two bank transactions, out of order',
      narration:
        'Now Jim deposits $70 and then withdraws $50. A gets the deposit, B the withdraw. B is quicker again, so the withdraw is judged against $0 and REFUSED.',
      notes:
        'Same listeners, same delay, same reordering. The difference is the business rule: a withdraw depends on the deposits before it. Order matters when one event changes what the next is allowed to do.',
      commands: [publish(deposit('Jim', 70)), { do: 'wait', ms: 100 }, publish(withdraw('Jim', 50))],
      until: { kind: 'event', match: { kind: 'reject' } },
      highlight: ['listener:B', 'storage'],
      predict: {
        question: 'Same listeners, same slow A. Jim deposits $70 and then withdraws $50: A gets the deposit, quick B the withdraw. What happens to the withdraw?',
        choices: ['B waits for the deposit, then takes the $50: Jim has $20', 'B refuses it: Jim still has $0', 'B takes it anyway: Jim drops to −$50'],
        answer: 1,
        explain: 'The same reordering as with the tweets, but a withdraw depends on the deposits before it: judged against $0, it is refused, and it does not come back.',
        giveaway: ['refuse', 'judged against $0'],
      },
    },
    {
      name: 'verdict',
      title: 'Order matters for money',
      narration:
        'The deposit lands a few seconds later, but the refused withdraw does not come back: Jim ends at $70 instead of $20. For tweets, order is a nicety; for an account, it is correctness.',
      notes: 'So the fix we need is order per account, not a faster listener. Keep that phrase: per account. It comes back in the redesign.',
      commands: [],
      highlight: ['storage'],
    },
  ],
};
