/**
 * The cast of chapter 1, as on the NATS Streaming slides: a publisher, channels account:deposit
 * and account:withdraw each with the queue group 'myQueueGroup', two instances of Account Srv
 * (listeners A and B) and one storage. Helpers keep the scene files about the story.
 */
import { baseConfig } from '../../actors/nats/world.ts';
import type { Command, ListenerConfig, Payload, SubscriptionConfig, WorldConfig } from '../../actors/nats/types.ts';

export const DEPOSIT = 'account:deposit';
export const WITHDRAW = 'account:withdraw';
export const QUEUE = 'myQueueGroup';
export const CHANNELS = [DEPOSIT, WITHDRAW];

/** How long Account Srv takes to handle one event when all is well. */
export const PROCESS_MS = 1_000;

export const deposit = (user: string, amount: number): Payload => ({ kind: 'deposit', user, amount });
export const withdraw = (user: string, amount: number): Payload => ({ kind: 'withdraw', user, amount });

/** Publish a payload on the channel its kind belongs to. */
export const publish = (payload: Payload): Command => ({ do: 'publish', channel: payload.kind === 'deposit' ? DEPOSIT : WITHDRAW, payload });

/** Jim's three events from the slides, a beat apart: +$70, +$40, −$100 (a correct run ends at $10). */
export const JIMS_EVENTS: Command[] = [
  publish(deposit('Jim', 70)),
  { do: 'wait', ms: 100 },
  publish(deposit('Jim', 40)),
  { do: 'wait', ms: 100 },
  publish(withdraw('Jim', 100)),
];

/** Both channels, joined as members of 'myQueueGroup'. */
export function queueSubs(over: Partial<SubscriptionConfig> = {}): SubscriptionConfig[] {
  return CHANNELS.map((channel) => ({ channel, queue: QUEUE, ...over }));
}

export function listener(id: string, over: Partial<ListenerConfig> = {}): ListenerConfig {
  return { id, processMs: PROCESS_MS, subscriptions: queueSubs(), ...over };
}

/** The two-listener world of chapter 1. */
export function twoListeners(over: Partial<WorldConfig> = {}): WorldConfig {
  return baseConfig({ users: { Jim: 0 }, listeners: [listener('A'), listener('B')], ...over });
}
