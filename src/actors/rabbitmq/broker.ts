/**
 * Pure rules of a RabbitMQ broker: topic exchanges route a message along every binding whose
 * pattern matches its routing key (to queues, and to other exchanges, which route it again); a
 * queue keeps its messages in order and hands them to its consumers one by one, round robin; a
 * queue with a TTL (x-message-ttl, or a message's own expiration) expires a message only when it
 * is at the head (FACTS.md §6), and dead-letters it to the queue's dead-letter exchange with an
 * `x-death` entry. The delayed-message plugin's exchange holds a message for its `x-delay` and
 * then routes it as a topic exchange; disabling the plugin loses what it holds.
 *
 * Simplified: consumers take a message as it is delivered (auto-ack), there is no prefetch, no
 * length limit and no delivery limit (chapter 4's queues bring those), and routing inside the
 * broker takes no time. Every function takes the context and returns a new one plus what to emit:
 * nothing is mutated. One set of rules (reactBroker) for three kinds: rabbitmq.broker,
 * rabbitmq.delay-levels and rabbitmq.delayed-exchange, one broker drawn three ways. Always running.
 */
import type { Emitted, Result, Timed } from './ports.ts';
import { topicMatches } from './topic.ts';
import { MAX_X_DELAY_MS } from './cast.ts';
import type { BindingDecl, BrokerConfig, ExchangeDecl, Headers, Ms, Party, QueueDecl, XDeath } from './types.ts';

/** A message as it travels between exchanges and queues. */
export interface AmqpMessage {
  id: number;
  label: string;
  routingKey: string;
  headers: Headers;
  /** A per-message TTL (the `expiration` property), ms. */
  expirationMs?: Ms;
}

/** A message in a queue. */
export interface Queued {
  msg: AmqpMessage;
  /** The exchange it came through: what x-death names when it dies here. */
  exchange: string;
  enqueuedAt: Ms;
  expiresAt?: Ms;
}

export interface QueueState extends QueueDecl {
  messages: Queued[];
  consumers: Party[];
  /** Round robin: the consumer the next message goes to. */
  next: number;
}

/** A message the plugin's exchange holds until its x-delay has passed. */
export interface Held {
  msg: AmqpMessage;
  exchange: string;
  releaseAt: Ms;
}

export interface BrokerContext {
  name: Party;
  exchanges: ExchangeDecl[];
  queues: Record<string, QueueState>;
  bindings: BindingDecl[];
  held: Held[];
  /** The delayed-message plugin has been disabled: its exchanges are gone. */
  pluginOff: boolean;
}



/** A broker, from its config, with empty queues. */
export function initialBroker(name: Party, config: BrokerConfig): BrokerContext {
  const queues: Record<string, QueueState> = {};
  for (const q of config.queues) queues[q.name] = { ...q, messages: [], consumers: [], next: 0 };
  return { name, exchanges: config.exchanges, queues, bindings: config.bindings, held: [], pluginOff: false };
}

/** A broker's name and config (its exchanges, queues and bindings). */
export interface BrokerInput {
  name: Party;
  config: BrokerConfig;
}

/**
 * A broker at its start, from its input.
 * @example initBroker({ name: 'rabbit', config: { exchanges: [], queues: [], bindings: [] } }).held // []
 */
export const initBroker = (input: BrokerInput): BrokerContext => initialBroker(input.name, input.config);

/** What a broker hears: its start, publishes from publishers, a queue's head expiring, the plugin releasing a message, consumers starting to receive, the plugin being disabled. */
export type BrokerEvent =
  | (Timed & { type: 'rabbitmq.boot' })
  | (Timed & { type: 'rabbitmq.publish'; exchange: string; msg: AmqpMessage })
  | (Timed & { type: 'rabbitmq.expire'; queue: string })
  | (Timed & { type: 'rabbitmq.release'; id: number })
  | (Timed & { type: 'rabbitmq.consume'; queue: string; consumer: Party })
  | (Timed & { type: 'rabbitmq.disable-plugin' });

/** The key of the timer that expires a queue's head. */
export const expiryKey = (broker: Party, queue: string): string => `rabbitmq.expire|${broker}|${queue}`;
/** The key of the timer that releases a message the plugin holds. */
export const releaseKey = (broker: Party, msg: number): string => `rabbitmq.release|${broker}|${msg}`;

