/**
 * Scene: resilient HTTP (STORYBOARD.md, chapter 2, item 5). The Orders DB keeps a running total
 * per account; after each order the Order API asks the Discount service to add it, retrying in
 * its own memory after 1 s, 2 s and 4 s. A transient failure is recovered by the first retry.
 * Then the Discount service fails twice in a row, and instance A restarts (a deploy) while its
 * retry waits 2 s in memory: the retry is gone, and the running total never gets Bob’s $100.
 */
import { totalOf } from '../../actors/db/names.ts';
import type { Scene } from '../types.ts';
import { ACCOUNT, FUTURE_WORLD } from './cast.ts';
import './families.ts';
import { placeOrder, shopKernel, shopStage, wait } from './shop-world.ts';

export const resilientHttp: Scene = {
  id: 'resilient-http',
  chapter: 'future',
  title: 'Resilient HTTP',
  summary: 'Retries in memory, 1 s, 2 s, 4 s: they recover a passing failure, and a restart forgets the one that was waiting.',
  channels: [],
  world: FUTURE_WORLD,
  kernel: shopKernel('running-total'),
  stage: shopStage({ discount: true, room: { widths: [3.3, 3.1, 3.65, 5.87], discountSize: 0.75, dbSize: 1.35, outcomeSize: 0.95, phone: { buyers: 0.7, balancer: 0.69 } } }),
  expected: { [totalOf(ACCOUNT)]: 650 },
  steps: [
    {
      name: 'running-total',
      title: 'A running total, kept by a call',
      narration: 'Now the Orders DB keeps Alice’s running total, $450, so no order sums the week. After each order the Order API asks the Discount service to add it, and retries in memory after 1 s, 2 s, then 4 s.',
      notes:
        'This is the usual “make it robust” move: a running total instead of a window sum, and retries with exponential backoff around the HTTP call, the kind a resilience library gives you in three lines. The retries live inside the Order API process. (Taking the amount off again after 7 days is left out here; it comes back with the message from the future.)',
      commands: [],
      highlight: ['service:A', 'discount', 'db'],
    },
    {
      name: 'blip-recovered',
      title: 'A blip, and a retry',
      narration: 'Ann orders $100. The Discount service fails the first call, a passing error. One second later the retry goes through: the running total reads $550.',
      notes: 'This is what the retries are for, and they work: the buyer saw 200 OK at once, and the total caught up a second later. Transient failures like this are common, and a retry hides them.',
      commands: [{ do: 'shop.fail-discount', actor: 'discount', count: 1 }, placeOrder('Ann')],
      highlight: ['service:A', 'discount'],
    },
    {
      name: 'retry-waits',
      title: 'A retry waits in memory',
      narration: 'Bob orders $100 and gets 10% off. This time the Discount service fails twice; after the second failure, instance A waits 2 s before its next try. That wait is a timer inside the process.',
      notes: 'Point at instance A: the pending update is nowhere but in A’s memory. No database row, no queue: if A keeps running, the third attempt fixes the total.',
      commands: [{ do: 'shop.fail-discount', actor: 'discount', count: 2 }, placeOrder('Bob')],
      until: { kind: 'event', match: { kind: 'shop.retry-wait', attempt: 2 } },
      highlight: ['service:A'],
    },
    {
      name: 'restart-loses-it',
      title: 'A restart, and it is gone',
      narration: 'Instance A restarts for a deploy while its retry waits. The retry was only a timer in that process: it never fires. Alice’s running total stays at $550, though her orders add up to $650.',
      notes:
        'No error, no alert, again: the buyer got 200 OK long ago, and the process that knew about the missing update no longer exists. Resilient HTTP adds reliability, but it does not survive a restart. The next order will be priced on a total that is $100 short.',
      commands: [{ do: 'shop.crash', actor: 'service:A' }, wait(500), { do: 'shop.restart', actor: 'service:A' }, wait(8_000)],
      highlight: ['service:A', 'db'],
    },
  ],
};
