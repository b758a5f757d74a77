/**
 * The batch family's business arithmetic, pure: an account's total over the sliding window at an
 * instant, the discount the rule gives an order, the statuses a run computes from the orders it
 * read, and how long a run takes for a number of accounts (and so how many fit a night).
 */
import type { AccountStatus, DiscountRule, Ms, Order, StatusTable } from './types.ts';

/**
 * Whether an order still counts at instant `t`: placed at or before t, and less than the window ago.
 * @example inWindow({ at: 0 } as Order, 7 * 86_400_000, 7 * 86_400_000) // false: exactly 7 days old
 */
export const inWindow = (o: Pick<Order, 'at'>, t: Ms, windowMs: Ms): boolean => o.at <= t && o.at > t - windowMs;

/**
 * The account's orders over the window at instant t.
 * @example windowTotal([{ account: 'Alice', amount: 450, at: -1 } as Order], 'Alice', 0, 7 * 86_400_000) // 450
 */
export function windowTotal(orders: readonly Order[], account: string, t: Ms, windowMs: Ms): number {
  let total = 0;
  for (const o of orders) if (o.account === account && inWindow(o, t, windowMs)) total += o.amount;
  return total;
}

/**
 * The discount an order of `amount` gets when the account's window total before it is `total`.
 * @example ruleDiscount({ threshold: 500, windowMs: 1, percent: 10 }, 550, 100) // 10
 */
export const ruleDiscount = (rule: DiscountRule, total: number, amount: number): number => (total >= rule.threshold ? (amount * rule.percent) / 100 : 0);

/** What an order is given when the status table says `discount`. */
export const discountFromStatus = (rule: DiscountRule, discount: boolean, amount: number): number => (discount ? (amount * rule.percent) / 100 : 0);

/** Every account that has orders, and every one already in the table, in a stable order. */
export function accountsOf(orders: readonly Order[], table: StatusTable = {}): string[] {
  return [...new Set([...Object.keys(table), ...orders.map((o) => o.account)])].sort();
}

/**
 * The status of every account with orders, as a run that read `orders` at `asOf` computes it.
 * @example statusesAt(rule, [{ account: 'Alice', amount: 550, at: 0 } as Order], 1)['Alice'].discount // true
 */
export function statusesAt(rule: DiscountRule, orders: readonly Order[], asOf: Ms): StatusTable {
  const out: StatusTable = {};
  for (const account of accountsOf(orders)) {
    const total = windowTotal(orders, account, asOf, rule.windowMs);
    out[account] = { total, discount: total >= rule.threshold, asOf } satisfies AccountStatus;
  }
  return out;
}

/**
 * How long a run over `accounts` accounts takes.
 * @example runTimeMs(4_000, 1_800) // 7_200_000: two hours
 */
export const runTimeMs = (accounts: number, msPerAccount: Ms): Ms => Math.max(0, accounts) * msPerAccount;

/**
 * The most accounts a run can go through within the night.
 * @example accountsThatFit(6 * 3_600_000, 1_800) // 12_000
 */
export const accountsThatFit = (nightMs: Ms, msPerAccount: Ms): number => (msPerAccount > 0 ? Math.floor(nightMs / msPerAccount) : Number.POSITIVE_INFINITY);
