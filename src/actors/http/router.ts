/**
 * Pure rules of what stands between a caller and the workers: a load balancer in front of
 * instances of a service, or the thread pool of one process in front of its threads. Both hand
 * each request to the upstream with the fewest requests in flight, ties to the first in line
 * (nginx's least_conn, an AWS load balancer's "least outstanding requests", a pool that gives
 * work to its least busy thread), and relay the answer back to the caller. A balancer with an
 * upstream timeout answers 504 for an instance that stays silent too long; an answer that comes
 * after that is dropped. It is always running: a balancer in front of crashed instances still
 * takes requests, it just never hears back. Every function takes the context and returns a new
 * one plus what to emit: nothing is mutated; `reactRouter` says which rule each event calls
 * (kinds http.balancer and http.pool).
 */
import type { RequestEvent, ResponseEvent } from './caller.ts';
import type { Emitted, Result, Timed } from './ports.ts';
import type { Ms, Party, Payload, Status } from './types.ts';

/** 'balancer' forwards to instances over the network; 'pool' dispatches to threads of its own process. */
export type RouterStyle = 'balancer' | 'pool';

/** A request handed to an upstream and not yet answered. */
export interface InFlight {
  req: string;
  msg: number;
  caller: Party;
  payload: Payload;
  /** Who to answer: the caller, or a router in front of this one. */
  replyTo: Party;
  upstream: Party;
  sentAt: Ms;
}

export interface RouterContext {
  name: Party;
  style: RouterStyle;
  /** In line order: ties go to the first. */
  upstreams: Party[];
  upstreamTimeoutMs?: Ms;
  /** Handed out and not yet answered, oldest first. */
  inFlight: InFlight[];
}

/** The key of the timer that gives up on an upstream. */
export const upstreamKey = (router: Party, req: string): string => `http.upstream|${router}|${req}`;

/** Requests in flight at each upstream, in line order. */
export function outstanding(ctx: Pick<RouterContext, 'upstreams' | 'inFlight'>): { upstream: Party; count: number }[] {
  return ctx.upstreams.map((upstream) => ({ upstream, count: ctx.inFlight.filter((f) => f.upstream === upstream).length }));
}

/**
 * The upstream with the fewest requests in flight; ties go to the first in line. Undefined with no upstreams.
 * @example leastOutstanding({ upstreams: ['service:A', 'service:B'], inFlight: [{ upstream: 'service:A', … }] }) // 'service:B'
 */
export function leastOutstanding(ctx: Pick<RouterContext, 'upstreams' | 'inFlight'>): Party | undefined {
  let best: { upstream: Party; count: number } | undefined;
  for (const o of outstanding(ctx)) if (!best || o.count < best.count) best = o;
  return best?.upstream;
}

/** The answer to whoever sent the request, relayed (or made here: 503, 504). */
function respond(ctx: RouterContext, to: Party, e: Omit<ResponseEvent, 'type'>): Emitted {
  const { req, msg, caller, payload, status } = e;
  const balance = e.balance === undefined ? {} : { balance: e.balance };
  return {
    type: 'out',
    to,
    via: 'net',
    conn: `${req}<${ctx.name}`,
    event: { type: 'http.response', req, msg, caller, payload, status, ...balance },
    trace: { kind: 'respond', msg, req, caller, from: ctx.name, to, payload, status, ...balance },
  };
}

/** A request came in: forward it to the least busy upstream, on a connection of its own (503 when it has none). */
export function onRequest(ctx: RouterContext, r: Omit<RequestEvent, 'type'>, now: Ms): Result<RouterContext> {
  const upstream = leastOutstanding(ctx);
  if (upstream === undefined) return { ctx, out: [respond(ctx, r.replyTo, { req: r.req, msg: r.msg, caller: r.caller, payload: r.payload, status: 503 })] };
  const forwarded: RequestEvent = { type: 'http.request', req: r.req, msg: r.msg, caller: r.caller, payload: r.payload, replyTo: ctx.name };
  const out: Emitted[] = [
    {
      type: 'out',
      to: upstream,
      via: 'net',
      conn: `${r.req}>${upstream}`,
      event: { ...forwarded },
      trace: { kind: ctx.style === 'pool' ? 'dispatch' : 'forward', msg: r.msg, req: r.req, caller: r.caller, from: ctx.name, to: upstream, payload: r.payload },
    },
  ];
  if (ctx.upstreamTimeoutMs !== undefined) {
    out.push({ type: 'out', to: ctx.name, via: ctx.upstreamTimeoutMs, key: upstreamKey(ctx.name, r.req), event: { type: 'router.upstream-timeout', req: r.req } });
  }
  const inFlight = [...ctx.inFlight, { req: r.req, msg: r.msg, caller: r.caller, payload: r.payload, replyTo: r.replyTo, upstream, sentAt: now }];
  return { ctx: { ...ctx, inFlight }, out };
}

/** An upstream answered: relay the answer to the caller. An answer to a request already given up on is dropped. */
export function onAnswer(ctx: RouterContext, a: Omit<ResponseEvent, 'type'>): Result<RouterContext> {
  const f = ctx.inFlight.find((x) => x.req === a.req);
  if (!f) return { ctx, out: [] };
  const out: Emitted[] = [respond(ctx, f.replyTo, { req: a.req, msg: a.msg, caller: a.caller, payload: a.payload, status: a.status, ...(a.balance === undefined ? {} : { balance: a.balance }) })];
  if (ctx.upstreamTimeoutMs !== undefined) out.push({ type: 'cancel', key: upstreamKey(ctx.name, a.req) });
  return { ctx: { ...ctx, inFlight: ctx.inFlight.filter((f) => f.req !== a.req) }, out };
}

/** An upstream said nothing for upstreamTimeoutMs: answer the caller 504 and stop counting it as in flight. */
export function onUpstreamTimeout(ctx: RouterContext, req: string): Result<RouterContext> {
  const f = ctx.inFlight.find((x) => x.req === req);
  if (!f) return { ctx, out: [] };
  const status: Status = 504;
  return { ctx: { ...ctx, inFlight: ctx.inFlight.filter((x) => x.req !== req) }, out: [respond(ctx, f.replyTo, { req, msg: f.msg, caller: f.caller, payload: f.payload, status })] };
}

/** What a router is made from. */
export interface RouterInput {
  name: Party;
  style: RouterStyle;
  upstreams: Party[];
  upstreamTimeoutMs?: Ms;
}

export type RouterEvent = (Timed & RequestEvent) | (Timed & ResponseEvent) | (Timed & { type: 'router.upstream-timeout'; req: string });

/**
 * A router at the start: nothing in flight.
 * @example initRouter({ name: 'lb', style: 'balancer', upstreams: ['service:A'] }).inFlight // []
 */
export const initRouter = (input: RouterInput): RouterContext => ({
  name: input.name,
  style: input.style,
  upstreams: input.upstreams,
  ...(input.upstreamTimeoutMs === undefined ? {} : { upstreamTimeoutMs: input.upstreamTimeoutMs }),
  inFlight: [],
});

/**
 * Which rule an event calls; any other event changes nothing.
 * @example reactRouter(lb, { type: 'router.upstream-timeout', req: 'web#9', t: 0 }).out // [] (nothing of that id in flight)
 */
export function reactRouter(ctx: RouterContext, e: RouterEvent): Result<RouterContext> {
  switch (e.type) {
    case 'http.request':
      return onRequest(ctx, e, e.t);
    case 'http.response':
      return onAnswer(ctx, e);
    case 'router.upstream-timeout':
      return onUpstreamTimeout(ctx, e.req);
    default:
      return { ctx, out: [] };
  }
}
