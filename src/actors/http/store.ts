/**
 * Pure rules of the accounts store: a balance per user. A deposit adds to it; a withdraw that
 * would take it below zero is refused and changes nothing; a write a fault has marked to fail
 * changes nothing either. Faults are per worker ("the next write of instance A fails"), as the
 * database looks to that worker: a dropped connection, a deadlock victim. It says it is open
 * with its balances when it starts, then applies one write at a time and answers the worker that
 * asked, the way it asked (over the network or in-process), tracing the outcome: written,
 * refused, or failed. Pure: nothing is mutated; `reactStore` says which rule each event calls
 * (kind http.store).
 */
import type { Emitted, Result, Timed } from './ports.ts';
import type { Accounts, Party, Payload, StoreConfig } from './types.ts';
import type { WriteResult } from './worker.ts';

export interface StoreContext {
  name: Party;
  accounts: Accounts;
  /** Writes still to fail, per worker. */
  failFor: Record<Party, number>;
}

/**
 * What a write from `by` would do.
 * @example judgeWrite({ name: 'storage', accounts: { Jim: { balance: 40, lastNumber: 0 } }, failFor: {} }, 'service:B', withdraw('Jim', 100)) // 'refused'
 */
export function judgeWrite(ctx: StoreContext, by: Party, p: Payload): WriteResult {
  if ((ctx.failFor[by] ?? 0) > 0) return 'failed';
  const balance = ctx.accounts[p.user]?.balance ?? 0;
  if (p.kind === 'withdraw' && balance < p.amount) return 'refused';
  return 'applied';
}

/**
 * The accounts after a write: only an applied deposit or withdraw moves a balance (a tweet moves none).
 * @example applyWrite({ Jim: { balance: 40, lastNumber: 0 } }, deposit('Jim', 70), 'applied').Jim.balance // 110
 */
export function applyWrite(accounts: Accounts, p: Payload, result: WriteResult): Accounts {
  if (result !== 'applied') return accounts;
  const row = accounts[p.user] ?? { balance: 0, lastNumber: 0 };
  const delta = p.kind === 'deposit' ? p.amount : p.kind === 'withdraw' ? -p.amount : 0;
  return { ...accounts, [p.user]: { ...row, balance: row.balance + delta } };
}

/** Failures still to come after one write from `by` has failed. */
export function useUpFailure(failFor: Record<Party, number>, by: Party): Record<Party, number> {
  const left = (failFor[by] ?? 0) - 1;
  const next = { ...failFor };
  if (left > 0) next[by] = left;
  else delete next[by];
  return next;
}

/** Starting accounts from a balance per user. */
export const openAccounts = (users: Record<string, number>): Accounts =>
  Object.fromEntries(Object.entries(users).map(([user, balance]) => [user, { balance, lastNumber: 0 }]));

/** What a store is made from. */
export interface StoreInput {
  name: Party;
  users: StoreConfig['users'];
}

export type StoreEvent =
  | (Timed & { type: 'boot' })
  | (Timed & { type: 'store.write'; by: Party; req: string; msg: number; payload: Payload; via: 'net' | 'local' })
  | (Timed & { type: 'store.fail-writes'; by: Party; count: number });

/**
 * A store at the start: its users' balances, no failures planned.
 * @example initStore({ name: 'storage', users: { Jim: 40 } }).accounts // { Jim: { balance: 40, lastNumber: 0 } }
 */
export const initStore = (input: StoreInput): StoreContext => ({ name: input.name, accounts: openAccounts(input.users), failFor: {} });

const TRACE_KIND = { applied: 'db-write', refused: 'db-refuse', failed: 'db-fail' } as const;

/** It says it is open, with every balance, the moment it starts. */
function onOpen(ctx: StoreContext): Result<StoreContext> {
  const balances = Object.fromEntries(Object.entries(ctx.accounts).map(([user, row]) => [user, row.balance]));
  return { ctx, out: [{ type: 'trace', entry: { kind: 'ready', from: ctx.name, balances } }] };
}

/** Settle one write and answer the worker that asked, the way it asked. */
function onWrite(ctx: StoreContext, e: Extract<StoreEvent, { type: 'store.write' }>): Result<StoreContext> {
  const result = judgeWrite(ctx, e.by, e.payload);
  const accounts = applyWrite(ctx.accounts, e.payload, result);
  const balance = accounts[e.payload.user]?.balance ?? 0;
  const answer: Emitted = {
    type: 'out',
    to: e.by,
    via: e.via,
    ...(e.via === 'net' ? { conn: `${e.req}<${ctx.name}` } : {}),
    event: { type: 'store.answer', req: e.req, result, balance },
    trace: { kind: TRACE_KIND[result], msg: e.msg, req: e.req, from: ctx.name, to: e.by, payload: e.payload, balance },
  };
  const failFor = result === 'failed' ? useUpFailure(ctx.failFor, e.by) : ctx.failFor;
  // A refused write changes nothing: the same context.
  return { ctx: accounts === ctx.accounts && failFor === ctx.failFor ? ctx : { ...ctx, accounts, failFor }, out: [answer] };
}

/**
 * Which rule an event calls; any other event changes nothing.
 * @example reactStore(initStore({ name: 'storage', users: {} }), { type: 'store.fail-writes', by: 'service:A', count: 2, t: 0 }).ctx.failFor // { 'service:A': 2 }
 */
export function reactStore(ctx: StoreContext, e: StoreEvent): Result<StoreContext> {
  switch (e.type) {
    case 'boot':
      return onOpen(ctx);
    case 'store.write':
      return onWrite(ctx, e);
    case 'store.fail-writes':
      return { ctx: { ...ctx, failFor: { ...ctx.failFor, [e.by]: (ctx.failFor[e.by] ?? 0) + e.count } }, out: [] };
    default:
      return { ctx, out: [] };
  }
}
