/**
 * The NATS family as a plug-in of the kernel: its actor kinds (publisher, server, subscription
 * unit, listener, ledger), the commands it owns, and the world of chapter 1 built from a
 * WorldConfig as a list of actors plus the network.
 *
 * @example
 *   const w = createFastWorld(baseConfig({ listeners: [listener('A')] }));
 *   w.apply({ do: 'publish', channel: 'account:deposit', payload: deposit('Jim', 70) });
 *   w.run({ kind: 'quiet' });
 *   ledger(w).Jim.balance // 70
 */
import type { ActorKind, CommandHandler, Plugin } from '../../kernel/registry.ts';
import { createRegistry } from '../../kernel/registry.ts';
import type { ActorSpec, AnyCommand, KernelConfig, Ms } from '../../kernel/types.ts';
import { FastWorld } from '../../kernel/fast.ts';
import type { World as KernelWorld, WorldOptions } from '../../kernel/world.ts';
import { listenerRules, type ListenerInput } from './listenerMachine.ts';
import { publisherRules } from './publisherMachine.ts';
import { serverRules } from './serverMachine.ts';
import { storageRules, type StorageInput } from './storageMachine.ts';
import { SUBSCRIPTION_KIND, unitRules, type SubscriptionInput } from './subscriptionMachine.ts';
import type { Command, Design, ListenerConfig, Storage, TraceEvent, WorldConfig } from './types.ts';

/** Heartbeats of the course's server: nats-streaming -hbi 5s -hbt 5s -hbf 2. */
export const COURSE_HEARTBEAT = { intervalMs: 5_000, timeoutMs: 5_000, failCount: 2 } as const;

/** Chapter 1's stories have nothing to say past half an hour of virtual time in one run (see KernelConfig.horizonMs). */
export const NATS_HORIZON_MS: Ms = 30 * 60_000;

/** A sensible world to start a scene from; scenes override what they need. */
export function baseConfig(over: Partial<WorldConfig> = {}): WorldConfig {
  return {
    seed: 1,
    design: 'naive',
    users: { Jim: 0 },
    listeners: [],
    latencyMs: 300,
    jitterMs: 0,
    heartbeat: COURSE_HEARTBEAT,
    ...over,
  };
}

export const KINDS = {
  publisher: 'nats.publisher',
  server: 'nats.server',
  ledger: 'nats.ledger',
  listener: 'nats.listener',
  subscription: SUBSCRIPTION_KIND,
} as const;

/** 'A' → 'listener:A', the actor's name. */
export const listenerName = (id: string): string => `listener:${id}`;

// Each kind is its pure rules: both hosts run them (the XState world through a machine made from
// them, with the machine ids chapter 1's machines have always had).
const publisher: ActorKind<{ design: Design }> = { kind: KINDS.publisher, machineId: 'publisher', rules: publisherRules, input: (c) => c };
const server: ActorKind<{ heartbeat: WorldConfig['heartbeat'] }> = { kind: KINDS.server, machineId: 'server', rules: serverRules, input: (c) => c };
const ledgerKind: ActorKind<StorageInput> = { kind: KINDS.ledger, machineId: 'storage', rules: storageRules, input: (c) => c };
const subscription: ActorKind<SubscriptionInput> = {
  kind: KINDS.subscription,
  machineId: 'subscription',
  rules: unitRules,
  input: (c) => c,
  // A unit is the server's: its deliveries share the server's connection to each client.
  host: () => 'server',
};
const listener: ActorKind<ListenerConfig> = {
  kind: KINDS.listener,
  machineId: 'listener',
  rules: listenerRules,
  input: (l): ListenerInput => ({ id: l.id, processMs: l.processMs, subscriptions: l.subscriptions }),
  boot: (world, l, name) => {
    if (!l.manualStart) world.at(l.startAtMs ?? 0, () => world.send(name, { type: 'listener.start' }));
  },
};

type Verb = Exclude<Command['do'], 'wait'>;
/** The listener a command names, as an actor name. */
const to = (c: AnyCommand): string => listenerName(String(c.listener));
/** Each command to the actor that owns it. */
const commands: Record<Verb, CommandHandler> = {
  publish: (c, w) => w.send('publisher', { type: 'publish', channel: c.channel, payload: c.payload }),
  slow: (c, w) => w.send(to(c), { type: 'listener.slow', processMs: c.processMs }),
  'fail-writes': (c, w) => w.send('storage', { type: 'storage.fail-writes', listener: c.listener, count: c.count }),
  'lose-acks': (c, w) => w.send(to(c), { type: 'listener.lose-acks', count: c.count }),
  delay: (c, w) => w.holdNext(to(c), c.ms as Ms),
  crash: (c, w) => w.send(to(c), { type: 'listener.crash' }),
  restart: (c, w) => w.send(to(c), { type: 'listener.restart' }),
  start: (c, w) => w.send(to(c), { type: 'listener.start' }),
  leave: (c, w) => w.send(to(c), { type: 'listener.leave' }),
};

/** The NATS family for the kernel's registry. */
export const natsPlugin: Plugin = { id: 'nats', kinds: [publisher, server, ledgerKind, subscription, listener], commands };

/** The NATS family alone, for the hosts to build chapter 1's world with (here, and actors/nats/xstate.ts). */
export const natsRegistry = createRegistry([natsPlugin]);

/** Chapter 1's world as the kernel takes it: the actors in the order they start, and the network. */
export function kernelConfig(config: WorldConfig): KernelConfig {
  const actors: ActorSpec[] = [
    { name: 'publisher', kind: KINDS.publisher, config: { design: config.design } },
    { name: 'server', kind: KINDS.server, config: { heartbeat: config.heartbeat } },
    { name: 'storage', kind: KINDS.ledger, config: { design: config.design, users: config.users } },
    ...config.listeners.map((l) => ({ name: listenerName(l.id), kind: KINDS.listener, config: l })),
  ];
  return { seed: config.seed, actors, network: { latencyMs: config.latencyMs, jitterMs: config.jitterMs }, horizonMs: NATS_HORIZON_MS };
}

/** Chapter 1's world, on whichever host. */
export type World = KernelWorld<TraceEvent, Command>;

/**
 * Chapter 1's world on the fast host (kernel/fast.ts), as the scenes and the chaos explorer run
 * it; actors/nats/xstate.ts builds the same world in XState.
 * @example createFastWorld(config, { keep: (k) => k === 'reject' }).trace
 */
export const createFastWorld = (config: WorldConfig, opts: WorldOptions = {}): FastWorld<TraceEvent, Command> => new FastWorld<TraceEvent, Command>(kernelConfig(config), natsRegistry, opts);

/** Balances (and last numbers) per user, now: the ledger's accounts. */
export function ledger(world: KernelWorld<TraceEvent, Command>): Storage {
  return world.actors.get('storage')!.getSnapshot().context.accounts as Storage;
}