/** One hop inside the broker: an exchange handing a message on along a binding. */
export interface Hop {
  from: string;
  to: string;
  destinationType: 'queue' | 'exchange';
  pattern: string;
}

/**
 * Where a message published to `exchange` with `key` goes: every binding hop in order (depth
 * first, in binding order), and the queues it lands in, each once. An exchange is never entered
 * twice, so a cycle of bindings ends.
 * @example routeOf(broker, 'delay-level-05', '1.0.1.0.1.0.discount').queues // ['delay-level-05']
 */
export function routeOf(ctx: Pick<BrokerContext, 'bindings' | 'exchanges'>, exchange: string, key: string): { hops: Hop[]; queues: string[] } {
  const hops: Hop[] = [];
  const queues: string[] = [];
  const seen = new Set<string>();
  const visit = (ex: string) => {
    if (seen.has(ex)) return;
    seen.add(ex);
    for (const b of ctx.bindings) {
      if (b.source !== ex || !topicMatches(b.pattern, key)) continue;
      hops.push({ from: ex, to: b.destination, destinationType: b.destinationType, pattern: b.pattern });
      if (b.destinationType === 'queue') {
        if (!queues.includes(b.destination)) queues.push(b.destination);
      } else visit(b.destination);
    }
  };
  visit(exchange);
  return { hops, queues };
}

const exchangeOf = (ctx: BrokerContext, name: string): ExchangeDecl | undefined => ctx.exchanges.find((e) => e.name === name);

/** Sets the queue's expiry timer for its head, or cancels it when nothing in it expires. */
function armHead(ctx: BrokerContext, queue: string, now: Ms): Emitted {
  const head = ctx.queues[queue]?.messages[0];
  const key = expiryKey(ctx.name, queue);
  if (head?.expiresAt === undefined) return { type: 'cancel', key };
  return { type: 'out', to: ctx.name, via: Math.max(0, head.expiresAt - now), key, event: { type: 'rabbitmq.expire', queue } };
}

const withQueue = (ctx: BrokerContext, q: QueueState): BrokerContext => ({ ...ctx, queues: { ...ctx.queues, [q.name]: q } });

/** Hands the queue's messages to its consumers, round robin, while it has any. */
function drain(ctx: BrokerContext, queue: string): Result<BrokerContext> {
  const q = ctx.queues[queue];
  if (!q || q.consumers.length === 0 || q.messages.length === 0) return { ctx, out: [] };
  const out: Emitted[] = [];
  let next = q.next;
  for (const m of q.messages) {
    const consumer = q.consumers[next % q.consumers.length]!;
    next = (next + 1) % q.consumers.length;
    out.push({
      type: 'out',
      to: consumer,
      via: 'net',
      event: { type: 'rabbitmq.deliver', queue, msg: m.msg },
      trace: { kind: 'amqp-deliver', payload: { kind: 'tweet' }, msg: m.msg.id, broker: ctx.name, from: ctx.name, to: consumer, queue, label: m.msg.label, routingKey: m.msg.routingKey },
    });
  }
  return { ctx: withQueue(ctx, { ...q, messages: [], next }), out: [...out, { type: 'cancel', key: expiryKey(ctx.name, queue) }] };
}

/** Puts the message in a queue: delivered at once if the queue has consumers, else it waits (with its TTL, if any). */
function enqueue(ctx: BrokerContext, queue: string, msg: AmqpMessage, exchange: string, now: Ms): Result<BrokerContext> {
  const q = ctx.queues[queue];
  if (!q) return { ctx, out: [] };
  const ttls = [q.messageTtlMs, msg.expirationMs].filter((x): x is Ms => x !== undefined);
  const expiresAt = ttls.length > 0 ? now + Math.min(...ttls) : undefined;
  const entry: Queued = { msg, exchange, enqueuedAt: now, ...(expiresAt === undefined ? {} : { expiresAt }) };
  const trace: Emitted = {
    type: 'trace',
    entry: { kind: 'amqp-enqueue', msg: msg.id, broker: ctx.name, from: exchange, to: queue, queue, label: msg.label, routingKey: msg.routingKey, ...(expiresAt === undefined ? {} : { expiresAt }) },
  };
  const next = withQueue(ctx, { ...q, messages: [...q.messages, entry] });
  if (q.consumers.length > 0) {
    const d = drain(next, queue);
    return { ctx: d.ctx, out: [trace, ...d.out] };
  }
  // Only the head's expiry is ever armed: a message behind it waits its turn, whatever its own TTL.
  return { ctx: next, out: q.messages.length === 0 ? [trace, armHead(next, queue, now)] : [trace] };
}

