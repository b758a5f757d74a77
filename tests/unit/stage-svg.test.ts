// @vitest-environment happy-dom
/**
 * Every step of every scene drawn in Node, in a DOM shim (happy-dom), at both layouts: the
 * picture each step ends on is checked here instead of in a browser. The SVG has no NaN or
 * missing geometry, the balances it draws are the engine's, the landscape type is never under
 * 24 px, and the words on it match a stored snapshot (text per element, in drawing order), so a
 * change of picture shows up as a readable diff.
 */
import { describe, expect, it } from 'vitest';
import { runScene } from '../../src/chapters/engine.ts';
import { scenes } from '../../src/chapters/nats/scenes.ts';
import { layoutFor, type LayoutKind } from '../../src/stage/layout.ts';
import { renderStage } from '../../src/stage/render.ts';
import { settledAt, viewAt } from '../../src/stage/view.ts';
import { renderDeclared } from '../../src/stage/declared/render.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The step's end as the deck shows it after its animation, drawn into a fresh <svg>. */
function draw(sceneId: string, k: number, kind: LayoutKind): SVGSVGElement {
  const scene = scenes.find((s) => s.id === sceneId)!;
  const r = runScene(scene, k);
  const t = settledAt(r.trace, r.t1);
  const last = k === scene.steps.length - 1;
  const view = viewAt(scene, r.trace, t, { step: k, verdict: last, landed: r.stepStart });
  const layout = layoutFor(kind, scene);
  const svg = document.createElementNS(SVG_NS, 'svg') as SVGSVGElement;
  document.body.append(svg);
  if (view.declared && layout.declared) renderDeclared(svg, { t: view.t, title: view.title, view: view.declared, highlight: view.highlight, ...(view.verdicts ? { verdicts: view.verdicts } : {}) }, layout.declared, { reducedMotion: true });
  else renderStage(svg, view, layout, { reducedMotion: true });
  return svg;
}

/** The words on the picture, one line per text element that says something, in drawing order. */
const words = (svg: SVGSVGElement): string[] => [...svg.querySelectorAll('text')].map((t) => (t.textContent ?? '').trim()).filter((s) => s !== '' && !/^\d\d:\d\d\.\d$/.test(s));

describe('every step, drawn in Node', () => {
  for (const scene of scenes.filter((s) => !s.panel)) {
    for (const kind of ['landscape', 'portrait'] as const) {
      it(`${scene.id}, ${kind}`, () => {
        const pictures: string[][] = [];
        for (let k = 0; k < scene.steps.length; k++) {
          const svg = draw(scene.id, k, kind);
          const html = svg.outerHTML;
          expect(html, `${scene.id} step ${k}: no NaN or undefined in the picture`).not.toMatch(/NaN|undefined/);
          if (kind === 'landscape') {
            const sizes = [...svg.querySelectorAll('text')].map((t) => Number(t.getAttribute('font-size'))).filter((n) => n > 0);
            expect(Math.min(...sizes), `${scene.id} step ${k}: smallest type`).toBeGreaterThanOrEqual(24);
          }
          // The balances on the picture are the engine's.
          const r = runScene(scene, k);
          for (const row of svg.querySelectorAll('[data-user]')) {
            const user = row.getAttribute('data-user')!;
            expect(Number(row.getAttribute('data-balance')), `${scene.id} step ${k}: ${user}`).toBe(r.storage[user]?.balance ?? 0);
          }
          pictures.push(words(svg));
          svg.remove();
        }
        expect(pictures).toMatchSnapshot();
      });
    }
  }
});
