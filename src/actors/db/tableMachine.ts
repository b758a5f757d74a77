/**
 * The Orders DB machine (kind db.table). The rules live in table.ts as pure functions; the
 * machine says it is ready with its rows, then answers reads and commits. It never goes down:
 * its fault is a transient one (the next commits fail), as a client sees a failover.
 */
import { enqueueActions, setup } from 'xstate';
import type { Timed } from '../../kernel/ports.ts';
import { applyRules } from '../../kernel/rules.ts';
import { onCommit, onFailCommits, onRead, openTable, rowsOf, type CommitRequest, type DbEmitted, type DbResult, type ReadRequest, type TableContext } from './table.ts';
import type { Ms, Party, SeedOrder } from './types.ts';

export type TableEvent =
  | (Timed & { type: 'db.read' } & ReadRequest)
  | (Timed & { type: 'db.commit' } & CommitRequest)
  | (Timed & { type: 'db.fail-commits'; count: number });

export interface TableInput {
  name: Party;
  orders: SeedOrder[];
  accounts: string[];
  runningTotals: boolean;
  windowMs?: Ms;
}

/** Pure: which rule an event calls. */
export function react(ctx: TableContext, e: TableEvent): DbResult<TableContext> {
  switch (e.type) {
    case 'db.read':
      return onRead(ctx, e, e.t);
    case 'db.commit':
      return onCommit(ctx, e, e.t);
    case 'db.fail-commits':
      return onFailCommits(ctx, e.count);
  }
}

export const tableMachine = setup({
  types: {
    context: {} as TableContext,
    events: {} as TableEvent,
    emitted: {} as DbEmitted,
    input: {} as TableInput,
  },
  actions: {
    'say it is open': enqueueActions(({ context, enqueue }) => {
      enqueue.emit({
        type: 'trace',
        entry: { kind: 'db.ready', from: context.name, orders: context.orders, rows: rowsOf(context, 0), runningTotals: context.totals !== undefined, windowMs: context.windowMs },
      });
    }),
    'apply the rules': applyRules(react),
  },
}).createMachine({
  id: 'db.table',
  context: ({ input }) => openTable(input.name, input.orders, input.accounts, input.runningTotals, input.windowMs),
  entry: 'say it is open',
  initial: 'open',
  states: {
    open: {
      on: {
        'db.read': { actions: 'apply the rules' },
        'db.commit': { actions: 'apply the rules' },
        'db.fail-commits': { actions: 'apply the rules' },
      },
    },
  },
});
