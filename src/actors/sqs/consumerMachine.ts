/**
 * The poller machine: a handler (kind sqs.consumer) or NServiceBus's delay relay (kind
 * sqs.delay-relay), both running the pure rules of consumer.ts. It polls as soon as it starts;
 * after a crash it is down (what reaches it is not read) until its restart timer brings it back.
 */
import { setup } from 'xstate';
import { applyRules } from '../../kernel/rules.ts';
import { onArmCrash, onHandled, onMessage, onRestart, onStart, type PollerContext } from './consumer.ts';
import type { Emitted, Result, Timed } from './ports.ts';
import type { Delivery } from './queue.ts';
import type { Ms, Party } from './types.ts';

export type PollerEvent =
  | (Timed & { type: 'sqs.start' })
  | (Timed & Delivery)
  | (Timed & { type: 'sqs.handled' })
  | (Timed & { type: 'sqs.arm-crash'; handover: boolean })
  | (Timed & { type: 'sqs.restart' });

export interface PollerInput {
  name: Party;
  role: 'handler' | 'relay';
  queue: Party;
  destination?: Party;
  processMs: Ms;
  restartMs: Ms;
}

/** Pure: which rule an event calls. */
export function react(ctx: PollerContext, e: PollerEvent): Result<PollerContext> {
  switch (e.type) {
    case 'sqs.start':
      return onStart(ctx);
    case 'sqs.message':
      return onMessage(ctx, e, e.t);
    case 'sqs.handled':
      return onHandled(ctx);
    case 'sqs.arm-crash':
      return onArmCrash(ctx, e.handover);
    case 'sqs.restart':
      return onRestart(ctx);
  }
}

export const pollerMachine = setup({
  types: {
    context: {} as PollerContext,
    events: {} as PollerEvent,
    emitted: {} as Emitted,
    input: {} as PollerInput,
  },
  actions: {
    'apply the rules': applyRules(react),
  },
}).createMachine({
  id: 'sqs.poller',
  context: ({ input }) => ({
    name: input.name,
    role: input.role,
    queue: input.queue,
    ...(input.destination === undefined ? {} : { destination: input.destination }),
    processMs: input.processMs,
    restartMs: input.restartMs,
    down: false,
    crashBeforeDelete: undefined,
    inHand: undefined,
    handled: {},
  }),
  on: {
    'sqs.start': { actions: 'apply the rules' },
    'sqs.message': { actions: 'apply the rules' },
    'sqs.handled': { actions: 'apply the rules' },
    'sqs.arm-crash': { actions: 'apply the rules' },
    'sqs.restart': { actions: 'apply the rules' },
  },
});
