/**
 * The db family as a plug-in of the kernel: one actor kind, the Orders DB table (db.table), made
 * with `rulesKind` from its pure rules in table.ts, and its one command, a transient fault that
 * fails the next commits.
 *
 * @example
 *   { name: 'db', kind: 'db.table', config: { orders: [{ account: 'Alice', amount: 450, t: -3 * DAY }] } }
 *   w.apply({ do: 'db.fail-commits', db: 'db', count: 1 });
 */
import type { ActorKind, CommandHandler, Plugin } from '../../kernel/registry.ts';
import { rulesKind } from '../../kernel/rules.ts';
import { initTable, reactTable, type TableInput } from './table.ts';
import type { DbCommand, TableConfig } from './types.ts';

export const DB_KINDS = { table: 'db.table' } as const;

const table: ActorKind<TableConfig> = rulesKind({
  kind: DB_KINDS.table,
  input: (c: TableConfig, name): TableInput => ({
    name,
    orders: c.orders ?? [],
    accounts: c.accounts ?? [],
    runningTotals: c.runningTotals ?? false,
    ...(c.windowMs === undefined ? {} : { windowMs: c.windowMs }),
  }),
  init: initTable,
  react: reactTable,
  // It says it is open, with its rows, the moment it starts.
  boot: (w, _c, name) => w.send(name, { type: 'boot' }),
});

const commands: Record<DbCommand['do'], CommandHandler> = {
  'db.fail-commits': (c, w) => w.send(String(c.db), { type: 'db.fail-commits', count: Number(c.count) }),
};

/** The db family for the kernel's registry. */
export const dbPlugin: Plugin = { id: 'db', kinds: [table], commands };
