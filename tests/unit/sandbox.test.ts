/**
 * The sandbox: settings from a link are clamped with a sentence each, round-trip through the
 * link, build the world they say, and a fork continues a scene in exactly the state it showed.
 * The designs keep their promises here too: the naive one demonstrably breaks on the sandbox's own
 * settings, and the redesign never applies an event twice or out of turn under random settings
 * and random injected faults.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScene, type Injection } from '../../src/chapters/engine.ts';
import { decodeFaults, encodeFaults } from '../../src/chapters/faults.ts';
import { findScene, scenes } from '../../src/chapters/nats/scenes.ts';
import {
  DEFAULT_PARAMS,
  NUMBER_SPECS,
  SANDBOX_DESIGNS,
  canFork,
  formatSandbox,
  paramsFromScene,
  parseSandbox,
  sandboxScene,
  serialBalances,
  type SandboxParams,
} from '../../src/chapters/nats/sandbox.ts';
import type { TraceEvent } from '../../src/actors/nats/types.ts';
import { sandboxParams } from '../arbitraries.ts';

const forkable = scenes.filter(canFork);

/** Any valid settings, fresh or forked from any step of any scene that can be forked. */
const paramsArb = sandboxParams();

describe('sandbox settings in a link', () => {
  it('round-trip: any valid settings read back as written, with nothing to say', () => {
    fc.assert(
      fc.property(paramsArb, (p) => {
        const back = parseSandbox(formatSandbox(p), scenes);
        expect(back.notices).toEqual([]);
        expect(back.params).toEqual(p);
      }),
      { seed: 11, numRuns: 1_000 },
    );
  });

  it('an empty query is the defaults', () => {
    expect(parseSandbox('', scenes)).toEqual({ params: DEFAULT_PARAMS, notices: [] });
  });

  it.each([
    ['listeners=9', 'listeners', 3, /Listeners 9 is more than 3 .* so it is 3\./],
    ['listeners=0', 'listeners', 1, /Listeners 0 is under 1 .* so it is 1\./],
    ['ackwait=0.2', 'ackWaitMs', 1_000, /Ack wait 0\.2 s is under 1 s \(the server refuses an ack wait under 1 s\), so it is 1 s\./],
    ['ackwait=9999', 'ackWaitMs', 120_000, /Ack wait 9999 s is more than 120 s/],
    ['process=abc', 'processMs', 1_000, /Time per event “abc” is not a number, so it is 1 s\./],
    ['events=2.5', 'events', 3, /Events 2\.5 is not a whole number, so it is 3\./],
    ['events=-4', 'events', 0, /Events -4 is under 0/],
    ['inflight=1e9', 'maxInflight', 16_384, /Max in flight “1e9” is not a number/],
    ['users=12', 'users', 2, /Users 12 is more than 2/],
    ['seed=99999999999', 'seed', 2 ** 32 - 1, /Seed 99999999999 is more than 4294967295/],
    ['queue=maybe', 'queueGroup', true, /Queue group “maybe” is neither on nor off, so it is on\./],
    ['design=magic', 'design', 'naive', /There is no design called “magic”/],
    ['design=single-copy&listeners=3', 'listeners', 1, /A single copy of Account Srv is one listener, so there is 1, not 3\./],
  ] as const)('%s is corrected, with a sentence', (query, key, value, sentence) => {
    const { params, notices } = parseSandbox(query, scenes);
    expect(params[key]).toBe(value);
    expect(notices.join(' ')).toMatch(sentence);
  });

  it('says when a link comes from another version or carries unknown settings, and uses what it can', () => {
    const older = parseSandbox('v=0&listeners=3&colour=red', scenes);
    expect(older.params.listeners).toBe(3);
    expect(older.notices.join(' ')).toMatch(/older or unknown version/);
    expect(older.notices.join(' ')).toMatch(/“colour” is not a sandbox setting/);
    expect(parseSandbox('v=7', scenes).notices.join(' ')).toMatch(/newer version/);
  });

  it('a fork of a scene that does not exist, has no broker, or a step past its end lands somewhere sensible, with a notice', () => {
    const gone = parseSandbox('from=no-such-scene.2', scenes);
    expect(gone.params.from).toBeUndefined();
    expect(gone.notices.join(' ')).toMatch(/not a scene of this version, so it starts fresh/);
    expect(parseSandbox('from=sync-http.1', scenes).notices.join(' ')).toMatch(/no broker/);
    const past = parseSandbox('from=slow-listener.99', scenes);
    expect(past.params.from).toEqual({ sceneId: 'slow-listener', step: findScene('slow-listener')!.steps.length - 1 });
    expect(past.notices.join(' ')).toMatch(/continues from the last/);
  });

  it('never throws on random text, and whatever it reads is within bounds', () => {
    const piece = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('listeners', 'ackwait', 'process', 'design', 'from', 'v', 'queue', 'events', '=', '&', '%', '.', '-1', '1e3', 'NaN', 'slow-listener.2'));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }), (parts) => {
        const { params } = parseSandbox(parts.join(''), scenes);
        for (const spec of NUMBER_SPECS) {
          expect(params[spec.key]).toBeGreaterThanOrEqual(spec.min);
          expect(params[spec.key]).toBeLessThanOrEqual(spec.max);
          expect(Number.isInteger(params[spec.key])).toBe(true);
        }
        expect(SANDBOX_DESIGNS.map((d) => d.value)).toContain(params.design);
        expect(() => sandboxScene(params, scenes)).not.toThrow();
      }),
      { seed: 12, numRuns: 1_000 },
    );
  });
});

