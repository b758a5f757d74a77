/**
 * The deck's pure parts as tables: hash routing (good, bad and stale links), the step a key press
 * leads to, which keys do what, and the query string.
 */
import { describe, expect, it } from 'vitest';
import { keyAction, type KeyLike } from '../../src/deck/keys.ts';
import { parseQuery } from '../../src/deck/query.ts';
import { formatHash, neighbour, parseHash, type Direction, type Place, type SceneRef } from '../../src/deck/route.ts';

const named = (...names: string[]) => names.map((name) => ({ name }));
const scenes: SceneRef[] = [
  { id: 'happy-path', chapter: 'nats', title: 'The happy path', steps: named('ready', 'publish-all', 'deposits', 'withdraw', 'settled') },
  { id: 'storage-fails', chapter: 'nats', title: 'A listener fails to process', steps: named('ready', 'publish-all', 'b-deposits', 'withdraw-refused', 'ack-wait', 'late-deposit') },
  { id: 'slow-listener', chapter: 'nats', title: 'One listener is slower', steps: named('join-order', 'a-slows-down', 'publish-all', 'b-races-ahead', 'a-finishes') },
];
/** With a scene whose names a link cannot carry: shared by two steps, or a number (which reads as an index). */
const all: SceneRef[] = [...scenes, { id: 'odd-names', chapter: 'nats', title: 'Odd names', steps: named('twice', 'twice', '7', 'fine') }];

