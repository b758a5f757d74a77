/**
 * The machines of the broker's clients: a publisher (kind rabbitmq.publisher) that publishes
 * what the scene's commands ask, and a consumer (kind rabbitmq.consumer) that receives from one
 * queue. The rules live in client.ts.
 */
import { setup } from 'xstate';
import { applyRules } from '../../kernel/rules.ts';
import type { AmqpMessage } from './broker.ts';
import { onDeliver, onPublishCommand, onSendDelayed, type PublisherContext } from './client.ts';
import type { Emitted, Result, Timed } from './ports.ts';
import type { Headers, Ms, Party } from './types.ts';

export type PublisherEvent =
  | (Timed & { type: 'publisher.publish'; exchange: string; routingKey: string; label: string; headers?: Headers; expirationMs?: Ms })
  | (Timed & { type: 'publisher.send-delayed'; delay: number; destination: string; label: string; levels?: number });

/** Pure: which rule an event calls. */
export function reactPublisher(ctx: PublisherContext, e: PublisherEvent): Result<PublisherContext> {
  return e.type === 'publisher.publish' ? onPublishCommand(ctx, e) : onSendDelayed(ctx, e);
}

export const publisherMachine = setup({
  types: { context: {} as PublisherContext, events: {} as PublisherEvent, emitted: {} as Emitted, input: {} as { name: Party; broker: Party } },
  actions: { 'apply the rules': applyRules(reactPublisher) },
}).createMachine({
  id: 'rabbitmq.publisher',
  context: ({ input }) => ({ name: input.name, broker: input.broker, sent: 0 }),
  initial: 'running',
  states: { running: { on: { 'publisher.publish': { actions: 'apply the rules' }, 'publisher.send-delayed': { actions: 'apply the rules' } } } },
});

export interface ConsumerContext {
  name: Party;
  queue: string;
}

type ConsumerEvent = Timed & { type: 'rabbitmq.deliver'; queue: string; msg: AmqpMessage };

export const consumerMachine = setup({
  types: { context: {} as ConsumerContext, events: {} as ConsumerEvent, emitted: {} as Emitted, input: {} as ConsumerContext },
  actions: { 'apply the rules': applyRules((ctx: ConsumerContext, e: ConsumerEvent) => ({ ctx, out: onDeliver(ctx.name, e.queue, e.msg) })) },
}).createMachine({
  id: 'rabbitmq.consumer',
  context: ({ input }) => input,
  initial: 'running',
  states: { running: { on: { 'rabbitmq.deliver': { actions: 'apply the rules' } } } },
});
