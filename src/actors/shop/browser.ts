/**
 * Pure rules of a buyer's browser (kind shop.browser): it retries the whole order itself. Each
 * attempt is an HTTP request to the load balancer (the http family's protocol, a request id of
 * its own per attempt) with a timeout; when the attempt times out or comes back with an error,
 * the browser waits (1 s, then 2 s) and sends the order again, until it gets 200 or runs out of
 * attempts. With `withKey` every attempt of one order carries the same idempotency key, so the
 * DB stores it once however often it arrives. It is always ready for the buyer's next order.
 * Every function returns a new context plus what to emit: nothing is mutated; `reactBrowser` says
 * which rule each event calls.
 */
import type { Timed } from '../../kernel/ports.ts';
import type { ResponseEvent } from '../http/caller.ts';
import type { ShopEmitted, ShopResult } from './orderApi.ts';
import type { Ms, OrderPayload, Party, ShopTraceEvent } from './types.ts';

/** The default waits before the browser's retries: 1 s, 2 s. */
export const DEFAULT_BROWSER_RETRY_MS: readonly Ms[] = [1_000, 2_000];

/** One order the buyer placed. */
export interface BrowserOrder {
  /** 1, 2… in the order the buyer placed them. */
  n: number;
  payload: OrderPayload;
  attempt: number;
  /** The current attempt's request id. */
  req: string;
  msg: number;
  startedAt: Ms;
  phase: 'waiting' | 'backing-off' | 'done' | 'failed';
}

export interface BrowserContext {
  name: Party;
  target: Party;
  timeoutMs: Ms;
  retryDelaysMs: readonly Ms[];
  /** Requests sent, every attempt counted: the next one is number sent + 1. */
  sent: number;
  orders: BrowserOrder[];
}

/** The key of the timer that gives up on an attempt, and of the one that ends a wait. */
export const attemptKey = (req: string): string => `shop.attempt|${req}`;
export const backoffKey = (browser: Party, n: number): string => `shop.backoff|${browser}|${n}`;

const replace = <T>(xs: readonly T[], x: T, y: T): T[] => xs.map((z) => (z === x ? y : z));

/** Send the next attempt of order `o` (its attempt number already set), with its timeout. */
function send(ctx: BrowserContext, o: Omit<BrowserOrder, 'req' | 'msg'>, now: Ms): { order: BrowserOrder; out: ShopEmitted[]; sent: number } {
  const msg = ctx.sent + 1;
  const req = `${ctx.name}#${msg}`;
  const order: BrowserOrder = { ...o, req, msg, phase: 'waiting' };
  const deadline = now + ctx.timeoutMs;
  return {
    order,
    sent: msg,
    out: [
      {
        type: 'out',
        to: ctx.target,
        via: 'net',
        conn: `${req}>`,
        holdable: true,
        event: { type: 'http.request', req, msg, caller: ctx.name, payload: o.payload, replyTo: ctx.name },
        trace: { kind: 'shop.attempt', from: ctx.name, to: ctx.target, req, msg, caller: ctx.name, payload: o.payload, orderNo: o.n, attempt: o.attempt, deadline },
      },
      { type: 'out', to: ctx.name, via: ctx.timeoutMs, key: attemptKey(req), event: { type: 'browser.timeout', req } },
    ],
  };
}

/**
 * The buyer places an order: attempt 1.
 * @example onPlace(bob, { account: 'Alice', amount: 100, withKey: true }, 0).ctx.orders[0].payload.key // 'Bob-1'
 */
export function onPlace(ctx: BrowserContext, o: { account: string; amount: number; withKey?: boolean }, now: Ms): ShopResult<BrowserContext> {
  const n = ctx.orders.length + 1;
  const payload: OrderPayload = { kind: 'deposit', user: o.account, amount: o.amount, what: `${ctx.name}\u2019s order of $${o.amount}`, ...(o.withKey ? { key: `${ctx.name}-${n}` } : {}) };
  const s = send(ctx, { n, payload, attempt: 1, startedAt: now, phase: 'waiting' }, now);
  return { ctx: { ...ctx, sent: s.sent, orders: [...ctx.orders, s.order] }, out: s.out };
}

/** What an attempt's end says in the trace, for the order and attempt it ends. */
const about = (ctx: BrowserContext, o: BrowserOrder): Partial<ShopTraceEvent> => ({ from: ctx.name, req: o.req, caller: ctx.name, payload: o.payload, orderNo: o.n, attempt: o.attempt });

