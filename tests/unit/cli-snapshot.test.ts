/** jsonSafe and worldState: a world's actors as JSON, with nothing silently changed or thrown on. */
import { describe, expect, it } from 'vitest';
import { jsonSafe, worldState } from '../../src/cli/snapshot.ts';
import { runScene } from '../../src/chapters/engine.ts';
import { findScene } from '../../src/chapters/nats/scenes.ts';

const cyclic: Record<string, unknown> = { name: 'loop' };
cyclic.self = cyclic;
const shared = { n: 1 };
const ref = { id: 'child', send: () => {}, getSnapshot: () => ({}) };

describe('jsonSafe', () => {
  it.each([
    { args: null, expected: null },
    { args: 'text', expected: 'text' },
    { args: 3.5, expected: 3.5 },
    { args: Infinity, expected: 'Infinity' },
    { args: -Infinity, expected: '-Infinity' },
    { args: Number.NaN, expected: 'NaN' },
    { args: 10n, expected: '10' },
    { args: undefined, expected: undefined },
    { args: [1, undefined, () => 1], expected: [1, null, null] },
    { args: { a: 1, b: undefined, c: () => 1 }, expected: { a: 1 } },
    { args: new Set(['x', 'y']), expected: ['x', 'y'] },
    { args: new Map([['A', 1], ['B', Infinity]]), expected: { A: 1, B: 'Infinity' } },
    { args: new Map([[{ k: 1 }, 'v']]), expected: [[{ k: 1 }, 'v']] },
    { args: { child: ref }, expected: { child: { actor: 'child' } } },
    { args: cyclic, expected: { name: 'loop', self: '[circular]' } },
    { args: { a: shared, b: shared }, expected: { a: { n: 1 }, b: { n: 1 } } },
    { args: { at: { toJSON: () => 'then' } }, expected: { at: 'then' } },
  ])('$args → $expected', ({ args, expected }) => {
    expect(jsonSafe(args)).toEqual(expected);
  });

  it('leaves its input as it was', () => {
    const input = { m: new Map([['a', [1, Infinity]]]), s: new Set([1]) };
    const before = structuredClone(input);
    jsonSafe(input);
    expect(input).toEqual(before);
  });
});

describe('worldState', () => {
  it('every actor of a scene’s world, its state value and context, through JSON unchanged', () => {
    const r = runScene(findScene('happy-path')!, 4);
    const state = worldState(r.world);
    expect(Object.keys(state)).toEqual([...r.world.actors.keys()]);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
    expect(state.storage).toMatchObject({ context: { accounts: { Jim: { balance: 10 } } } });
  });
});
