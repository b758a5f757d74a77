/**
 * Pure rules of a worker: an instance of a service, which handles every request it gets at once
 * (one task each), or a thread of a process, which runs one request at a time and keeps the rest
 * waiting in line. Each request takes `processMs` of work, then the worker asks its store to
 * apply the payload (over the network for an instance, in the same process for a thread) and
 * answers whoever sent it: 200 OK when applied, 422 when the store refused a withdraw
 * (insufficient funds), 500 when the write failed. A crash loses everything in hand: its timers
 * are cancelled and what the store answers later finds nobody waiting; while it is down, what
 * arrives is dropped, until a restart brings it back with nothing in hand. Every function takes
 * the context and returns a new one plus what to emit: nothing is mutated; `reactWorker` says
 * which rule each event calls (kinds http.service and http.thread).
 */
import type { RequestEvent } from './caller.ts';
import type { Emitted, Result, Timed } from './ports.ts';
import type { Ms, Party, Payload, Status, WorkerRole } from './types.ts';

/** What a store did with a write. */
export type WriteResult = 'applied' | 'refused' | 'failed';

/** The answer for each outcome of the write. */
export const STATUS_OF: Readonly<Record<WriteResult, Status>> = { applied: 200, refused: 422, failed: 500 };

/** A request in the worker's hands. */
export interface Job {
  req: string;
  msg: number;
  caller: Party;
  payload: Payload;
  /** Who to answer: the router that handed it over, or the caller itself. */
  replyTo: Party;
  /** Waiting its turn (a thread), being worked on, or waiting for the store's answer. */
  phase: 'queued' | 'working' | 'querying';
}

export interface WorkerContext {
  name: Party;
  role: WorkerRole;
  processMs: Ms;
  store: Party;
  /** An instance talks to its database over the network; a thread to the store in its own process. */
  storeVia: 'net' | 'local';
  /** A thread: one request at a time. An instance: all of them at once. */
  oneAtATime: boolean;
  /** In arrival order. */
  jobs: Job[];
  /** False from a crash to the restart: nothing answers. */
  up: boolean;
}

/** The key of the timer that ends the work on one request. */
export const workKey = (worker: Party, req: string): string => `http.work|${worker}|${req}`;

/** The answer to one store result, sent back on the request's own connection. */
const answerOf = (ctx: WorkerContext, j: Job, status: Status, balance: number): Emitted => ({
  type: 'out',
  to: j.replyTo,
  via: 'net',
  conn: `${j.req}<${ctx.name}`,
  event: { type: 'http.response', req: j.req, msg: j.msg, caller: j.caller, payload: j.payload, status, balance },
  trace: { kind: ctx.role === 'thread' ? 'thread-done' : 'reply', msg: j.msg, req: j.req, caller: j.caller, from: ctx.name, to: j.replyTo, payload: j.payload, status, balance },
});

/** Start the work on job `j` (now working) and set the timer that ends it. */
function start(ctx: WorkerContext, j: Job, now: Ms, out: Emitted[]): Job {
  out.push({
    type: 'trace',
    entry: { kind: 'handle-start', msg: j.msg, req: j.req, caller: j.caller, from: ctx.name, payload: j.payload, processMs: ctx.processMs, ends: now + ctx.processMs },
  });
  out.push({ type: 'out', to: ctx.name, via: ctx.processMs, key: workKey(ctx.name, j.req), event: { type: 'work.done', req: j.req } });
  return { ...j, phase: 'working' };
}

/** Whether the worker may start another request now. */
const hasRoom = (ctx: WorkerContext): boolean => !ctx.oneAtATime || ctx.jobs.every((j) => j.phase === 'queued');

/**
 * A request arrived: an instance starts on it at once; a thread starts on it if it is free,
 * otherwise it waits its turn.
 * @example onArrive(idleInstance, request, 600).out[0].entry.kind // 'handle-start'
 */
export function onArrive(ctx: WorkerContext, r: Omit<RequestEvent, 'type'>, now: Ms): Result<WorkerContext> {
  const out: Emitted[] = [];
  const job: Job = { req: r.req, msg: r.msg, caller: r.caller, payload: r.payload, replyTo: r.replyTo, phase: 'queued' };
  const next = hasRoom(ctx) ? start(ctx, job, now, out) : job;
  return { ctx: { ...ctx, jobs: [...ctx.jobs, next] }, out };
}

/** The work on a request is done: ask the store to apply its payload. */
export function onWorkDone(ctx: WorkerContext, req: string): Result<WorkerContext> {
  const j = ctx.jobs.find((x) => x.req === req && x.phase === 'working');
  if (!j) return { ctx, out: [] };
  const out: Emitted[] = [
    {
      type: 'out',
      to: ctx.store,
      via: ctx.storeVia,
      ...(ctx.storeVia === 'net' ? { conn: `${req}>${ctx.store}` } : {}),
      event: { type: 'store.write', by: ctx.name, req, msg: j.msg, payload: j.payload, via: ctx.storeVia },
      trace: { kind: 'query', msg: j.msg, req, caller: j.caller, from: ctx.name, to: ctx.store, payload: j.payload },
    },
  ];
  return { ctx: { ...ctx, jobs: ctx.jobs.map((x) => (x === j ? { ...x, phase: 'querying' } : x)) }, out };
}

