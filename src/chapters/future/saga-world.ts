/**
 * What chapter 2's durable scenes share (durable scheduling, the saga, what messaging bought):
 * the world of the saga family with Alice's week as the story starts (last week's $450, whose
 * "take it off" the broker already holds for day 6), the stage left to right, and the steps'
 * ways of waiting for a message stored or committed.
 */
import type { AccountRow, SagaCommand, SagaDesign } from '../../actors/saga/types.ts';
import { sagaActors, SAGA_KINDS } from '../../actors/saga/cast.ts';
import type { KernelConfig, Ms } from '../../kernel/types.ts';
import type { StageDecl } from '../types.ts';
import { ACCOUNT, DAY, LAST_WEEK_TOTAL, THRESHOLD, WINDOW_MS } from './cast.ts';

/** When last week's orders were placed: a day before the story starts, so they leave the window on day 6. */
export const LAST_WEEK_AT: Ms = -1 * DAY;

/** Last week's orders, as one row of the store: $450 on Alice's account. */
export const LAST_WEEK_ORDER = { id: 'h1', account: ACCOUNT, buyer: 'Before', amount: LAST_WEEK_TOTAL, placedAt: LAST_WEEK_AT };

const rows: Record<string, AccountRow> = {
  [ACCOUNT]: { total: LAST_WEEK_TOTAL, version: 1, orders: { h1: { amount: LAST_WEEK_TOTAL, discount: 0, buyer: LAST_WEEK_ORDER.buyer, placedAt: LAST_WEEK_AT, expired: false, history: true } } },
};

/**
 * The message from the future last week's orders asked for: the first step of every durable
 * scene hands it to the broker (m1), due on day 6.
 */
export const HOLD_LAST_WEEK: SagaCommand = { do: 'saga.hold', broker: 'broker', kind: 'TakeOff', order: LAST_WEEK_ORDER, dest: 'discount', dueAt: LAST_WEEK_AT + WINDOW_MS };

/**
 * The kernel world of a durable design as the story starts.
 * @example sagaKernel('saga').actors.map((a) => a.name) // ['web', 'api', 'broker', 'discount', 'store']
 */
export const sagaKernel = (design: Exclude<SagaDesign, 'in-process'>): KernelConfig => ({
  seed: 1,
  actors: sagaActors(design, { history: { rows }, windowMs: WINDOW_MS, threshold: THRESHOLD }),
  network: { latencyMs: 60, jitterMs: 0 },
});

/**
 * The stage: frontend over the Order API → broker → handler → store, the store widest (its
 * table), with the end-of-scene check under it.
 */
export const sagaStage = (titles: { host: string; store: string }): StageDecl => ({
  columns: [
    // On a phone: the frontend and the API in a short row (a note and a pill), the store tall enough for every order's row.
    [
      { id: 'web', kind: SAGA_KINDS.frontend, title: 'Frontend', phoneSize: 0.7 },
      { id: 'api', kind: SAGA_KINDS.api, title: 'Order API', phoneSize: 0.7 },
    ],
    [{ id: 'broker', kind: SAGA_KINDS.broker, title: 'Broker', phoneSize: 0.85 }],
    [{ id: 'discount', kind: SAGA_KINDS.host, title: titles.host, phoneSize: 0.85 }],
    [
      { id: 'store', kind: SAGA_KINDS.store, title: titles.store, size: 1.3, phoneSize: 1.75 },
      { id: 'outcome', kind: 'stage.outcome', title: 'The check' },
    ],
  ],
  // The store's column widest: its table and the checks' words; the others hold a few pills.
  widths: [0.85, 0.95, 0.95, 1.75],
  edges: [
    { from: 'web', to: 'api' },
    { from: 'api', to: 'broker' },
    { from: 'broker', to: 'discount' },
    { from: 'discount', to: 'store' },
  ],
});

/** Run until the broker has stored its n-th message (m1 is last week's, already held). */
export const untilStored = (n: number) => ({ kind: 'event' as const, match: { kind: 'saga.stored' as const, msg: n } });
