/**
 * Chapter 2's cast and data (seed 002, STORYBOARD.md "Chapter 2"): Alice's company has one
 * account, on which two buyers, Ann and Bob, order. The business rule: 10% off an order when the
 * account's orders over the last 7 days total at least 500. Last week's orders total 450. Every
 * scene of the chapter reads its numbers from here.
 */
import { baseConfig } from '../../actors/nats/world.ts';
import type { WorldConfig } from '../../actors/nats/types.ts';
import type { Ms } from '../../kernel/types.ts';

/** The account every order of the chapter is placed on. */
export const ACCOUNT = 'Alice';
/** How the narration names it. */
export const ACCOUNT_NAME = 'Alice’s company';
/** The two buyers who order on it. */
export const BUYERS = ['Ann', 'Bob'] as const;

export const SECOND: Ms = 1_000;
export const MINUTE: Ms = 60 * SECOND;
export const HOUR: Ms = 60 * MINUTE;
export const DAY: Ms = 24 * HOUR;

/** The rule: an order gets DISCOUNT_PERCENT off when the account's orders over the last WINDOW_MS total at least THRESHOLD. */
export const THRESHOLD = 500;
export const WINDOW_MS: Ms = 7 * DAY;
export const DISCOUNT_PERCENT = 10;
/** What the account's orders of the last 7 days add up to when the story starts. */
export const LAST_WEEK_TOTAL = 450;
/** What Ann and Bob each order. */
export const ORDER_AMOUNT = 100;

/**
 * The discount an order gets, given the account's total over the window before it.
 * @example discountFor(550, 100) // 10
 * @example discountFor(450, 100) // 0
 */
export const discountFor = (windowTotal: number, amount: number): number => (windowTotal >= THRESHOLD ? (amount * DISCOUNT_PERCENT) / 100 : 0);

/** What code outside a kernel world reads of a scene's world (users and their starting figures): there is no NATS in this chapter. */
export const FUTURE_WORLD: WorldConfig = baseConfig({ users: { [ACCOUNT]: LAST_WEEK_TOTAL }, listeners: [] });

/** Last week's orders on the account, at virtual times before the story starts (time 0): $200 five days ago, $250 two days ago, $450 in all. */
export const LAST_WEEK_ORDERS: readonly { account: string; buyer: string; amount: number; t: number }[] = [
  { account: ACCOUNT, buyer: 'earlier', amount: 200, t: -5 * DAY },
  { account: ACCOUNT, buyer: 'earlier', amount: 250, t: -2 * DAY },
];
/** The rule as the Order API takes it. */
export const DISCOUNT_RULE = { threshold: THRESHOLD, percent: DISCOUNT_PERCENT } as const;
