/**
 * The router machine: a load balancer (kind http.balancer) or the thread pool of a process (kind
 * http.pool). The rules live in router.ts: each request to the upstream with the fewest in
 * flight, each answer relayed to its caller, and (a balancer with an upstream timeout) a 504 for
 * an instance that stays silent. It is always running: a balancer in front of crashed instances
 * still takes requests, it just never hears back.
 */
import { setup } from 'xstate';
import { applyRules } from '../../kernel/rules.ts';
import type { RequestEvent, ResponseEvent } from './caller.ts';
import type { Emitted, Result, Timed } from './ports.ts';
import { onAnswer, onRequest, onUpstreamTimeout, type RouterContext, type RouterStyle } from './router.ts';
import type { Ms, Party } from './types.ts';

export type RouterEvent =
  | (Timed & RequestEvent)
  | (Timed & ResponseEvent)
  | (Timed & { type: 'router.upstream-timeout'; req: string });

export interface RouterInput {
  name: Party;
  style: RouterStyle;
  upstreams: Party[];
  upstreamTimeoutMs?: Ms;
}

/** Pure: which rule an event calls. */
export function react(ctx: RouterContext, e: RouterEvent): Result<RouterContext> {
  switch (e.type) {
    case 'http.request':
      return onRequest(ctx, e, e.t);
    case 'http.response':
      return onAnswer(ctx, e);
    case 'router.upstream-timeout':
      return onUpstreamTimeout(ctx, e.req);
  }
}

export const routerMachine = setup({
  types: {
    context: {} as RouterContext,
    events: {} as RouterEvent,
    emitted: {} as Emitted,
    input: {} as RouterInput,
  },
  actions: {
    'apply the rules': applyRules(react),
  },
}).createMachine({
  id: 'http.router',
  context: ({ input }) => ({
    name: input.name,
    style: input.style,
    upstreams: input.upstreams,
    ...(input.upstreamTimeoutMs === undefined ? {} : { upstreamTimeoutMs: input.upstreamTimeoutMs }),
    inFlight: [],
  }),
  initial: 'running',
  states: {
    running: {
      on: {
        'http.request': { actions: 'apply the rules' },
        'http.response': { actions: 'apply the rules' },
        'router.upstream-timeout': { actions: 'apply the rules' },
      },
    },
  },
});
