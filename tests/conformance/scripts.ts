/**
 * Broker scripts for the conformance suite: small scenes (not in the deck) that each pin down one
 * NATS Streaming behaviour, with what is compared between the simulation and the real server and
 * the places where JetStream is known to behave differently (each asserted on its own side).
 */
import type { Aspect } from '../../src/live/compare.ts';
import type { Command, ListenerConfig, SubscriptionConfig } from '../../src/actors/nats/types.ts';
import { baseConfig } from '../../src/actors/nats/world.ts';
import { deposit, publish, withdraw } from '../../src/chapters/nats/cast.ts';
import type { Scene, Step } from '../../src/chapters/types.ts';

export interface Script {
  scene: Scene;
  /** Aspects that must agree. */
  compare: Aspect[];
  /** Where the two brokers differ by design: each side's own expectation. */
  differs?: { why: string; sim: (s: import('../../src/live/compare.ts').Summary) => void; real: (s: import('../../src/live/compare.ts').Summary) => void };
}

const step = (name: string, commands: Command[], until?: Step['until']): Step => ({ name, title: name, narration: name, notes: name, commands, until });
const sub = (over: Partial<SubscriptionConfig> = {}): SubscriptionConfig => ({ channel: 'account:deposit', ackWaitMs: 10_000, ...over });
const l = (id: string, subscriptions: SubscriptionConfig[], over: Partial<ListenerConfig> = {}): ListenerConfig => ({ id, processMs: 1_000, subscriptions, ...over });

function scene(id: string, listeners: ListenerConfig[], steps: Step[]): Scene {
  return { id, chapter: 'nats', title: id, summary: id, channels: ['account:deposit', 'account:withdraw'], world: baseConfig({ listeners }), expected: {}, steps };
}

const pub70 = publish(deposit('Jim', 70));
const pub40 = publish(deposit('Jim', 40));
const gap = (ms: number): Command => ({ do: 'wait', ms });

export const scripts: Script[] = [
  {
    // Each message goes to exactly one member of a queue group.
    scene: scene('queue-group-of-two', [l('A', [sub({ queue: 'q' })]), l('B', [sub({ queue: 'q' })])], [
      step('publish', [pub70, gap(100), pub40, gap(100), publish(deposit('Jim', 5)), gap(100), publish(deposit('Jim', 1))]),
    ]),
    compare: ['deliveries', 'acked', 'balances'],
  },
  {
    // A durable subscription picks up after its last ack when its listener comes back.
    scene: scene('durable-resume', [l('A', [sub({ durable: 'audit' })])], [
      step('before', [pub70, gap(100), pub40]),
      step('down', [{ do: 'leave', listener: 'A' }, gap(500), publish(deposit('Jim', 5)), gap(100), publish(deposit('Jim', 1))]),
      step('back', [{ do: 'restart', listener: 'A' }]),
    ]),
    compare: ['deliveries', 'acked', 'balances', 'received'],
  },
  {
    // A service deployed later with deliver-all-available reads the history, in order.
    scene: scene('deliver-all-available', [l('A', [sub({ durable: 'new-service', deliverAll: true })], { manualStart: true })], [
      step('history', [pub70, gap(100), pub40, gap(100), publish(withdraw('Jim', 100))]),
      step('deploy', [{ do: 'start', listener: 'A' }]),
    ]),
    compare: ['deliveries', 'acked', 'balances', 'received', 'refused'],
  },
  {
    // No ack: the message comes back after the ack wait, and does not block the one behind it.
    scene: scene('redelivery-after-ack-wait', [l('A', [sub()])], [
      step('fail', [{ do: 'fail-writes', listener: 'A', count: 1 }, pub70, gap(100), pub40]),
    ]),
    compare: ['deliveries', 'acked', 'balances', 'received'],
  },
  {
    // The ack is lost: processed, redelivered, processed again — Jim gets $70 twice.
    scene: scene('lost-ack', [l('A', [sub()])], [step('lose', [{ do: 'lose-acks', listener: 'A', count: 1 }, pub70])]),
    compare: ['deliveries', 'acked', 'balances', 'received'],
  },
  {
    // A member leaves holding an unacked message; the other member ends up processing it.
    // B joins only once A holds the message, so the first delivery is A's on both brokers.
    scene: scene('member-leaves-with-unacked', [l('A', [sub({ queue: 'q' })], { processMs: 4_000 }), l('B', [sub({ queue: 'q' })], { manualStart: true })], [
      step('deliver', [pub70], { kind: 'event', match: { kind: 'process-start', msg: 1 } }),
      step('b-joins', [{ do: 'start', listener: 'B' }], { kind: 'event', match: { kind: 'subscribe', from: 'listener:B' } }),
      step('leave', [{ do: 'leave', listener: 'A' }]),
    ]),
    compare: ['acked', 'balances'],
    differs: {
      why: 'NATS Streaming hands the leaving member’s unacked messages to the others at once (a redelivery, attempt 2); a JetStream pull consumer keeps them pending until the ack wait runs out, then delivers again to whoever pulls.',
      sim: (s) => {
        if (s.deliveries[1] !== 2 || s.received['listener:B']?.[0] !== 1) throw new Error(`simulation should reassign to B: ${JSON.stringify(s)}`);
      },
      real: (s) => {
        if (s.deliveries[1] !== 2 || !s.received['listener:B']?.includes(1)) throw new Error(`real server should redeliver to B after the ack wait: ${JSON.stringify(s)}`);
      },
    },
  },
];
