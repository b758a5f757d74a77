/** The sender machine (kind sqs.sender): an endpoint that sends delayed messages with the rules of sender.ts. A refusal is traced by the queue; the sender only hears it. */
import { setup } from 'xstate';
import { applyRules } from '../../kernel/rules.ts';
import type { Emitted, Result, Timed } from './ports.ts';
import { onSendDelayed, type SenderContext } from './sender.ts';
import type { Party } from './types.ts';

export type SenderEvent = (Timed & { type: 'sqs.send-delayed'; body: string; delaySeconds: number; straight: boolean }) | (Timed & { type: 'sqs.refused'; msg: number; reason: string });

export interface SenderInput {
  name: Party;
  destination: Party;
  delayQueue: Party;
}

/** Pure: which rule an event calls. */
export function react(ctx: SenderContext, e: SenderEvent): Result<SenderContext> {
  return e.type === 'sqs.send-delayed' ? onSendDelayed(ctx, e.body, e.delaySeconds, e.straight) : { ctx, out: [] };
}

export const senderMachine = setup({
  types: {
    context: {} as SenderContext,
    events: {} as SenderEvent,
    emitted: {} as Emitted,
    input: {} as SenderInput,
  },
  actions: {
    'apply the rules': applyRules(react),
  },
}).createMachine({
  id: 'sqs.sender',
  context: ({ input }) => ({ name: input.name, destination: input.destination, delayQueue: input.delayQueue, sent: 0 }),
  on: {
    'sqs.send-delayed': { actions: 'apply the rules' },
    'sqs.refused': { actions: 'apply the rules' },
  },
});
