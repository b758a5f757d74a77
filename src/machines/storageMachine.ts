/**
 * The storage machine: the Account Srv database (File Storage on the slides). It holds a balance
 * per user and, for the redesign, the last per-user number processed. It applies one write at a
 * time and answers the listener that asked: applied, refused (business rule), failed (a hiccup
 * injected by a fault), or — in the redesign — skipped (a number arrived before the one before it)
 * or duplicate (a number already processed).
 */
import { assign, emit, enqueueActions, setup } from 'xstate';
import type { Emitted, Timed } from './ports.ts';
import type { Design, Payload, Storage } from './types.ts';

export type WriteResult = 'applied' | 'refused' | 'failed' | 'skipped' | 'duplicate';

export interface StorageContext {
  design: Design;
  accounts: Storage;
  /** Writes still to fail, per listener id: a storage hiccup as that listener sees it. */
  failFor: Record<string, number>;
}

export type StorageEvent =
  | (Timed & { type: 'storage.write'; from: string; msg: number; payload: Payload })
  | (Timed & { type: 'storage.fail-writes'; listener: string; count: number });

export interface StorageInput {
  design: Design;
  users: Record<string, number>;
}

type WriteEvent = Extract<StorageEvent, { type: 'storage.write' }>;

/** Pure: what a write would do to the accounts. */
export function judgeWrite(ctx: StorageContext, e: WriteEvent): WriteResult {
  if ((ctx.failFor[e.from] ?? 0) > 0) return 'failed';
  const row = ctx.accounts[e.payload.user] ?? { balance: 0, lastNumber: 0 };
  if (ctx.design === 'per-user-number') {
    const n = e.payload.number ?? 0;
    if (n <= row.lastNumber) return 'duplicate';
    if (n > row.lastNumber + 1) return 'skipped';
  }
  if (e.payload.kind === 'withdraw' && row.balance < e.payload.amount) return 'refused';
  return 'applied';
}

/** Pure: the accounts after a write. A refused withdraw changes no balance but counts as processed. */
export function applyWrite(accounts: Storage, p: Payload, result: WriteResult): Storage {
  if (result === 'failed' || result === 'skipped' || result === 'duplicate') return accounts;
  const row = accounts[p.user] ?? { balance: 0, lastNumber: 0 };
  const delta = result !== 'applied' ? 0 : p.kind === 'deposit' ? p.amount : -p.amount;
  return { ...accounts, [p.user]: { balance: row.balance + delta, lastNumber: p.number ?? row.lastNumber } };
}

function reply(e: WriteEvent, result: WriteResult, balance: number): Emitted {
  return { type: 'out', to: `listener:${e.from}`, via: 'local', event: { type: 'storage.result', msg: e.msg, result, balance } };
}

export const storageMachine = setup({
  types: {
    context: {} as StorageContext,
    events: {} as StorageEvent,
    emitted: {} as Emitted,
    input: {} as StorageInput,
  },
  guards: {
    'the write must fail': ({ context, event }) => event.type === 'storage.write' && judgeWrite(context, event) === 'failed',
  },
  actions: {
    'fail the write': emit(({ context, event }) => {
      const e = event as WriteEvent;
      return reply(e, 'failed', context.accounts[e.payload.user]?.balance ?? 0);
    }),
    'use up one failure': assign({
      failFor: ({ context, event }) => {
        const e = event as WriteEvent;
        return { ...context.failFor, [e.from]: (context.failFor[e.from] ?? 1) - 1 };
      },
    }),
    'settle the write': enqueueActions(({ context, event, enqueue }) => {
      const e = event as WriteEvent;
      const result = judgeWrite(context, e);
      const accounts = applyWrite(context.accounts, e.payload, result);
      const balance = accounts[e.payload.user]?.balance ?? 0;
      enqueue.assign({ accounts });
      if (result === 'applied') {
        enqueue.emit({ type: 'trace', entry: { kind: 'write', msg: e.msg, from: `listener:${e.from}`, to: 'storage', payload: e.payload, balance } });
      }
      enqueue.emit(reply(e, result, balance));
    }),
    'schedule failures': assign({
      failFor: ({ context, event }) => {
        const e = event as Extract<StorageEvent, { type: 'storage.fail-writes' }>;
        return { ...context.failFor, [e.listener]: (context.failFor[e.listener] ?? 0) + e.count };
      },
    }),
  },
}).createMachine({
  id: 'storage',
  context: ({ input }) => ({
    design: input.design,
    accounts: Object.fromEntries(Object.entries(input.users).map(([u, b]) => [u, { balance: b, lastNumber: 0 }])),
    failFor: {},
  }),
  initial: 'up',
  states: {
    up: {
      on: {
        'storage.write': [
          { guard: 'the write must fail', actions: ['fail the write', 'use up one failure'] },
          { actions: 'settle the write' },
        ],
        'storage.fail-writes': { actions: 'schedule failures' },
      },
    },
  },
});
