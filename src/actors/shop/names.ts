/** The name of the shop family's verdict (NodeView.balances of a shop.invoice), as a chapter's judge names it too. */

/**
 * The verdict's name for what an account's invoice bills in all (NodeView.balances of a shop.invoice).
 * @example invoiceOf('Alice') // 'Alice’s invoice'
 */
export const invoiceOf = (account: string): string => `${account}\u2019s invoice`;
