/**
 * Pure rules of an HTTP caller (a web app, the clients of a process): it numbers its requests
 * 1, 2, 3…, sends each on a connection of its own, so parallel calls never queue behind each
 * other, and waits for each answer; with a timeout it gives up on a request that takes too long
 * (an answer that comes after that is traced as late and changes nothing). It is always ready:
 * each request waits on its own, so the caller never stops taking new calls while others are in
 * flight. Every function takes the context and returns a new one plus what to emit: nothing is
 * mutated; `reactCaller` says which rule each event calls (kind http.caller).
 */
import type { Emitted, Result, Timed } from './ports.ts';
import type { Ms, Party, Payload, Status } from './types.ts';

/** A request sent and not yet answered. */
export interface Awaited {
  req: string;
  msg: number;
  payload: Payload;
  sentAt: Ms;
}

export interface CallerContext {
  name: Party;
  target: Party;
  timeoutMs?: Ms;
  /** Requests sent so far: the next one is number sent + 1. */
  sent: number;
  /** Sent and not answered, oldest first. */
  awaiting: Awaited[];
}

/** A request as it travels: to a balancer, a pool or a worker, which answers `replyTo`. */
export interface RequestEvent {
  type: 'http.request';
  req: string;
  msg: number;
  caller: Party;
  payload: Payload;
  replyTo: Party;
}

/** An answer as it travels back: from a worker to its router, from a router to the caller. */
export interface ResponseEvent {
  type: 'http.response';
  req: string;
  msg: number;
  caller: Party;
  payload: Payload;
  status: Status;
  balance?: number;
}

/**
 * The world-wide id of a caller's request.
 * @example requestId('web', 2) // 'web#2'
 */
export const requestId = (caller: Party, msg: number): string => `${caller}#${msg}`;

/** The key of the timer that gives up on a request. */
export const timeoutKey = (req: string): string => `http.timeout|${req}`;

/**
 * Send a request with this payload to the caller's target, on its own connection, with a timer
 * if the caller has a timeout.
 * @example onCall({ name: 'web', target: 'lb', sent: 0, awaiting: [] }, { kind: 'deposit', user: 'Jim', amount: 70 }, 0).ctx.awaiting[0].req // 'web#1'
 */
export function onCall(ctx: CallerContext, payload: Payload, now: Ms): Result<CallerContext> {
  const msg = ctx.sent + 1;
  const req = requestId(ctx.name, msg);
  const deadline = ctx.timeoutMs === undefined ? undefined : now + ctx.timeoutMs;
  const request: RequestEvent = { type: 'http.request', req, msg, caller: ctx.name, payload, replyTo: ctx.name };
  const out: Emitted[] = [
    {
      type: 'out',
      to: ctx.target,
      via: 'net',
      // A connection of its own: a request held up on the way holds up no other.
      conn: `${req}>`,
      holdable: true,
      event: { ...request },
      trace: { kind: 'request', msg, req, caller: ctx.name, from: ctx.name, to: ctx.target, payload, ...(deadline === undefined ? {} : { deadline }) },
    },
  ];
  if (ctx.timeoutMs !== undefined) out.push({ type: 'out', to: ctx.name, via: ctx.timeoutMs, key: timeoutKey(req), event: { type: 'caller.timeout', req } });
  return { ctx: { ...ctx, sent: msg, awaiting: [...ctx.awaiting, { req, msg, payload, sentAt: now }] }, out };
}

/** An answer came back: the request is done (or, if the caller had given up on it, the answer is late). */
export function onResponse(ctx: CallerContext, e: Omit<ResponseEvent, 'type'>): Result<CallerContext> {
  const waiting = ctx.awaiting.find((a) => a.req === e.req);
  const entry = { kind: 'response', msg: e.msg, req: e.req, caller: ctx.name, to: ctx.name, payload: e.payload, status: e.status, ...(e.balance === undefined ? {} : { balance: e.balance }) } as const;
  if (!waiting) return { ctx, out: [{ type: 'trace', entry: { ...entry, late: true } }] };
  const out: Emitted[] = [{ type: 'trace', entry }];
  if (ctx.timeoutMs !== undefined) out.push({ type: 'cancel', key: timeoutKey(e.req) });
  return { ctx: { ...ctx, awaiting: ctx.awaiting.filter((a) => a.req !== e.req) }, out };
}

/** The timeout of a request passed with no answer: the caller gives up on it. */
export function onTimeout(ctx: CallerContext, req: string): Result<CallerContext> {
  const waiting = ctx.awaiting.find((a) => a.req === req);
  if (!waiting) return { ctx, out: [] };
  return {
    ctx: { ...ctx, awaiting: ctx.awaiting.filter((a) => a.req !== req) },
    out: [{ type: 'trace', entry: { kind: 'timeout', msg: waiting.msg, req, caller: ctx.name, from: ctx.name, payload: waiting.payload } }],
  };
}

/** What a caller is made from. */
export interface CallerInput {
  name: Party;
  target: Party;
  timeoutMs?: Ms;
}

export type CallerEvent = (Timed & { type: 'caller.call'; payload: Payload }) | (Timed & ResponseEvent) | (Timed & { type: 'caller.timeout'; req: string });

/**
 * A caller at the start: nothing sent yet.
 * @example initCaller({ name: 'web', target: 'lb' }) // { name: 'web', target: 'lb', sent: 0, awaiting: [] }
 */
export const initCaller = (input: CallerInput): CallerContext => ({
  name: input.name,
  target: input.target,
  ...(input.timeoutMs === undefined ? {} : { timeoutMs: input.timeoutMs }),
  sent: 0,
  awaiting: [],
});

/**
 * Which rule an event calls; any other event changes nothing.
 * @example reactCaller(initCaller({ name: 'web', target: 'lb' }), { type: 'caller.call', payload: deposit('Jim', 70), t: 0 }).ctx.sent // 1
 */
export function reactCaller(ctx: CallerContext, e: CallerEvent): Result<CallerContext> {
  switch (e.type) {
    case 'caller.call':
      return onCall(ctx, e.payload, e.t);
    case 'http.response':
      return onResponse(ctx, e);
    case 'caller.timeout':
      return onTimeout(ctx, e.req);
    default:
      return { ctx, out: [] };
  }
}
