/**
 * Scene: durable scheduling (STORYBOARD.md, chapter 2, item 7). Each order adds to Alice's running
 * total and asks the broker for a message from the future: "take 100 off in 7 days". The handler
 * crashes and an order still gets its 202; two orders at once collide on the total's version and
 * the broker's retry applies both; then seven virtual days pass and every amount comes off again.
 */
import { sagaOrder } from '../../actors/saga/cast.ts';
import type { Scene } from '../types.ts';
import { totalKey } from '../../actors/saga/types.ts';
import { ACCOUNT, BUYERS, FUTURE_WORLD, HOUR, MINUTE, ORDER_AMOUNT } from './cast.ts';
import './families.ts';
import { HOLD_LAST_WEEK, sagaKernel, sagaStage, untilStored } from './saga-world.ts';

const [ANN, BOB] = BUYERS;
const order = (buyer: string) => sagaOrder(buyer, ACCOUNT, ORDER_AMOUNT);

export const durableScheduling: Scene = {
  id: 'durable-scheduling',
  chapter: 'future',
  title: 'Durable scheduling',
  summary: 'A message from the future: take 100 off the total in 7 days, held by the broker across crashes.',
  channels: [],
  world: FUTURE_WORLD,
  kernel: sagaKernel('durable'),
  stage: sagaStage({ host: 'Discount', store: 'Orders DB' }),
  expected: { [totalKey(ACCOUNT)]: 0, [`${ANN}’s discount`]: 10, [`${BOB}’s discount`]: 20 },
  steps: [
    {
      name: 'fire-and-forget',
      title: 'Fire and forget',
      narration:
        'Ann orders $100. The Order API answers 202 once the broker has the order on disk. The handler adds it to Alice’s total, $450 → $550, and asks the broker for a message in 7 days: take $100 off.',
      notes:
        'Two changes from the HTTP version. The browser waits only for the broker, not for the discount: 202 means “taken”, not “done”. And the running total never has to be recomputed from a week of orders: each order adds itself, and schedules its own subtraction. The broker already held one such message when the story began: last week’s $450 comes off on day 6.',
      commands: [HOLD_LAST_WEEK, order(ANN)],
      until: untilStored(3),
      highlight: ['web', 'broker'],
    },
    {
      name: 'two-at-once',
      title: 'Two orders, one version',
      narration:
        'Ann and Bob order at the same instant. Both handlers read version 2; the first commit wins, the second is refused. The broker delivers it again, it reads $650, and both orders count: $750.',
      notes:
        'This is optimistic concurrency doing its job: the database refuses a write based on a stale read instead of silently losing it. Nobody wrote retry code. The handler threw, the message went back to the broker, and the broker tried again at once. NServiceBus does the same by default: 5 immediate retries, then 3 delayed ones after 10, 20 and 30 seconds, then the error queue. Here the broker counts the retries; in NServiceBus the endpoint does.',
      commands: [order(ANN), order(BOB)],
      until: untilStored(7),
      highlight: ['discount', 'store'],
    },
    {
      name: 'handler-down',
      title: 'While the handler is down',
      narration: 'The Discount handler crashes. A minute later Bob orders again; an hour later the handler is restarted.',
      notes:
        'The orders already applied sit in the Orders DB, and their messages from the future sit on the broker’s disk: nothing of either lived in the crashed process. Bob’s new order waits on the broker until someone can handle it, and is applied when the handler is back, with its 10% off: the total before it was $750.',
      commands: [{ do: 'saga.crash', actor: 'discount' }, { do: 'wait', ms: MINUTE }, order(BOB), { do: 'wait', ms: HOUR }, { do: 'saga.restart', actor: 'discount' }],
      until: untilStored(9),
      highlight: ['discount', 'broker'],
      predict: {
        question: 'The Discount handler is down when Bob places his order. What does Bob’s browser get?',
        choices: ['An error: nobody can compute his discount', '202 Accepted, within a fraction of a second', 'Nothing until the handler is back, an hour later'],
        answer: 1,
        explain: 'The Order API only needs the broker: once the broker has the order on disk, the API answers 202. The handler picks the order up when it is back.',
        giveaway: ['202', 'accepted', 'waits on the broker'],
      },
    },
    {
      name: 'seven-days-later',
      title: 'Seven days later',
      narration:
        'Nothing happens for days, and the simulation skips them. On day 6 last week’s $450 comes off; on day 7 Ann’s first $100. Alice’s week now stands at $300.',
      notes:
        'Real time, not scaled: the messages are due 7 days after each order, and the clock jumps from one to the next. The handler was restarted in between and had forgotten nothing, because there was nothing in it to forget. On RabbitMQ this delay is the chain of delay levels of the scene “Delayed delivery on RabbitMQ”; on SQS, the 900-second hops of “Delayed delivery on SQS”.',
      commands: [],
      until: { kind: 'event', match: { kind: 'saga.ack', msg: 3 } },
      highlight: ['broker', 'store'],
    },
    {
      name: 'window-slides',
      title: 'The window slides',
      narration:
        'A minute later Ann’s and Bob’s simultaneous orders come off, an hour later Bob’s last one: $0. Every order got the discount the rule gave it at the moment it was placed.',
      notes:
        'Three discounts of $10: Ann’s second order and both of Bob’s, each placed when the week already held $500 or more. Ann’s first order, at $450, got none. That is what a sequential run of the same orders gives, and the story test checks it.',
      commands: [],
      highlight: ['store'],
    },
  ],
};
