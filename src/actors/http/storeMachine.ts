/**
 * The store machine: the accounts database of the HTTP family, shared by every instance of a
 * service over the network, or by the threads of one process in the same process. It applies one
 * write at a time with the rules of store.ts and answers the worker that asked, the way it asked
 * (over the network or in-process), tracing the outcome: written, refused, or failed.
 */
import { assign, enqueueActions, setup } from 'xstate';
import type { Emitted, Timed } from './ports.ts';
import { applyWrite, judgeWrite, openAccounts, useUpFailure, type StoreContext } from './store.ts';
import type { Party, Payload, StoreConfig } from './types.ts';

export type StoreEvent =
  | (Timed & { type: 'store.write'; by: Party; req: string; msg: number; payload: Payload; via: 'net' | 'local' })
  | (Timed & { type: 'store.fail-writes'; by: Party; count: number });

export interface StoreInput {
  name: Party;
  users: StoreConfig['users'];
}

type WriteEvent = Extract<StoreEvent, { type: 'store.write' }>;

const TRACE_KIND = { applied: 'db-write', refused: 'db-refuse', failed: 'db-fail' } as const;

export const storeMachine = setup({
  types: {
    context: {} as StoreContext,
    events: {} as StoreEvent,
    emitted: {} as Emitted,
    input: {} as StoreInput,
  },
  actions: {
    'say it is open': enqueueActions(({ context, enqueue }) => {
      const balances = Object.fromEntries(Object.entries(context.accounts).map(([user, row]) => [user, row.balance]));
      enqueue.emit({ type: 'trace', entry: { kind: 'ready', from: context.name, balances } });
    }),
    'settle the write': enqueueActions(({ context, event, enqueue }) => {
      const e = event as WriteEvent;
      const result = judgeWrite(context, e.by, e.payload);
      const accounts = applyWrite(context.accounts, e.payload, result);
      const balance = accounts[e.payload.user]?.balance ?? 0;
      enqueue.assign({ accounts, failFor: result === 'failed' ? useUpFailure(context.failFor, e.by) : context.failFor });
      enqueue.emit({
        type: 'out',
        to: e.by,
        via: e.via,
        ...(e.via === 'net' ? { conn: `${e.req}<${context.name}` } : {}),
        event: { type: 'store.answer', req: e.req, result, balance },
        trace: { kind: TRACE_KIND[result], msg: e.msg, req: e.req, from: context.name, to: e.by, payload: e.payload, balance },
      });
    }),
    'plan failures': assign({
      failFor: ({ context, event }) => {
        const e = event as Extract<StoreEvent, { type: 'store.fail-writes' }>;
        return { ...context.failFor, [e.by]: (context.failFor[e.by] ?? 0) + e.count };
      },
    }),
  },
}).createMachine({
  id: 'http.store',
  context: ({ input }) => ({ name: input.name, accounts: openAccounts(input.users), failFor: {} }),
  initial: 'up',
  states: {
    up: {
      entry: 'say it is open',
      on: {
        'store.write': { actions: 'settle the write' },
        'store.fail-writes': { actions: 'plan failures' },
      },
    },
  },
});
