/**
 * The vocabulary of the saga family: a web shop's frontend placing orders on an account, an Order
 * API that takes them, a durable broker that holds messages (delayed ones too: "take 100 off
 * Alice's total in 7 days") and redelivers what a handler failed, a Discount host that runs the
 * handlers (a plain handler, or a DiscountPolicy saga), and a store that keeps each account's
 * running total under optimistic concurrency. Its trace kinds, configs and commands. Plain data
 * only: everything here survives JSON.stringify and structuredClone.
 */
import type { Ms, Party, TraceBase } from '../../kernel/types.ts';

export type { Ms, Party };

/**
 * How the system is built. 'in-process': the Order API calls the Discount service and keeps its
 * retries and its 7-day reminders in memory. 'durable': the API hands each order to the broker,
 * a handler keeps the running total and schedules the reminder with the broker. 'saga': the same
 * with a DiscountPolicy saga (state in the saga store, timeouts in the broker).
 */
export type SagaDesign = 'in-process' | 'durable' | 'saga';

/** One order, as it travels: who placed it, on which account, how much, and when. */
export interface Order {
  /** 'o1', 'o2'… in the order the frontend sent them. */
  id: string;
  account: string;
  buyer: string;
  amount: number;
  placedAt: Ms;
}

/** What a handler is asked to do: apply an order, or take an order's amount off again (the message from the future). */
export type JobKind = 'OrderPlaced' | 'TakeOff';

/** A message the broker holds for a destination, maybe until a due time. */
export interface BrokerMessage {
  /** 'm1', 'm2'… as the broker stored them. */
  id: string;
  kind: JobKind;
  order: Order;
  /** The endpoint it goes to ('discount'). */
  dest: Party;
  /** Not delivered before this virtual time. */
  dueAt: Ms;
  /** Deliveries so far. */
  attempt: number;
  /** Handler failures so far (what the retry policy counts; a crash's requeue is not one). */
  failures: number;
}

/** An order as the store recorded it: its amount and the discount it got. */
export interface AppliedOrder {
  amount: number;
  discount: number;
  buyer: string;
  placedAt: Ms;
  /** Its amount has been taken off the running total again. */
  expired: boolean;
  /** Placed before the story starts (last week's orders): no buyer's discount to report. */
  history?: true;
}

/** One account's row: the running total of its last 7 days, a version for optimistic concurrency, and its orders. */
export interface AccountRow {
  total: number;
  version: number;
  orders: Record<string, AppliedOrder>;
}

export type SagaTraceKind =
  | 'saga.ready' // an actor is up (the store with its rows, the broker with what it holds)
  | 'saga.order' // frontend → Order API: a buyer places an order (a hop)
  | 'saga.accepted' // Order API → frontend: 202 Accepted (a hop)
  | 'saga.refused' // the order reached an Order API that is down: no answer
  | 'saga.publish' // Order API or handler → broker: store this message, maybe for later (a hop)
  | 'saga.stored' // the broker has it, durably, due at dueAt
  | 'saga.confirm' // broker → publisher: stored (a hop)
  | 'saga.due' // a delayed message's time has come: it is ready to deliver
  | 'saga.deliver' // broker → handler (a hop)
  | 'saga.read' // handler → store: read the account's row (a hop)
  | 'saga.row' // store → handler: the row and its version (a hop)
  | 'saga.commit' // handler → store: write the new row if the version is still the one read (a hop)
  | 'saga.committed' // store → handler: written, new version (a hop)
  | 'saga.conflict' // store → handler: someone else committed first; nothing written (a hop)
  | 'saga.handler-fail' // the handler threw (a transient failure): nothing written
  | 'saga.ack' // handler → broker: done (a hop)
  | 'saga.nack' // handler → broker: failed, try again (a hop)
  | 'saga.retry' // the broker will deliver it again (now, or after a backoff)
  | 'saga.requeue' // the broker puts back what a consumer that went away had in hand
  | 'saga.error-queue' // retries ran out: the message is parked
  | 'saga.call' // in-process: Order API → Discount service, an HTTP call (a hop)
  | 'saga.answer' // in-process: Discount service → Order API, 200 or 500 (a hop)
  | 'saga.call-timeout' // in-process: the API gave up waiting for an answer
  | 'saga.retry-wait' // in-process: the API will try the call again in memory after a backoff
  | 'saga.gave-up' // in-process: retries ran out, the update is lost
  | 'saga.remind' // in-process: the API's 7-day reminder, held in memory, fires
  | 'saga.down' // an Order API or a Discount host crashed: what it held in memory is gone
  | 'saga.up' // it is back, with nothing in memory
  | 'saga.dropped' // a message reached an actor that is down
  | 'saga.fail-next'; // a fault: the next handlings of the Discount host fail

/**
 * One fact of a saga world, in time order.
 * @example { t: 60, kind: 'saga.stored', msg: 2, from: 'broker', id: 'm2', job: 'TakeOff', order, dueAt: 604800000 }
 */