/** Routes a message from an exchange along the bindings that match, into every queue it reaches. */
function route(ctx: BrokerContext, exchange: string, msg: AmqpMessage, now: Ms): Result<BrokerContext> {
  const { hops, queues } = routeOf(ctx, exchange, msg.routingKey);
  const out: Emitted[] = hops.map((h) => ({
    type: 'trace',
    entry: { kind: 'amqp-route', msg: msg.id, broker: ctx.name, from: h.from, to: h.to, destinationType: h.destinationType, pattern: h.pattern, routingKey: msg.routingKey, label: msg.label },
  }));
  if (queues.length === 0) {
    out.push({ type: 'trace', entry: { kind: 'amqp-unroutable', msg: msg.id, broker: ctx.name, from: exchange, exchange, routingKey: msg.routingKey, label: msg.label } });
    return { ctx, out };
  }
  let c = ctx;
  for (const queue of queues) {
    // The exchange a queue names in x-death is the one the message was published (or dead-lettered) to.
    const r = enqueue(c, queue, msg, exchange, now);
    c = r.ctx;
    out.push(...r.out);
  }
  return { ctx: c, out };
}

/**
 * A message published to an exchange: routed at once, or held by the plugin's exchange for its
 * x-delay. To an exchange that does not exist (the plugin's, once disabled) it is dropped.
 */
export function onPublish(ctx: BrokerContext, exchange: string, msg: AmqpMessage, now: Ms): Result<BrokerContext> {
  const ex = exchangeOf(ctx, exchange);
  if (!ex || (ex.type === 'x-delayed-message' && ctx.pluginOff)) {
    return { ctx, out: [{ type: 'trace', entry: { kind: 'amqp-unroutable', msg: msg.id, broker: ctx.name, from: exchange, exchange, routingKey: msg.routingKey, label: msg.label, note: 'no such exchange' } }] };
  }
  const delay = msg.headers['x-delay'];
  if (ex.type === 'x-delayed-message' && delay !== undefined && delay > 0) {
    const ms = Math.min(delay, MAX_X_DELAY_MS);
    const releaseAt = now + ms;
    return {
      ctx: { ...ctx, held: [...ctx.held, { msg, exchange, releaseAt }] },
      out: [
        { type: 'trace', entry: { kind: 'amqp-hold', msg: msg.id, broker: ctx.name, from: exchange, exchange, routingKey: msg.routingKey, label: msg.label, releaseAt } },
        { type: 'out', to: ctx.name, via: ms, key: releaseKey(ctx.name, msg.id), event: { type: 'rabbitmq.release', id: msg.id } },
      ],
    };
  }
  return route(ctx, exchange, msg, now);
}

/** The plugin's x-delay has passed for a message it holds: it routes it now. */
export function onRelease(ctx: BrokerContext, id: number, now: Ms): Result<BrokerContext> {
  const h = ctx.held.find((x) => x.msg.id === id);
  if (!h) return { ctx, out: [] };
  return route({ ...ctx, held: ctx.held.filter((x) => x !== h) }, h.exchange, h.msg, now);
}

/**
 * The x-death header after one more death in `queue`: an entry for the same queue and reason
 * counts up and moves to the front; a new one goes in front. Only x-death[0] is the latest.
 * @example addDeath([], { queue: 'q', reason: 'expired', exchange: 'x', 'routing-keys': ['k'], count: 1, time: 0 })[0].count // 1
 */
export function addDeath(deaths: readonly XDeath[], death: XDeath): XDeath[] {
  const same = deaths.find((d) => d.queue === death.queue && d.reason === death.reason);
  if (!same) return [death, ...deaths];
  return [{ ...same, count: same.count + 1, time: death.time }, ...deaths.filter((d) => d !== same)];
}

