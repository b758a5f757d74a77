/**
 * The vocabulary of the db family: the Orders DB of chapter 2. A table of orders per account
 * (each with its time, amount, discount and price charged), a version per account row, and,
 * where a design keeps one, a running total per account. Clients talk to it in transactions with
 * optimistic concurrency: they read a row (its 7-day total, its running total, its version) and
 * later commit writes together with the versions they read; a commit whose read version is stale
 * fails with a concurrency error (`db.conflict`) and changes nothing, so the caller may read
 * again and retry. Plain data only: everything here survives JSON.stringify and structuredClone.
 *
 * The protocol (what a client sends, what the table answers; client.ts builds the messages):
 *   client → table  { type: 'db.read', tx, by, account }                         traced 'db.read'
 *   table → client  { type: 'db.rows', tx, account, windowTotal, total?, version } traced 'db.rows'
 *   client → table  { type: 'db.commit', tx, by, reads, writes }                 traced 'db.commit'
 *   table → client  { type: 'db.result', tx, outcome, account, version, order?, windowTotal, total? }
 *                   traced 'db.committed' | 'db.conflict' | 'db.failed' | 'db.dedup'
 * `windowTotal` is the sum of the account's order amounts (before discount) over the last
 * WINDOW_MS (7 days) at the instant the table answers: the window slides with virtual time.
 */
import type { Ms, Party, TraceBase } from '../../kernel/types.ts';

export type { Ms, Party };

/** One order as the table stores it. */
export interface OrderRecord {
  /** 'o1', 'o2'… in the order the table stored them. */
  id: string;
  account: string;
  /** Who placed it (Ann, Bob; 'earlier' for last week's orders). */
  buyer: string;
  /** The list price, before discount: what the 7-day total adds up. */
  amount: number;
  /** Dollars off. */
  discount: number;
  /** What the customer pays: amount − discount. */
  charged: number;
  /** Virtual time it was placed (last week's orders have negative times). */
  t: Ms;
  /** An idempotency key: a second commit with the same key writes nothing (`db.dedup`). */
  key?: string;
  /** Who committed it (an Order API instance). */
  by?: Party;
}

/** An order that a commit inserts: the table gives it its id and time. */
export type NewOrder = Omit<OrderRecord, 'id' | 't'>;

/** An order the table opens with (last week's), at a virtual time. */
export interface SeedOrder {
  account: string;
  buyer?: string;
  amount: number;
  t: Ms;
  discount?: number;
}

/** One write of a commit. */
export type DbWrite =
  /** Store a new order. */
  | { op: 'insert-order'; order: NewOrder }
  /** Add to the account's running total (negative takes off): the table must keep totals. */
  | { op: 'add-to-total'; account: string; amount: number };

/** A row version the client read, checked at commit: a mismatch is a concurrency error. */
export interface ReadVersion {
  account: string;
  version: number;
}

/** What became of a commit. */
export type CommitOutcome = 'committed' | 'conflict' | 'failed' | 'duplicate';

/** An account's row at an instant, as a read or the table's view sees it. */
export interface RowSnapshot {
  account: string;
  version: number;
  /** Sum of order amounts over the last 7 days, now. */
  windowTotal: number;
  /** The running total, where the table keeps one. */
  total?: number;
}

export interface TableConfig {
  /** Orders it opens with (last week's, at negative times). */
  orders?: SeedOrder[];
  /** Accounts it opens with even without orders. */
  accounts?: string[];
  /**
   * Keep a running total per account, starting at each account's 7-day total at time 0 (a
   * design that reads the running total instead of summing the window). Default false.
   */
  runningTotals?: boolean;
  /** How far back the window total reaches; default 7 days. */
  windowMs?: Ms;
}

export type DbTraceKind =
  | 'db.ready' // the table opens: its rows and last week's orders
  | 'db.read' // client → table: read an account's row (a hop)
  | 'db.rows' // table → client: the row as it is now (a hop)
  | 'db.commit' // client → table: these writes, if the rows read are unchanged (a hop)
  | 'db.committed' // table → client: applied (a hop)
  | 'db.conflict' // table → client: a row read has changed since, nothing applied (a hop)
  | 'db.failed' // table → client: the commit failed (a fault), nothing applied (a hop)
  | 'db.dedup' // table → client: an order with this key exists already, nothing applied (a hop)
  | 'db.fail-armed'; // a fault: the next commits will fail

/**
 * One fact of the Orders DB, in time order.
 * @example { t: 200, kind: 'db.rows', tx: 'Ann#1@service:A#1', from: 'db', to: 'service:A', account: 'Alice', windowTotal: 450, version: 2, arrives: 300 }
 */
export interface DbTraceEvent extends TraceBase {
  kind: DbTraceKind;
  /** The transaction's id: request, instance and attempt. */
  tx?: string;
  account?: string;
  /** 'db.rows': the row's version; 'db.committed': the new one; 'db.conflict': the version read. */
  version?: number;
  /** 'db.conflict': the version the row has now. */
  current?: number;
  /** The account's 7-day total, at the instant the table answered (after the commit, for 'db.committed'). */
  windowTotal?: number;
  /** The running total, where the table keeps one (after the commit, for 'db.committed'). */
  total?: number;
  /** 'db.committed': the order it stored; 'db.dedup': the one already there. */
  order?: OrderRecord;
  /** 'db.ready': every order it opens with. */
  orders?: OrderRecord[];
  /** 'db.ready': every row. */
  rows?: RowSnapshot[];
  /** 'db.ready': whether it keeps running totals, and how far back its window reaches. */
  runningTotals?: boolean;
  windowMs?: Ms;
  /** 'db.commit': what it asks to write; 'db.commit' also carries the versions read. */
  writes?: DbWrite[];
  reads?: ReadVersion[];
  /** 'db.fail-armed': commits still to fail. */
  count?: number;
}

/** What a scene step (or a fault) asks of the Orders DB. */
export type DbCommand =
  /** The next `count` commits to this table fail (a dropped connection, a failover): nothing is applied. */
  { do: 'db.fail-commits'; db: Party; count: number };

declare module '../trace.ts' {
  interface TraceEventsByFamily {
    db: DbTraceEvent;
  }
  interface CommandsByFamily {
    db: DbCommand;
  }
}