export interface SagaTraceEvent extends TraceBase {
  kind: SagaTraceKind;
  order?: Order;
  /** The message's id at the broker ('m3'). */
  id?: string;
  job?: JobKind;
  dueAt?: Ms;
  /** The row read or written, its version. */
  row?: AccountRow;
  version?: number;
  /** The discount an order got when it was applied. */
  discount?: number;
  /** 'saga.answer': 200 or 500; 'saga.accepted': 202. */
  status?: 202 | 200 | 500;
  /** 'retry', 'retry-wait': when it happens. */
  at?: Ms;
  /** 'down': what was lost from memory (orders in hand, retries waiting, reminders). */
  lost?: { inHand: number; retries: number; reminders: number };
  /** 'ready' of the store: its rows; of the broker: what it holds. */
  rows?: Record<string, AccountRow>;
  held?: BrokerMessage[];
  /** 'fail-next': how many. */
  count?: number;
  /** 'handler-fail', 'nack', 'conflict', 'gave-up': why, in a few words. */
  why?: string;
  /** The handler's style, for the words: a plain handler or a saga. */
  style?: HostStyle;
  /** On hops that carry an order: its amount as the stage's pills draw it (an order adds, a take-off subtracts). */
  payload?: { kind: 'deposit' | 'withdraw'; user: string; amount: number };
}

/**
 * A job on an order as a pill: OrderPlaced adds to the account's total, TakeOff takes it off again.
 * @example payloadOf('TakeOff', order) // { kind: 'withdraw', user: 'Alice', amount: 100 }
 */
/**
 * A broker message's number, for a step to wait on: 'm3' → 3.
 * @example seqOf('m3') // 3
 */
export const seqOf = (id: string): number => Number(id.slice(1));

export const payloadOf = (job: JobKind, order: Order): NonNullable<SagaTraceEvent['payload']> => ({ kind: job === 'OrderPlaced' ? 'deposit' : 'withdraw', user: order.account, amount: order.amount });

/** A plain message handler (durable scheduling) or a DiscountPolicy saga. Same rules, other words. */
export type HostStyle = 'handler' | 'saga';

/** The retry policy a broker applies to a failed handling: immediate retries, then delayed ones. */
export interface RetryPolicy {
  immediate: number;
  delayedMs: readonly Ms[];
}

/** NServiceBus's defaults would be 5 immediate and 3 delayed (10 s, 20 s, 30 s); the chapter uses the same shape. */
export const DEFAULT_RETRY: RetryPolicy = { immediate: 5, delayedMs: [10_000, 20_000, 30_000] };

/** The in-process retries of scene 5: 1 s, 2 s, 4 s. */
export const DEFAULT_BACKOFF_MS: readonly Ms[] = [1_000, 2_000, 4_000];

export interface FrontendConfig {
  /** Where orders go. */
  api: Party;
}

export interface ApiConfig {
  design: SagaDesign;
  /** 'durable' and 'saga': the broker. */
  broker?: Party;
  /** Where orders are handled: the endpoint at the broker, or the Discount service the API calls. */
  handler: Party;
  /** In-process: the backoff of each retry, and how long a call may take before it counts as failed. */
  backoffMs?: readonly Ms[];
  callTimeoutMs?: Ms;
  /** The rule's window: the reminder comes this long after the order was placed. */
  windowMs?: Ms;
}

export interface BrokerConfig {
  retry?: RetryPolicy;
}

export interface HostConfig {
  style: HostStyle;
  store: Party;
  /** Durable designs: the broker it consumes from (absent: it answers HTTP calls). */
  broker?: Party;
  /** Messages it handles at once (the broker's prefetch). */
  concurrency?: number;
  windowMs?: Ms;
  /** The rule: `percent` off an order when the window's total before it is at least `threshold` (default 500 and 10). */
  threshold?: number;
  percent?: number;
}

export interface StoreConfig {
  rows?: Record<string, AccountRow>;
}

/** What a scene step (or a fault) asks a saga world to do. Verbs are the family's own. */
export type SagaCommand =
  /** A buyer places an order on an account. */
  | { do: 'saga.order'; frontend: Party; buyer: string; account: string; amount: number }
  /** The Discount host (a handler or the saga host) crashes: what it had in hand is lost; the broker sees the connection drop. */
  | { do: 'saga.crash'; actor: Party }
  | { do: 'saga.restart'; actor: Party }
  /** The next `count` handlings on the Discount host throw (a transient failure: a deadlock, a timeout). */
  | { do: 'saga.fail'; actor: Party; count: number }
  /** A message handed to the broker as a scene starts (last week's "take it off", asked for before the story). */
  | { do: 'saga.hold'; broker: Party; kind: JobKind; order: Order; dest: Party; dueAt: Ms }
  /** The Order API crashes or restarts. */
  | { do: 'saga.api-crash'; actor: Party }
  | { do: 'saga.api-restart'; actor: Party };

declare module '../trace.ts' {
  interface TraceEventsByFamily {
    saga: SagaTraceEvent;
  }
  interface CommandsByFamily {
    saga: SagaCommand;
  }
}

/** What the verdict calls an account's running total: "Alice’s 7-day total" (here, so scenes name it without loading the views). */
export const totalKey = (account: string): string => `${account}’s 7-day total`;