/** The store answered: reply to whoever sent the request, and (a thread) start on the next in line. */
export function onStoreAnswer(ctx: WorkerContext, a: { req: string; result: WriteResult; balance: number }, now: Ms): Result<WorkerContext> {
  const j = ctx.jobs.find((x) => x.req === a.req && x.phase === 'querying');
  if (!j) return { ctx, out: [] };
  const out: Emitted[] = [answerOf(ctx, j, STATUS_OF[a.result], a.balance)];
  let jobs = ctx.jobs.filter((x) => x !== j);
  const rest = { ...ctx, jobs };
  const waiting = jobs.find((x) => x.phase === 'queued');
  if (waiting && hasRoom(rest)) jobs = jobs.map((x) => (x === waiting ? start(rest, x, now, out) : x));
  return { ctx: { ...ctx, jobs }, out };
}

/** From now on each request takes this long; those already being worked on keep their time. */
export function onSlow(ctx: WorkerContext, processMs: Ms): Result<WorkerContext> {
  return { ctx: processMs === ctx.processMs ? ctx : { ...ctx, processMs }, out: [{ type: 'trace', entry: { kind: 'slowed', from: ctx.name, role: ctx.role, processMs } }] };
}

/** The worker crashes: everything in hand is lost, and its timers with it. */
export function onCrash(ctx: WorkerContext): Result<WorkerContext> {
  const out: Emitted[] = ctx.jobs.filter((j) => j.phase === 'working').map((j) => ({ type: 'cancel', key: workKey(ctx.name, j.req) }));
  const lost = ctx.jobs.map((j) => j.msg);
  out.push({ type: 'trace', entry: { kind: 'instance-down', from: ctx.name, role: ctx.role, lost } });
  return { ctx: { ...ctx, jobs: [], up: false }, out };
}

/** A request reached a worker that is down: nothing answers it. */
export function onArriveWhileDown(ctx: WorkerContext, r: Omit<RequestEvent, 'type'>): Result<WorkerContext> {
  return { ctx, out: [{ type: 'trace', entry: { kind: 'dropped', msg: r.msg, req: r.req, caller: r.caller, to: ctx.name, payload: r.payload } }] };
}

/** The worker is back, with nothing in hand and its time per request as before. */
export function onRestart(ctx: WorkerContext): Result<WorkerContext> {
  return { ctx: { ...ctx, up: true }, out: [{ type: 'trace', entry: { kind: 'instance-up', from: ctx.name, role: ctx.role, processMs: ctx.processMs } }] };
}

/** What a worker is made from. */
export interface WorkerInput {
  name: Party;
  role: WorkerRole;
  processMs: Ms;
  store: Party;
}

export type WorkerEvent =
  | (Timed & { type: 'boot' })
  | (Timed & RequestEvent)
  | (Timed & { type: 'work.done'; req: string })
  | (Timed & { type: 'store.answer'; req: string; result: WriteResult; balance: number })
  | (Timed & { type: 'worker.slow'; processMs: Ms })
  | (Timed & { type: 'worker.crash' })
  | (Timed & { type: 'worker.restart' });

/**
 * A worker at the start: up, with nothing in hand; a thread talks to its store in-process and
 * takes one request at a time.
 * @example initWorker({ name: 'thread:1', role: 'thread', processMs: 1_000, store: 'storage' }).storeVia // 'local'
 */
export const initWorker = (input: WorkerInput): WorkerContext => ({
  name: input.name,
  role: input.role,
  processMs: input.processMs,
  store: input.store,
  storeVia: input.role === 'thread' ? 'local' : 'net',
  oneAtATime: input.role === 'thread',
  jobs: [],
  up: true,
});

/** It says it is ready, with its time per request, the moment it starts. */
const onBoot = (ctx: WorkerContext): Result<WorkerContext> => ({ ctx, out: [{ type: 'trace', entry: { kind: 'ready', from: ctx.name, role: ctx.role, processMs: ctx.processMs } }] });

/** Up: every rule but a restart (it is running already). */
function reactUp(ctx: WorkerContext, e: WorkerEvent): Result<WorkerContext> {
  switch (e.type) {
    case 'http.request':
      return onArrive(ctx, e, e.t);
    case 'work.done':
      return onWorkDone(ctx, e.req);
    case 'store.answer':
      return onStoreAnswer(ctx, e, e.t);
    case 'worker.crash':
      return onCrash(ctx);
    default:
      return { ctx, out: [] };
  }
}

/** Down: a request is dropped, a restart brings it back; its store's late answers find nobody. */
function reactDown(ctx: WorkerContext, e: WorkerEvent): Result<WorkerContext> {
  switch (e.type) {
    case 'http.request':
      return onArriveWhileDown(ctx, e);
    case 'worker.restart':
      return onRestart(ctx);
    default:
      return { ctx, out: [] };
  }
}

/**
 * Which rule an event calls, up or down; any other event changes nothing. Slowing down applies
 * either way: it is the machine it runs on that is slow.
 * @example reactWorker({ ...instance, up: false }, { type: 'work.done', req: 'web#1', t: 0 }).out // []
 */
export function reactWorker(ctx: WorkerContext, e: WorkerEvent): Result<WorkerContext> {
  if (e.type === 'boot') return onBoot(ctx);
  if (e.type === 'worker.slow') return onSlow(ctx, e.processMs);
  return ctx.up ? reactUp(ctx, e) : reactDown(ctx, e);
}
