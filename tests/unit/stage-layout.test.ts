/**
 * Layout sanity for both layouts and every chapter-1 scene: everything inside the picture, columns
 * that do not overlap, and no type under 24 px in the landscape (projector) layout.
 */
import { describe, expect, it } from 'vitest';
import { scenes } from '../../src/chapters/nats/scenes.ts';
import { fitText, layoutFor, tokenPath, type LayoutKind, type Rect } from '../../src/stage/layout.ts';
import { pillPath } from '../../src/stage/pill.ts';
import { fixtureScene } from './stage-fixture.ts';

const inside = (r: Rect, w: number, h: number) => r.x >= 0 && r.y >= 0 && r.x + r.w <= w && r.y + r.h <= h;
const apart = (a: Rect, b: Rect) => a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;

describe('layoutFor', () => {
  const all = [fixtureScene, ...scenes];
  const kinds: LayoutKind[] = ['landscape', 'portrait'];
  for (const scene of all) {
    for (const kind of kinds) {
      it(`${scene.id} ${kind}: boxes fit and do not overlap`, () => {
        const before = structuredClone(scene);
        const l = layoutFor(kind, scene);
        // A scene that declares its stage has its own boxes: the declared nodes.
        const boxes = l.declared ? [...l.declared.nodes.values()].map((n) => n.rect) : [l.publisher.rect, l.broker, ...l.listeners.map((x) => x.rect), l.storage.rect];
        for (const b of boxes) expect(inside(b, l.widthPx, l.heightPx), JSON.stringify(b)).toBe(true);
        for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(apart(boxes[i]!, boxes[j]!)).toBe(true);
        for (const c of l.channels) expect(c.maxCells).toBeGreaterThanOrEqual(3);
        expect(scene).toEqual(before);
      });
    }
    it(`${scene.id} landscape: no type under 24 px`, () => {
      const l = layoutFor('landscape', scene);
      expect(Math.min(...Object.values(l.fontPx))).toBeGreaterThanOrEqual(24);
    });
  }

  it('gives every hop an edge', () => {
    const l = layoutFor('landscape', fixtureScene);
    expect(tokenPath(l, { kind: 'publish', from: 'publisher', to: 'server', channel: 'account:deposit' })).toBeDefined();
    expect(tokenPath(l, { kind: 'redeliver', from: 'server', to: 'listener:B', channel: 'account:deposit' })).toBeDefined();
    expect(tokenPath(l, { kind: 'ack', from: 'listener:A', to: 'server', channel: 'account:withdraw' })).toBeDefined();
    expect(tokenPath(l, { kind: 'deliver', from: 'server', to: 'listener:Z', channel: 'account:deposit' })).toBeUndefined();
  });
});

describe('pillPath', () => {
  it.each([
    { args: ['deposit', 100, 40] as const, expected: /A20,20/ },
    { args: ['withdraw', 100, 40] as const, expected: /^M-50,0L/ },
  ])('$args.0 has its own shape', ({ args, expected }) => {
    expect(pillPath(args[0], args[1], args[2])).toMatch(expected);
  });

  it('draws each message kind as its own outline, not only in its own colour', () => {
    const kinds = ['deposit', 'withdraw', 'tweet'] as const;
    // The outline's commands with the numbers taken out: the shape, whatever its size.
    const shape = (k: (typeof kinds)[number] | 'ack') => pillPath(k, 100, 40).replace(/[-\d.,\s]+/g, ' ').trim();
    expect(new Set(kinds.map(shape)).size).toBe(kinds.length);
    // An ack is a rounded box like a deposit's capsule, with much tighter corners.
    expect(pillPath('ack', 100, 40)).not.toBe(pillPath('deposit', 100, 40));
  });
});

describe('fitText', () => {
  const m = { charWidthEm: 0.5 };
  it.each([
    ['short', 16, 200, 'short'],
    ['The redesign: numbered transactions', 16, 200, 'The redesign: numbered t\u2026'],
    ['abc', 16, 1, 'a\u2026'],
  ])('%j at %ipx in %ipx → %j', (text, font, max, expected) => {
    expect(fitText(m, text, font, max)).toBe(expected);
  });
});
