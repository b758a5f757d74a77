/**
 * Scene 10: the delayed-message plugin, for comparison (STORYBOARD.md, chapter 2). One exchange
 * of type x-delayed-message and an `x-delay` header in ms: the exchange holds the message and
 * routes it when the delay has passed. Its limits (FACTS.md §3, rabbitmq-delayed-message-exchange
 * README): at most 2^32 − 1 ms (about 49.7 days), held on one node only, gone if the plugin is
 * disabled, not meant for hundreds of thousands of messages. The stage ends on a side-by-side
 * table with the delay levels of scene 9.
 */
import { MAX_X_DELAY_MS } from '../../actors/rabbitmq/cast.ts';
import type { RabbitCommand } from '../../actors/rabbitmq/types.ts';
import { RABBIT_KINDS } from '../../actors/rabbitmq/cast.ts';
import type { Scene } from '../types.ts';
import { DAY, FUTURE_WORLD, SECOND } from './cast.ts';
import './families.ts';

const BROKER = 'rabbit';
const PUBLISHER = 'orders';
const DESTINATION = 'discount';
/** The plugin's exchange. */
export const PLUGIN_EXCHANGE = 'delayed';

/** A publish to the plugin's exchange with an x-delay. */
const delayed = (label: string, ms: number): RabbitCommand => ({ do: 'rabbitmq.publish', publisher: PUBLISHER, exchange: PLUGIN_EXCHANGE, routingKey: DESTINATION, label, headers: { 'x-delay': ms } });

export const delayPlugin: Scene = {
  id: 'delay-plugin',
  chapter: 'future',
  title: 'The plugin, for comparison',
  summary: 'One exchange and an x-delay header, with limits of its own.',
  channels: [],
  world: FUTURE_WORLD,
  kernel: {
    seed: 1,
    actors: [
      {
        name: BROKER,
        kind: RABBIT_KINDS.delayedExchange,
        config: {
          exchanges: [{ name: PLUGIN_EXCHANGE, type: 'x-delayed-message' }],
          queues: [{ name: DESTINATION }],
          bindings: [{ source: PLUGIN_EXCHANGE, destination: DESTINATION, destinationType: 'queue', pattern: DESTINATION }],
        },
      },
      { name: PUBLISHER, kind: RABBIT_KINDS.publisher, config: { broker: BROKER } },
      { name: DESTINATION, kind: RABBIT_KINDS.consumer, config: { broker: BROKER, queue: DESTINATION } },
    ],
    network: { latencyMs: 100, jitterMs: 0 },
  },
  stage: {
    // The table first: on a phone a node alone in its row gets the full width, and a table needs it.
    columns: [
      [{ id: 'compare', kind: RABBIT_KINDS.comparison, title: 'Side by side' }],
      [
        { id: PUBLISHER, kind: RABBIT_KINDS.publisher, title: 'Order API' },
        { id: DESTINATION, kind: RABBIT_KINDS.consumer, title: 'Discount' },
      ],
      [{ id: BROKER, kind: RABBIT_KINDS.delayedExchange, title: 'Plugin exchange' }],
    ],
    // The table is the scene's last word: the widest column on a projector.
    widths: [1.2, 1, 1],
    edges: [
      { from: PUBLISHER, to: BROKER },
      { from: BROKER, to: DESTINATION },
    ],
  },
  expected: {},
  steps: [
    {
      name: 'one-exchange',
      title: 'One exchange, one header',
      narration: 'With the plugin, the Order API publishes to one exchange with an x-delay header of 42,000 ms. The exchange keeps the message itself and routes it to Discount when the 42 s are up.',
      notes: `rabbitmq_delayed_message_exchange adds the exchange type x-delayed-message. No levels, no bits, no TTL queues: one header in milliseconds, at most 2^32 − 1 ms (${(MAX_X_DELAY_MS / DAY).toFixed(1)} days). The README itself says it is meant for a day or two at most. The simulation holds the message in the exchange and routes it on time; it does not model the plugin's storage.`,
      commands: [delayed('42 s', 42 * SECOND)],
      highlight: [BROKER],
    },
    {
      name: 'plugin-off',
      title: 'Disable the plugin',
      narration: 'Now a message for a week from now is held, and an hour later someone disables the plugin. The message was in the plugin’s own store on this one node, and it is gone.',
      notes: 'The README is plain about it: disabling the plugin loses the messages it had not yet delivered, and they are stored on a single node, so losing that node loses them too. There is no mandatory flag and a single publish attempt: a message the exchange cannot route is dropped silently.',
      commands: [delayed('7 days', 7 * DAY), { do: 'wait', ms: 3_600 * SECOND }, { do: 'rabbitmq.disable-plugin', broker: BROKER }],
      highlight: [BROKER],
      predict: {
        question: 'A message is held for a week. An hour later the plugin is disabled. What happens to the message?',
        choices: ['It is delivered at once, early', 'It is still delivered on time, a week later', 'It never arrives: it went with the plugin'],
        answer: 2,
        explain: 'The plugin keeps delayed messages in its own store, not in a queue. Disable it, and what it held is dropped; nothing is dead-lettered and nobody is told.',
        giveaway: ['gone', 'lost', 'never arrives', 'went with the plugin'],
      },
    },
    {
      name: 'side-by-side',
      title: 'Side by side',
      narration: 'The delay levels need 28 queues but reach 8.5 years and keep messages in ordinary queues. The plugin needs one exchange, reaches 49.7 days, keeps them on one node and is not built for hundreds of thousands of them.',
      notes: 'Neither is wrong. For a reminder in a week, both work; for millions of pending timeouts, or delays of months, the queues win. NServiceBus chose the levels because they are plain RabbitMQ: quorum queues in transport v7+ (nsb.v2.delay-level-NN), replicated like any other queue.',
      commands: [],
      highlight: ['compare'],
    },
  ],
};
