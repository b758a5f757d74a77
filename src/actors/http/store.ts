/**
 * Pure rules of the accounts store: a balance per user. A deposit adds to it; a withdraw that
 * would take it below zero is refused and changes nothing; a write a fault has marked to fail
 * changes nothing either. Faults are per worker ("the next write of instance A fails"), as the
 * database looks to that worker: a dropped connection, a deadlock victim. Pure: nothing is mutated.
 */
import type { Accounts, Party, Payload } from './types.ts';
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
