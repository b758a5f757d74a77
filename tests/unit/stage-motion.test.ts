// @vitest-environment happy-dom
/**
 * The stage in motion and its geometry, for every step of every chapter-1 board scene at both
 * layouts: tokens in flight never cover one another, the dashed connectors never cross, a write
 * flies to storage before the balance changes, the server's ack waits sit on the broker's held
 * messages, a step starts moving at once, the phone's stage fits above the narration, and every
 * actor has one name at every size.
 */
import { describe, expect, it } from 'vitest';
import { scenes } from '../../src/chapters/nats/scenes.ts';
import { LEAD_IN_MS, stepFrames } from '../../src/deck/frames.ts';
import { connectors, layoutFor, type Connector, type LayoutKind } from '../../src/stage/layout.ts';
import { renderStage } from '../../src/stage/render.ts';
import { placeTokens } from '../../src/stage/tokens.canvas.ts';
import type { ViewState } from '../../src/stage/view.ts';

const board = scenes.filter((s) => !s.stage);
const kinds: LayoutKind[] = ['landscape', 'portrait'];
/** Frames sampled per step: about one per 16 ms of a 1 s animation. */
const SAMPLES = 64;

type Box = { x: number; y: number; w: number; h: number };
/** Whether two boxes share area (touching edges do not count). */
const overlap = (a: Box, b: Box) => a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h - 0.5 && b.y < a.y + a.h - 0.5;

/** Whether two segments cross or overlap anywhere but at an end they share. */
function cross(p: Connector, q: Connector): boolean {
  const same = (u: { x: number; y: number }, v: { x: number; y: number }) => Math.abs(u.x - v.x) < 1e-6 && Math.abs(u.y - v.y) < 1e-6;
  const orient = (a: { x: number; y: number }, b: { x: number; y: number }, c: { x: number; y: number }) => Math.sign((b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x));
  const o1 = orient(p.a, p.b, q.a);
  const o2 = orient(p.a, p.b, q.b);
  const o3 = orient(q.a, q.b, p.a);
  const o4 = orient(q.a, q.b, p.b);
  const shared = same(p.a, q.a) || same(p.a, q.b) || same(p.b, q.a) || same(p.b, q.b);
  if (o1 === 0 && o2 === 0) {
    // Collinear: they overlap when their spans share more than a point.
    const span = (c: Connector) => [Math.min(c.a.x, c.b.x) + Math.min(c.a.y, c.b.y), Math.max(c.a.x, c.b.x) + Math.max(c.a.y, c.b.y)] as const;
    const [a0, a1] = span(p);
    const [b0, b1] = span(q);
    return Math.min(a1, b1) - Math.max(a0, b0) > 1e-6;
  }
  if (shared) return false;
  return o1 !== o2 && o3 !== o4 && o1 !== 0 && o2 !== 0 && o3 !== 0 && o4 !== 0;
}

describe('tokens in flight', () => {
  // The chaos explorer's scene shows a panel, not a run.
  for (const scene of board.filter((s) => !s.panel)) {
    for (const kind of kinds) {
      it(`${scene.id}, ${kind}: no two overlap at any sampled moment of any step`, () => {
        const layout = layoutFor(kind, scene);
        let seen = 0;
        for (let k = 0; k < scene.steps.length; k++) {
          const frames = stepFrames(scene, k);
          for (let i = 0; i <= SAMPLES; i++) {
            const view = frames.at(i / SAMPLES);
            const places = placeTokens(layout, view.tokens);
            const boxes = view.tokens.flatMap((t) => {
              const b = places.get(t.id)?.box;
              return b ? [{ t, b }] : [];
            });
            seen += boxes.length;
            for (let a = 0; a < boxes.length; a++)
              for (let b = a + 1; b < boxes.length; b++)
                expect(overlap(boxes[a]!.b, boxes[b]!.b), `step ${k} at ${view.t} ms: ${boxes[a]!.t.kind} #${boxes[a]!.t.msg} (lane ${boxes[a]!.t.lane}) and ${boxes[b]!.t.kind} #${boxes[b]!.t.msg} (lane ${boxes[b]!.t.lane})`).toBe(false);
          }
        }
        // The check looked at tokens, not at an empty stage.
        expect(seen).toBeGreaterThan(0);
      });
    }
  }

  it('a write flies to storage before the balance changes', () => {
    const scene = scenes.find((s) => s.id === 'happy-path')!;
    const frames = stepFrames(scene, 2);
    const views = Array.from({ length: SAMPLES + 1 }, (_, i) => frames.at(i / SAMPLES));
    const firstWrite = views.findIndex((v) => v.tokens.some((t) => t.kind === 'write'));
    expect(firstWrite).toBeGreaterThan(0);
    const before = views[firstWrite]!.storage[0]!.balance;
    const changed = views.findIndex((v) => v.storage[0]!.balance !== before);
    // The balance changes after the write set off, once it has landed.
    expect(changed).toBeGreaterThan(firstWrite);
    expect(views[changed]!.tokens.some((t) => t.kind === 'write' && t.from === views[firstWrite]!.tokens.find((u) => u.kind === 'write')!.from)).toBe(false);
  });
});

