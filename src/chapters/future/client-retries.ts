/**
 * Scene: client-side retries (STORYBOARD.md, chapter 2, item 6). The browser retries the whole
 * order instead: after 3 s with no answer it waits 1 s (then 2 s) and sends it again. That
 * survives a crashed instance, but each retry adds its wait to what the buyer sees (a bar per
 * attempt); and when the answer, not the order, is lost, the retry orders a second time. With an
 * idempotency key the Orders DB recognises the retry and stores the order once.
 */
import { totalOf } from '../../actors/db/names.ts';
import type { Scene } from '../types.ts';
import { ACCOUNT, FUTURE_WORLD } from './cast.ts';
import './families.ts';
import { browserOrder, shopKernel, shopStage } from './shop-world.ts';

export const clientRetries: Scene = {
  id: 'client-retries',
  chapter: 'future',
  title: 'Client-side retries',
  summary: 'The browser retries the whole order: it survives a restart, every retry adds to the wait, and without a key a retry orders twice.',
  channels: [],
  world: FUTURE_WORLD,
  kernel: shopKernel('one-transaction', 'browsers'),
  stage: shopStage({ buyers: 'browsers', room: { widths: [1.0, 0.93, 0.96, 1.6], dbSize: 2.1, outcomeSize: 1, phone: { balancer: 0.69, instances: 0.72 } } }),
  expected: { [totalOf(ACCOUNT)]: 750 },
  timespace: true,
  steps: [
    {
      name: 'browser-retries',
      title: 'The browser retries instead',
      narration: 'The browser retries now, not the server: after 3 s without an answer, it waits 1 s and sends the whole order again.',
      notes:
        'Moving the retry to the client means a server restart cannot forget it: the browser is still there, still holding the order. The running total and the order now change together in one transaction, checked against the version that was read.',
      commands: [],
      highlight: ['Ann', 'Bob'],
    },
    {
      name: 'survives-the-crash',
      title: 'It survives the crash',
      narration: 'Instance A is down when Ann orders. After 3 s of silence and 1 s of backoff her browser sends it again, and B takes it: over 5 s of spinner.',
      notes:
        'Read the bars in Ann’s browser: 3 s lost to the first attempt, 1 s of backoff, then the real work. Every retry adds its whole wait to what the buyer sees. Real browsers and proxies wait much longer than 3 s before giving up; the simulation shortens it. The load balancer has no upstream timeout here, so it still counts the lost request as in flight on A, and sends the retry to B.',
      commands: [{ do: 'shop.crash', actor: 'service:A' }, browserOrder('Ann')],
      highlight: ['Ann', 'service:A'],
    },
    {
      name: 'lost-answer',
      title: 'An answer lost on the way',
      narration: 'A is back. Bob orders; B stores it, but its answer is lost. After 3 s of silence his browser sends it again, and A stores it too: Bob pays twice.',
      notes:
        'From the browser, a lost answer and a lost request look the same: silence. It cannot know the order went through, so it retries, and the server cannot tell a retry from a new order. Two orders, two charges, and the running total is $100 too high.',
      commands: [{ do: 'shop.restart', actor: 'service:A' }, { do: 'shop.lose-replies', actor: 'service:B', count: 1 }, browserOrder('Bob')],
      highlight: ['Bob', 'service:B', 'db'],
      predict: {
        question: 'Instance B stores Bob’s order, but its answer never reaches the browser. After 3 s the browser sends the whole order again. How many of Bob’s orders end up in the Orders DB?',
        choices: ['One: the database sees it is the same order', 'Two: he is charged for both', 'None: the retry cancels the first'],
        answer: 1,
        explain: 'Nothing in the second request says it is a retry. The other instance reads the account, prices the order and stores it, exactly as it should for a new order. The browser gets 200 OK for the copy and never learns about the first.',
        giveaway: ['twice', 'second time', 'charged for both'],
      },
    },
    {
      name: 'idempotency-key',
      title: 'The same loss, with a key',
      narration: 'Ann orders with an idempotency key; again the answer is lost. The retry has the same key, so the DB returns the first order. Bob’s duplicate stays: $850.',
      notes:
        'An idempotency key turns “do it again” into “make sure it was done”: the DB refuses a second order with the same key and hands back the first. It fixes duplicates, not latency: Ann still waited out the timeout. And it has to be there before the loss: Bob’s extra $100 is already charged.',
      commands: [{ do: 'shop.lose-replies', actor: 'service:A', count: 1 }, browserOrder('Ann', true)],
      highlight: ['Ann', 'db'],
    },
  ],
};
