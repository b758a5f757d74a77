/**
 * Conformance: every chapter-1 scene and every broker script runs both in the simulation and
 * against a real nats-server (JetStream, on loopback, started here), and what they did must agree.
 * Which queue member gets a message is the real server's choice, so for queue groups the test
 * compares counts and outcomes plus the property that each delivery reached exactly one member.
 */
import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNatsServer, type RunningServer } from '../../scripts/lib/nats-server.ts';
import { differences, sideBySide, summarize, type Aspect, type Summary } from '../../src/live/compare.ts';
import { runLive } from '../../src/live/runner.ts';
import { runScene } from '../../src/chapters/engine.ts';
import { scenes } from '../../src/chapters/nats/scenes.ts';
import type { Scene } from '../../src/chapters/types.ts';
import { scripts } from './scripts.ts';
import { DEFAULT_PARAMS, sandboxScene, type SandboxParams } from '../../src/chapters/nats/sandbox.ts';

/** Real ms per virtual ms: a 30 s ack wait takes 3 s. */
const SCALE = 0.1;

let server: RunningServer;
beforeAll(async () => {
  server = await startNatsServer();
}, 30_000);
afterAll(async () => {
  await server?.stop();
});

async function both(scene: Scene) {
  const sim = runScene(scene, scene.steps.length - 1);
  const real = await runLive(scene, { connect: (name) => connect({ servers: server.url, name }), scale: SCALE, stepTimeoutMs: 30_000 });
  return { sim, real, s: summarize(sim.trace, sim.storage), r: summarize(real.trace, real.storage) };
}

function agree(scene: Scene, aspects: Aspect[], run: Awaited<ReturnType<typeof both>>) {
  const diff = differences(run.s, run.r, aspects);
  if (diff.length > 0) {
    throw new Error(`${scene.id}: the simulation and the real server disagree:\n  ${diff.join('\n  ')}\n\n${sideBySide(run.sim.trace, run.real.trace)}`);
  }
}

/**
 * Scenes where the slides' NATS Streaming and JetStream differ by design, with what each side
 * must show instead of agreeing on delivery counts.
 */
const DIFFERS: Record<string, { why: string; sim: (s: Summary) => boolean; real: (s: Summary) => boolean }> = {
  'dead-listener': {
    why: 'NATS Streaming pushes to a crashed client until heartbeats give it away, so two events are lost and resent; a JetStream pull consumer only serves clients that ask, so the crashed one gets nothing and B gets all three at once.',
    sim: (s) => JSON.stringify(s.deliveryCounts) === '[1,2,2]',
    real: (s) => JSON.stringify(s.deliveryCounts) === '[1,1,1]' && s.received['listener:A'] === undefined,
  },
};

/**
 * Only the scenes that use a broker. The ones told over HTTP or between threads (sync-http,
 * monolith) are worlds of the HTTP family (scene.kernel): there is no broker in them to conform to.
 */
const brokered = scenes.filter((s) => !s.kernel);

describe('chapter 1 scenes: simulation vs real nats-server', () => {
  it.each(brokered.map((s) => [s.id, s] as const))('%s', async (_id, scene) => {
    const run = await both(scene);
    const differs = DIFFERS[scene.id];
    // Which member gets which message is the real server's choice, and a fault belongs to a
    // member: so the scenes agree on how many deliveries there were, not which message had them.
    agree(scene, differs ? ['acked', 'refused', 'balances'] : ['deliveryCounts', 'acked', 'refused', 'balances'], run);
    if (differs) {
      expect(differs.sim(run.s), `simulation: ${differs.why}\n${JSON.stringify(run.s)}`).toBe(true);
      expect(differs.real(run.r), `real server: ${differs.why}\n${JSON.stringify(run.r)}`).toBe(true);
    }
    // The story holds on the real broker too: the final balance is the scene's, right or wrong.
    expect(run.r.balances).toEqual(run.s.balances);
  }, 90_000);
});

describe('broker scripts: simulation vs real nats-server', () => {
  it.each(scripts.map((x) => [x.scene.id, x] as const))('%s', async (_id, script) => {
    const run = await both(script.scene);
    agree(script.scene, script.compare, run);
    if (script.differs) {
      // Known, documented difference: each side must show its own behaviour.
      script.differs.sim(run.s);
      script.differs.real(run.r);
    }
  }, 90_000);
});

/**
 * The sandbox's settings build worlds the deck never shows: every copy getting every message,
 * three listeners, a max in flight of one, the other designs. Each must behave on the real server
 * as it does in the simulation.
 */
const SANDBOXES: [string, SandboxParams][] = [
  ['defaults', DEFAULT_PARAMS],
  ['no queue group: each copy applies every event', { ...DEFAULT_PARAMS, queueGroup: false }],
  ['three listeners, two users, max in flight 1', { ...DEFAULT_PARAMS, listeners: 3, users: 2, events: 6, maxInflight: 1 }],
  ['redesign, no queue group, plain subscriptions', { ...DEFAULT_PARAMS, design: 'per-user-number', queueGroup: false, durable: false, users: 2, events: 6 }],
  ['last sequence on one channel', { ...DEFAULT_PARAMS, design: 'last-sequence', events: 5 }],
  ['a single copy', { ...DEFAULT_PARAMS, design: 'single-copy', listeners: 1, events: 6 }],
];

describe('sandbox settings: simulation vs real nats-server', () => {
  it.each(SANDBOXES)('%s', async (_what, params) => {
    const scene = sandboxScene(params, scenes);
    const run = await both(scene);
    agree(scene, ['acked', 'refused', 'balances'], run);
    expect(run.r.balances).toEqual(run.s.balances);
  }, 90_000);
});
