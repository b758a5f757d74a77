/**
 * Pure rules of the Discount service (kind shop.discount): asked to add an order to an account's
 * running total, it commits +amount on the Orders DB and answers ok; while a transient fault
 * lasts it answers failed at once and changes nothing. It is always up. Every function returns a
 * new context plus what to emit: nothing is mutated; `reactDiscount` says which rule each event
 * calls.
 */
import type { Timed } from '../../kernel/ports.ts';
import { commitWrites, type DbResultEvent } from '../db/client.ts';
import type { ShopEmitted, ShopResult } from './orderApi.ts';
import type { Party } from './types.ts';

/** An update asked for, waiting on the DB's commit. */
export interface DiscountJob {
  id: string;
  from: Party;
  account: string;
  amount: number;
  attempt: number;
  tx: string;
}

export interface DiscountContext {
  name: Party;
  db: Party;
  failNext: number;
  jobs: DiscountJob[];
}

/** A request to add an order to the running total. */
export interface DiscountAdd {
  id: string;
  from: Party;
  account: string;
  amount: number;
  attempt: number;
}

/** The answer to the instance that asked, ok or not. */
const answer = (ctx: DiscountContext, j: Pick<DiscountJob, 'id' | 'from' | 'account' | 'amount' | 'attempt'>, ok: boolean): ShopEmitted => ({
  type: 'out',
  to: j.from,
  via: 'net',
  conn: `${j.id}#${j.attempt}<${ctx.name}`,
  event: { type: 'discount.answer', id: j.id, ok },
  trace: { kind: ok ? 'shop.discount-done' : 'shop.discount-fail', from: ctx.name, to: j.from, id: j.id, account: j.account, amount: j.amount, attempt: j.attempt },
});

/**
 * Add an order to the running total: commit it, or (a fault) fail at once.
 * @example onAdd({ name: 'discount', db: 'db', failNext: 1, jobs: [] }, add).out[0].trace.kind // 'shop.discount-fail'
 */
export function onAdd(ctx: DiscountContext, a: DiscountAdd): ShopResult<DiscountContext> {
  if (ctx.failNext > 0) return { ctx: { ...ctx, failNext: ctx.failNext - 1 }, out: [answer(ctx, a, false)] };
  const tx = `discount:${a.id}#${a.attempt}`;
  const job: DiscountJob = { ...a, tx };
  return { ctx: { ...ctx, jobs: [...ctx.jobs, job] }, out: [commitWrites(ctx.name, ctx.db, tx, [], [{ op: 'add-to-total', account: a.account, amount: a.amount }]) as ShopEmitted] };
}

/** The DB answered: tell the instance whether the total is updated. */
export function onCommitted(ctx: DiscountContext, r: Pick<DbResultEvent, 'tx' | 'outcome'>): ShopResult<DiscountContext> {
  const j = ctx.jobs.find((x) => x.tx === r.tx);
  if (!j) return { ctx, out: [] };
  return { ctx: { ...ctx, jobs: ctx.jobs.filter((x) => x !== j) }, out: [answer(ctx, j, r.outcome === 'committed')] };
}

/** A fault: the next `count` calls fail. */
export function onFailCalls(ctx: DiscountContext, count: number): ShopResult<DiscountContext> {
  const failNext = ctx.failNext + count;
  return { ctx: { ...ctx, failNext }, out: [{ type: 'trace', entry: { kind: 'shop.discount-armed', from: ctx.name, count: failNext } }] };
}

/** What the Discount service is made from. */
export type DiscountInput = Pick<DiscountContext, 'name' | 'db'>;

export type DiscountEvent = (Timed & { type: 'discount.add' } & DiscountAdd) | (Timed & DbResultEvent) | (Timed & { type: 'discount.fail'; count: number });

/**
 * The service at the start: no fault, nothing asked.
 * @example initDiscount({ name: 'discount', db: 'db' }) // { name: 'discount', db: 'db', failNext: 0, jobs: [] }
 */
export const initDiscount = (input: DiscountInput): DiscountContext => ({ name: input.name, db: input.db, failNext: 0, jobs: [] });

/**
 * Which rule an event calls; any other event changes nothing.
 * @example reactDiscount(initDiscount({ name: 'discount', db: 'db' }), { type: 'discount.fail', count: 1, t: 0 }).ctx.failNext // 1
 */
export function reactDiscount(ctx: DiscountContext, e: DiscountEvent): ShopResult<DiscountContext> {
  switch (e.type) {
    case 'discount.add':
      return onAdd(ctx, e);
    case 'db.result':
      return onCommitted(ctx, e);
    case 'discount.fail':
      return onFailCalls(ctx, e.count);
    default:
      return { ctx, out: [] };
  }
}
