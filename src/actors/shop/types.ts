/**
 * The vocabulary of the shop family: chapter 2's web shop. Buyers' browsers (`shop.browser`, or
 * the http family's `http.caller`) send orders through the http family's load balancer to
 * instances of the Order API (`shop.order-api`), which price each order by the 7-day rule in a
 * transaction on the Orders DB (the db family) and, in the running-total design, ask a Discount
 * service (`shop.discount`) to add the order to the account's running total. Plain data only.
 *
 * ## The Order API's protocol (for families that build on it)
 *
 * In (from a balancer, over the network — the http family's worker protocol, unchanged):
 *   { type: 'http.request', req, msg, caller, payload, replyTo }
 *   payload: an OrderPayload: { kind: 'deposit', user: <account>, amount, what?, key? };
 *   the buyer is `caller`; `key` is an idempotency key the DB deduplicates on.
 * Out (to `replyTo`): { type: 'http.response', req, msg, caller, payload, status, balance }
 *   status 200 with `balance` = the price charged (amount − discount); 500 when the commit
 *   failed or kept meeting concurrency errors. Traced 'shop.reply'.
 * To the DB: the db family's read and commit (src/actors/db/client.ts), one transaction per
 *   attempt, tx = `${req}@${instance}#${attempt}`.
 * After a commit, when the config has `onCommitted: { to }`: one message over the network
 *   { type: 'shop.order-committed', req, by, order: OrderRecord, design } to `to`, traced
 *   'shop.notify' (what a broker or a saga takes: "take 100 off Alice's total in 7 days").
 * A design a later family adds names itself in OrderApiDesigns by declaration merging:
 *   declare module '../shop/types.ts' { interface OrderApiDesigns { 'durable': true } }
 * and an unknown design prices like 'one-transaction' (read the running total, commit the order
 * and +amount with the version read) unless `reads` / `writesTotal` say otherwise; only
 * 'running-total' calls the Discount service.
 *
 * Discount service: in { type: 'discount.add', id, from, account, amount, attempt } →
 *   commits +amount to the account's running total → out { type: 'discount.answer', id, ok }.
 */
import type { Ms, Party, TraceBase } from '../../kernel/types.ts';
import type { Status } from '../http/types.ts';
import type { Payload } from '../nats/types.ts';

export type { Ms, Party, Status };

/**
 * The designs of the Order API, by name (extend by declaration merging):
 * - 'read-then-write': read the account's 7-day total, price, insert the order: no version check
 *   (scene 2's race: two instances read 450 at once, neither gives the discount);
 * - 'running-total': read the running total the DB keeps, price, insert the order, answer, then
 *   ask the Discount service to add it to the total, retrying in memory with backoff (scene 5);
 * - 'one-transaction': read the running total, then commit the order and +amount to the total in
 *   one transaction checked against the version read; a concurrency error re-reads and retries
 *   (scene 6, where the browser retries the whole order).
 */
export interface OrderApiDesigns {
  'read-then-write': true;
  'running-total': true;
  'one-transaction': true;
}
export type OrderApiDesign = keyof OrderApiDesigns;

/** The business rule, as numbers a scene hands in (chapter 2's cast.ts has them). */
export interface DiscountRule {
  /** The total at which an order gets the discount. */
  threshold: number;
  /** Percent off. */
  percent: number;
}

/** An order as it travels in an HTTP request: a Payload whose user is the account. */
export interface OrderPayload extends Payload {
  /** An idempotency key, the same on every retry of one order. */
  key?: string;
}

export interface OrderApiConfig {
  design: OrderApiDesign;
  rule: DiscountRule;
  /** The Orders DB; default 'db'. */
  db?: Party;
  /** The Discount service ('running-total'); default 'discount'. */
  discount?: Party;
  /** Work on an order before it reads the DB; default 0. */
  processMs?: Ms;
  /** Waits before each in-process retry of the Discount call; default 1 s, 2 s, 4 s. */
  retryDelaysMs?: Ms[];
  /** Fresh reads after a concurrency error before it answers 500; default 3. */
  conflictRetries?: number;
  /** After each commit, tell this actor (a broker, a saga) about the order. */
  onCommitted?: { to: Party };
  /** Which total the rule is applied to; default: 'window' for 'read-then-write', 'running' otherwise. */
  reads?: 'window' | 'running';
  /**
   * Whether the order's commit also adds it to the running total, checked against the version
   * read (a concurrency error re-reads and retries); default: false for 'read-then-write' and
   * 'running-total', true for the others. A design whose total is kept elsewhere (a saga) sets false.
   */
  writesTotal?: boolean;
}

