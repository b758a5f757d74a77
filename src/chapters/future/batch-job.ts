/**
 * Scene: the batch job (STORYBOARD.md, chapter 2, scene 4). The discount rule moved out of the
 * order path into a nightly job that recomputes every account's status at 02:00; the Order API
 * prices each order from that status alone. Between runs the status is stale: Bob's order at
 * 15:00 is not given the discount Ann's order at 10:00 earned, and on Tuesday an order is given a
 * discount the week no longer holds, because last week's 450 left the window at noon. Then the
 * chart: the run takes 1.8 s an account, so past 12,000 accounts it no longer fits the night.
 * A world of the batch family (src/actors/batch).
 */
import type { ActorSpec } from '../../kernel/types.ts';
import type { BatchCommand, DiscountRule, Order } from '../../actors/batch/types.ts';
import type { Scene } from '../types.ts';
import { ACCOUNT, BUYERS, DAY, DISCOUNT_PERCENT, FUTURE_WORLD, HOUR, LAST_WEEK_TOTAL, ORDER_AMOUNT, THRESHOLD, WINDOW_MS } from './cast.ts';
import './families.ts';

/** The chapter's rule, as the batch family takes it. */
export const BATCH_RULE: DiscountRule = { threshold: THRESHOLD, windowMs: WINDOW_MS, percent: DISCOUNT_PERCENT };

/** The job's schedule: every night at 02:00, and the quiet night it has to fit in. */
export const RUN_AT_MS = 2 * HOUR;
export const NIGHT_MS = 6 * HOUR;
/** Work per account (a made-up figure that stands for one account's query and write): 1.8 s. */
export const MS_PER_ACCOUNT = 1_800;
/** Accounts on the platform when the story starts (2 hours a run), and when it has grown (7.5 hours). */
export const ACCOUNTS_NOW = 4_000;
export const ACCOUNTS_LATER = 15_000;

/** When the orders of the story are placed: Monday 10:00 and 15:00, Tuesday 14:00 (day 0 is a Monday). */
export const ANN_AT_MS = 10 * HOUR;
export const BOB_AT_MS = 15 * HOUR;
export const ANN_AGAIN_AT_MS = DAY + 14 * HOUR;

/** Last week's 450, placed last Tuesday at noon: it leaves the 7-day window on this Tuesday at noon. */
export const EARLIER_ORDER: Order = { id: 'earlier', account: ACCOUNT, buyer: 'earlier', amount: LAST_WEEK_TOTAL, at: -6 * DAY + 12 * HOUR, discount: 0 };

const [ANN, BOB] = BUYERS;

const actors: ActorSpec[] = [
  { name: 'api', kind: 'batch.api', config: { rule: BATCH_RULE, status: 'status', orders: 'orders' } },
  { name: 'job', kind: 'batch.job', config: { rule: BATCH_RULE, orders: 'orders', status: 'status', firstRunAt: RUN_AT_MS, everyMs: DAY, msPerAccount: MS_PER_ACCOUNT, accounts: ACCOUNTS_NOW, nightMs: NIGHT_MS } },
  // Sunday 02:00's run left Alice at 450, no discount.
  { name: 'status', kind: 'batch.status', config: { statuses: { [ACCOUNT]: { total: LAST_WEEK_TOTAL, discount: false, asOf: RUN_AT_MS - DAY } } } },
  { name: 'orders', kind: 'batch.orders', config: { rule: BATCH_RULE, orders: [EARLIER_ORDER] } },
];

const order = (buyer: string, atMs: number): BatchCommand => ({ do: 'batch.order', api: 'api', account: ACCOUNT, buyer, amount: ORDER_AMOUNT, atMs });

