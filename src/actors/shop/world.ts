/**
 * The shop family as a plug-in of the kernel: the Order API (shop.order-api), the Discount
 * service (shop.discount) and a buyer's browser that retries (shop.browser), and the commands
 * it owns (an order from a browser, and the faults). The load balancer in front of the Order API
 * and a browser that does not retry are the http family's (http.balancer, http.caller). Each
 * kind is its pure rules (init and react, in orderApi.ts, discount.ts and browser.ts) made into a
 * kind with `rulesKind`, so it runs the same on the XState world and on the plain host.
 *
 * @example
 *   actors: [
 *     { name: 'Ann', kind: 'http.caller', config: { target: 'lb' } },
 *     { name: 'lb', kind: 'http.balancer', config: { upstreams: ['service:A', 'service:B'] } },
 *     { name: 'service:A', kind: 'shop.order-api', config: { design: 'read-then-write', rule } },
 *     { name: 'db', kind: 'db.table', config: { orders: lastWeek } },
 *   ]
 */
import type { ActorKind, CommandHandler, Plugin } from '../../kernel/registry.ts';
import { rulesKind } from '../../kernel/rules.ts';
import type { AnyCommand } from '../../kernel/types.ts';
import { DEFAULT_BROWSER_RETRY_MS, initBrowser, reactBrowser, type BrowserInput } from './browser.ts';
import { initDiscount, reactDiscount, type DiscountInput } from './discount.ts';
import { DEFAULT_RETRY_DELAYS_MS, defaultReads, defaultWritesTotal, initOrderApi, reactOrderApi, type OrderApiInput } from './orderApi.ts';
import type { BrowserConfig, DiscountConfig, OrderApiConfig, Party, ShopCommand } from './types.ts';

export const SHOP_KINDS = { orderApi: 'shop.order-api', discount: 'shop.discount', browser: 'shop.browser', invoice: 'shop.invoice' } as const;

/** The Orders DB and the Discount service when a config names none. */
export const DEFAULT_DB = 'db';
export const DEFAULT_DISCOUNT = 'discount';

const orderApi: ActorKind<OrderApiConfig> = rulesKind({
  kind: SHOP_KINDS.orderApi,
  input: (c: OrderApiConfig, name): OrderApiInput => ({
    name,
    design: c.design,
    rule: c.rule,
    db: c.db ?? DEFAULT_DB,
    discount: c.discount ?? DEFAULT_DISCOUNT,
    processMs: c.processMs ?? 0,
    retryDelaysMs: c.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    conflictRetries: c.conflictRetries ?? 3,
    reads: c.reads ?? defaultReads(c.design),
    writesTotal: c.writesTotal ?? defaultWritesTotal(c.design),
    ...(c.onCommitted ? { onCommitted: c.onCommitted } : {}),
  }),
  init: initOrderApi,
  react: reactOrderApi,
  // It says it is ready, with its design and rule, the moment it starts.
  boot: (w, _c, name) => w.send(name, { type: 'boot' }),
});

const discount: ActorKind<DiscountConfig> = rulesKind({
  kind: SHOP_KINDS.discount,
  input: (c: DiscountConfig, name): DiscountInput => ({ name, db: c.db ?? DEFAULT_DB }),
  init: initDiscount,
  react: reactDiscount,
});

const browser: ActorKind<BrowserConfig> = rulesKind({
  kind: SHOP_KINDS.browser,
  input: (c: BrowserConfig, name): BrowserInput => ({ name, target: c.target, timeoutMs: c.timeoutMs, retryDelaysMs: c.retryDelaysMs ?? DEFAULT_BROWSER_RETRY_MS }),
  init: initBrowser,
  react: reactBrowser,
});

const actor = (c: AnyCommand): Party => String(c.actor);

const commands: Record<ShopCommand['do'], CommandHandler> = {
  'shop.order': (c, w) => w.send(String(c.browser), { type: 'browser.order', account: c.account, amount: c.amount, ...(c.withKey ? { withKey: true } : {}) }),
  'shop.crash': (c, w) => w.send(actor(c), { type: 'api.crash' }),
  'shop.restart': (c, w) => w.send(actor(c), { type: 'api.restart' }),
  'shop.fail-discount': (c, w) => w.send(actor(c), { type: 'discount.fail', count: Number(c.count) }),
  'shop.lose-replies': (c, w) => w.send(actor(c), { type: 'api.lose-replies', count: Number(c.count) }),
};

/** The shop family for the kernel's registry. */
export const shopPlugin: Plugin = { id: 'shop', kinds: [orderApi, discount, browser], commands };
