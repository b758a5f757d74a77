/**
 * The vocabulary of the RabbitMQ family: a broker with topic exchanges, bindings (to queues and
 * to other exchanges), queues with a message TTL and a dead-letter exchange, consumers that
 * receive from a queue, publishers that publish to an exchange, and the delayed-message plugin's
 * exchange for comparison. Its trace kinds and fields, the configs of its kinds and the commands
 * it takes. Plain data only: everything here survives JSON.stringify and structuredClone.
 */
import type { Ms, Party, TraceBase } from '../../kernel/types.ts';

export type { Ms, Party };

declare module '../trace.ts' {
  interface TraceEventsByFamily {
    rabbitmq: RabbitTraceEvent;
  }
  interface CommandsByFamily {
    rabbitmq: RabbitCommand;
  }
}

export type RabbitTraceKind =
  | 'amqp-ready' // the broker is up, with its topology (exchanges, queues and their TTLs)
  | 'amqp-publish' // publisher → broker: a message for an exchange with a routing key (a hop)
  | 'amqp-refuse' // the publisher would not send it: a delay the levels cannot hold (nothing sent)
  | 'amqp-route' // inside the broker: an exchange hands the message on along a binding that matched
  | 'amqp-unroutable' // inside the broker: no binding matched, the message is dropped
  | 'amqp-enqueue' // inside the broker: the message is in a queue (with when its TTL runs out)
  | 'amqp-expire' // inside the broker: the message's TTL ran out at the head of its queue
  | 'amqp-dead-letter' // inside the broker: the expired message goes to the queue's dead-letter exchange, with x-death
  | 'amqp-hold' // inside the broker: the plugin's exchange keeps a message for its x-delay
  | 'amqp-deliver' // broker → consumer: a message from a queue (a hop)
  | 'amqp-receive' // the consumer has it, with its headers
  | 'amqp-plugin-off' // the delayed-message plugin is disabled on the broker
  | 'amqp-lost'; // a message the broker held is gone (the plugin was disabled)

/** One entry of a dead-lettered message's `x-death` header, as RabbitMQ writes it. */
export interface XDeath {
  queue: string;
  reason: 'expired';
  /** The exchange the message had been published or dead-lettered to before it reached the queue. */
  exchange: string;
  'routing-keys': string[];
  count: number;
  /** When it died, virtual ms. */
  time: Ms;
}

/** A message's headers, the ones this family reads. */
export interface Headers {
  /** Newest first: only x-death[0] is the latest death (FACTS.md §6). */
  'x-death'?: XDeath[];
  /** The plugin's delay, in ms. */
  'x-delay'?: number;
}

/**
 * One fact of a RabbitMQ world, in time order. Events inside the broker carry `broker`; `from`
 * and `to` then name its exchanges and queues ('delay-level-05'), so the log says where.
 * @example { t: 100, kind: 'amqp-enqueue', msg: 1, broker: 'rabbit', from: 'delay-level-05', to: 'delay-level-05', queue: 'delay-level-05', expiresAt: 32_100 }
 */
export interface RabbitTraceEvent extends TraceBase {
  kind: RabbitTraceKind;
  /** The broker it happens in. */
  broker?: Party;
  /** The message's text ("42 s"). */
  label?: string;
  exchange?: string;
  queue?: string;
  routingKey?: string;
  /** 'amqp-route': the binding's pattern that matched. */
  pattern?: string;
  /** 'amqp-route': where it went, a queue or an exchange. */
  destinationType?: 'queue' | 'exchange';
  /** 'amqp-enqueue': when its TTL runs out, if it has one. */
  expiresAt?: Ms;
  /** 'amqp-hold': when the plugin releases it. */
  releaseAt?: Ms;
  /** 'amqp-dead-letter', 'amqp-receive': the header as it now stands. */
  headers?: Headers;
  /** 'amqp-publish', 'amqp-refuse': the delay asked for, in units, and the destination. */
  delay?: number;
  destination?: string;
  /** 'amqp-ready': the broker's topology. */
  topology?: { exchanges: { name: string; type: ExchangeType }[]; queues: { name: string; messageTtlMs?: Ms; deadLetterExchange?: string }[] };
  /**
   * On the hops the stage draws as tokens (publish, deliver): the look of the token. A delayed
   * message is no money and no status, so it wears the neutral bubble.
   */
  payload?: { kind: 'tweet' };
  /** 'amqp-refuse': the sentence saying why. */
  reason?: string;
}

/** A topic exchange, or the delayed-message plugin's exchange (which routes as a topic exchange once a message's x-delay has passed). */
export type ExchangeType = 'topic' | 'x-delayed-message';

export interface ExchangeDecl {
  name: string;
  type: ExchangeType;
}

export interface QueueDecl {
  name: string;
  /** x-message-ttl: every message in the queue lives this long. */
  messageTtlMs?: Ms;
  /** x-dead-letter-exchange: where an expired message goes. */
  deadLetterExchange?: string;
}

export interface BindingDecl {
  /** The exchange the binding is on. */
  source: string;
  destination: string;
  destinationType: 'queue' | 'exchange';
  /** A topic pattern: `*` one word, `#` zero or more. */
  pattern: string;
}

export interface BrokerConfig {
  exchanges: ExchangeDecl[];
  queues: QueueDecl[];
  bindings: BindingDecl[];
}

export interface PublisherConfig {
  /** The broker it publishes to. */
  broker: Party;
}

export interface ConsumerConfig {
  broker: Party;
  /** The queue it receives from. */
  queue: string;
}

/** What a scene step asks a RabbitMQ world to do. Verbs are the family's own. */
export type RabbitCommand =
  /** The publisher publishes a message to an exchange. */
  | { do: 'rabbitmq.publish'; publisher: Party; exchange: string; routingKey: string; label: string; headers?: Headers; expirationMs?: Ms }
  /**
   * The publisher sends a message `delay` units from now NServiceBus's way: the routing key from
   * the delay's bits, published to the exchange of its highest set bit. A delay the levels cannot
   * hold is refused (traced, nothing sent).
   */
  | { do: 'rabbitmq.send-delayed'; publisher: Party; delay: number; destination: string; label: string; levels?: number }
  /** The broker's delayed-message plugin is disabled: its exchanges and the messages they hold are gone. */
  | { do: 'rabbitmq.disable-plugin'; broker: Party };