describe('the sandbox world', () => {
  const last = (p: SandboxParams, faults: Injection[] = []) => {
    const scene = sandboxScene(p, scenes);
    return { scene, run: runScene(scene, scene.steps.length - 1, { faults }) };
  };
  const balances = (storage: Record<string, { balance: number }>) => Object.fromEntries(Object.entries(storage).map(([u, r]) => [u, r.balance]));

  it('with the defaults, nothing broken, every design ends where a correct run does', () => {
    for (const { value } of SANDBOX_DESIGNS) {
      const { scene, run } = last({ ...DEFAULT_PARAMS, design: value, ...(value === 'single-copy' ? { listeners: 1 } : {}), users: 2, events: 6 });
      expect(balances(run.storage), value).toEqual(scene.expected);
    }
  });

  it('builds what the settings say: listeners, queue group, durable, ack wait, max in flight, time per event', () => {
    const scene = sandboxScene({ ...DEFAULT_PARAMS, listeners: 3, queueGroup: false, durable: false, ackWaitMs: 4_000, maxInflight: 2, processMs: 2_500 }, scenes);
    expect(scene.world.listeners.map((l) => l.id)).toEqual(['A', 'B', 'C']);
    for (const l of scene.world.listeners) {
      expect(l.processMs).toBe(2_500);
      for (const s of l.subscriptions) expect(s).toMatchObject({ ackWaitMs: 4_000, maxInflight: 2 });
      for (const s of l.subscriptions) expect(s.queue === undefined && s.durable === undefined).toBe(true);
    }
    expect(sandboxScene({ ...DEFAULT_PARAMS, design: 'single-copy', listeners: 1 }, scenes).world.listeners).toHaveLength(1);
    expect(sandboxScene({ ...DEFAULT_PARAMS, design: 'last-sequence' }, scenes).channels).toEqual(['account:events']);
  });

  it('the naive design demonstrably breaks on sandbox settings: without a queue group every copy applies every deposit', () => {
    const { scene, run } = last({ ...DEFAULT_PARAMS, queueGroup: false });
    expect(run.storage.Jim!.balance).not.toBe(scene.expected.Jim);
    // The same settings under the redesign: each copy sees every event, storage applies each once.
    const fixed = last({ ...DEFAULT_PARAMS, queueGroup: false, design: 'per-user-number' });
    expect(fixed.run.storage.Jim!.balance).toBe(fixed.scene.expected.Jim);
  });

  it('a sandbox link replays exactly: same settings and faults, same trace', () => {
    const p: SandboxParams = { ...DEFAULT_PARAMS, users: 2, events: 5, seed: 99 };
    const faults: Injection[] = [{ step: 2, atMs: 2_500, command: { do: 'crash', listener: 'A' } }, { step: 4, atMs: 5_000, command: { do: 'restart', listener: 'A' } }];
    const a = last(p, faults);
    const again = parseSandbox(formatSandbox(p), scenes).params;
    const b = last(again, decodeFaults(encodeFaults(faults), sandboxScene(again, scenes))!);
    expect(JSON.stringify(b.run.trace)).toBe(JSON.stringify(a.run.trace));
  });

  it('the seed changes the network timing and nothing else', () => {
    const a = last({ ...DEFAULT_PARAMS, seed: 1 }).run.trace.filter((e) => e.kind === 'receive').map((e) => e.t);
    const b = last({ ...DEFAULT_PARAMS, seed: 2 }).run.trace.filter((e) => e.kind === 'receive').map((e) => e.t);
    expect(a).not.toEqual(b);
    expect(a).toHaveLength(b.length);
  });

  it('correct balances are the events applied once in publish order', () => {
    const scene = sandboxScene({ ...DEFAULT_PARAMS, users: 2, events: 6 }, scenes);
    // Jim: +70 +40 −100; Mary: +70 +40 −100.
    expect(scene.expected).toEqual({ Jim: 10, Mary: 10 });
    expect(serialBalances({ Jim: 0 }, [{ name: 'x', title: '', narration: '', notes: '', commands: [{ do: 'publish', channel: 'c', payload: { kind: 'withdraw', user: 'Jim', amount: 5 } }] }])).toEqual({ Jim: 0 });
  });
});