describe('connectors', () => {
  for (const scene of board) {
    for (const kind of kinds) {
      it(`${scene.id}, ${kind}: no two segments cross`, () => {
        const lines = connectors(layoutFor(kind, scene));
        expect(lines.length).toBeGreaterThan(scene.channels.length);
        for (let i = 0; i < lines.length; i++) for (let j = i + 1; j < lines.length; j++) expect(cross(lines[i]!, lines[j]!), `${lines[i]!.id} × ${lines[j]!.id}`).toBe(false);
      });
    }
  }

  it('the crossing test does catch an X', () => {
    expect(cross({ id: 'a', a: { x: 0, y: 0 }, b: { x: 10, y: 10 } }, { id: 'b', a: { x: 0, y: 10 }, b: { x: 10, y: 0 } })).toBe(true);
    expect(cross({ id: 'a', a: { x: 0, y: 0 }, b: { x: 10, y: 0 } }, { id: 'b', a: { x: 10, y: 0 }, b: { x: 10, y: 10 } })).toBe(false);
  });
});

const SVG_NS = 'http://www.w3.org/2000/svg';
const draw = (view: ViewState, kind: LayoutKind, scene: (typeof board)[number]): SVGSVGElement => {
  const svg = document.createElementNS(SVG_NS, 'svg') as SVGSVGElement;
  document.body.append(svg);
  renderStage(svg, view, layoutFor(kind, scene), { reducedMotion: true });
  return svg;
};

/**
 * Phone stages still over the 470 units: a step's figure under the channels (channel-per-user),
 * and a publisher's table that leaves the broker room for two cells a row (who-publishes).
 */
const OVER_BUDGET: Record<string, number> = { 'channel-per-user': 570, 'who-publishes': 480 };

describe('the picture', () => {
  it('draws the ack waits on the messages the broker holds, not in the listeners', () => {
    const scene = scenes.find((s) => s.id === 'slow-listener')!;
    const frames = stepFrames(scene, 2);
    const view = frames.at(0.5);
    expect(view.listeners.some((l) => l.unacked.length > 0)).toBe(true);
    for (const kind of kinds) {
      const svg = draw(view, kind, scene);
      const rings = [...svg.querySelectorAll('g.ackwait:not([display="none"])')];
      expect(rings.length).toBe(view.listeners.reduce((n, l) => n + l.unacked.length, 0));
      for (const r of rings) {
        expect(r.closest('[data-channel]')).not.toBeNull();
        expect(r.closest('[data-party]')).toBeNull();
      }
      svg.remove();
    }
  });

  for (const scene of board) {
    it(`${scene.id}: every box has the same title in both layouts, and the phone's stage fits above the narration`, () => {
      const titles = (kind: LayoutKind) => {
        const svg = draw(stepFrames(scene, scene.steps.length - 1).at(1), kind, scene);
        const out = [...svg.querySelectorAll('text.box-title')].map((t) => t.textContent);
        svg.remove();
        return out;
      };
      expect(titles('portrait')).toEqual(titles('landscape'));
      expect(titles('landscape').length).toBe(3 + scene.world.listeners.length);
      expect(layoutFor('portrait', scene).heightPx).toBeLessThanOrEqual(OVER_BUDGET[scene.id] ?? 470);
    });
  }

  for (const scene of board) {
    it(`${scene.id}: at the end of every step, the storage box holds all it shows`, () => {
      for (const kind of kinds) {
        const s = layoutFor(kind, scene).storage.rect;
        for (let k = 0; k < scene.steps.length; k++) {
          const svg = draw(stepFrames(scene, k).at(1), kind, scene);
          const g = svg.querySelector('g.layer-storage')!;
          expect(g.textContent, `${kind} step ${k}`).not.toMatch(/and \d+ more/);
          const bottoms = [...g.querySelectorAll('text')].filter((t) => t.textContent).map((t) => Number(t.getAttribute('y')));
          for (const r of g.querySelectorAll('rect')) if (r.closest('[display="none"]') === null && r.getAttribute('display') !== 'none') bottoms.push(Number(r.getAttribute('y')) + Number(r.getAttribute('height')));
          expect(Math.max(...bottoms), `${kind} step ${k}`).toBeLessThanOrEqual(s.y + s.h);
          svg.remove();
        }
      }
    });
  }

  for (const scene of board) {
    it(`${scene.id}: every step starts moving within ${LEAD_IN_MS} ms`, () => {
      for (let k = 0; k < scene.steps.length; k++) {
        const { timeline: tl, result } = stepFrames(scene, k);
        if (tl.durationMs === 0) continue;
        const first = result.trace.find((e, i) => i >= result.stepStart && e.t > tl.t0);
        if (!first) continue;
        // Animation progress at which the step's first event happens.
        let lo = 0;
        let hi = 1;
        for (let i = 0; i < 40; i++) {
          const mid = (lo + hi) / 2;
          if (tl.virtualAt(mid) < first.t) lo = mid;
          else hi = mid;
        }
        expect(hi * tl.durationMs, `step ${k}`).toBeLessThanOrEqual(LEAD_IN_MS + 1);
      }
    });
  }
});
