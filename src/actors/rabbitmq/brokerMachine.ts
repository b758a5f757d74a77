/**
 * The broker machine (kinds rabbitmq.broker, rabbitmq.delay-levels, rabbitmq.delayed-exchange:
 * one machine, three pictures). The rules live in broker.ts; this runs them on the world's clock:
 * publishes arriving from publishers, a queue's head expiring, the plugin releasing a message,
 * consumers starting to receive, the plugin being disabled. Always running.
 */
import { setup } from 'xstate';
import { applyRules } from '../../kernel/rules.ts';
import { initialBroker, onBoot, onConsume, onDisablePlugin, onExpire, onPublish, onRelease, type AmqpMessage, type BrokerContext } from './broker.ts';
import type { Emitted, Result, Timed } from './ports.ts';
import type { BrokerConfig, Party } from './types.ts';

export type BrokerEvent =
  | (Timed & { type: 'rabbitmq.boot' })
  | (Timed & { type: 'rabbitmq.publish'; exchange: string; msg: AmqpMessage })
  | (Timed & { type: 'rabbitmq.expire'; queue: string })
  | (Timed & { type: 'rabbitmq.release'; id: number })
  | (Timed & { type: 'rabbitmq.consume'; queue: string; consumer: Party })
  | (Timed & { type: 'rabbitmq.disable-plugin' });

export interface BrokerInput {
  name: Party;
  config: BrokerConfig;
}

/** Pure: which rule an event calls. */
export function react(ctx: BrokerContext, e: BrokerEvent): Result<BrokerContext> {
  switch (e.type) {
    case 'rabbitmq.boot':
      return onBoot(ctx);
    case 'rabbitmq.publish':
      return onPublish(ctx, e.exchange, e.msg, e.t);
    case 'rabbitmq.expire':
      return onExpire(ctx, e.queue, e.t);
    case 'rabbitmq.release':
      return onRelease(ctx, e.id, e.t);
    case 'rabbitmq.consume':
      return onConsume(ctx, e.queue, e.consumer);
    case 'rabbitmq.disable-plugin':
      return onDisablePlugin(ctx);
  }
}

export const brokerMachine = setup({
  types: {
    context: {} as BrokerContext,
    events: {} as BrokerEvent,
    emitted: {} as Emitted,
    input: {} as BrokerInput,
  },
  actions: {
    'apply the rules': applyRules(react),
  },
}).createMachine({
  id: 'rabbitmq.broker',
  context: ({ input }) => initialBroker(input.name, input.config),
  initial: 'running',
  states: {
    running: {
      on: {
        'rabbitmq.boot': { actions: 'apply the rules' },
        'rabbitmq.publish': { actions: 'apply the rules' },
        'rabbitmq.expire': { actions: 'apply the rules' },
        'rabbitmq.release': { actions: 'apply the rules' },
        'rabbitmq.consume': { actions: 'apply the rules' },
        'rabbitmq.disable-plugin': { actions: 'apply the rules' },
      },
    },
  },
});