describe('fork from here', () => {
  it('every step of every scene that can be forked: the fork shows exactly the state the scene showed, injected faults included', () => {
    for (const scene of forkable) {
      for (let k = 0; k < scene.steps.length; k++) {
        const faults: Injection[] = k > 0 ? [{ step: k - 1, atMs: 1_500, command: { do: 'fail-writes', listener: scene.world.listeners[0]!.id, count: 1 } }] : [];
        const fork = sandboxScene(paramsFromScene(scene, k), scenes);
        const a = runScene(scene, k, { faults });
        const b = runScene(fork, k, { faults });
        expect(JSON.stringify(b.trace), `${scene.id} step ${k}`).toBe(JSON.stringify(a.trace));
        expect(b.storage).toEqual(a.storage);
      }
    }
  });

  it('a fork carries on: new events after the story, and a changed setting applies to the world', () => {
    const slow = findScene('slow-listener')!;
    const p = { ...paramsFromScene(slow, 2), events: 2 };
    const fork = sandboxScene(p, scenes);
    expect(fork.steps.map((s) => s.name)).toEqual([...slow.steps.slice(0, 3).map((s) => s.name), 'event-1', 'event-2', 'settle']);
    const end = runScene(fork, fork.steps.length - 1);
    expect(end.trace.filter((e) => e.kind === 'publish')).toHaveLength(5);
    // No queue group: A and B both get every message from the fork on.
    const fanOut = sandboxScene({ ...p, queueGroup: false }, scenes);
    expect(fanOut.world.listeners.every((l) => l.subscriptions.every((s) => s.queue === undefined))).toBe(true);
    expect(runScene(fanOut, fanOut.steps.length - 1).trace.filter((e) => e.kind === 'deliver').length).toBeGreaterThan(end.trace.filter((e) => e.kind === 'deliver').length);
  });

  it('fewer listeners in a fork: the story’s commands to the one removed do nothing, and a step waiting on it does not hang', () => {
    const dead = findScene('dead-listener')!;
    const p = { ...paramsFromScene(dead, dead.steps.length - 1), listeners: 1 };
    const fork = sandboxScene(p, scenes);
    const end = runScene(fork, fork.steps.length - 1);
    expect(end.trace.some((e) => e.from === 'listener:B' || e.to === 'listener:B')).toBe(false);
    expect(end.t1).toBeLessThan(10 * 60_000);
  });
});

describe('the redesign in the sandbox, under random settings and random faults', () => {
  /** Each user's applied amounts, in the order storage applied them. */
  const applied = (trace: readonly TraceEvent[]) => {
    const out = new Map<string, number[]>();
    for (const e of trace) {
      if (e.kind !== 'write' || !e.payload) continue;
      out.set(e.payload.user, [...(out.get(e.payload.user) ?? []), e.payload.kind === 'withdraw' ? -e.payload.amount : e.payload.amount]);
    }
    return out;
  };

  it('never applies an event twice or out of turn: what storage applied is a prefix of each user’s events in publish order (300 runs)', () => {
    const faultArb = (listeners: string[], steps: number) =>
      fc.record({
        step: fc.integer({ min: 0, max: steps - 1 }),
        atMs: fc.integer({ min: 0, max: 15_000 }),
        command: fc.oneof(
          fc.record({ do: fc.constantFrom('crash' as const, 'restart' as const), listener: fc.constantFrom(...listeners) }),
          fc.record({ do: fc.constant('slow' as const), listener: fc.constantFrom(...listeners), processMs: fc.integer({ min: 200, max: 8_000 }) }),
          fc.record({ do: fc.constantFrom('fail-writes' as const, 'lose-acks' as const), listener: fc.constantFrom(...listeners), count: fc.integer({ min: 1, max: 3 }) }),
          fc.record({ do: fc.constant('delay' as const), listener: fc.constantFrom(...listeners), ms: fc.integer({ min: 100, max: 45_000 }) }),
        ),
      }) as fc.Arbitrary<Injection>;
    const caseArb = paramsArb
      .filter((p) => p.from === undefined)
      .map((p) => ({ ...p, design: 'per-user-number' as const, events: Math.max(p.events, 3), processMs: Math.min(p.processMs, 5_000) }))
      .chain((p) => {
        const scene = sandboxScene(p, scenes);
        return fc.record({ p: fc.constant(p), faults: fc.array(faultArb(scene.world.listeners.map((l) => l.id), scene.steps.length), { maxLength: 4 }) });
      });
    fc.assert(
      fc.property(caseArb, ({ p, faults }) => {
        const scene = sandboxScene(p, scenes);
        const run = runScene(scene, scene.steps.length - 1, { faults });
        const published = applied(run.trace.filter((e) => e.kind === 'publish').map((e) => ({ ...e, kind: 'write' as const })));
        for (const [user, got] of applied(run.trace)) expect(got, user).toEqual(published.get(user)!.slice(0, got.length));
      }),
      { seed: 2026, numRuns: 300 },
    );
  });
});