/** Wait before the next attempt, or (no waits left) give the order up. */
function backOff(ctx: BrowserContext, o: BrowserOrder, now: Ms, out: ShopEmitted[]): BrowserOrder {
  const waitMs = ctx.retryDelaysMs[o.attempt - 1];
  if (waitMs === undefined) {
    out.push({ type: 'trace', entry: { kind: 'shop.failed', ...about(ctx, o), latencyMs: now - o.startedAt } as ShopTraceEvent });
    return { ...o, phase: 'failed' };
  }
  out.push({ type: 'trace', entry: { kind: 'shop.backoff', ...about(ctx, o), waitMs, ends: now + waitMs } as ShopTraceEvent });
  out.push({ type: 'out', to: ctx.name, via: waitMs, key: backoffKey(ctx.name, o.n), event: { type: 'browser.retry', n: o.n } });
  return { ...o, phase: 'backing-off' };
}

/** An answer came back: 200 ends the order; an error backs off and retries; an answer to an attempt given up on is late. */
export function onAnswer(ctx: BrowserContext, e: Omit<ResponseEvent, 'type'>, now: Ms): ShopResult<BrowserContext> {
  const o = ctx.orders.find((x) => x.req === e.req && x.phase === 'waiting');
  const charged = e.balance === undefined ? {} : { charged: e.balance };
  if (!o) return { ctx, out: [{ type: 'trace', entry: { kind: 'shop.late', from: ctx.name, req: e.req, caller: ctx.name, payload: e.payload as OrderPayload, status: e.status, ...charged } }] };
  const out: ShopEmitted[] = [{ type: 'cancel', key: attemptKey(o.req) }];
  if (e.status === 200) {
    out.push({ type: 'trace', entry: { kind: 'shop.done', ...about(ctx, o), status: 200, ...charged, latencyMs: now - o.startedAt } as ShopTraceEvent });
    return { ctx: { ...ctx, orders: replace(ctx.orders, o, { ...o, phase: 'done' }) }, out };
  }
  out.push({ type: 'trace', entry: { kind: 'shop.error', ...about(ctx, o), status: e.status } as ShopTraceEvent });
  return { ctx: { ...ctx, orders: replace(ctx.orders, o, backOff(ctx, o, now, out)) }, out };
}

/** An attempt's timeout passed with no answer: give it up, back off and retry. */
export function onAttemptTimeout(ctx: BrowserContext, req: string, now: Ms): ShopResult<BrowserContext> {
  const o = ctx.orders.find((x) => x.req === req && x.phase === 'waiting');
  if (!o) return { ctx, out: [] };
  const out: ShopEmitted[] = [{ type: 'trace', entry: { kind: 'shop.timeout', ...about(ctx, o), waitMs: ctx.timeoutMs } as ShopTraceEvent }];
  return { ctx: { ...ctx, orders: replace(ctx.orders, o, backOff(ctx, o, now, out)) }, out };
}

/** A wait is over: send the whole order again, the same key if it has one. */
export function onRetry(ctx: BrowserContext, n: number, now: Ms): ShopResult<BrowserContext> {
  const o = ctx.orders.find((x) => x.n === n && x.phase === 'backing-off');
  if (!o) return { ctx, out: [] };
  const s = send(ctx, { ...o, attempt: o.attempt + 1 }, now);
  return { ctx: { ...ctx, sent: s.sent, orders: replace(ctx.orders, o, s.order) }, out: s.out };
}

/** What a browser is made from. */
export type BrowserInput = Pick<BrowserContext, 'name' | 'target' | 'timeoutMs' | 'retryDelaysMs'>;

export type BrowserEvent =
  | (Timed & { type: 'browser.order'; account: string; amount: number; withKey?: boolean })
  | (Timed & ResponseEvent)
  | (Timed & { type: 'browser.timeout'; req: string })
  | (Timed & { type: 'browser.retry'; n: number });

/**
 * A browser at the start: nothing sent.
 * @example initBrowser({ name: 'Bob', target: 'lb', timeoutMs: 3_000, retryDelaysMs: [1_000] }).orders // []
 */
export const initBrowser = (input: BrowserInput): BrowserContext => ({ ...input, sent: 0, orders: [] });

/**
 * Which rule an event calls; any other event changes nothing.
 * @example reactBrowser(bob, { type: 'browser.order', account: 'Alice', amount: 100, t: 0 }).ctx.sent // 1
 */
export function reactBrowser(ctx: BrowserContext, e: BrowserEvent): ShopResult<BrowserContext> {
  switch (e.type) {
    case 'browser.order':
      return onPlace(ctx, e, e.t);
    case 'http.response':
      return onAnswer(ctx, e, e.t);
    case 'browser.timeout':
      return onAttemptTimeout(ctx, e.req, e.t);
    case 'browser.retry':
      return onRetry(ctx, e.n, e.t);
    default:
      return { ctx, out: [] };
  }
}
