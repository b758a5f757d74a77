/**
 * What a chapter says to declare a world of the RabbitMQ family, with none of its rules: the
 * kinds' names and the delayed-message exchange's limit. The rules (world.ts, broker.ts) come in
 * the family's own chunk when the chapter registers it.
 */

export const RABBIT_KINDS = {
  broker: 'rabbitmq.broker',
  delayLevels: 'rabbitmq.delay-levels',
  delayedExchange: 'rabbitmq.delayed-exchange',
  publisher: 'rabbitmq.publisher',
  consumer: 'rabbitmq.consumer',
  /** Not an actor: a node that shows a side-by-side table (its view is the table). */
  comparison: 'rabbitmq.comparison',
} as const;

/** The largest x-delay the plugin takes: 2^32 − 1 ms, about 49.7 days (FACTS.md §3). */
export const MAX_X_DELAY_MS = 2 ** 32 - 1;
