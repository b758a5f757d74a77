/**
 * The RabbitMQ family as a plug-in of the kernel: its actor kinds (a broker drawn three ways —
 * plain, as NServiceBus's delay-level ladder, as the delayed-message plugin's exchange — a
 * publisher and a consumer) and the commands it owns.
 *
 * @example
 *   const w = createKernelWorld({ seed: 1, network: { latencyMs: 100, jitterMs: 0 }, actors: [
 *     { name: 'rabbit', kind: 'rabbitmq.delay-levels', config: delayTopology({ destinations: ['discount'] }) },
 *     { name: 'orders', kind: 'rabbitmq.publisher', config: { broker: 'rabbit' } },
 *     { name: 'discount', kind: 'rabbitmq.consumer', config: { broker: 'rabbit', queue: 'discount' } },
 *   ] });
 *   w.apply({ do: 'rabbitmq.send-delayed', publisher: 'orders', delay: 42, destination: 'discount', label: '42 s' });
 *   w.run({ kind: 'quiet' }); // through delay-level-05, -03 and -01, then to discount, 42 s after the broker took it
 */
import type { ActorKind, CommandHandler, Plugin } from '../../kernel/registry.ts';
import { rulesKind } from '../../kernel/rules.ts';
import { initBroker, reactBroker, type BrokerInput } from './broker.ts';
import { initPublisher, reactConsumer, reactPublisher, type ConsumerContext } from './client.ts';
import type { BrokerConfig, ConsumerConfig, PublisherConfig, RabbitCommand } from './types.ts';
import { RABBIT_KINDS } from './cast.ts';



const broker = (kind: string): ActorKind<BrokerConfig> =>
  rulesKind({
    kind,
    input: (config: BrokerConfig, name): BrokerInput => ({ name, config }),
    init: initBroker,
    react: reactBroker,
    // Its first trace entry says what it holds, for the views.
    boot: (w, _config, name) => w.send(name, { type: 'rabbitmq.boot' }),
  });

const publisher: ActorKind<PublisherConfig> = rulesKind({
  kind: RABBIT_KINDS.publisher,
  input: (c: PublisherConfig, name) => ({ name, broker: c.broker }),
  init: initPublisher,
  react: reactPublisher,
});

const consumer: ActorKind<ConsumerConfig> = rulesKind({
  kind: RABBIT_KINDS.consumer,
  input: (c: ConsumerConfig, name): ConsumerContext => ({ name, queue: c.queue }),
  init: (input: ConsumerContext): ConsumerContext => input,
  react: reactConsumer,
  // basic.consume: from now on the queue hands it what arrives.
  boot: (w, c, name) => w.send(c.broker, { type: 'rabbitmq.consume', queue: c.queue, consumer: name }),
});

type Verb = RabbitCommand['do'];

const commands: Record<Verb, CommandHandler> = {
  'rabbitmq.publish': (c, w) => w.send(String(c.publisher), { ...c, type: 'publisher.publish' }),
  'rabbitmq.send-delayed': (c, w) => w.send(String(c.publisher), { ...c, type: 'publisher.send-delayed' }),
  'rabbitmq.disable-plugin': (c, w) => w.send(String(c.broker), { type: 'rabbitmq.disable-plugin' }),
};

/** The RabbitMQ family for the kernel's registry. */
export const rabbitPlugin: Plugin = {
  id: 'rabbitmq',
  kinds: [broker(RABBIT_KINDS.broker), broker(RABBIT_KINDS.delayLevels), broker(RABBIT_KINDS.delayedExchange), publisher, consumer],
  commands,
};
