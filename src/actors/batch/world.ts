/**
 * The batch family as a plug-in of the kernel: its actor kinds (the Order API, the orders store,
 * the status table, the nightly job; and the run-time chart, drawn on the stage but not an actor)
 * and the commands it owns.
 *
 * @example
 *   const w = createKernelWorld({ seed: 1, network: { latencyMs: 100, jitterMs: 0 }, actors: [
 *     { name: 'api', kind: 'batch.api', config: { rule, status: 'status', orders: 'orders' } },
 *     { name: 'orders', kind: 'batch.orders', config: { rule, orders: [] } },
 *     { name: 'status', kind: 'batch.status', config: { statuses: {} } },
 *     { name: 'job', kind: 'batch.job', config: { rule, orders: 'orders', status: 'status', firstRunAt: 2 * HOUR, everyMs: DAY, msPerAccount: 1_800, accounts: 4_000, nightMs: 6 * HOUR } },
 *   ] });
 *   w.apply({ do: 'batch.order', api: 'api', account: 'Alice', buyer: 'Ann', amount: 100, atMs: 10 * HOUR });
 *   w.run({ kind: 'quiet' }); // the job ran at 02:00; Ann's order is priced from what it wrote
 */
import type { ActorKind, CommandHandler, Plugin } from '../../kernel/registry.ts';
import { rulesKind } from '../../kernel/rules.ts';
import type { AnyCommand, Ms } from '../../kernel/types.ts';
import { initApi, initJob, reactApi, reactJob, reactOrders, reactStatus, type ApiInput, type JobInput, type OrdersContext, type StatusContext } from './react.ts';
import type { ApiConfig, BatchCommand, JobConfig, OrdersConfig, StatusConfig } from './types.ts';

export const BATCH_KINDS = {
  api: 'batch.api',
  orders: 'batch.orders',
  status: 'batch.status',
  job: 'batch.job',
  /** Not an actor: a node of the stage that plots the job's run time against its accounts. */
  chart: 'batch.runtime-chart',
} as const;

/** Each store and the job start by saying what they hold (a 'boot' event carries the time). */
const booted = (type: string) => (w: { send: (to: string, e: { type: string }) => void }, _c: unknown, name: string) => w.send(name, { type });

/** A store's context is its input as it is. */
const asIs = <C>(input: C): C => input;

const orders: ActorKind<OrdersConfig> = rulesKind({
  kind: BATCH_KINDS.orders,
  input: (c: OrdersConfig, name): OrdersContext => ({ name, rule: c.rule, orders: c.orders }),
  init: asIs<OrdersContext>,
  react: reactOrders,
  boot: booted('orders.boot'),
});

const status: ActorKind<StatusConfig> = rulesKind({
  kind: BATCH_KINDS.status,
  input: (c: StatusConfig, name): StatusContext => ({ name, rows: c.statuses }),
  init: asIs<StatusContext>,
  react: reactStatus,
  boot: booted('status.boot'),
});

const api: ActorKind<ApiConfig> = rulesKind({
  kind: BATCH_KINDS.api,
  input: (c: ApiConfig, name): ApiInput => ({ name, rule: c.rule, status: c.status, orders: c.orders }),
  init: initApi,
  react: reactApi,
});

const job: ActorKind<JobConfig> = rulesKind({
  kind: BATCH_KINDS.job,
  input: (c: JobConfig, name): JobInput => ({ name, rule: c.rule, orders: c.orders, status: c.status, firstRunAt: c.firstRunAt, everyMs: c.everyMs, msPerAccount: c.msPerAccount, accounts: c.accounts, nightMs: c.nightMs }),
  init: initJob,
  react: reactJob,
  boot: booted('job.boot'),
});

type Verb = BatchCommand['do'];

/** Each command to the actor that owns it; an order for later waits on a (foreground) timer. */
const commands: Record<Verb, CommandHandler> = {
  'batch.order': (c: AnyCommand, w) => {
    const place = () => w.send(String(c.api), { type: 'api.order', account: c.account, buyer: c.buyer, amount: c.amount });
    const at = c.atMs as Ms | undefined;
    if (at === undefined || at <= w.now) place();
    else w.at(at - w.now, place);
  },
  'batch.grow': (c, w) => w.send(String(c.job), { type: 'job.grow', accounts: c.accounts }),
};

/** The batch family for the kernel's registry. */
export const batchPlugin: Plugin = {
  id: 'batch',
  kinds: [api, orders, status, job],
  commands,
};
