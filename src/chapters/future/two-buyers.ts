/**
 * Scene: two buyers at once (STORYBOARD.md, chapter 2, item 2). Ann and Bob each order $100 at
 * the same moment on an account at $450: the balancer hands one order to each instance, both read
 * $450 before either writes, neither gives the discount, and both commit. The account ends at
 * $650 over 7 days with no discount, where the same two orders one after the other give the
 * second 10% off. Nothing failed.
 */
import { discountsOf } from '../../actors/db/names.ts';
import type { Scene } from '../types.ts';
import { ACCOUNT, FUTURE_WORLD } from './cast.ts';
import './families.ts';
import { HOP_MS, NEAR_MS, placeOrder, shopKernel, shopStage } from './shop-world.ts';

/**
 * Both instances have read (two hops in, the read there and back) and their writes are most of
 * the way to the Orders DB, not yet there: the frame shows both writes in flight, clear of the
 * boxes they left (on a phone the rows are close together).
 */
const BOTH_HAVE_READ_MS = 2 * HOP_MS + 2 * NEAR_MS + 0.825 * NEAR_MS;

export const twoBuyers: Scene = {
  id: 'two-buyers',
  chapter: 'future',
  title: 'Two buyers at once',
  summary: 'Ann and Bob order at the same moment: both instances read $450, neither gives the 10% off, and nothing fails.',
  channels: [],
  world: FUTURE_WORLD,
  kernel: shopKernel('read-then-write'),
  stage: shopStage({ room: { widths: [3.35, 3.4, 3.3, 5.87], dbSize: 1.2, outcomeSize: 1, phone: { buyers: 0.7, balancer: 0.69 } } }),
  expected: { [discountsOf(ACCOUNT)]: 10 },
  timespace: true,
  steps: [
    {
      name: 'same-account',
      title: 'Two buyers, one account',
      narration: 'Ann and Bob both buy for Alice’s company. Its last 7 days stand at $450; each of them is about to order $100.',
      notes: 'Same code as before, same rule. The only new thing is a second person using the same account at the same time: a shared shopping account, a team ordering supplies, two tabs open.',
      commands: [],
      highlight: ['Ann', 'Bob', 'db'],
    },
    {
      name: 'same-moment',
      title: 'Two clicks, one second',
      narration: 'Ann and Bob click at the same moment. A takes Ann’s order, B takes Bob’s, and each reads the last 7 days before the other has written.',
      notes:
        'Ask the room before playing. Both reads reach the database within milliseconds; each instance sees only what was committed when it asked. The reads are correct. They are just no longer true by the time the writes land.',
      commands: [placeOrder('Ann'), placeOrder('Bob')],
      until: { kind: 'for', ms: BOTH_HAVE_READ_MS },
      highlight: ['service:A', 'service:B', 'db'],
      predict: {
        question: 'Ann and Bob each order $100 at the same moment, on an account at $450 with the discount starting at $500. What do the two orders cost?',
        choices: ['$100, then $90: the second order sees the first', '$100 each: neither gets the 10% off', 'One of them fails with an error'],
        answer: 1,
        explain: 'Both instances read $450 before either had written its order, and $450 is under $500. Each prices its order alone, correctly for what it saw. Nothing checks that the total it read is still the total when it writes.',
        giveaway: ['neither', 'both read', 'no discount'],
      },
    },
    {
      name: 'both-commit',
      title: 'Both commit, both 200 OK',
      narration: 'Both read $450, under $500: no discount for either. Both commit, both answer 200 OK, and the account now shows $650 over 7 days.',
      notes: 'Look at the Orders DB: $650, and the discounts given are $0. One of these orders should have cost $90. Every step of both requests did exactly what the code says.',
      commands: [],
      highlight: ['db', 'Ann', 'Bob'],
    },
    {
      name: 'nothing-failed',
      title: 'Nothing failed',
      narration: 'One after the other, these orders cost $100 and $90; at the same moment, $100 each. No error, no crash, no timeout: timing alone broke the rule.',
      notes:
        'This is the first lesson of the talk: in a collaborative domain, a correct, “safe” architecture with a database and transactions can still apply a business rule wrongly. The gap between read and write is a few hundred milliseconds; with enough buyers, someone always lands in it.',
      commands: [],
      highlight: ['db'],
    },
  ],
};
