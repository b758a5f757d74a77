/**
 * The shop family as a plug-in of the kernel: the Order API (shop.order-api), the Discount
 * service (shop.discount) and a buyer's browser that retries (shop.browser), and the commands
 * it owns (an order from a browser, and the faults). The load balancer in front of the Order API
 * and a browser that does not retry are the http family's (http.balancer, http.caller).
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
import type { AnyCommand } from '../../kernel/types.ts';
import { DEFAULT_BROWSER_RETRY_MS } from './browser.ts';
import { browserMachine } from './browserMachine.ts';
import { discountMachine } from './discountMachine.ts';
import { DEFAULT_RETRY_DELAYS_MS, defaultReads, defaultWritesTotal } from './orderApi.ts';
import { orderApiMachine, type OrderApiInput } from './orderApiMachine.ts';
import type { BrowserConfig, DiscountConfig, OrderApiConfig, Party, ShopCommand } from './types.ts';

export const SHOP_KINDS = { orderApi: 'shop.order-api', discount: 'shop.discount', browser: 'shop.browser', invoice: 'shop.invoice' } as const;

/** The Orders DB and the Discount service when a config names none. */
export const DEFAULT_DB = 'db';
export const DEFAULT_DISCOUNT = 'discount';

const orderApi: ActorKind<OrderApiConfig> = {
  kind: SHOP_KINDS.orderApi,
  machine: orderApiMachine,
  input: (c, name): OrderApiInput => ({
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
};

const discount: ActorKind<DiscountConfig> = { kind: SHOP_KINDS.discount, machine: discountMachine, input: (c, name) => ({ name, db: c.db ?? DEFAULT_DB }) };

const browser: ActorKind<BrowserConfig> = {
  kind: SHOP_KINDS.browser,
  machine: browserMachine,
  input: (c, name) => ({ name, target: c.target, timeoutMs: c.timeoutMs, retryDelaysMs: c.retryDelaysMs ?? DEFAULT_BROWSER_RETRY_MS }),
};

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
