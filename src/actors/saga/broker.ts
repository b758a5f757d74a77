/**
 * Pure rules of the durable broker: it stores every message it is given (a restart of a sender
 * or a receiver loses nothing), holds a delayed one until its due time (a message from the
 * future: "take 100 off in 7 days"), and delivers each ready message to its endpoint's consumer
 * up to the consumer's prefetch. A delivery stays unacked until the handler acks it; a nack counts
 * a failure and the retry policy decides: immediate retries first, then delayed ones after a
 * backoff, then the error queue. A consumer whose connection drops (a crash) gets nothing more,
 * and what it had in hand is put back at the head of the line: at-least-once delivery.
 *
 * On RabbitMQ the delays are NServiceBus's delay levels (scene 9), on SQS the 900-second hops of
 * scene 8; here one timer per message stands for either. Nothing is mutated.
 */
import type { Emitted, Result } from './ports.ts';
import { payloadOf, seqOf, type BrokerMessage, type JobKind, type Ms, type Order, type Party, type RetryPolicy } from './types.ts';

export interface Consumer {
  up: boolean;
  capacity: number;
  epoch: number;
}

export interface Unacked {
  message: BrokerMessage;
  consumer: Party;
  tag: string;
  /** The consumer's connection it went out on. */
  epoch: number;
}

export interface BrokerContext {
  name: Party;
  retry: RetryPolicy;
  /** Messages stored so far (their ids). */
  seq: number;
  /** Deliveries so far (their tags). */
  tags: number;
  /** Waiting for their due time, by id. */
  delayed: Record<string, BrokerMessage>;
  /** Ready, in the order they will be delivered. */
  ready: BrokerMessage[];
  unacked: Unacked[];
  /** Retries ran out. */
  parked: BrokerMessage[];
  consumers: Record<Party, Consumer>;
}

/** What a publisher hands over: the broker gives it an id and counts its deliveries. */
export interface Outgoing {
  kind: JobKind;
  order: Order;
  dest: Party;
  dueAt: Ms;
}

export type BrokerEvent =
  | { type: 'boot'; t: Ms }
  | { type: 'broker.publish'; t: Ms; message: Outgoing; replyTo?: Party; ref?: string }
  | { type: 'broker.due'; t: Ms; id: string }
  | { type: 'broker.subscribe'; t: Ms; consumer: Party; capacity: number; epoch: number }
  | { type: 'broker.lost'; t: Ms; consumer: Party }
  | { type: 'broker.ack'; t: Ms; id: string; tag: string }
  | { type: 'broker.nack'; t: Ms; id: string; tag: string; why: string };

export interface BrokerInput {
  name: Party;
  retry: RetryPolicy;
}

/** The key of the timer that makes a delayed message ready. */
export const dueKey = (broker: Party, id: string): string => `saga.due|${broker}|${id}`;

export const initBroker = (i: BrokerInput): BrokerContext => ({
  name: i.name,
  retry: i.retry,
  seq: 0,
  tags: 0,
  delayed: {},
  ready: [],
  unacked: [],
  parked: [],
  consumers: {},
});

/** A timer that makes message `m` ready at its due time. */
const dueTimer = (ctx: BrokerContext, m: BrokerMessage, now: Ms): Emitted => ({ type: 'out', to: ctx.name, via: Math.max(0, m.dueAt - now), key: dueKey(ctx.name, m.id), event: { type: 'broker.due', id: m.id } });

