/**
 * Pure rules of the shop's frontend: the buyers' browser. Each order is numbered o1, o2… and
 * sent to the Order API on a connection of its own; the frontend is fire and forget: it waits
 * for nothing but the 202 Accepted, which says the order is taken, not yet discounted.
 */
import type { Emitted, Result } from './ports.ts';
import { payloadOf, type Ms, type Order, type Party } from './types.ts';

export interface FrontendContext {
  name: Party;
  api: Party;
  sent: number;
  /** Sent and not yet accepted. */
  awaiting: string[];
}

export type FrontendEvent =
  | { type: 'boot'; t: Ms }
  | { type: 'frontend.order'; t: Ms; buyer: string; account: string; amount: number }
  | { type: 'api.accepted'; t: Ms; order: Order };

export const initFrontend = (input: { name: Party; api: Party }): FrontendContext => ({ name: input.name, api: input.api, sent: 0, awaiting: [] });

/**
 * A buyer places an order: it leaves for the Order API at once.
 * @example onOrder(ctx, 'Ann', 'Alice', 100, 0).out[0].trace.kind // 'saga.order'
 */
export function onOrder(ctx: FrontendContext, buyer: string, account: string, amount: number, now: Ms): Result<FrontendContext> {
  const n = ctx.sent + 1;
  const order: Order = { id: `o${n}`, account, buyer, amount, placedAt: now };
  const out: Emitted[] = [
    {
      type: 'out',
      to: ctx.api,
      via: 'net',
      conn: `${order.id}>`,
      event: { type: 'api.order', order, replyTo: ctx.name },
      trace: { kind: 'saga.order', msg: n, from: ctx.name, to: ctx.api, order, payload: payloadOf('OrderPlaced', order) },
    },
  ];
  return { ctx: { ...ctx, sent: n, awaiting: [...ctx.awaiting, order.id] }, out };
}

/** Pure: which rule an event calls. */
export function reactFrontend(ctx: FrontendContext, e: FrontendEvent): Result<FrontendContext> {
  switch (e.type) {
    case 'frontend.order':
      return onOrder(ctx, e.buyer, e.account, e.amount, e.t);
    case 'api.accepted':
      return { ctx: { ...ctx, awaiting: ctx.awaiting.filter((id) => id !== e.order.id) }, out: [] };
    default:
      return { ctx, out: [] };
  }
}