describe('parseHash', () => {
  it.each([
    { args: '', expected: { place: { sceneId: 'happy-path', step: 0 }, notice: undefined } },
    { args: '#', expected: { place: { sceneId: 'happy-path', step: 0 }, notice: undefined } },
    { args: '#/', expected: { place: { sceneId: 'happy-path', step: 0 }, notice: undefined } },
    { args: '#/nats/slow-listener/3', expected: { place: { sceneId: 'slow-listener', step: 3 }, notice: undefined } },
    { args: '#/nats/slow-listener', expected: { place: { sceneId: 'slow-listener', step: 0 }, notice: undefined } },
    { args: '#/nats/slow-listener/', expected: { place: { sceneId: 'slow-listener', step: 0 }, notice: undefined } },
    { args: '#/nats/nope/0', expected: { place: { sceneId: 'happy-path', step: 0 }, notice: /no scene called “nope”/ } },
    { args: '#/nats/happy-path/99', expected: { place: { sceneId: 'happy-path', step: 4 }, notice: /has 5 steps and step 99 is past the end/ } },
    { args: '#/nats/happy-path/-1', expected: { place: { sceneId: 'happy-path', step: 0 }, notice: /start at 0/ } },
    { args: '#/nats/happy-path/abc', expected: { place: { sceneId: 'happy-path', step: 0 }, notice: /has no step called “abc”, so here is step 1 of 5/ } },
    { args: '#/nats/happy-path/1.5', expected: { place: { sceneId: 'happy-path', step: 0 }, notice: /no step called “1.5”/ } },
    // Steps by their names: what the deck writes. A number still reads as the 0-based index old links used.
    { args: '#/nats/storage-fails/withdraw-refused', expected: { place: { sceneId: 'storage-fails', step: 3 }, notice: undefined } },
    { args: '#/nats/storage-fails/3', expected: { place: { sceneId: 'storage-fails', step: 3 }, notice: undefined } },
    { args: '#/nats/storage-fails/Withdraw-Refused', expected: { place: { sceneId: 'storage-fails', step: 3 }, notice: undefined } },
    { args: '#/nats/slow-listener/publish-all', expected: { place: { sceneId: 'slow-listener', step: 2 }, notice: undefined } },
    { args: '#/nats/storage-fails/withdraw%2Drefused', expected: { place: { sceneId: 'storage-fails', step: 3 }, notice: undefined } },
    { args: '#/storage-fails/ack-wait', expected: { place: { sceneId: 'storage-fails', step: 4 }, notice: /left out the chapter/ } },
    { args: '#/nats/storage-fails/withdraw-accepted', expected: { place: { sceneId: 'storage-fails', step: 0 }, notice: /“A listener fails to process” has no step called “withdraw-accepted”, so here is step 1 of 6/ } },
    { args: '#/nats/odd-names/twice', expected: { place: { sceneId: 'odd-names', step: 0 }, notice: /no step called “twice”/ } },
    { args: '#/nats/odd-names/7', expected: { place: { sceneId: 'odd-names', step: 3 }, notice: /past the end/ } },
    { args: '#/nats/odd-names/fine', expected: { place: { sceneId: 'odd-names', step: 3 }, notice: undefined } },
    { args: '#/garbage', expected: { place: { sceneId: 'happy-path', step: 0 }, notice: /does not name a scene/ } },
    { args: '#/nats/Storage-Fails/2', expected: { place: { sceneId: 'storage-fails', step: 2 }, notice: undefined } },
    { args: '#/storage-fails/2', expected: { place: { sceneId: 'storage-fails', step: 2 }, notice: /left out the chapter/ } },
    { args: '#/rabbit/storage-fails/2', expected: { place: { sceneId: 'storage-fails', step: 2 }, notice: /chapter “nats”, not “rabbit”/ } },
    { args: '#/nats/happy-path/2/extra', expected: { place: { sceneId: 'happy-path', step: 2 }, notice: /“extra”\) was ignored/ } },
    { args: '#/nats/%E0%A4%A/2', expected: { place: { sceneId: 'happy-path', step: 0 }, notice: /no scene called/ } },
    { args: `#/nats/${'x'.repeat(500)}/0`, expected: { place: { sceneId: 'happy-path', step: 0 }, notice: /x…”/ } },
  ])('$args', ({ args, expected }) => {
    const before = structuredClone(all);
    const r = parseHash(args, all);
    expect(r.place).toEqual(expected.place);
    if (expected.notice === undefined) expect(r.notice).toBeUndefined();
    else expect(r.notice).toMatch(expected.notice);
    expect(all).toEqual(before);
  });

  it('every notice is one short sentence', () => {
    for (const h of ['#/nats/nope/0', '#/garbage', '#/nats/happy-path/99', `#/${'y'.repeat(3000)}`]) {
      const n = parseHash(h, scenes).notice!;
      expect(n).toMatch(/^[A-Z“].*\.$/);
      expect(n.length).toBeLessThan(200);
    }
  });

  it('round-trips with formatHash', () => {
    for (const s of all) for (let k = 0; k < s.steps.length; k++) {
      const place = { sceneId: s.id, step: k };
      expect(parseHash(formatHash(all, place), all)).toEqual({ place });
    }
  });

  it('formatHash names the step, and falls back to its number only where a name cannot say it', () => {
    expect(formatHash(scenes, { sceneId: 'storage-fails', step: 3 })).toBe('#/nats/storage-fails/withdraw-refused');
    expect(formatHash(scenes, { sceneId: 'happy-path', step: 0 })).toBe('#/nats/happy-path/ready');
    // Two steps called 'twice', and one called '7' (a number would be read as an index).
    expect(formatHash(all, { sceneId: 'odd-names', step: 0 })).toBe('#/nats/odd-names/0');
    expect(formatHash(all, { sceneId: 'odd-names', step: 1 })).toBe('#/nats/odd-names/1');
    expect(formatHash(all, { sceneId: 'odd-names', step: 2 })).toBe('#/nats/odd-names/2');
    expect(formatHash(all, { sceneId: 'odd-names', step: 3 })).toBe('#/nats/odd-names/fine');
  });

  it('a named link survives a step added before it; a numbered one does not', () => {
    const before = scenes.find((s) => s.id === 'storage-fails')!;
    const after: SceneRef[] = [{ ...before, steps: [{ name: 'intro' }, ...before.steps] }];
    const link = formatHash(scenes, { sceneId: 'storage-fails', step: 3 });
    expect(parseHash(link, after).place).toEqual({ sceneId: 'storage-fails', step: 4 });
    expect(parseHash('#/nats/storage-fails/3', after).place).toEqual({ sceneId: 'storage-fails', step: 3 });
  });
});