/** The queue's expiry timer fired: every message at the head whose time has come expires, in order, and is dead-lettered. */
export function onExpire(ctx: BrokerContext, queue: string, now: Ms): Result<BrokerContext> {
  const q = ctx.queues[queue];
  if (!q) return { ctx, out: [] };
  let c = ctx;
  const out: Emitted[] = [];
  for (;;) {
    const head = c.queues[queue]!.messages[0];
    if (!head || head.expiresAt === undefined || head.expiresAt > now) break;
    c = withQueue(c, { ...c.queues[queue]!, messages: c.queues[queue]!.messages.slice(1) });
    out.push({ type: 'trace', entry: { kind: 'amqp-expire', msg: head.msg.id, broker: c.name, from: queue, queue, label: head.msg.label, routingKey: head.msg.routingKey } });
    const dlx = q.deadLetterExchange;
    if (dlx === undefined) continue;
    const headers: Headers = {
      ...head.msg.headers,
      'x-death': addDeath(head.msg.headers['x-death'] ?? [], { queue, reason: 'expired', exchange: head.exchange, 'routing-keys': [head.msg.routingKey], count: 1, time: now }),
    };
    // The dead-lettered copy keeps its routing key and loses its per-message TTL.
    const { expirationMs: _ttl, ...rest } = head.msg;
    const copy: AmqpMessage = { ...rest, headers };
    out.push({ type: 'trace', entry: { kind: 'amqp-dead-letter', msg: copy.id, broker: c.name, from: queue, to: dlx, queue, exchange: dlx, label: copy.label, routingKey: copy.routingKey, headers } });
    const r = route(c, dlx, copy, now);
    c = r.ctx;
    out.push(...r.out);
  }
  out.push(armHead(c, queue, now));
  return { ctx: c, out };
}

/** A consumer starts receiving from a queue: what waits there goes to it at once. */
export function onConsume(ctx: BrokerContext, queue: string, consumer: Party): Result<BrokerContext> {
  const q = ctx.queues[queue];
  if (!q || q.consumers.includes(consumer)) return { ctx, out: [] };
  return drain(withQueue(ctx, { ...q, consumers: [...q.consumers, consumer] }), queue);
}

/** The plugin is disabled: its exchanges are gone, and every message they held with them. */
export function onDisablePlugin(ctx: BrokerContext): Result<BrokerContext> {
  const out: Emitted[] = [{ type: 'trace', entry: { kind: 'amqp-plugin-off', broker: ctx.name, from: ctx.name } }];
  for (const h of ctx.held) {
    out.push({ type: 'cancel', key: releaseKey(ctx.name, h.msg.id) });
    out.push({ type: 'trace', entry: { kind: 'amqp-lost', msg: h.msg.id, broker: ctx.name, from: h.exchange, exchange: h.exchange, label: h.msg.label, routingKey: h.msg.routingKey } });
  }
  return { ctx: { ...ctx, held: [], pluginOff: true }, out };
}

/** The broker's first trace entry: its topology, for the views. */
export function onBoot(ctx: BrokerContext): Result<BrokerContext> {
  const topology = {
    exchanges: ctx.exchanges.map((e) => ({ name: e.name, type: e.type })),
    queues: Object.values(ctx.queues).map((q) => ({ name: q.name, ...(q.messageTtlMs === undefined ? {} : { messageTtlMs: q.messageTtlMs }), ...(q.deadLetterExchange === undefined ? {} : { deadLetterExchange: q.deadLetterExchange }) })),
  };
  return { ctx, out: [{ type: 'trace', entry: { kind: 'amqp-ready', broker: ctx.name, from: ctx.name, topology } }] };
}

/**
 * The broker's rules: which rule each event calls (an event it does not know changes nothing).
 * @example reactBroker(initBroker({ name: 'rabbit', config }), { type: 'rabbitmq.boot', t: 0 }).out[0] // the 'amqp-ready' trace
 */
export function reactBroker(ctx: BrokerContext, e: BrokerEvent): Result<BrokerContext> {
  switch (e.type) {
    case 'rabbitmq.boot':
      return onBoot(ctx);
    case 'rabbitmq.publish':
      return onPublish(ctx, e.exchange, e.msg, e.t);
    case 'rabbitmq.expire':
      return onExpire(ctx, e.queue, e.t);
    case 'rabbitmq.release':
      return onRelease(ctx, e.id, e.t);
    case 'rabbitmq.consume':
      return onConsume(ctx, e.queue, e.consumer);
    case 'rabbitmq.disable-plugin':
      return onDisablePlugin(ctx);
    default:
      return { ctx, out: [] };
  }
}
