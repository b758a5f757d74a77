/**
 * Scene: a rule that depends on time (STORYBOARD.md, chapter 2, item 1). Alice's company has
 * ordered $450 over the last 7 days; the rule gives 10% off once that reaches $500. One order at
 * a time, the rule holds: Ann's $100 brings the week to $550, Bob's next order gets $10 off, and
 * two days later, with nobody doing anything, last week's $200 slides out of the window and the
 * next order pays full price again. The timeline under the Orders DB draws the sliding band.
 */
import { discountsOf } from '../../actors/db/names.ts';
import type { Scene } from '../types.ts';
import { ACCOUNT, DAY, FUTURE_WORLD } from './cast.ts';
import './families.ts';
import { placeOrder, shopKernel, shopStage, wait } from './shop-world.ts';

export const timeRule: Scene = {
  id: 'time-rule',
  chapter: 'future',
  title: 'A rule that depends on time',
  summary: 'One order at a time, the 7-day discount rule holds: $450 + $100 = $550, and the next order gets 10% off.',
  channels: [],
  world: FUTURE_WORLD,
  kernel: shopKernel('read-then-write', 'callers', 1),
  stage: shopStage({ instances: 1, apart: { id: 'timeline', kind: 'db.timeline', title: 'Last 7 days', phoneSize: 1 }, room: { widths: [3.35, 2.8, 5.82, 3.95], dbSize: 1.35, outcomeSize: 1, phone: { buyers: 0.7 } } }),
  expected: { [discountsOf(ACCOUNT)]: 10 },
  steps: [
    {
      name: 'the-rule',
      title: '10% off, over 7 days',
      narration: 'Alice’s company has ordered $450 over the last 7 days. The rule: once those 7 days reach $500, every further order gets 10% off.',
      notes:
        'Meet the cast: two buyers, Ann and Bob, order for the same company account. The Order API keeps nothing itself (one instance is enough while orders come one at a time); the Orders DB has every order with its time. The band on the timeline is the last 7 days, measured from now: it moves with the clock, not with the orders.',
      commands: [],
      highlight: ['timeline', 'db'],
    },
    {
      name: 'ann-orders',
      title: 'Ann orders $100',
      narration: 'Ann orders $100. The Order API sums the last 7 days, $450, which is under $500: full price. The week now stands at $550.',
      notes:
        'Follow the order: the buyer, the Order API, a read of the 7-day sum, then the write. One read, one write, nothing clever. With one order at a time this is correct, and that is the trap: it looks correct in every test we would naturally write.',
      commands: [placeOrder('Ann')],
      highlight: ['service:A', 'db'],
    },
    {
      name: 'bob-gets-discount',
      title: 'A day later, 10% off',
      narration: 'A day later Bob orders $100. The last 7 days now read $550, so the rule applies: Bob pays $90.',
      notes: 'The rule held: the second order saw the first. Point at the timeline: both of today’s orders sit inside the band, and so does last week’s $450.',
      commands: [wait(DAY), placeOrder('Bob')],
      highlight: ['service:A', 'timeline'],
    },
    {
      name: 'the-window-slides',
      title: 'Nobody ordered, and it changed',
      narration: 'Two days pass with no orders. Last week’s $200 slides out of the window, so the account is back at $450, and Ann’s next order pays full price again.',
      notes:
        'Nothing in the system changed, only the clock. The status “gets the discount” is not stored anywhere: it is a function of time. That is what makes this rule hard once several orders happen at once, or once we try to keep a running total instead of summing the window every time.',
      commands: [wait(2 * DAY), placeOrder('Ann')],
      highlight: ['timeline', 'db'],
    },
  ],
};
