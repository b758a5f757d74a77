/**
 * The Order API machine (kind shop.order-api). The rules live in orderApi.ts as pure functions;
 * this machine adds the lifecycle: up, taking orders; down after a crash, when orders that arrive
 * are dropped and late answers from the DB or the Discount service find nobody; up again after
 * a restart, with nothing in memory.
 */
import { enqueueActions, setup } from 'xstate';
import type { Timed } from '../../kernel/ports.ts';
import { applyRules } from '../../kernel/rules.ts';
import type { DbResultEvent, RowsEvent } from '../db/client.ts';
import type { RequestEvent } from '../http/caller.ts';
import { onCrash, onDbResult, onDiscountAnswer, onLoseReplies, onOrder, onOrderWhileDown, onRestart, onRetry, onRows, onWorkDone, type OrderApiContext, type ShopEmitted, type ShopResult } from './orderApi.ts';

export type OrderApiEvent =
  | (Timed & RequestEvent)
  | (Timed & { type: 'api.work-done'; req: string })
  | (Timed & RowsEvent)
  | (Timed & DbResultEvent)
  | (Timed & { type: 'discount.answer'; id: string; ok: boolean })
  | (Timed & { type: 'api.retry'; id: string })
  | (Timed & { type: 'api.crash' })
  | (Timed & { type: 'api.restart' })
  | (Timed & { type: 'api.lose-replies'; count: number });

export type OrderApiInput = Omit<OrderApiContext, 'jobs' | 'pending' | 'loseReplies'>;

/** Pure: which rule an event calls while the instance is up. */
export function react(ctx: OrderApiContext, e: OrderApiEvent): ShopResult<OrderApiContext> {
  switch (e.type) {
    case 'http.request':
      return onOrder(ctx, e);
    case 'api.work-done':
      return onWorkDone(ctx, e.req);
    case 'db.rows':
      return onRows(ctx, e);
    case 'db.result':
      return onDbResult(ctx, e);
    case 'discount.answer':
      return onDiscountAnswer(ctx, e, e.t);
    case 'api.retry':
      return onRetry(ctx, e.id);
    case 'api.crash':
      return onCrash(ctx);
    case 'api.restart':
      return onRestart(ctx);
    case 'api.lose-replies':
      return onLoseReplies(ctx, e.count);
  }
}

export const orderApiMachine = setup({
  types: {
    context: {} as OrderApiContext,
    events: {} as OrderApiEvent,
    emitted: {} as ShopEmitted,
    input: {} as OrderApiInput,
  },
  actions: {
    'say it is ready': enqueueActions(({ context, enqueue }) => {
      enqueue.emit({ type: 'trace', entry: { kind: 'shop.api-ready', from: context.name, design: context.design, rule: context.rule } });
    }),
    'apply the rules': applyRules(react),
    'drop the order': enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'http.request') return;
      for (const o of onOrderWhileDown(context, event).out) enqueue.emit(o);
    }),
  },
}).createMachine({
  id: 'shop.order-api',
  context: ({ input }) => ({ ...input, jobs: [], pending: [], loseReplies: 0 }),
  entry: 'say it is ready',
  initial: 'up',
  on: {
    // The network loses replies whether the instance is up or down.
    'api.lose-replies': { actions: 'apply the rules' },
  },
  states: {
    up: {
      on: {
        'http.request': { actions: 'apply the rules' },
        'api.work-done': { actions: 'apply the rules' },
        'db.rows': { actions: 'apply the rules' },
        'db.result': { actions: 'apply the rules' },
        'discount.answer': { actions: 'apply the rules' },
        'api.retry': { actions: 'apply the rules' },
        'api.crash': { target: 'down', actions: 'apply the rules' },
      },
    },
    /** Crashed: nothing answers, and nothing it held in memory is left. */
    down: {
      on: {
        'http.request': { actions: 'drop the order' },
        'api.restart': { target: 'up', actions: 'apply the rules' },
      },
    },
  },
});
