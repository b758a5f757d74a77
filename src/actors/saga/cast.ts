/**
 * What a chapter says to declare a world of the saga family, with none of its rules: the kinds'
 * names, the defaults, an order command, and the actors of each design. The rules (world.ts) come
 * in the family's own chunk when the chapter registers it, so a chapter's chunk carries only this.
 *
 * @example sagaActors('durable').map((a) => a.name) // ['web', 'api', 'broker', 'discount', 'store']
 */
import type { ActorSpec, Ms } from '../../kernel/types.ts';
import type { AccountRow, ApiConfig, BrokerConfig, FrontendConfig, HostConfig, Party, SagaCommand, SagaDesign, StoreConfig } from './types.ts';

export const SAGA_KINDS = {
  frontend: 'saga.frontend',
  api: 'saga.api',
  broker: 'saga.broker',
  host: 'saga.host',
  store: 'saga.store',
} as const;

/** The rule's window, by default: 7 days. */
export const WEEK_MS: Ms = 7 * 24 * 3600_000;
/** How long the in-process API waits for the Discount service before it counts the call as failed. */
export const DEFAULT_CALL_TIMEOUT_MS: Ms = 2_000;
/** Messages the Discount host handles at once (its prefetch). */
export const DEFAULT_CONCURRENCY = 4;

/**
 * A scene's order: a buyer orders an amount on an account, through the frontend 'web'.
 * @example sagaOrder('Ann', 'Alice', 100) // { do: 'saga.order', frontend: 'web', buyer: 'Ann', account: 'Alice', amount: 100 }
 */
export const sagaOrder = (buyer: string, account: string, amount: number, frontend: Party = 'web'): SagaCommand => ({ do: 'saga.order', frontend, buyer, account, amount });

/** What a world of this family starts with: rows in the store (the messages from the future they need, a scene's first step hands the broker with 'saga.hold'). */
export interface SagaHistory {
  rows?: Record<string, AccountRow>;
}

/**
 * The actors of one design, named as the scenes and the chaos scenario name them: web → api →
 * (broker →) discount → store.
 * @example sagaActors('durable').map((a) => a.name) // ['web', 'api', 'broker', 'discount', 'store']
 */
export function sagaActors(design: SagaDesign, opts: { history?: SagaHistory; windowMs?: Ms; backoffMs?: readonly Ms[]; concurrency?: number; retry?: BrokerConfig['retry']; threshold?: number } = {}): ActorSpec[] {
  const windowMs = opts.windowMs ?? WEEK_MS;
  const durable = design !== 'in-process';
  return [
    { name: 'web', kind: SAGA_KINDS.frontend, config: { api: 'api' } satisfies FrontendConfig },
    {
      name: 'api',
      kind: SAGA_KINDS.api,
      config: { design, handler: 'discount', windowMs, ...(durable ? { broker: 'broker' } : {}), ...(opts.backoffMs ? { backoffMs: opts.backoffMs } : {}) } satisfies ApiConfig,
    },
    ...(durable ? [{ name: 'broker', kind: SAGA_KINDS.broker, config: { ...(opts.retry ? { retry: opts.retry } : {}) } satisfies BrokerConfig }] : []),
    {
      name: 'discount',
      kind: SAGA_KINDS.host,
      config: {
        style: design === 'saga' ? 'saga' : 'handler',
        store: 'store',
        windowMs,
        ...(durable ? { broker: 'broker' } : {}),
        ...(opts.concurrency === undefined ? {} : { concurrency: opts.concurrency }),
        ...(opts.threshold === undefined ? {} : { threshold: opts.threshold }),
      } satisfies HostConfig,
    },
    { name: 'store', kind: SAGA_KINDS.store, config: { ...(opts.history?.rows ? { rows: opts.history.rows } : {}) } satisfies StoreConfig },
  ];
}