/** Deliver every ready message whose consumer is up and has room, in line order. */
function dispatch(ctx: BrokerContext, out: Emitted[]): BrokerContext {
  let { ready, unacked, tags } = ctx;
  const left: BrokerMessage[] = [];
  for (const m of ready) {
    const c = ctx.consumers[m.dest];
    const held = unacked.filter((u) => u.consumer === m.dest).length;
    if (!c?.up || held >= c.capacity) {
      left.push(m);
      continue;
    }
    tags++;
    const tag = `d${tags}`;
    const sent: BrokerMessage = { ...m, attempt: m.attempt + 1 };
    unacked = [...unacked, { message: sent, consumer: m.dest, tag, epoch: c.epoch }];
    out.push({
      type: 'out',
      to: m.dest,
      via: 'net',
      event: { type: 'host.deliver', message: sent, tag, epoch: c.epoch },
      trace: { kind: 'saga.deliver', msg: seqOf(m.id), from: ctx.name, to: m.dest, id: m.id, job: m.kind, order: m.order, attempt: sent.attempt, payload: payloadOf(m.kind, m.order) },
    });
  }
  ready = left;
  return { ...ctx, ready, unacked, tags };
}

/**
 * Store a message (due now, or later), confirm it to its publisher, and deliver what can be.
 * @example onPublish(broker, { type: 'broker.publish', t: 0, message: takeOff }).out[0].entry.kind // 'saga.stored'
 */
export function onPublish(ctx: BrokerContext, e: Extract<BrokerEvent, { type: 'broker.publish' }>): Result<BrokerContext> {
  const id = `m${ctx.seq + 1}`;
  const m: BrokerMessage = { id, kind: e.message.kind, order: e.message.order, dest: e.message.dest, dueAt: e.message.dueAt, attempt: 0, failures: 0 };
  const out: Emitted[] = [{ type: 'trace', entry: { kind: 'saga.stored', from: ctx.name, id, job: m.kind, order: m.order, dueAt: m.dueAt, msg: ctx.seq + 1 } }];
  if (e.replyTo !== undefined) {
    out.push({ type: 'out', to: e.replyTo, via: 'net', event: { type: 'broker.confirm', ref: e.ref, id }, trace: { kind: 'saga.confirm', from: ctx.name, to: e.replyTo, id, order: m.order, job: m.kind } });
  }
  let next: BrokerContext = { ...ctx, seq: ctx.seq + 1 };
  if (m.dueAt > e.t) {
    out.push(dueTimer(ctx, m, e.t));
    next = { ...next, delayed: { ...next.delayed, [id]: m } };
  } else next = { ...next, ready: [...next.ready, m] };
  return { ctx: dispatch(next, out), out };
}

/** A delayed message's time has come: it joins the line. */
function onDue(ctx: BrokerContext, id: string): Result<BrokerContext> {
  const m = ctx.delayed[id];
  if (!m) return { ctx, out: [] };
  const { [id]: _gone, ...delayed } = ctx.delayed;
  const out: Emitted[] = [{ type: 'trace', entry: { kind: 'saga.due', msg: seqOf(id), from: ctx.name, id, job: m.kind, order: m.order, dueAt: m.dueAt, attempt: m.attempt } }];
  return { ctx: dispatch({ ...ctx, delayed, ready: [...ctx.ready, m] }, out), out };
}

/** The unacked delivery with this id and tag (a tag of a closed connection matches nothing). */
const findUnacked = (ctx: BrokerContext, id: string, tag: string): Unacked | undefined => ctx.unacked.find((u) => u.message.id === id && u.tag === tag);

/**
 * A handler failed a message: retry at once, or after the next backoff, or park it.
 * @example onNack(broker, 'm1', 'd1', 'a concurrency conflict', 0).out[0].entry.kind // 'saga.retry'
 */
