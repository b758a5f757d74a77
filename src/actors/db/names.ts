/** The names of the database family's verdicts (NodeView.balances), as a chapter's judge names them too. */

/**
 * The verdict's name for the dollars off over an account's orders.
 * @example discountsOf('Alice') // 'Alice’s discounts'
 */
export const discountsOf = (account: string): string => `${account}\u2019s discounts`;

/**
 * The verdict's name for an account's running total.
 * @example totalOf('Alice') // 'Alice’s total'
 */
export const totalOf = (account: string): string => `${account}\u2019s total`;

/**
 * The verdict's name for an account's 7-day total.
 * @example weekOf('Alice') // 'Alice’s 7 days'
 */
export const weekOf = (account: string): string => `${account}\u2019s 7 days`;
