/**
 * The vocabulary of the batch family: a web shop whose Order API prices each order from a status
 * table that a nightly batch job recomputes from the orders store. Its trace kinds and fields, the
 * configs of its kinds and the commands it takes. Plain data only: everything here survives
 * JSON.stringify and structuredClone.
 *
 * The rule itself (a threshold over a sliding window, a percentage off) comes in the configs, so a
 * chapter hands in its own numbers (src/chapters/future/cast.ts) and this family imports no chapter.
 *
 * Trace kinds other families might also want ('order', 'stored') carry a `batch-` prefix; the four
 * the story names (job-start, job-end, status-updated, stale-read) are the family's own words.
 */
import type { Ms, Party, TraceBase } from '../../kernel/types.ts';

export type { Ms, Party };

/** The business rule: `percent` off an order when the account's orders over the last `windowMs` total at least `threshold`. */
export interface DiscountRule {
  threshold: number;
  windowMs: Ms;
  percent: number;
}

/** One order as the orders store keeps it. */
export interface Order {
  /** 'api#1', or the id a config gives an order placed before the story. */
  id: string;
  account: string;
  buyer: string;
  amount: number;
  /** When it was placed (virtual ms; before the story starts it is negative). */
  at: Ms;
  /** What was taken off it. */
  discount: number;
}

/** One account's row in the status table, as the last run computed it. */
export interface AccountStatus {
  /** The account's total over the window at `asOf`. */
  total: number;
  discount: boolean;
  /** The instant the run that wrote it read the orders. */
  asOf: Ms;
}

export type StatusTable = Record<string, AccountStatus>;

export type BatchTraceKind =
  | 'batch-open' // a store is up: the orders it holds, or the statuses it starts with
  | 'job-scheduled' // the job is up: when it first runs, how often, its cost per account, the night
  | 'batch-grown' // the number of accounts the job has to go through changed
  | 'batch-order' // a buyer's order reaches the Order API
  | 'batch-status-read' // Order API → status table: what is this account's status? (a hop)
  | 'batch-status-reply' // status table → Order API: the status as the last run left it (a hop)
  | 'batch-insert' // Order API → orders store: the order, priced (a hop)
  | 'batch-stored' // the orders store has the order, with what the rule says at that instant
  | 'stale-read' // the order was priced from a status the rule no longer agrees with
  | 'window-drop' // an order is now older than the window and stops counting
  | 'batch-scan' // job → orders store: every order, please (a hop)
  | 'batch-scan-reply' // orders store → job: the orders as they are now (a hop)
  | 'job-start' // the job has the orders and works through every account
  | 'job-end' // the run is over: its run time, the accounts it went through
  | 'batch-status-write' // job → status table: the statuses it computed (a hop)
  | 'status-updated'; // an account's status changed in the table

/**
 * One fact of a batch world, in time order.
 * @example { t: 54000000, kind: 'stale-read', msg: 2, from: 'api', order: 'api#2', buyer: 'Bob', account: 'Alice', amount: 100, discount: 0, ruleDiscount: 10, total: 550, asOf: 7200000 }
 */
export interface BatchTraceEvent extends TraceBase {
  kind: BatchTraceKind;
  /** The order's id ('api#2'). */
  order?: string;
  account?: string;
  buyer?: string;
  amount?: number;
  /** What the order was given off, or would be given by the status read. */
  discount?: number;
  /** What the rule evaluated at the order's instant gives. */
  ruleDiscount?: number;
  /** The account's total over the window (at the order's instant, or at a run's read). */
  total?: number;
  /** A status: whether it says discount. */
  status?: boolean;
  /** The previous status, on 'status-updated'. */
  was?: boolean;
  /** The instant a status was computed for. */
  asOf?: Ms;
  /** The job's run, 1, 2, 3… */
  run?: number;
  /** How many accounts a run goes through, or the job now has. */
  accounts?: number;
  /** A run's time, and when it ends. */
  runMs?: Ms;
  ends?: Ms;
  /** When the night a run started in is over (its start plus the night's length). */
  nightEnds?: Ms;
  /** 'job-end': the run went on past the night. */
  overran?: boolean;
  /** 'job-scheduled': first run, interval, cost per account, night length. */
  firstRunAt?: Ms;
  everyMs?: Ms;
  msPerAccount?: Ms;
  nightMs?: Ms;
  /** 'batch-open' of the orders store, 'batch-scan-reply': the orders. */
  orders?: Order[];
  /** 'batch-open' of the orders store: how long the rule's window is. */
  windowMs?: Ms;
  /** On a hop: its pill's look on the stage, which colours a token by its payload's kind ('deposit' for an order's way, 'tweet' for the job's). */
  payload?: { kind: 'deposit' | 'tweet' };
  /** 'batch-open' of the status table, 'batch-status-write': the statuses. */
  statuses?: StatusTable;
}

export interface OrdersConfig {
  rule: DiscountRule;
  /** Orders placed before the story starts (times before 0). */
  orders: Order[];
}

export interface StatusConfig {
  /** The table as the last run before the story left it. */
  statuses: StatusTable;
}

export interface ApiConfig {
  rule: DiscountRule;
  /** The status table it reads and the orders store it writes to. */
  status: Party;
  orders: Party;
}

export interface JobConfig {
  rule: DiscountRule;
  orders: Party;
  status: Party;
  /** Virtual time of the first run (02:00 on day 0 is 2 h). */
  firstRunAt: Ms;
  /** Between two runs (a day). */
  everyMs: Ms;
  /** Work per account. */
  msPerAccount: Ms;
  /** How many accounts the platform has; at least the ones with orders. */
  accounts: number;
  /** How long the quiet night lasts from the first run's start (6 h). */
  nightMs: Ms;
}

/** What a scene step asks a batch world to do. Verbs are the family's own. */
export type BatchCommand =
  /** A buyer orders on an account through the Order API, now or at the virtual time `atMs`. */
  | { do: 'batch.order'; api: Party; account: string; buyer: string; amount: number; atMs?: Ms }
  /** The platform now has this many accounts for the job to go through. */
  | { do: 'batch.grow'; job: Party; accounts: number };

declare module '../trace.ts' {
  interface TraceEventsByFamily {
    batch: BatchTraceEvent;
  }
  interface CommandsByFamily {
    batch: BatchCommand;
  }
}
