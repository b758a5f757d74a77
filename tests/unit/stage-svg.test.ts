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

/** The faults drawn on a listener of the picture: the marks that show, by their data-fault. */
const faultsOn = (svg: SVGSVGElement, party: string): string[] =>
  [...svg.querySelectorAll(`g.listener[data-party="${party}"] [data-fault]`)].filter((el) => el.getAttribute('display') !== 'none' && (el.tagName !== 'path' || (el.getAttribute('d') ?? '') !== '')).map((el) => el.getAttribute('data-fault')!);

describe('the picture carries the punchline', () => {
  for (const kind of ['landscape', 'portrait'] as const) {
    it(`${kind}: A's armed write failure is drawn on A in storage-fails step 1, and nothing like it in happy-path step 1`, () => {
      const armed = draw('storage-fails', 0, kind);
      expect(faultsOn(armed, 'listener:A')).toEqual(['write-fails', 'WRITE WILL FAIL']);
      expect(faultsOn(armed, 'listener:B')).toEqual([]);
      armed.remove();
      const happy = draw('happy-path', 0, kind);
      expect(happy.querySelectorAll('[data-fault]').length).toBeGreaterThan(0);
      expect(faultsOn(happy, 'listener:A')).toEqual([]);
      expect(faultsOn(happy, 'listener:B')).toEqual([]);
      happy.remove();
    });

    it(`${kind}: once A's write has failed, the disk is no longer armed, the write's message carries a cross until it is sent again, and WRITE FAILED wears the error's colours as REFUSED does`, () => {
      const failed = draw('storage-fails', 1, kind);
      expect(faultsOn(failed, 'listener:A')).toEqual([]);
      const cell = failed.querySelector('g.channel[data-channel="account:deposit"] g.cell[data-seq="1"]')!;
      expect(cell.getAttribute('data-failed')).toBe('true');
      expect(cell.querySelector('path.cell-cross')!.getAttribute('d')).not.toBe('');
      expect(failed.querySelector('g.row-mark[data-mark="write-failed"]')!.classList.contains('error')).toBe(true);
      failed.remove();
      const refused = draw('storage-fails', 3, kind);
      expect(refused.querySelector('g.row-mark[data-mark="write-failed"]')!.classList.contains('error')).toBe(true);
      expect(refused.querySelector('g.row-mark[data-mark="refused"]')!.classList.contains('error')).toBe(true);
      refused.remove();
      const scene = scenes.find((s) => s.id === 'storage-fails')!;
      const end = draw('storage-fails', scene.steps.length - 1, kind);
      expect(end.querySelector('g.channel[data-channel="account:deposit"] g.cell[data-seq="1"]')!.getAttribute('data-failed')).toBeNull();
      end.remove();
    });

    it(`${kind}: the lost ack is a cut arrow on A that stays to the end of duplicate`, () => {
      const scene = scenes.find((s) => s.id === 'duplicate')!;
      for (const k of [0, scene.steps.length - 1]) {
        const svg = draw('duplicate', k, kind);
        expect(faultsOn(svg, 'listener:A'), `step ${k}`).toEqual(['ack-lost', 'ACK LOST +$70']);
        svg.remove();
      }
    });

    it(`${kind}: at the end of every scene, the check is the largest type on the stage, with a cross when wrong and a check when right`, () => {
      for (const scene of scenes.filter((s) => !s.panel)) {
        const k = scene.steps.length - 1;
        const svg = draw(scene.id, k, kind);
        const r = runScene(scene, k);
        const view = viewAt(scene, r.trace, settledAt(r.trace, r.t1), { step: k, verdict: true, landed: r.stepStart });
        const items = [...svg.querySelectorAll('g.verdict-item')];
        expect(items.map((i) => [i.getAttribute('data-verdict-user'), i.getAttribute('data-ok')]), scene.id).toEqual(view.verdicts!.map((v) => [v.user, String(v.ok)]));
        for (const item of items) {
          const ok = item.getAttribute('data-ok') === 'true';
          expect(item.querySelector('path.verdict-check')!.getAttribute('d') !== '', `${scene.id}: a check`).toBe(ok);
          expect(item.querySelector('path.verdict-cross')!.getAttribute('d') !== '', `${scene.id}: a cross`).toBe(!ok);
        }
        const sizes = [...svg.querySelectorAll('text')].filter((t) => (t.textContent ?? '').trim() !== '').map((t) => Number(t.getAttribute('font-size')));
        const balance = Math.max(...[...svg.querySelectorAll('text.verdict-balance')].map((t) => Number(t.getAttribute('font-size'))));
        expect(balance, `${scene.id}: the balance's type`).toBe(Math.max(...sizes));
        expect(balance, `${scene.id}: bigger than anything else`).toBeGreaterThan(Math.max(...sizes.filter((n) => n !== balance)));
        svg.remove();
      }
    });
  }

  it('single-copy step 4: the publisher counts the messages it no longer shows', () => {
    for (const kind of ['landscape', 'portrait'] as const) {
      const svg = draw('single-copy', 3, kind);
      const r = runScene(scenes.find((s) => s.id === 'single-copy')!, 3);
      const sent = r.trace.filter((e) => e.kind === 'publish').length;
      const shown = svg.querySelectorAll('g.sent-list g.sent').length;
      expect(shown, kind).toBeLessThan(sent);
      expect(svg.querySelector('text.pub-more')!.textContent, kind).toBe(`+${sent - shown} earlier`);
      svg.remove();
    }
  });
});
