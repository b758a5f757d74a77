/**
 * The queue machine: one SQS queue (kind sqs.queue). It says what it is when it starts, then runs
 * every SendMessage, ReceiveMessage, DeleteMessage and its own timers through the pure rules of
 * queue.ts. A queue never goes down in these stories.
 */
import { enqueueActions, setup } from 'xstate';
import { applyRules } from '../../kernel/rules.ts';
import type { Emitted, Result, Timed } from './ports.ts';
import { onDelete, onDue, onReceive, onSend, openQueue, type QueueContext, type SendRequest } from './queue.ts';
import type { Ms, Party, QueueConfig } from './types.ts';

export type QueueEvent =
  | (Timed & { type: 'sqs.send' } & SendRequest)
  | (Timed & { type: 'sqs.receive'; from: Party })
  | (Timed & { type: 'sqs.delete'; from: Party; id: string })
  | (Timed & { type: 'sqs.due'; id: string; visibleAt: Ms });

export interface QueueInput extends QueueConfig {
  name: Party;
}

/** Pure: which rule an event calls. */
export function react(ctx: QueueContext, e: QueueEvent): Result<QueueContext> {
  switch (e.type) {
    case 'sqs.send':
      return onSend(ctx, e, e.t);
    case 'sqs.receive':
      return onReceive(ctx, e.from, e.t);
    case 'sqs.delete':
      return onDelete(ctx, e.id, e.t);
    case 'sqs.due':
      return onDue(ctx, e.id, e.visibleAt, e.t);
  }
}

export const queueMachine = setup({
  types: {
    context: {} as QueueContext,
    events: {} as QueueEvent,
    emitted: {} as Emitted,
    input: {} as QueueInput,
  },
  actions: {
    'say what it is': enqueueActions(({ context, enqueue }) => {
      enqueue.emit({
        type: 'trace',
        entry: {
          kind: 'sqs-ready',
          from: context.name,
          queue: context.name,
          fifo: context.fifo,
          queueDelaySeconds: context.queueDelaySeconds,
          visibilityTimeoutMs: context.visibilityMs,
          ...(context.redrive ? { maxReceiveCount: context.redrive.maxReceiveCount, deadLetterQueue: context.redrive.deadLetterQueue } : {}),
        },
      });
    }),
    'apply the rules': applyRules(react),
  },
}).createMachine({
  id: 'sqs.queue',
  context: ({ input }) => openQueue(input.name, input),
  entry: 'say what it is',
  on: {
    'sqs.send': { actions: 'apply the rules' },
    'sqs.receive': { actions: 'apply the rules' },
    'sqs.delete': { actions: 'apply the rules' },
    'sqs.due': { actions: 'apply the rules' },
  },
});
