/**
 * Pure rules of the broker's clients. A publisher numbers its messages 1, 2, 3… and publishes
 * each to an exchange with a routing key; asked for a delayed send, it does what NServiceBus's
 * transport does (delay.ts): the routing key from the delay's bits, published to the exchange of
 * the highest set bit, or refused with a sentence when the levels cannot hold the delay. A
 * consumer traces what it receives, headers and all. Nothing is mutated.
 */
import type { AmqpMessage } from './broker.ts';
import { delayProblem, delayRoutingKey, firstLevel, levelName, LEVELS } from './delay.ts';
import type { Emitted, Result, Timed } from './ports.ts';
import type { Headers, Ms, Party } from './types.ts';

export interface PublisherContext {
  name: Party;
  broker: Party;
  sent: number;
}

/** What a publisher hears: a scene's publish or delayed send. */
export type PublisherEvent =
  | (Timed & { type: 'publisher.publish'; exchange: string; routingKey: string; label: string; headers?: Headers; expirationMs?: Ms })
  | (Timed & { type: 'publisher.send-delayed'; delay: number; destination: string; label: string; levels?: number });

/**
 * A publisher at its start: nothing sent yet.
 * @example initPublisher({ name: 'orders', broker: 'rabbit' }).sent // 0
 */
export const initPublisher = (input: { name: Party; broker: Party }): PublisherContext => ({ name: input.name, broker: input.broker, sent: 0 });

/**
 * The publisher's rules: which rule each event calls (an event it does not know changes nothing).
 * @example reactPublisher(initPublisher({ name: 'orders', broker: 'rabbit' }), { type: 'publisher.send-delayed', t: 0, delay: 42, destination: 'discount', label: '42 s' }).ctx.sent // 1
 */
export function reactPublisher(ctx: PublisherContext, e: PublisherEvent): Result<PublisherContext> {
  switch (e.type) {
    case 'publisher.publish':
      return onPublishCommand(ctx, e);
    case 'publisher.send-delayed':
      return onSendDelayed(ctx, e);
    default:
      return { ctx, out: [] };
  }
}

/** Publishes one message to an exchange of the broker. */
export function onPublishCommand(ctx: PublisherContext, c: { exchange: string; routingKey: string; label: string; headers?: Headers; expirationMs?: Ms; delay?: number; destination?: string }): Result<PublisherContext> {
  const id = ctx.sent + 1;
  const msg: AmqpMessage = { id, label: c.label, routingKey: c.routingKey, headers: c.headers ?? {}, ...(c.expirationMs === undefined ? {} : { expirationMs: c.expirationMs }) };
  const out: Emitted = {
    type: 'out',
    to: ctx.broker,
    via: 'net',
    event: { type: 'rabbitmq.publish', exchange: c.exchange, msg },
    trace: {
      kind: 'amqp-publish',
      msg: id,
      payload: { kind: 'tweet' },
      from: ctx.name,
      to: ctx.broker,
      exchange: c.exchange,
      routingKey: c.routingKey,
      label: c.label,
      ...(c.headers ? { headers: c.headers } : {}),
      ...(c.delay === undefined ? {} : { delay: c.delay }),
      ...(c.destination === undefined ? {} : { destination: c.destination }),
    },
  };
  return { ctx: { ...ctx, sent: id }, out: [out] };
}

/**
 * A send `delay` units from now, through the delay levels; a delay they cannot hold is refused
 * and nothing is sent.
 * @example onSendDelayed({ name: 'orders', broker: 'rabbit', sent: 0 }, { delay: 42, destination: 'discount', label: '42 s' }).out[0] // publishes to delay-level-05
 */
export function onSendDelayed(ctx: PublisherContext, c: { delay: number; destination: string; label: string; levels?: number }): Result<PublisherContext> {
  const levels = c.levels ?? LEVELS;
  const problem = delayProblem(c.delay, levels);
  if (problem) {
    return { ctx, out: [{ type: 'trace', entry: { kind: 'amqp-refuse', from: ctx.name, to: ctx.broker, label: c.label, delay: c.delay, destination: c.destination, reason: problem } }] };
  }
  return onPublishCommand(ctx, { exchange: levelName(firstLevel(c.delay, levels)), routingKey: delayRoutingKey(c.delay, c.destination, levels), label: c.label, delay: c.delay, destination: c.destination });
}

/** A consumer got a message: traced with its headers, so tests and the log can read x-death. */
export function onDeliver(name: Party, queue: string, msg: AmqpMessage): Emitted[] {
  return [{ type: 'trace', entry: { kind: 'amqp-receive', msg: msg.id, from: name, queue, label: msg.label, routingKey: msg.routingKey, headers: msg.headers } }];
}

/** A consumer: who it is and the queue it receives from (its context is its input, and never changes). */
export interface ConsumerContext {
  name: Party;
  queue: string;
}

/** What a consumer hears: a message from its queue. */
export type ConsumerEvent = Timed & { type: 'rabbitmq.deliver'; queue: string; msg: AmqpMessage };

/**
 * The consumer's rules: a delivery is traced; anything else changes nothing.
 * @example reactConsumer({ name: 'discount', queue: 'discount' }, { type: 'rabbitmq.deliver', t: 0, queue: 'discount', msg }).out[0] // the 'amqp-receive' trace
 */
export function reactConsumer(ctx: ConsumerContext, e: ConsumerEvent): Result<ConsumerContext> {
  return e.type === 'rabbitmq.deliver' ? { ctx, out: onDeliver(ctx.name, e.queue, e.msg) } : { ctx, out: [] };
}
