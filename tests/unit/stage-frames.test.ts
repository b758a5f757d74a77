// @vitest-environment happy-dom
/**
 * The stage is drawn frame after frame into the same <svg>, and each frame writes only what
 * changed (quiet.ts) into elements reused by place (a channel's cells, the publisher's pills).
 * So a picture drawn that way must be the picture a fresh <svg> gets from the same view: at many
 * times of every step of every scene of both chapters, at both layouts, and through a flood of
 * 10,000 messages whose every frame moves the cells along. Compared element by element, with
 * attributes in name order (a reused element may have gained them in another order), siblings
 * in order of their text (an element first needed in a later frame is added after the others;
 * that was so before quiet writes too), and a hidden element (display none) by its tag alone.
 */
import { describe, expect, it } from 'vitest';
import { runScene } from '../../src/chapters/engine.ts';
import { scenes as natsScenes } from '../../src/chapters/nats/scenes.ts';
import { scenes as futureScenes } from '../../src/chapters/future/scenes.ts';
import { floodScene } from '../../src/chapters/nats/flood.ts';
import { stressTrace } from '../../src/chapters/nats/stressTrace.ts';
import type { Scene } from '../../src/chapters/types.ts';
import { renderDeclared } from '../../src/stage/declared/render.ts';
import { layoutFor, type LayoutKind, type StageLayout } from '../../src/stage/layout.ts';
import { quietWrites } from '../../src/stage/quiet.ts';
import { renderStage } from '../../src/stage/render.ts';
import { viewAt, type ViewState } from '../../src/stage/view.ts';
import { select } from 'd3-selection';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An element and its subtree as text: tag, attributes sorted by name, then its children (text nodes as their text). */
function shape(node: Node): string {
  if (node.nodeType === 3) return JSON.stringify(node.nodeValue);
  if (node.nodeType !== 1) return '';
  const el = node as Element;
  const attrs = [...el.attributes].map((a) => `${a.name}=${JSON.stringify(a.value)}`).sort();
  // A hidden element is not drawn: what it still holds from an earlier frame is not part of the picture.
  if (el.getAttribute('display') === 'none') return `<${el.tagName} hidden>`;
  // Siblings in name order: an element first needed in a later frame is added after its siblings, where a fresh svg makes it in drawing order.
  const children = [...el.childNodes].map(shape).sort().join('');
  return `<${el.tagName} ${attrs.join(' ')}>${children}</${el.tagName}>`;
}

function draw(svg: SVGSVGElement, view: ViewState, layout: StageLayout): void {
  if (view.declared && layout.declared) renderDeclared(svg, { t: view.t, title: view.title, view: view.declared, highlight: view.highlight, ...(view.verdicts ? { verdicts: view.verdicts } : {}) }, layout.declared, { reducedMotion: false });
  else renderStage(svg, view, layout, { reducedMotion: false });
}

function freshSvg(): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg') as SVGSVGElement;
  document.body.append(svg);
  return svg;
}

/** Draws `views` one after another into one svg and checks each frame against a fresh svg; returns how many frames differed. */
function framesAgree(views: readonly ViewState[], layout: StageLayout): { frames: number; first?: { frame: number; live: string; fresh: string } } {
  const live = freshSvg();
  let first: { frame: number; live: string; fresh: string } | undefined;
  views.forEach((view, frame) => {
    draw(live, view, layout);
    const fresh = freshSvg();
    draw(fresh, view, layout);
    const a = shape(live);
    const b = shape(fresh);
    fresh.remove();
    if (a !== b && !first) first = { frame, live: a, fresh: b };
  });
  live.remove();
  return { frames: views.length, ...(first ? { first } : {}) };
}

/** Where two shapes first differ, with a little context. */
const firstDifference = (a: string, b: string): string => {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `…${a.slice(Math.max(0, i - 120), i + 120)}…\n≠\n…${b.slice(Math.max(0, i - 120), i + 120)}…`;
};

