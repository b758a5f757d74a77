/**
 * The worker machine: an instance of a service (kind http.service) or a thread of a process
 * (kind http.thread). The rules live in worker.ts as pure functions; this machine adds the
 * lifecycle: up, handling requests; down after a crash, when what arrives is dropped; up again
 * after a restart, with nothing in hand.
 */
import { enqueueActions, setup } from 'xstate';
import { applyRules } from '../../kernel/rules.ts';
import type { RequestEvent } from './caller.ts';
import type { Emitted, Result, Timed } from './ports.ts';
import type { Ms, Party, WorkerRole } from './types.ts';
import { onArrive, onArriveWhileDown, onCrash, onRestart, onSlow, onStoreAnswer, onWorkDone, type WorkerContext, type WriteResult } from './worker.ts';

export type WorkerEvent =
  | (Timed & RequestEvent)
  | (Timed & { type: 'work.done'; req: string })
  | (Timed & { type: 'store.answer'; req: string; result: WriteResult; balance: number })
  | (Timed & { type: 'worker.slow'; processMs: Ms })
  | (Timed & { type: 'worker.crash' })
  | (Timed & { type: 'worker.restart' });

export interface WorkerInput {
  name: Party;
  role: WorkerRole;
  processMs: Ms;
  store: Party;
}

/** Pure: which rule an event calls while the worker is up. */
export function react(ctx: WorkerContext, e: WorkerEvent): Result<WorkerContext> {
  switch (e.type) {
    case 'http.request':
      return onArrive(ctx, e, e.t);
    case 'work.done':
      return onWorkDone(ctx, e.req);
    case 'store.answer':
      return onStoreAnswer(ctx, e, e.t);
    case 'worker.slow':
      return onSlow(ctx, e.processMs);
    case 'worker.crash':
      return onCrash(ctx);
    case 'worker.restart':
      return onRestart(ctx);
  }
}

export const workerMachine = setup({
  types: {
    context: {} as WorkerContext,
    events: {} as WorkerEvent,
    emitted: {} as Emitted,
    input: {} as WorkerInput,
  },
  actions: {
    'say it is ready': enqueueActions(({ context, enqueue }) => {
      enqueue.emit({ type: 'trace', entry: { kind: 'ready', from: context.name, role: context.role, processMs: context.processMs } });
    }),
    'apply the rules': applyRules(react),
    'drop the request': enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'http.request') return;
      for (const o of onArriveWhileDown(context, event).out) enqueue.emit(o);
    }),
  },
}).createMachine({
  id: 'http.worker',
  context: ({ input }) => ({
    name: input.name,
    role: input.role,
    processMs: input.processMs,
    store: input.store,
    storeVia: input.role === 'thread' ? 'local' : 'net',
    oneAtATime: input.role === 'thread',
    jobs: [],
  }),
  entry: 'say it is ready',
  initial: 'up',
  on: {
    // Slowing down applies whether it is up or down: it is the machine it runs on that is slow.
    'worker.slow': { actions: 'apply the rules' },
  },
  states: {
    up: {
      on: {
        'http.request': { actions: 'apply the rules' },
        'work.done': { actions: 'apply the rules' },
        'store.answer': { actions: 'apply the rules' },
        'worker.crash': { target: 'down', actions: 'apply the rules' },
      },
    },
    /** Crashed: nothing answers. New requests are dropped; its store's late answers find nobody. */
    down: {
      on: {
        'http.request': { actions: 'drop the request' },
        'worker.restart': { target: 'up', actions: 'apply the rules' },
      },
    },
  },
});