export function onNack(ctx: BrokerContext, id: string, tag: string, why: string, now: Ms): Result<BrokerContext> {
  const u = findUnacked(ctx, id, tag);
  if (!u) return { ctx, out: [] };
  const failures = u.message.failures + 1;
  const m: BrokerMessage = { ...u.message, failures };
  const rest = { ...ctx, unacked: ctx.unacked.filter((x) => x !== u) };
  const out: Emitted[] = [];
  const delayedIndex = failures - ctx.retry.immediate - 1;
  if (failures <= ctx.retry.immediate) {
    out.push({ type: 'trace', entry: { kind: 'saga.retry', from: ctx.name, id, job: m.kind, order: m.order, at: now, attempt: m.attempt, why } });
    return { ctx: dispatch({ ...rest, ready: [m, ...rest.ready] }, out), out };
  }
  const backoff = ctx.retry.delayedMs[delayedIndex];
  if (backoff !== undefined) {
    const later: BrokerMessage = { ...m, dueAt: now + backoff };
    out.push({ type: 'trace', entry: { kind: 'saga.retry', from: ctx.name, id, job: m.kind, order: m.order, at: now + backoff, attempt: m.attempt, why } });
    out.push(dueTimer(ctx, later, now));
    return { ctx: dispatch({ ...rest, delayed: { ...rest.delayed, [id]: later } }, out), out };
  }
  out.push({ type: 'trace', entry: { kind: 'saga.error-queue', from: ctx.name, id, job: m.kind, order: m.order, attempt: m.attempt, why } });
  return { ctx: dispatch({ ...rest, parked: [...rest.parked, m] }, out), out };
}

/** Put back, at the head of the line and in order, what a consumer had in hand on connections older than `epoch`. */
function requeue(ctx: BrokerContext, consumer: Party, epoch: number, out: Emitted[]): BrokerContext {
  const gone = (u: Unacked) => u.consumer === consumer && u.epoch < epoch;
  const back = ctx.unacked.filter(gone).map((u) => u.message);
  for (const m of back) out.push({ type: 'trace', entry: { kind: 'saga.requeue', from: ctx.name, to: consumer, id: m.id, job: m.kind, order: m.order, attempt: m.attempt } });
  return { ...ctx, unacked: ctx.unacked.filter((u) => !gone(u)), ready: [...back, ...ctx.ready] };
}

/** A consumer's connection dropped: nothing more goes to it, and what it had in hand goes back. */
function onLost(ctx: BrokerContext, consumer: Party): Result<BrokerContext> {
  const c = ctx.consumers[consumer];
  if (!c) return { ctx, out: [] };
  const out: Emitted[] = [];
  const next = requeue(ctx, consumer, c.epoch + 1, out);
  return { ctx: { ...next, consumers: { ...next.consumers, [consumer]: { ...c, up: false } } }, out };
}

/**
 * A consumer connects (at start, after a restart): a newer connection than the broker knows
 * means any older one is gone, and what went out on it is put back. A stale one is ignored.
 */
function onSubscribe(ctx: BrokerContext, e: Extract<BrokerEvent, { type: 'broker.subscribe' }>): Result<BrokerContext> {
  const known = ctx.consumers[e.consumer];
  if (known && known.epoch > e.epoch) return { ctx, out: [] };
  const out: Emitted[] = [];
  const next = requeue(ctx, e.consumer, e.epoch, out);
  return { ctx: dispatch({ ...next, consumers: { ...next.consumers, [e.consumer]: { up: true, capacity: e.capacity, epoch: e.epoch } } }, out), out };
}

/** Pure: which rule an event calls. */
export function reactBroker(ctx: BrokerContext, e: BrokerEvent): Result<BrokerContext> {
  switch (e.type) {
    case 'boot':
      return { ctx, out: [{ type: 'trace', entry: { kind: 'saga.ready', from: ctx.name, held: [] } }] };
    case 'broker.publish':
      return onPublish(ctx, e);
    case 'broker.due':
      return onDue(ctx, e.id);
    case 'broker.subscribe':
      return onSubscribe(ctx, e);
    case 'broker.lost':
      return onLost(ctx, e.consumer);
    case 'broker.ack': {
      const u = findUnacked(ctx, e.id, e.tag);
      if (!u) return { ctx, out: [] };
      const out: Emitted[] = [];
      return { ctx: dispatch({ ...ctx, unacked: ctx.unacked.filter((x) => x !== u) }, out), out };
    }
    case 'broker.nack':
      return onNack(ctx, e.id, e.tag, e.why, e.t);
  }
}