export interface DiscountConfig {
  /** The Orders DB; default 'db'. */
  db?: Party;
}

export interface BrowserConfig {
  /** Where its orders go: the load balancer. */
  target: Party;
  /** Gives up on an attempt after this long. */
  timeoutMs: Ms;
  /** Waits before each retry of the whole order; default 1 s, 2 s. */
  retryDelaysMs?: Ms[];
}

export type ShopTraceKind =
  // Order API
  | 'shop.api-ready' // an instance is up, with its design
  | 'shop.take' // an instance takes an order
  | 'shop.decide' // it has read the total and priced the order
  | 'shop.retry-tx' // a concurrency error: it reads again
  | 'shop.reply' // instance → balancer, with the status and the price (a hop; `cut` when lost)
  | 'shop.call-discount' // instance → Discount service: add this order to the total (a hop)
  | 'shop.discount-ok' // the instance hears the update is done
  | 'shop.retry-wait' // the update failed: a retry waits in the instance's memory
  | 'shop.gave-up' // the last retry failed too
  | 'shop.notify' // instance → onCommitted's actor (a hop)
  | 'shop.down' // an instance crashes: requests in hand and retries waiting in memory are gone
  | 'shop.up' // it is back, with nothing in memory
  | 'shop.dropped' // a request reached a crashed instance
  | 'shop.lose-armed' // a fault: its next replies are lost on the way
  // Discount service
  | 'shop.discount-fail' // Discount → instance: failed (a transient fault) (a hop)
  | 'shop.discount-done' // Discount → instance: the total is updated (a hop)
  | 'shop.discount-armed' // a fault: its next calls fail
  // Browser
  | 'shop.attempt' // browser → balancer: one attempt at an order (a hop)
  | 'shop.timeout' // the browser gave up waiting on an attempt
  | 'shop.error' // an attempt came back with an error status
  | 'shop.backoff' // the browser waits before the next attempt
  | 'shop.done' // the order came back 200: how long the buyer waited in all
  | 'shop.late' // an answer to an attempt the browser had given up on
  | 'shop.failed'; // out of attempts

/**
 * One fact of the shop, in time order.
 * @example { t: 0, kind: 'shop.attempt', from: 'Bob', to: 'lb', req: 'Bob#2', orderNo: 1, attempt: 2, payload, arrives: 100 }
 */
export interface ShopTraceEvent extends TraceBase {
  kind: ShopTraceKind;
  req?: string;
  caller?: Party;
  payload?: OrderPayload;
  status?: Status;
  /** The price charged (a reply, a browser's done). */
  charged?: number;
  /** 'shop.decide': the total it read, the discount and the rule's threshold. */
  base?: number;
  discount?: number;
  threshold?: number;
  /** 'shop.decide': which total it read. */
  basis?: 'window' | 'running';
  design?: OrderApiDesign;
  /** 'shop.api-ready': the rule it prices by. */
  rule?: DiscountRule;
  /** 'shop.reply': it was a duplicate the DB had already stored. */
  deduped?: boolean;
  /** 'shop.reply': lost on the way, never delivered. */
  cut?: boolean;
  /** The browser's number for the order (1, 2…), and the attempt. */
  orderNo?: number;
  /** A Discount update's id (the request it belongs to). */
  id?: string;
  account?: string;
  amount?: number;
  /** 'shop.retry-wait', 'shop.backoff': how long it waits and when it ends; 'shop.attempt': when the browser gives up. */
  waitMs?: Ms;
  ends?: Ms;
  deadline?: Ms;
  /** 'shop.done': from the first attempt to the answer. */
  latencyMs?: Ms;
  /** 'shop.down': the requests in hand and the updates whose retry was waiting. */
  lostReqs?: string[];
  lostUpdates?: { id: string; account: string; amount: number; attempt: number }[];
  /** Faults: how many still to come. */
  count?: number;
}

/** What a scene step (or a fault) asks of the shop. */
export type ShopCommand =
  /** A buyer's browser places an order (with an idempotency key when `withKey`). */
  | { do: 'shop.order'; browser: Party; account: string; amount: number; withKey?: boolean }
  | { do: 'shop.crash'; actor: Party }
  | { do: 'shop.restart'; actor: Party }
  /** The next `count` calls to the Discount service fail (a transient error). */
  | { do: 'shop.fail-discount'; actor: Party; count: number }
  /** The next `count` replies of this instance are lost on the way back. */
  | { do: 'shop.lose-replies'; actor: Party; count: number };

declare module '../trace.ts' {
  interface TraceEventsByFamily {
    shop: ShopTraceEvent;
  }
  interface CommandsByFamily {
    shop: ShopCommand;
  }
}
