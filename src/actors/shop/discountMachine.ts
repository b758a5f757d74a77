/** The Discount service machine (kind shop.discount): the rules of discount.ts, always up. */
import { setup } from 'xstate';
import type { Timed } from '../../kernel/ports.ts';
import { applyRules } from '../../kernel/rules.ts';
import type { DbResultEvent } from '../db/client.ts';
import { onAdd, onCommitted, onFailCalls, type DiscountAdd, type DiscountContext } from './discount.ts';
import type { ShopEmitted, ShopResult } from './orderApi.ts';
import type { Party } from './types.ts';

export type DiscountEvent = (Timed & { type: 'discount.add' } & DiscountAdd) | (Timed & DbResultEvent) | (Timed & { type: 'discount.fail'; count: number });

/** Pure: which rule an event calls. */
export function react(ctx: DiscountContext, e: DiscountEvent): ShopResult<DiscountContext> {
  switch (e.type) {
    case 'discount.add':
      return onAdd(ctx, e);
    case 'db.result':
      return onCommitted(ctx, e);
    case 'discount.fail':
      return onFailCalls(ctx, e.count);
  }
}

export const discountMachine = setup({
  types: { context: {} as DiscountContext, events: {} as DiscountEvent, emitted: {} as ShopEmitted, input: {} as { name: Party; db: Party } },
  actions: { 'apply the rules': applyRules(react) },
}).createMachine({
  id: 'shop.discount',
  context: ({ input }) => ({ name: input.name, db: input.db, failNext: 0, jobs: [] }),
  initial: 'up',
  states: {
    up: {
      on: {
        'discount.add': { actions: 'apply the rules' },
        'db.result': { actions: 'apply the rules' },
        'discount.fail': { actions: 'apply the rules' },
      },
    },
  },
});
