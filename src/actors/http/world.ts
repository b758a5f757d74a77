/**
 * The HTTP family as a plug-in of the kernel: its actor kinds (caller, load balancer, instance
 * of a service, accounts store; and for a monolith, a thread pool and its threads) and the
 * commands it owns. Each kind is its pure rules (init and react, in caller.ts, router.ts,
 * worker.ts and store.ts) plus how its input comes from its config, made into a kind with
 * `rulesKind`, so it runs the same on the XState world and on the plain host.
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
import type { ActorKind, CommandHandler, Plugin, WorldApi } from '../../kernel/registry.ts';
import { rulesKind } from '../../kernel/rules.ts';
import type { AnyCommand, Ms } from '../../kernel/types.ts';
import { initCaller, reactCaller, type CallerInput } from './caller.ts';
import { initRouter, reactRouter, type RouterInput, type RouterStyle } from './router.ts';
import { initStore, reactStore, type StoreInput } from './store.ts';
import type { CallerConfig, HttpCommand, Party, Payload, RouterConfig, StoreConfig, WorkerConfig, WorkerRole } from './types.ts';
import { initWorker, reactWorker, type WorkerInput } from './worker.ts';

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

/** A worker and a store say they are there the moment they start. */
const boot = (w: WorldApi, _c: unknown, name: string): void => w.send(name, { type: 'boot' });

const caller: ActorKind<CallerConfig> = rulesKind({
  kind: HTTP_KINDS.caller,
  input: (c: CallerConfig, name): CallerInput => ({ name, target: c.target, ...(c.timeoutMs === undefined ? {} : { timeoutMs: c.timeoutMs }) }),
  init: initCaller,
  react: reactCaller,
  host: hostOf,
});

const router = (kind: string, style: RouterStyle): ActorKind<RouterConfig> =>
  rulesKind({
    kind,
    input: (c: RouterConfig, name): RouterInput => ({ name, style, upstreams: c.upstreams, ...(c.upstreamTimeoutMs === undefined ? {} : { upstreamTimeoutMs: c.upstreamTimeoutMs }) }),
    init: initRouter,
    react: reactRouter,
    host: hostOf,
  });

const worker = (kind: string, role: WorkerRole): ActorKind<WorkerConfig> =>
  rulesKind({
    kind,
    input: (c: WorkerConfig, name): WorkerInput => ({ name, role, processMs: c.processMs, store: c.store ?? DEFAULT_STORE }),
    init: initWorker,
    react: reactWorker,
    host: hostOf,
    boot,
  });

const store: ActorKind<StoreConfig> = rulesKind({
  kind: HTTP_KINDS.store,
  input: (c: StoreConfig, name): StoreInput => ({ name, users: c.users }),
  init: initStore,
  react: reactStore,
  host: hostOf,
  boot,
});

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
