/**
 * Scene: the customer walks in (STORYBOARD.md, chapter 2, item 3). The race of two-buyers leaves
 * no trace: two 200 OKs, no log line, no alert. It shows nine days later, when Alice’s
 * accountant sets the invoice beside the price list: a still frame of the invoice as billed and
 * as it should be.
 */
import { invoiceOf } from '../../actors/shop/names.ts';
import type { Scene } from '../types.ts';
import { ACCOUNT, BUYERS, DAY, FUTURE_WORLD } from './cast.ts';
import './families.ts';
import { placeOrder, shopKernel, wait } from './shop-world.ts';

export const customerWalksIn: Scene = {
  id: 'customer-walks-in',
  chapter: 'future',
  title: 'The customer walks in',
  summary: 'The race leaves no log line and no alert; days later the invoice says $200 where $190 was due.',
  channels: [],
  world: FUTURE_WORLD,
  kernel: shopKernel('read-then-write'),
  // A still frame: the buyers, what the Orders DB holds, and the invoice (widest, the story's end)
  // with the check under it; the machinery between them is the same as before.
  stage: {
    columns: [
      BUYERS.map((id) => ({ id, kind: 'http.caller', title: id, phoneSize: 0.7 })),
      [{ id: 'db', kind: 'db.table', title: 'Orders DB' }],
      [
        { id: 'invoice', kind: 'shop.invoice', title: 'Invoice', size: 1.2, phoneSize: 1.4 },
        { id: 'outcome', kind: 'stage.outcome', title: 'The check' },
      ],
    ],
    widths: [0.75, 1, 1.3],
    edges: [],
  },
  // The invoice is the verdict: billed against due, line by line, and in all against what the price list says.
  expected: { [invoiceOf(ACCOUNT)]: 190 },
  steps: [
    {
      name: 'all-green',
      title: 'Every dashboard is green',
      narration: 'Ann and Bob order at the same moment again. Two requests, two 200 OKs. No exception, no failed request, no alert.',
      notes:
        'This is what monitoring sees: a success rate of 100%, latency well under a second. There is no log line to search for, because no code path went wrong. The only record of the mistake is the data itself.',
      commands: [placeOrder('Ann'), placeOrder('Bob')],
      highlight: ['Ann', 'Bob'],
    },
    {
      name: 'days-later',
      title: 'Nine days later',
      narration: 'Nine days pass. The week those orders counted towards is long gone from the window; nothing in the system remembers that a discount was due.',
      notes: 'The 7-day window has slid past both orders. Even a nightly check of “is the total over $500 now?” would find nothing. The error is only visible against the rule as it stood at the moment of each order.',
      commands: [wait(9 * DAY)],
      highlight: ['db'],
    },
    {
      name: 'the-invoice',
      title: 'The invoice',
      narration: 'Alice’s accountant sets the invoice beside the price list: $200 billed, $190 due. Bob’s order should have had $10 off.',
      notes:
        'Ten dollars, found by a customer, days later, with no log to explain it. The rule was right, the code was right, the database was right. What was missing is anything that keeps concurrent orders from each judging the account alone. The rest of the chapter tries the usual fixes.',
      commands: [],
      highlight: ['invoice'],
    },
  ],
};
