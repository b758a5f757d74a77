/**
 * How another family's actor talks to the Orders DB: the read and commit messages as `out`
 * events (each on the transaction's own connection, traced 'db.read' and 'db.commit'), and the
 * answer the table sends back. An Order API instance, a Discount service or a saga builds its
 * transactions with these and never needs to know the table's rules.
 *
 * @example
 *   emit(readRow('service:A', 'orders', 'Ann#1@A#1', 'Alice'));
 *   // … later, on { type: 'db.rows', version: 1, windowTotal: 450 }:
 *   emit(commitWrites('service:A', 'orders', 'Ann#1@A#1', [{ account: 'Alice', version: 1 }], [{ op: 'insert-order', order }]));
 */
import type { Emitted } from '../../kernel/ports.ts';
import type { CommitOutcome, DbTraceEvent, DbWrite, OrderRecord, Party, ReadVersion } from './types.ts';

/** The row a read returns, as its answer event carries it. */
export interface RowsEvent {
  type: 'db.rows';
  tx: string;
  account: string;
  version: number;
  windowTotal: number;
  total?: number;
}

/** The table's answer to a commit. */
export interface DbResultEvent {
  type: 'db.result';
  tx: string;
  outcome: CommitOutcome;
  account: string;
  /** Committed: the row's new version; conflict: the version read (`current` is the row's). */
  version?: number;
  current?: number;
  /** Committed: the order stored; duplicate: the one stored earlier with the same key. */
  order?: OrderRecord;
  windowTotal?: number;
  total?: number;
}

/** Ask `db` for an account's row, in transaction `tx`. */
export function readRow(by: Party, db: Party, tx: string, account: string): Emitted<DbTraceEvent> {
  return {
    type: 'out',
    to: db,
    via: 'net',
    conn: `${tx}>${db}`,
    event: { type: 'db.read', tx, by, account },
    trace: { kind: 'db.read', tx, from: by, to: db, account },
  };
}

/** Commit `writes` in transaction `tx`, if every version in `reads` still holds (none: a blind write). */
export function commitWrites(by: Party, db: Party, tx: string, reads: readonly ReadVersion[], writes: readonly DbWrite[]): Emitted<DbTraceEvent> {
  const account = writes[0] === undefined ? reads[0]?.account : writes[0].op === 'insert-order' ? writes[0].order.account : writes[0].account;
  return {
    type: 'out',
    to: db,
    via: 'net',
    conn: `${tx}>${db}`,
    event: { type: 'db.commit', tx, by, reads: [...reads], writes: [...writes] },
    trace: { kind: 'db.commit', tx, from: by, to: db, reads: [...reads], writes: [...writes], ...(account === undefined ? {} : { account }) },
  };
}