describe('neighbour', () => {
  const cases: { args: [Place, Direction]; expected: Place }[] = [
    { args: [{ sceneId: 'happy-path', step: 0 }, 'next'], expected: { sceneId: 'happy-path', step: 1 } },
    { args: [{ sceneId: 'happy-path', step: 4 }, 'next'], expected: { sceneId: 'storage-fails', step: 0 } },
    { args: [{ sceneId: 'storage-fails', step: 0 }, 'prev'], expected: { sceneId: 'happy-path', step: 4 } },
    { args: [{ sceneId: 'happy-path', step: 0 }, 'prev'], expected: { sceneId: 'happy-path', step: 0 } },
    { args: [{ sceneId: 'slow-listener', step: 4 }, 'next'], expected: { sceneId: 'slow-listener', step: 4 } },
    { args: [{ sceneId: 'storage-fails', step: 3 }, 'first'], expected: { sceneId: 'storage-fails', step: 0 } },
    { args: [{ sceneId: 'storage-fails', step: 3 }, 'last'], expected: { sceneId: 'storage-fails', step: 5 } },
    { args: [{ sceneId: 'gone', step: 3 }, 'next'], expected: { sceneId: 'gone', step: 3 } },
  ];
  it.each(cases)('$args.0.sceneId/$args.0.step $args.1', ({ args, expected }) => {
    const before = structuredClone(args);
    expect(neighbour(scenes, ...args)).toEqual(expected);
    expect(args).toEqual(before);
  });
});

describe('keyAction', () => {
  const cases: { args: KeyLike; expected: ReturnType<typeof keyAction> }[] = [
    { args: { key: 'ArrowRight' }, expected: 'next' },
    { args: { key: 'ArrowDown' }, expected: 'next' },
    { args: { key: ' ' }, expected: 'next' },
    { args: { key: 'PageDown' }, expected: 'next' },
    { args: { key: 'n' }, expected: 'next' },
    { args: { key: 'ArrowLeft' }, expected: 'prev' },
    { args: { key: 'ArrowUp' }, expected: 'prev' },
    { args: { key: 'PageUp' }, expected: 'prev' },
    { args: { key: 'P' }, expected: 'prev' },
    { args: { key: 'Home' }, expected: 'first' },
    { args: { key: 'End' }, expected: 'last' },
    { args: { key: 'k' }, expected: 'toggle-play' },
    { args: { key: '+' }, expected: 'faster' },
    { args: { key: '-' }, expected: 'slower' },
    { args: { key: 'x' }, expected: 'break' },
    { args: { key: 'q' }, expected: undefined },
    { args: { key: 'ArrowRight', ctrlKey: true }, expected: undefined },
    { args: { key: 'ArrowRight', altKey: true }, expected: undefined },
    { args: { key: 'ArrowRight', targetTag: 'SELECT' }, expected: undefined },
    { args: { key: 'n', targetTag: 'input' }, expected: undefined },
    { args: { key: 'n', targetEditable: true }, expected: undefined },
    { args: { key: ' ', targetTag: 'BUTTON' }, expected: undefined },
    { args: { key: 'ArrowRight', targetTag: 'BUTTON' }, expected: 'next' },
  ];
  it.each(cases)('$args', ({ args, expected }) => {
    expect(keyAction(args)).toBe(expected);
  });
});

describe('parseQuery', () => {
  it.each([
    { args: '', expected: {} },
    { args: '?stress=500', expected: { stress: 500 } },
    { args: '?stress=99999', expected: { stress: 2000 } },
    { args: '?stress=-3', expected: {} },
    { args: '?stress=lots', expected: {} },
    { args: '?seed=1&mode=present', expected: { seed: 1, mode: 'present' } },
    { args: '?seed=1e99&mode=cinema', expected: {} },
  ])('$args', ({ args, expected }) => {
    expect(parseQuery(args)).toEqual(expected);
  });
});
