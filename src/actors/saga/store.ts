/**
 * Pure rules of the store that keeps each account's running total: the Orders DB of durable
 * scheduling, or the saga store of the DiscountPolicy saga. A row is read with its version; a
 * commit names the version it read and is written only if that is still the row's version
 * (optimistic concurrency): otherwise it is a conflict and nothing changes. The store does not
 * crash in this chapter's stories. Nothing is mutated.
 */
import type { Emitted, Result } from './ports.ts';
import type { AccountRow, JobKind, Ms, Order, Party } from './types.ts';

export interface StoreContext {
  name: Party;
  rows: Record<string, AccountRow>;
}

/** A row no order has touched yet. */
export const EMPTY_ROW: AccountRow = { total: 0, version: 0, orders: {} };

export type StoreEvent =
  | { type: 'boot'; t: Ms }
  | { type: 'store.read'; t: Ms; jobKey: string; replyTo: Party; order: Order; job: JobKind }
  | { type: 'store.commit'; t: Ms; jobKey: string; replyTo: Party; order: Order; job: JobKind; expect: number; row: AccountRow; discount?: number };

export const initStore = (input: { name: Party; rows?: Record<string, AccountRow> }): StoreContext => ({ name: input.name, rows: input.rows ?? {} });

/** The row of an account, or an empty one. */
export const rowOf = (ctx: StoreContext, account: string): AccountRow => ctx.rows[account] ?? EMPTY_ROW;

/**
 * A commit lands: written when the version read is still current, a conflict otherwise.
 * @example onCommit(store, { …, expect: 0, row }).out[0].trace.kind // 'saga.committed'
 */
export function onCommit(ctx: StoreContext, e: Extract<StoreEvent, { type: 'store.commit' }>): Result<StoreContext> {
  const current = rowOf(ctx, e.order.account);
  const ok = current.version === e.expect;
  const version = ok ? e.row.version : current.version;
  const out: Emitted[] = [
    {
      type: 'out',
      to: e.replyTo,
      via: 'net',
      event: { type: 'store.result', jobKey: e.jobKey, ok, version },
      trace: {
        kind: ok ? 'saga.committed' : 'saga.conflict',
        from: ctx.name,
        to: e.replyTo,
        order: e.order,
        job: e.job,
        version,
        ...(ok ? { row: e.row } : { why: `version ${current.version}, not ${e.expect}` }),
        ...(ok && e.discount !== undefined ? { discount: e.discount } : {}),
      },
    },
  ];
  return { ctx: ok ? { ...ctx, rows: { ...ctx.rows, [e.order.account]: e.row } } : ctx, out };
}

/** Pure: which rule an event calls. */
export function reactStore(ctx: StoreContext, e: StoreEvent): Result<StoreContext> {
  switch (e.type) {
    case 'boot':
      return { ctx, out: [{ type: 'trace', entry: { kind: 'saga.ready', from: ctx.name, rows: ctx.rows } }] };
    case 'store.read': {
      const row = rowOf(ctx, e.order.account);
      return {
        ctx,
        out: [
          {
            type: 'out',
            to: e.replyTo,
            via: 'net',
            event: { type: 'store.row', jobKey: e.jobKey, row },
            trace: { kind: 'saga.row', from: ctx.name, to: e.replyTo, order: e.order, job: e.job, version: row.version, row },
          },
        ],
      };
    }
    case 'store.commit':
      return onCommit(ctx, e);
  }
}
