/**
 * The subscription machine: one delivery unit of a channel — a plain subscription or a queue group
 * such as 'myQueueGroup' — with its members, unacked messages and ack timers. The rules live in
 * subscription.ts as pure functions; this machine adds the lifecycle: active while it has members,
 * offline when a durable unit has none (it keeps its place and its unacked messages), closed when
 * a non-durable one loses its last member.
 */
import { enqueueActions, setup } from 'xstate';
import { applyRules } from '../../kernel/rules.ts';
import type { Emitted, Timed } from './ports.ts';
import { onAck, onAckTimer, onAppend, onHeartbeat, onJoin, onLeave, type LogEntry, type Result, type SubContext } from './subscription.ts';
import type { Ms } from './types.ts';

export type SubscriptionEvent =
  | (Timed & { type: 'channel.append'; entry: LogEntry })
  | (Timed & { type: 'ack'; client: string; seq: number })
  | (Timed & { type: 'ackwait.expired'; client: string; at: Ms })
  | (Timed & { type: 'member.join'; client: string; incarnation: number })
  | (Timed & { type: 'member.leave'; client: string })
  | (Timed & { type: 'member.heartbeat'; client: string; failed: boolean });

/** The kind the server spawns a unit as. */
export const SUBSCRIPTION_KIND = 'nats.subscription';

/** What a unit starts from: its identity and limits, the channel's history and the start position
 * (`lastSent` 0 delivers all available; the last sequence delivers only new messages). */
export type SubscriptionInput = Pick<SubContext, 'name' | 'channel' | 'queue' | 'durable' | 'ackWaitMs' | 'maxInflight' | 'log' | 'lastSent'>;

/** Pure: which rule an event calls. */
export function react(ctx: SubContext, e: SubscriptionEvent): Result {
  switch (e.type) {
    case 'channel.append':
      return onAppend(ctx, e.entry, e.t);
    case 'ack':
      return onAck(ctx, e.client, e.seq, e.t);
    case 'ackwait.expired':
      return onAckTimer(ctx, e.client, e.at, e.t);
    case 'member.join':
      return onJoin(ctx, e.client, e.incarnation, e.t);
    case 'member.leave':
      return onLeave(ctx, e.client, e.t);
    case 'member.heartbeat':
      return onHeartbeat(ctx, e.client, e.failed);
  }
}

export const subscriptionMachine = setup({
  types: {
    context: {} as SubContext,
    events: {} as SubscriptionEvent,
    emitted: {} as Emitted,
    input: {} as SubscriptionInput,
  },
  guards: {
    'the last member leaves a durable unit': ({ context, event }) =>
      event.type === 'member.leave' && context.durable !== undefined && context.members.length === 1 && context.members[0]!.client === event.client,
    'the last member leaves': ({ context, event }) =>
      event.type === 'member.leave' && context.members.length === 1 && context.members[0]!.client === event.client,
  },
  actions: {
    'apply the rules': applyRules(react),
    'keep it in the log': enqueueActions(({ context, event, enqueue }) => {
      if (event.type === 'channel.append') enqueue.assign({ log: [...context.log, event.entry] });
    }),
  },
}).createMachine({
  id: 'subscription',
  context: ({ input }) => ({
    name: input.name,
    channel: input.channel,
    queue: input.queue,
    durable: input.durable,
    ackWaitMs: input.ackWaitMs,
    maxInflight: input.maxInflight,
    log: input.log,
    lastSent: input.lastSent,
    members: [],
    orphans: [],
    attempts: {},
  }),
  initial: 'waiting',
  states: {
    /** Created, no member has joined yet. */
    waiting: {
      on: {
        'channel.append': { actions: 'keep it in the log' },
        'member.join': { target: 'active', actions: 'apply the rules' },
      },
    },
    active: {
      on: {
        'member.leave': [
          { guard: 'the last member leaves a durable unit', target: 'offline', actions: 'apply the rules' },
          { guard: 'the last member leaves', target: 'closed', actions: 'apply the rules' },
          { actions: 'apply the rules' },
        ],
        'channel.append': { actions: 'apply the rules' },
        ack: { actions: 'apply the rules' },
        'ackwait.expired': { actions: 'apply the rules' },
        'member.join': { actions: 'apply the rules' },
        'member.heartbeat': { actions: 'apply the rules' },
      },
    },
    /** A durable unit with nobody subscribed: it remembers its place and its unacked messages. */
    offline: {
      on: {
        'channel.append': { actions: 'keep it in the log' },
        'member.join': { target: 'active', actions: 'apply the rules' },
      },
    },
    closed: { type: 'final' },
  },
});
