/**
 * The caller machine: a web app or the clients of a process, making synchronous calls. The rules
 * live in caller.ts; the machine takes a `call` from a scene, the answers that come back and the
 * timeouts it set itself. It is always ready: each request waits on its own, so the caller never
 * stops taking new calls while others are in flight.
 */
import { setup } from 'xstate';
import { applyRules } from '../../kernel/rules.ts';
import { onCall, onResponse, onTimeout, type CallerContext, type ResponseEvent } from './caller.ts';
import type { Emitted, Result, Timed } from './ports.ts';
import type { Ms, Party, Payload } from './types.ts';

export type CallerEvent =
  | (Timed & { type: 'caller.call'; payload: Payload })
  | (Timed & ResponseEvent)
  | (Timed & { type: 'caller.timeout'; req: string });

export interface CallerInput {
  name: Party;
  target: Party;
  timeoutMs?: Ms;
}

/** Pure: which rule an event calls. */
export function react(ctx: CallerContext, e: CallerEvent): Result<CallerContext> {
  switch (e.type) {
    case 'caller.call':
      return onCall(ctx, e.payload, e.t);
    case 'http.response':
      return onResponse(ctx, e);
    case 'caller.timeout':
      return onTimeout(ctx, e.req);
  }
}

export const callerMachine = setup({
  types: {
    context: {} as CallerContext,
    events: {} as CallerEvent,
    emitted: {} as Emitted,
    input: {} as CallerInput,
  },
  actions: {
    'apply the rules': applyRules(react),
  },
}).createMachine({
  id: 'http.caller',
  context: ({ input }) => ({ name: input.name, target: input.target, ...(input.timeoutMs === undefined ? {} : { timeoutMs: input.timeoutMs }), sent: 0, awaiting: [] }),
  initial: 'ready',
  states: {
    ready: {
      on: {
        'caller.call': { actions: 'apply the rules' },
        'http.response': { actions: 'apply the rules' },
        'caller.timeout': { actions: 'apply the rules' },
      },
    },
  },
});
