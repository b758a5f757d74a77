/**
 * The kernel on its own, with a tiny family made up for the test (no domain word): actors spawn
 * by kind, commands go to the family that owns them, the network keeps order only on a
 * connection, real-scale time skips idle stretches (7 days, 8.5 years), and a runaway stops with
 * a clear message instead of hanging.
 */
import { describe, expect, it } from 'vitest';
import { assign, emit, enqueueActions, setup } from 'xstate';
import type { Emitted } from '../../src/kernel/ports.ts';
import { createRegistry, type Plugin } from '../../src/kernel/registry.ts';
import type { KernelConfig } from '../../src/kernel/types.ts';
import { XStateWorld as World } from '../../src/kernel/xstate.ts';

/** A pinger sends `n` pings to `to` (each its own hop), optionally on connections of their own. */
const pinger = setup({
  types: { context: {} as { to: string; own: boolean; sent: number }, events: {} as { type: 'go'; n: number; t: number }, emitted: {} as Emitted, input: {} as { to: string; own?: boolean } },
  actions: {
    'send the pings': enqueueActions(({ context, event, enqueue }) => {
      for (let i = 0; i < event.n; i++) {
        const id = context.sent + i + 1;
        enqueue.emit({ type: 'out', to: context.to, via: 'net', event: { type: 'ping', id }, trace: { kind: 'ping', msg: id, from: 'a', to: context.to }, ...(context.own ? { conn: `call-${id}` } : {}) });
      }
      enqueue.assign({ sent: context.sent + event.n });
    }),
  },
}).createMachine({ context: ({ input }) => ({ to: input.to, own: input.own ?? false, sent: 0 }), on: { go: { actions: 'send the pings' } } });

/** An echo traces each ping it gets. */
const echo = setup({
  types: { context: {} as { got: number[] }, events: {} as { type: 'ping'; id: number; t: number }, emitted: {} as Emitted },
  actions: {
    'note it': assign({ got: ({ context, event }) => [...context.got, event.id] }),
    'trace it': emit(({ event }) => ({ type: 'trace', entry: { kind: 'pong', msg: event.id, to: 'b' } })),
  },
}).createMachine({ context: { got: [] }, on: { ping: { actions: ['note it', 'trace it'] } } });

/** A timer that fires once after `afterMs`, however far away. */
const alarm = setup({
  types: { context: {} as { afterMs: number }, events: {} as { type: 'arm'; t: number } | { type: 'ring'; t: number }, emitted: {} as Emitted, input: {} as { afterMs: number } },
  actions: {
    arm: emit(({ context }) => ({ type: 'out', to: 'clock', via: context.afterMs, event: { type: 'ring' } })),
    ring: emit(() => ({ type: 'trace', entry: { kind: 'ring' } })),
  },
}).createMachine({ context: ({ input }) => ({ afterMs: input.afterMs }), on: { arm: { actions: 'arm' }, ring: { actions: 'ring' } } });

/** A loop: every tick schedules the next one at once, forever. */
const loop = setup({
  types: { events: {} as { type: 'tick'; t: number }, emitted: {} as Emitted },
  actions: { again: emit(() => ({ type: 'out', to: 'loop', via: 0, event: { type: 'tick' } })) },
}).createMachine({ on: { tick: { actions: 'again' } } });

const toy: Plugin = {
  id: 'toy',
  kinds: [
    { kind: 'toy.pinger', machine: pinger, input: (c) => c },
    { kind: 'toy.echo', machine: echo, input: () => ({}) },
    { kind: 'toy.alarm', machine: alarm, input: (c) => c },
    { kind: 'toy.loop', machine: loop, input: () => ({}) },
  ],
  commands: {
    go: (c, w) => w.send('a', { type: 'go', n: c.n }),
    arm: (_c, w) => w.send('clock', { type: 'arm' }),
    spin: (_c, w) => w.send('loop', { type: 'tick' }),
  },
};
const registry = createRegistry([toy]);

const world = (over: Partial<KernelConfig> = {}, own = false) =>
  new World(
    {
      seed: 3,
      actors: [
        { name: 'a', kind: 'toy.pinger', config: { to: 'b', own } },
        { name: 'b', kind: 'toy.echo', config: {} },
      ],
      network: { latencyMs: 100, jitterMs: 400 },
      ...over,
    },
    registry,
  );

describe('the kernel', () => {
  it('spawns actors by kind and dispatches commands to the family that owns them', () => {
    const w = world();
    w.apply({ do: 'go', n: 3 });
    w.run({ kind: 'quiet' });
    expect(w.trace.filter((e) => e.kind === 'pong').map((e) => e.msg)).toEqual([1, 2, 3]);
    expect(() => w.apply({ do: 'nope' })).toThrow(/no family handles the command "nope"/);
    expect(() => createRegistry([toy, toy])).toThrow(/registered by both toy and toy/);
  });

  it('keeps order on one connection however the jitter falls, and lets parallel calls overtake', () => {
    for (let seed = 0; seed < 40; seed++) {
      const one = world({ seed });
      one.apply({ do: 'go', n: 6 });
      one.run({ kind: 'quiet' });
      expect(one.trace.filter((e) => e.kind === 'pong').map((e) => e.msg)).toEqual([1, 2, 3, 4, 5, 6]);
    }
    // On connections of their own, some seed lets a later ping arrive first.
    const overtaken = Array.from({ length: 40 }, (_, seed) => {
      const w = world({ seed }, true);
      w.apply({ do: 'go', n: 6 });
      w.run({ kind: 'quiet' });
      return w.trace.filter((e) => e.kind === 'pong').map((e) => e.msg).join();
    }).some((order) => order !== '1,2,3,4,5,6');
    expect(overtaken).toBe(true);
  });

  it('takes latency and jitter per edge', () => {
    const w = world({ network: { latencyMs: 100, jitterMs: 0, edges: [{ from: 'a', to: 'b', latencyMs: 2_500 }] } });
    w.apply({ do: 'go', n: 1 });
    const ping = w.trace.find((e) => e.kind === 'ping')!;
    expect(ping.arrives! - ping.t).toBe(2_500);
  });

  it.each([
    ['7 days', 7 * 86_400_000],
    ['8.5 years', 268_435_455_000],
  ])('runs %s of virtual time in one jump, skipping the idle stretch', (_, afterMs) => {
    const w = new World({ seed: 1, actors: [{ name: 'clock', kind: 'toy.alarm', config: { afterMs } }], network: { latencyMs: 0, jitterMs: 0 } }, registry);
    w.apply({ do: 'arm' });
    w.run({ kind: 'quiet' });
    expect(w.trace.map((e) => [e.kind, e.t])).toEqual([['ring', afterMs]]);
    expect(w.halted).toBeUndefined();
  });

  it('stops a runaway (timers without end) with a clear message in the trace', () => {
    const w = new World({ seed: 1, actors: [{ name: 'loop', kind: 'toy.loop', config: {} }], network: { latencyMs: 0, jitterMs: 0 } }, registry);
    w.apply({ do: 'spin' });
    w.run({ kind: 'quiet' });
    expect(w.halted).toMatch(/timers fired/);
    expect(w.trace.at(-1)).toMatchObject({ kind: 'runaway' });
    // Nothing runs after that.
    w.run({ kind: 'for', ms: 1_000 });
    expect(w.trace.filter((e) => e.kind === 'runaway')).toHaveLength(1);
  });
});
