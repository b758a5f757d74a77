/**
 * The slow-listener race told without a broker: Jim's three requests shared by two workers, as
 * worlds of the HTTP family (src/actors/http). Over HTTP: a web app calls a load balancer in
 * front of two instances of Account Srv, which share a database. In a monolith: clients call one
 * Account Srv process whose thread pool hands each request to one of its two threads, which share
 * the process's store. Nothing is stored in a history and nothing is ever sent twice: each call
 * gets one answer. Both the balancer and the pool give a request to the worker with the fewest in
 * flight, ties to the first, which is what sends the withdraw past the deposit.
 */
import type { Command } from '../../actors/nats/types.ts';
import { baseConfig, NATS_HORIZON_MS } from '../../actors/nats/world.ts';
import type { HttpCommand } from '../../actors/http/types.ts';
import { HTTP_KINDS, httpCall } from '../../actors/http/world.ts';
import type { KernelConfig, Ms } from '../../kernel/types.ts';
import type { NodeDecl, StageDecl } from '../types.ts';
import { PROCESS_MS, deposit, withdraw } from './cast.ts';

/** How long the slow worker takes over one request (the slow-listener scene's 8 s). */
export const SLOW_MS: Ms = 8_000;

/** One hop between machines, as in chapter 1. */
export const NETWORK_MS: Ms = 300;

/** An instance to its database: the same data centre, a short hop. */
export const DATABASE_MS: Ms = 50;

/**
 * A hand-off inside one process takes microseconds; the world gives it this much so the stage
 * can show it (the notes say so).
 */
export const IN_PROCESS_MS: Ms = 50;

/** The callers give up on a request after this long; none of the story's requests come near it. */
export const CALLER_TIMEOUT_MS: Ms = 30_000;

/** A command of these scenes: chapter 1's `wait`, or the HTTP family's. */
type StoryCommand = HttpCommand | Extract<Command, { do: 'wait' }>;

/** Jim's two deposits, a moment apart (each on its own connection, so neither waits for the other's answer). */
export const twoDeposits = (caller: string): StoryCommand[] => [httpCall(caller, deposit('Jim', 70)), { do: 'wait', ms: 100 }, httpCall(caller, deposit('Jim', 40))];

/** The withdraw, a second after the $40 deposit was answered. */
export const lateWithdraw = (caller: string): StoryCommand[] => [{ do: 'wait', ms: 1_000 }, httpCall(caller, withdraw('Jim', 100))];

/** What other code reads of a scene's world: the users and their starting balances. No listeners: nothing here is NATS. */
export const NO_BROKER_WORLD = baseConfig({ users: { Jim: 0 }, listeners: [] });

/** The web app, a load balancer, instances A and B of Account Srv, and their database. */
export const HTTP_KERNEL: Omit<KernelConfig, 'seed'> = {
  actors: [
    { name: 'web', kind: HTTP_KINDS.caller, config: { target: 'lb', timeoutMs: CALLER_TIMEOUT_MS } },
    { name: 'lb', kind: HTTP_KINDS.balancer, config: { upstreams: ['service:A', 'service:B'] } },
    { name: 'service:A', kind: HTTP_KINDS.service, config: { processMs: PROCESS_MS, store: 'storage' } },
    { name: 'service:B', kind: HTTP_KINDS.service, config: { processMs: PROCESS_MS, store: 'storage' } },
    { name: 'storage', kind: HTTP_KINDS.store, config: { users: { Jim: 0 } } },
  ],
  network: {
    latencyMs: NETWORK_MS,
    jitterMs: 0,
    edges: [
      { from: '*', to: 'storage', latencyMs: DATABASE_MS },
      { from: 'storage', to: '*', latencyMs: DATABASE_MS },
    ],
  },
  horizonMs: NATS_HORIZON_MS,
};

/**
 * The stage of one line of requests, left to right: the caller, what hands the requests out, its
 * workers side by side, and the store they write to, each linked to the next.
 */
function lineStage(caller: NodeDecl, router: NodeDecl, workers: NodeDecl[], store: NodeDecl): StageDecl {
  return {
    columns: [[caller], [router], workers, [store]],
    edges: [{ from: caller.id, to: router.id }, ...workers.map((w) => ({ from: router.id, to: w.id })), ...workers.map((w) => ({ from: w.id, to: store.id }))],
  };
}

export const HTTP_STAGE: StageDecl = lineStage(
  { id: 'web', kind: HTTP_KINDS.caller, title: 'Web app' },
  { id: 'lb', kind: HTTP_KINDS.balancer, title: 'Load balancer' },
  [
    { id: 'service:A', kind: HTTP_KINDS.service, title: 'Account Srv A' },
    { id: 'service:B', kind: HTTP_KINDS.service, title: 'Account Srv B' },
  ],
  { id: 'storage', kind: HTTP_KINDS.store, title: 'Database' },
);

/** The host all of the monolith's parts share: one Account Srv process. */
export const PROCESS = 'account-srv';

/** Clients, and one Account Srv process: its thread pool, threads 1 and 2, and the store they share. */
export const MONOLITH_KERNEL: Omit<KernelConfig, 'seed'> = {
  actors: [
    { name: 'clients', kind: HTTP_KINDS.caller, config: { target: 'pool', timeoutMs: CALLER_TIMEOUT_MS } },
    { name: 'pool', kind: HTTP_KINDS.pool, config: { upstreams: ['thread:1', 'thread:2'], host: PROCESS } },
    { name: 'thread:1', kind: HTTP_KINDS.thread, config: { processMs: PROCESS_MS, store: 'storage', host: PROCESS } },
    { name: 'thread:2', kind: HTTP_KINDS.thread, config: { processMs: PROCESS_MS, store: 'storage', host: PROCESS } },
    { name: 'storage', kind: HTTP_KINDS.store, config: { users: { Jim: 0 }, host: PROCESS } },
  ],
  network: {
    latencyMs: NETWORK_MS,
    jitterMs: 0,
    edges: [{ from: PROCESS, to: PROCESS, latencyMs: IN_PROCESS_MS }],
  },
  horizonMs: NATS_HORIZON_MS,
};

export const MONOLITH_STAGE: StageDecl = lineStage(
  { id: 'clients', kind: HTTP_KINDS.caller, title: 'Clients' },
  { id: 'pool', kind: HTTP_KINDS.pool, title: 'Thread pool' },
  [
    { id: 'thread:1', kind: HTTP_KINDS.thread, title: 'Thread 1' },
    { id: 'thread:2', kind: HTTP_KINDS.thread, title: 'Thread 2' },
  ],
  { id: 'storage', kind: HTTP_KINDS.store, title: 'Database' },
);

/**
 * A scene's kernel config with the world's seed.
 * @example withSeed(HTTP_KERNEL, 1).actors.map((a) => a.name) // ['web', 'lb', 'service:A', 'service:B', 'storage']
 */
export const withSeed = (k: Omit<KernelConfig, 'seed'>, seed: number): KernelConfig => ({ seed, ...k });
