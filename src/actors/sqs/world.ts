/**
 * The SQS family as a plug-in of the kernel: its actor kinds (a queue, a sender, a handler
 * polling a queue, NServiceBus's delay relay) and the commands it owns.
 *
 * @example
 *   const w = createKernelWorld({ seed: 1, network: { latencyMs: 50, jitterMs: 0 }, actors: [
 *     { name: 'api', kind: 'sqs.sender', config: { destination: 'discount', delayQueue: 'discount-delay.fifo' } },
 *     { name: 'discount-delay.fifo', kind: 'sqs.queue', config: { fifo: true, delaySeconds: 900 } },
 *     { name: 'relay', kind: 'sqs.delay-relay', config: { queue: 'discount-delay.fifo', destination: 'discount' } },
 *     { name: 'discount', kind: 'sqs.queue', config: {} },
 *     { name: 'handler', kind: 'sqs.consumer', config: { queue: 'discount' } },
 *   ] });
 *   w.apply({ do: 'sqs.send', sender: 'api', body: '−100', delaySeconds: 2800 });
 *   w.run({ kind: 'quiet' }); // handled 2,800 s (and 8 network hops) later
 */
import type { ActorKind, CommandHandler, Plugin } from '../../kernel/registry.ts';
import { rulesKind } from '../../kernel/rules.ts';
import type { AnyCommand } from '../../kernel/types.ts';
import { initPoller, reactPoller, type PollerInput } from './consumer.ts';
import { initQueue, reactQueue, type QueueInput } from './queue.ts';
import { initSender, reactSender, type SenderInput } from './sender.ts';
import type { ConsumerConfig, QueueConfig, RelayConfig, SenderConfig, SqsCommand } from './types.ts';

export const SQS_KINDS = {
  queue: 'sqs.queue',
  sender: 'sqs.sender',
  consumer: 'sqs.consumer',
  relay: 'sqs.delay-relay',
} as const;

/** A handler's time per message when its config names none. */
export const DEFAULT_PROCESS_MS = 200;
/** How long a crashed consumer or relay stays down by default. */
export const DEFAULT_RESTART_MS = 5_000;

type Boot = NonNullable<ActorKind['boot']>;

/** A queue says what it is once it is up. */
const sayReady: Boot = (w, _c, name) => w.send(name, { type: 'sqs.boot' });

/** A poller starts polling once it is up. */
const startPolling: Boot = (w, _c, name) => w.send(name, { type: 'sqs.start' });

const queue: ActorKind<QueueConfig> = rulesKind({
  kind: SQS_KINDS.queue,
  input: (c: QueueConfig, name): QueueInput => ({ name, ...c }),
  init: initQueue,
  react: reactQueue,
  boot: sayReady,
});

const sender: ActorKind<SenderConfig> = rulesKind({
  kind: SQS_KINDS.sender,
  input: (c: SenderConfig, name): SenderInput => ({ name, destination: c.destination, delayQueue: c.delayQueue }),
  init: initSender,
  react: reactSender,
});

const consumer: ActorKind<ConsumerConfig> = rulesKind({
  kind: SQS_KINDS.consumer,
  input: (c: ConsumerConfig, name): PollerInput => ({ name, role: 'handler', queue: c.queue, processMs: c.processMs ?? DEFAULT_PROCESS_MS, restartMs: c.restartMs ?? DEFAULT_RESTART_MS }),
  init: initPoller,
  react: reactPoller,
  boot: startPolling,
});

const relay: ActorKind<RelayConfig> = rulesKind({
  kind: SQS_KINDS.relay,
  input: (c: RelayConfig, name): PollerInput => ({ name, role: 'relay', queue: c.queue, destination: c.destination, processMs: 0, restartMs: c.restartMs ?? DEFAULT_RESTART_MS }),
  init: initPoller,
  react: reactPoller,
  boot: startPolling,
});

type Verb = SqsCommand['do'];

/** Each command to the actor that owns it. */
const commands: Record<Verb, CommandHandler> = {
  'sqs.send': (c: AnyCommand, w) => w.send(String(c.sender), { type: 'sqs.send-delayed', body: String(c.body), delaySeconds: Number(c.delaySeconds), straight: c.straight === true }),
  'sqs.crash-before-delete': (c: AnyCommand, w) => w.send(String(c.actor), { type: 'sqs.arm-crash', handover: false }),
  'sqs.crash-after-send': (c: AnyCommand, w) => w.send(String(c.actor), { type: 'sqs.arm-crash', handover: c.handover === true }),
};

/** The SQS family for the kernel's registry. */
export const sqsPlugin: Plugin = {
  id: 'sqs',
  kinds: [queue, sender, consumer, relay],
  commands,
};