/** The frames of a whole scene, as the deck plays it: a few times inside each step, steps in order. */
function sceneFrames(scene: Scene, perStep: number): ViewState[] {
  const views: ViewState[] = [];
  scene.steps.forEach((_, k) => {
    const r = runScene(scene, k);
    const last = k === scene.steps.length - 1;
    for (let i = 0; i <= perStep; i++) {
      const t = r.t0 + ((r.t1 - r.t0) * i) / perStep;
      views.push(viewAt(scene, r.trace, t, { step: k, verdict: last && i === perStep, landed: r.stepStart }));
    }
  });
  return views;
}

describe('a picture drawn frame after frame is the picture a fresh svg gets', () => {
  for (const scene of [...natsScenes, ...futureScenes].filter((s) => !s.panel)) {
    for (const kind of ['landscape', 'portrait'] as const satisfies readonly LayoutKind[]) {
      it(`${scene.id}, ${kind}`, () => {
        const result = framesAgree(sceneFrames(scene, 3), layoutFor(kind, scene));
        if (result.first) expect.fail(`frame ${result.first.frame} differs:\n${firstDifference(result.first.live, result.first.fresh)}`);
        expect(result.frames).toBeGreaterThan(scene.steps.length);
      });
    }
  }

  it('a flood of 10,000 messages: every frame moves the cells and pills along, and each is right', () => {
    const { trace, from } = stressTrace({ messages: 10_000, inFlight: 200, windowMs: 600, processMs: 2 });
    const scene = floodScene(10_000, { steps: 1, processMs: 2 });
    const views = Array.from({ length: 40 }, (_, i) => viewAt(scene, trace, from + i * 15, { step: 0 }));
    // The frames do move: the newest message shown changes from one to the next.
    const newest = new Set(views.map((v) => v.channels[0]!.messages.at(-1)!.msg));
    expect(newest.size).toBeGreaterThan(30);
    for (const kind of ['landscape', 'portrait'] as const) {
      const result = framesAgree(views, layoutFor(kind, scene));
      if (result.first) expect.fail(`${kind} frame ${result.first.frame} differs:\n${firstDifference(result.first.live, result.first.fresh)}`);
    }
  });
});

describe('quiet writes', () => {
  quietWrites();

  /** The mutation records a change to `el` leaves. */
  async function records(el: Element, change: () => void): Promise<MutationRecord[]> {
    const seen: MutationRecord[] = [];
    const observer = new MutationObserver((list) => seen.push(...list));
    observer.observe(el, { attributes: true, childList: true, characterData: true, subtree: true });
    change();
    await Promise.resolve();
    seen.push(...observer.takeRecords());
    observer.disconnect();
    return seen;
  }

  it('write a value only where it differs from what the element holds', async () => {
    const g = document.createElementNS(SVG_NS, 'g');
    document.body.append(g);
    const s = select(g);
    s.attr('x', 10).text('ack #1').classed('on', true);
    expect(await records(g, () => s.attr('x', 10).attr('x', () => '10').text('ack #1').text(() => 'ack #1').classed('on', true))).toEqual([]);
    const changed = await records(g, () => s.attr('x', 11).text('ack #2').classed('on', false));
    expect(changed.filter((r) => r.type === 'attributes').map((r) => r.attributeName).sort()).toEqual(['class', 'x']);
    expect(changed.some((r) => r.type === 'childList')).toBe(true);
    expect([g.getAttribute('x'), g.textContent, g.classList.contains('on')]).toEqual(['11', 'ack #2', false]);
    g.remove();
  });

  it('null removes, a function gets datum and index, and reading is as before', async () => {
    const g = document.createElementNS(SVG_NS, 'g');
    document.body.append(g);
    const s = select(g).datum({ n: 3 });
    s.attr('data-n', (d: { n: number }, i: number) => `${d.n}:${i}`).text(null);
    expect(s.attr('data-n')).toBe('3:0');
    expect(s.text()).toBe('');
    expect(await records(g, () => s.attr('data-gone', null))).toEqual([]);
    const removed = await records(g, () => s.attr('data-n', null));
    expect(removed.map((r) => r.attributeName)).toEqual(['data-n']);
    expect(g.hasAttribute('data-n')).toBe(false);
    s.classed('a b', true);
    expect(s.classed('a b')).toBe(true);
    g.remove();
  });
});
