/**
 * The HTTP family as a plug-in of the kernel: its actor kinds (caller, load balancer, instance
 * of a service, accounts store; and for a monolith, a thread pool and its threads) and the
 * commands it owns. A world of these is the kernel's world built from a list of actors.
 *
 * @example
 *   const w = createKernelWorld({ seed: 1, network: { latencyMs: 300, jitterMs: 0 }, actors: [
 *     { name: 'web', kind: 'http.caller', config: { target: 'lb' } },
 *     { name: 'lb', kind: 'http.balancer', config: { upstreams: ['service:A'] } },
 *     { name: 'service:A', kind: 'http.service', config: { processMs: 1000 } },
 *     { name: 'storage', kind: 'http.store', config: { users: { Jim: 0 } } },
 *   ] });
 *   w.apply({ do: 'http.call', caller: 'web', payload: deposit('Jim', 70) });
 *   w.run({ kind: 'quiet' }); // Jim's balance is 70, and the web app has its 200 OK
 */
import type { ActorKind, CommandHandler, Plugin } from '../../kernel/registry.ts';
import type { AnyCommand, Ms } from '../../kernel/types.ts';
import { callerMachine, type CallerInput } from './callerMachine.ts';
import { routerMachine, type RouterInput } from './routerMachine.ts';
import type { RouterStyle } from './router.ts';
import { storeMachine, type StoreInput } from './storeMachine.ts';
import type { CallerConfig, HttpCommand, Party, Payload, RouterConfig, StoreConfig, WorkerConfig, WorkerRole } from './types.ts';
import { workerMachine, type WorkerInput } from './workerMachine.ts';

export const HTTP_KINDS = {
  caller: 'http.caller',
  balancer: 'http.balancer',
  service: 'http.service',
  store: 'http.store',
  pool: 'http.pool',
  thread: 'http.thread',
} as const;

/** The store a worker writes to when its config names none. */
export const DEFAULT_STORE = 'storage';

/** Every config may name the host it runs on (one process shares one host). */
const hostOf = (c: { host?: string }, name: string): string => c.host ?? name;

const caller: ActorKind<CallerConfig> = {
  kind: HTTP_KINDS.caller,
  machine: callerMachine,
  input: (c, name): CallerInput => ({ name, target: c.target, ...(c.timeoutMs === undefined ? {} : { timeoutMs: c.timeoutMs }) }),
  host: hostOf,
};

const router = (kind: string, style: RouterStyle): ActorKind<RouterConfig> => ({
  kind,
  machine: routerMachine,
  input: (c, name): RouterInput => ({ name, style, upstreams: c.upstreams, ...(c.upstreamTimeoutMs === undefined ? {} : { upstreamTimeoutMs: c.upstreamTimeoutMs }) }),
  host: hostOf,
});

const worker = (kind: string, role: WorkerRole): ActorKind<WorkerConfig> => ({
  kind,
  machine: workerMachine,
  input: (c, name): WorkerInput => ({ name, role, processMs: c.processMs, store: c.store ?? DEFAULT_STORE }),
  host: hostOf,
});

const store: ActorKind<StoreConfig> = {
  kind: HTTP_KINDS.store,
  machine: storeMachine,
  input: (c, name): StoreInput => ({ name, users: c.users }),
  host: hostOf,
};

type Verb = HttpCommand['do'];
const actor = (c: AnyCommand): Party => String(c.actor);

/** Each command to the actor that owns it. */
const commands: Record<Verb, CommandHandler> = {
  'http.call': (c, w) => w.send(String(c.caller), { type: 'caller.call', payload: c.payload }),
  'http.slow': (c, w) => w.send(actor(c), { type: 'worker.slow', processMs: c.processMs as Ms }),
  'http.crash': (c, w) => w.send(actor(c), { type: 'worker.crash' }),
  'http.restart': (c, w) => w.send(actor(c), { type: 'worker.restart' }),
  // The store that fails is the one this worker writes to.
  'http.fail-writes': (c, w) => {
    const storeName = (w.actor(actor(c))?.getSnapshot().context as { store?: Party } | undefined)?.store ?? DEFAULT_STORE;
    w.send(storeName, { type: 'store.fail-writes', by: actor(c), count: c.count });
  },
};

/** The HTTP family for the kernel's registry. */
export const httpPlugin: Plugin = {
  id: 'http',
  kinds: [caller, router(HTTP_KINDS.balancer, 'balancer'), worker(HTTP_KINDS.service, 'instance'), store, router(HTTP_KINDS.pool, 'pool'), worker(HTTP_KINDS.thread, 'thread')],
  commands,
};

/**
 * A scene's request: the caller sends this payload.
 * @example httpCall('web', deposit('Jim', 70)) // { do: 'http.call', caller: 'web', payload: … }
 */
export const httpCall = (callerName: Party, payload: Payload): HttpCommand => ({ do: 'http.call', caller: callerName, payload });
