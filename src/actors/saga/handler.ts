/**
 * The business logic of the discount, as the handlers of a DiscountPolicy saga run it (and the
 * plain handler of durable scheduling, which runs the same): on OrderPlaced, the order gets its
 * discount from the running total before it, its amount is added, and a message from the future
 * is asked for ("take this amount off again 7 days after the order"); on that message, the amount
 * is taken off. Each handler is idempotent: an order already applied, or an amount already taken
 * off, changes nothing, so a message delivered twice (at-least-once) counts once. Pure.
 */
import type { AccountRow, JobKind, Ms, Order } from './types.ts';

/** The rule's numbers: `percent` off when the window's total before the order is at least `threshold`. */
export interface DiscountRule {
  threshold: number;
  percent: number;
  windowMs: Ms;
}

/** What a handler decided: the row to commit (none when the message was already handled), the discount, and the timeout to ask for. */
export interface Decision {
  row?: AccountRow;
  discount?: number;
  /** OrderPlaced: the message from the future, due at this time. */
  timeoutAt?: Ms;
}

/**
 * The discount an order gets, given the running total before it.
 * @example discountOf({ threshold: 500, percent: 10, windowMs }, 550, 100) // 10
 */
export const discountOf = (rule: DiscountRule, total: number, amount: number): number => (total >= rule.threshold ? (amount * rule.percent) / 100 : 0);

/**
 * Handle OrderPlaced: discount, add, and ask for the timeout. Already applied: change nothing, ask for the timeout again (it may never have been sent).
 * @example onOrderPlaced(rule, { total: 550, version: 3, orders: {} }, order).discount // 10
 */
export function onOrderPlaced(rule: DiscountRule, row: AccountRow, order: Order): Decision {
  const timeoutAt = order.placedAt + rule.windowMs;
  if (row.orders[order.id]) return { timeoutAt };
  const discount = discountOf(rule, row.total, order.amount);
  return {
    discount,
    timeoutAt,
    row: {
      total: row.total + order.amount,
      version: row.version + 1,
      orders: { ...row.orders, [order.id]: { amount: order.amount, discount, buyer: order.buyer, placedAt: order.placedAt, expired: false } },
    },
  };
}

/**
 * Handle the timeout: take the order's amount off the running total, once.
 * @example onTakeOff({ total: 650, version: 4, orders: { o1: applied } }, order).row.total // 550
 */
export function onTakeOff(row: AccountRow, order: Order): Decision {
  const applied = row.orders[order.id];
  if (!applied || applied.expired) return {};
  return { row: { total: row.total - applied.amount, version: row.version + 1, orders: { ...row.orders, [order.id]: { ...applied, expired: true } } } };
}

/** The handler a message calls. */
export const decide = (rule: DiscountRule, job: JobKind, row: AccountRow, order: Order): Decision => (job === 'OrderPlaced' ? onOrderPlaced(rule, row, order) : onTakeOff(row, order));