export const batchJob: Scene = {
  id: 'batch-job',
  chapter: 'future',
  title: 'The batch job',
  summary: 'A nightly job keeps the status stale between runs and outgrows the night.',
  channels: [],
  world: FUTURE_WORLD,
  kernel: { seed: 1, actors, network: { latencyMs: 100, jitterMs: 0 } },
  stage: {
    columns: [
      [
        { id: 'api', kind: 'batch.api', title: 'Order API' },
        { id: 'job', kind: 'batch.job', title: 'Batch job' },
      ],
      [
        // One account's status above up to four orders: the orders get the height.
        { id: 'status', kind: 'batch.status', title: 'Status table', size: 0.75 },
        { id: 'orders', kind: 'batch.orders', title: 'Orders DB', size: 1.25 },
      ],
      [{ id: 'chart', kind: 'batch.runtime-chart', title: 'Run time' }],
    ],
    widths: [0.9, 1.05, 1.05],
    edges: [
      { from: 'api', to: 'status' },
      { from: 'api', to: 'orders' },
      { from: 'job', to: 'orders' },
      { from: 'job', to: 'status' },
    ],
  },
  // No end-of-scene check: the wrong prices are marked where they happen (STALE READ, "0 ≠ 10"), and the last step is the chart's.
  expected: {},
  steps: [
    {
      name: 'nightly-run',
      title: 'A job at 02:00',
      narration:
        'Every night at 02:00 a batch job reads every order and works out each account’s status. Alice’s company has 450 over the last 7 days, short of 500: no discount. With 4,000 accounts the run takes 2 hours.',
      notes:
        'The first fix people reach for: take the rule out of the order path and precompute it. The Order API now reads one row of a status table and never adds anything up. The job’s 1.8 seconds an account is a made-up figure standing for whatever it does per account (a query over the week, a write); the shape matters, not the number. The talk’s demo does the same with a Hangfire recurring job. The simulation keeps Alice’s account and counts the other accounts only as time; the job reads every order as it starts and writes the statuses when it is done.',
      commands: [{ do: 'wait', ms: 5 * HOUR }],
      highlight: ['job', 'status'],
    },
    {
      name: 'order-at-ten',
      title: 'Ann orders at 10:00',
      narration: 'At 10:00 Ann orders 100. The status says none, and that is right: the week held 450 before her order. Now it holds 550, so the next order has earned 10% off.',
      notes: 'Point at the two numbers: the Orders DB says 550 over the last 7 days, the status table still says 450 as of 02:00. From this moment they disagree, and nothing will reconcile them until tonight.',
      commands: [order(ANN, ANN_AT_MS)],
      highlight: ['api', 'orders'],
    },
    {
      name: 'order-at-three',
      title: 'Bob pays full price',
      narration:
        'At 15:00 Bob orders 100. The status still says what it said at 02:00, so Bob pays full price where the rule, asked now, gives 10 off. The window of inconsistency is as wide as the interval between runs.',
      notes:
        'Nothing failed: the job ran, the API read the table, every component did its job. The status is simply a day old by design. Run the job every hour and the window shrinks to an hour; it never closes, and every run is a full pass over every account.',
      commands: [order(BOB, BOB_AT_MS)],
      highlight: ['api', 'status'],
      predict: {
        question: 'At 15:00 Bob orders 100 on the same account, which now has 550 over the last 7 days. What does the Order API charge him?',
        choices: ['90: it gives him 10% off', '100: the full price', 'Nothing yet: the order waits for the next run'],
        answer: 1,
        explain: 'The Order API prices from the status table alone, and the table was last written at 02:00, when the week held 450. Until the next run, every order sees that answer.',
        giveaway: ['full price', 'stale', 'old status'],
      },
    },
    {
      name: 'wrong-both-ways',
      title: 'Wrong the other way',
      narration:
        'On Tuesday at 02:00 the job gives Alice the discount: 650. At noon last week’s 450 leaves the window and the week drops to 200, but the status says discount until tonight, so Ann’s order at 14:00 gets 10 off it should not.',
      notes:
        'The 7-day window moves on its own: an order drops out at a precise instant, and no job is there to see it. So the error runs both ways, a discount withheld on Monday and one given on Tuesday, and no log line mentions either. This is what the customer later finds on the invoices.',
      commands: [order(ANN, ANN_AGAIN_AT_MS)],
      highlight: ['status', 'orders', 'api'],
    },
    {
      name: 'outgrows-night',
      title: 'The run outgrows the night',
      narration:
        'Each account costs the run 1.8 seconds, so 12,000 accounts fill the 6-hour night. At 15,000, Wednesday’s run ends at 09:30, long after the shop has opened. Each new customer pushes it later.',
      notes:
        'Run time grows with the number of accounts; the night does not. Every new customer makes the run longer, and the stale window wider, exactly when the business is doing well. Running more often makes it worse: each run is a full pass. What scales is evaluating the rule when something happens: when an order arrives, and when an order leaves the window. That is the message from the future, in the scenes ahead.',
      commands: [{ do: 'batch.grow', job: 'job', accounts: ACCOUNTS_LATER }, { do: 'wait', ms: 20 * HOUR }],
      highlight: ['chart', 'job'],
    },
  ],
};
