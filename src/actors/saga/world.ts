/**
 * The saga family as a plug-in of the kernel: its actor kinds (frontend, Order API, durable
 * broker, Discount host, store) and the commands it owns. Each kind is its pure rules (init and
 * react) plus how its input comes from its config, made into a kind by the kernel's `rulesKind`:
 * the XState world and the fast host (kernel/fast.ts) run the same rules.
 *
 * @example
 *   const w = createKernelWorld({ seed: 1, network: { latencyMs: 50, jitterMs: 0 }, actors: sagaActors('saga') });
 *   w.apply(sagaOrder('Ann', 'Alice', 100));
 *   w.run({ kind: 'quiet' }); // 7 virtual days later, the 100 is taken off Alice's total again
 */
import type { ActorKind, CommandHandler, Plugin } from '../../kernel/registry.ts';
import type { AnyCommand, Ms } from '../../kernel/types.ts';
import { initApi, reactApi, type ApiInput } from './api.ts';
import { initBroker, reactBroker, type BrokerInput } from './broker.ts';
import { initFrontend, reactFrontend } from './frontend.ts';
import { initHost, reactHost, type HostInput } from './host.ts';
import { rulesKind, type RulesKindDecl } from '../../kernel/rules.ts';
import { initStore, reactStore } from './store.ts';
import { DEFAULT_CALL_TIMEOUT_MS, DEFAULT_CONCURRENCY, SAGA_KINDS, WEEK_MS } from './cast.ts';
import {
  DEFAULT_BACKOFF_MS,
  DEFAULT_RETRY,
  type ApiConfig,
  type BrokerConfig,
  type FrontendConfig,
  type HostConfig,
  type Party,
  type SagaCommand,
  type StoreConfig,
} from './types.ts';

/** Every kind of the family, as rules (each with its own config, input and context types): the XState world and the fast host both run these. */
export const SAGA_RULES: readonly RulesKindDecl<any, any, any, any>[] = [
  { kind: SAGA_KINDS.frontend, input: (c: FrontendConfig, name) => ({ name, api: c.api }), init: initFrontend, react: reactFrontend },
  {
    kind: SAGA_KINDS.api,
    input: (c: ApiConfig, name): ApiInput => ({
      name,
      design: c.design,
      ...(c.broker === undefined ? {} : { broker: c.broker }),
      handler: c.handler,
      backoffMs: c.backoffMs ?? DEFAULT_BACKOFF_MS,
      callTimeoutMs: c.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS,
      windowMs: c.windowMs ?? WEEK_MS,
    }),
    init: initApi,
    react: reactApi,
  },
  { kind: SAGA_KINDS.broker, input: (c: BrokerConfig, name): BrokerInput => ({ name, retry: c.retry ?? DEFAULT_RETRY }), init: initBroker, react: reactBroker },
  {
    kind: SAGA_KINDS.host,
    input: (c: HostConfig, name): HostInput => ({
      name,
      style: c.style,
      store: c.store,
      ...(c.broker === undefined ? {} : { broker: c.broker }),
      concurrency: c.concurrency ?? DEFAULT_CONCURRENCY,
      rule: { threshold: c.threshold ?? 500, percent: c.percent ?? 10, windowMs: c.windowMs ?? WEEK_MS },
    }),
    init: initHost,
    react: reactHost,
  },
  { kind: SAGA_KINDS.store, input: (c: StoreConfig, name) => ({ name, rows: c.rows ?? {} }), init: initStore, react: reactStore },
];

/** Every actor says it is there (and the broker arms the timers of what it already holds) the moment it starts. */
const boot = (world: { send(to: string, e: { type: string }): void }, _c: unknown, name: string): void => world.send(name, { type: 'boot' });

const kinds: ActorKind[] = SAGA_RULES.map((r) => rulesKind({ ...r, boot }));

type Verb = SagaCommand['do'];
const actor = (c: AnyCommand): Party => String(c.actor);

/** The broker a Discount host consumes from, as its context says (the broker must hear that its connection dropped). */
const brokerOf = (w: Parameters<CommandHandler>[1], host: Party): Party | undefined => (w.actor(host)?.getSnapshot().context as { broker?: Party; up?: boolean } | undefined)?.broker;
const isUp = (w: Parameters<CommandHandler>[1], name: Party): boolean => (w.actor(name)?.getSnapshot().context as { up?: boolean } | undefined)?.up ?? false;

/** Each command to the actors it concerns. */
export const sagaCommands: Record<Verb, CommandHandler> = {
  'saga.order': (c, w) => w.send(String(c.frontend), { type: 'frontend.order', buyer: c.buyer, account: c.account, amount: c.amount }),
  // The broker notices a dropped connection at once (a closed TCP connection; a hung process would take heartbeats).
  'saga.crash': (c, w) => {
    const was = isUp(w, actor(c));
    w.send(actor(c), { type: 'host.crash' });
    const broker = brokerOf(w, actor(c));
    if (was && broker !== undefined) w.send(broker, { type: 'broker.lost', consumer: actor(c) });
  },
  'saga.restart': (c, w) => w.send(actor(c), { type: 'host.restart' }),
  'saga.fail': (c, w) => w.send(actor(c), { type: 'host.fail', count: c.count }),
  'saga.hold': (c, w) => w.send(String(c.broker), { type: 'broker.publish', message: { kind: c.kind, order: c.order, dest: c.dest, dueAt: c.dueAt } }),
  'saga.api-crash': (c, w) => w.send(actor(c), { type: 'api.crash' }),
  'saga.api-restart': (c, w) => w.send(actor(c), { type: 'api.restart' }),
};

/** The saga family for the kernel's registry. */
export const sagaPlugin: Plugin = { id: 'saga', kinds, commands: sagaCommands };
