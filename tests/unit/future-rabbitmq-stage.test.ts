// @vitest-environment happy-dom
/**
 * The RabbitMQ family's glyphs on a declared stage (happy-dom): scene 9's ladder and scene 10's
 * table, drawn at every step on the projector's and the phone's layout. The ladder folds runs of 0
 * bits and says so, shows the routing key, marks the level the message waits in, falls back to
 * two columns for 28 levels and to two strips of 14 bits on a phone; no attribute is NaN; drawing
 * twice changes nothing. And the inspector's rows say what the picture leaves out.
 */
import { describe, expect, it } from 'vitest';
import { inspectRabbit } from '../../src/actors/rabbitmq/view.ts';
import { runScene } from '../../src/chapters/engine.ts';
import { delayLevels, delayLevelsScene } from '../../src/chapters/future/delay-levels.ts';
import { delayPlugin } from '../../src/chapters/future/delay-plugin.ts';
import { MAX_DELAY_S } from '../../src/actors/rabbitmq/delay.ts';
import type { Scene } from '../../src/chapters/types.ts';
import { declaredLayout } from '../../src/stage/declared/layout.ts';
import { renderDeclared } from '../../src/stage/declared/render.ts';
import { declaredViewAt } from '../../src/stage/declared/view.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The stage at the end of step k, drawn into a fresh svg. */
function draw(scene: Scene, k: number, kind: 'landscape' | 'portrait') {
  const r = runScene(scene, k);
  const svg = document.createElementNS(SVG_NS, 'svg') as SVGSVGElement;
  document.body.append(svg);
  const input = { t: r.t1, title: scene.title, view: declaredViewAt(scene, r.trace, r.t1), highlight: scene.steps[k]!.highlight ?? [] };
  const layout = declaredLayout(kind, scene.stage!);
  renderDeclared(svg, input, layout, { reducedMotion: true });
  const first = svg.innerHTML;
  renderDeclared(svg, input, layout, { reducedMotion: true });
  return { svg, first, texts: [...svg.querySelectorAll('text')].map((t) => (t.textContent ?? '').trim()).filter(Boolean) };
}

describe('the ladder and the table, drawn', () => {
  for (const scene of [delayLevels, delayPlugin, delayLevelsScene(MAX_DELAY_S)]) {
    for (const kind of ['landscape', 'portrait'] as const) {
      it(`${scene.id} (${scene.steps[0]!.title}), ${kind}: every step draws, with no NaN, the same twice`, () => {
        scene.steps.forEach((_, k) => {
          const { svg, first } = draw(scene, k, kind);
          expect(svg.innerHTML).toBe(first);
          expect(first).not.toMatch(/NaN|undefined/);
          svg.remove();
        });
      });
    }
  }

  it('on a projector, 42 s folds levels 27–06 into one row that says so, shows the key, and marks 05 while it waits', () => {
    const { svg, texts } = draw(delayLevels, 0, 'landscape');
    expect(texts).toContain('27\u201306');
    expect(texts).toContain('22 levels at 0: not needed');
    expect(texts.join(' ')).toContain('1.0.1.0.1.0.discount');
    expect(svg.querySelector('g.ladder-row[data-level="05"]')?.getAttribute('data-state')).toBe('waiting');
    expect(svg.querySelector('g.ladder-row[data-level="05"] g.ladder-token')?.getAttribute('display')).toBeNull();
    expect(svg.querySelectorAll('g.ladder-row').length).toBe(7);
  });

  it('the maximum shows all 28 levels, in two columns; a phone shows two strips of 14 bits', () => {
    const wide = draw(delayLevelsScene(MAX_DELAY_S), 0, 'landscape').svg;
    const rows = [...wide.querySelectorAll('g.ladder-row')];
    expect(rows.length).toBe(28);
    const xs = new Set(rows.map((r) => r.querySelector('text.ladder-level')!.getAttribute('x')));
    expect(xs.size).toBe(2);
    const phone = draw(delayLevels, 1, 'portrait').svg;
    expect(phone.querySelectorAll('g.ladder-strip').length).toBe(2);
    expect(phone.querySelectorAll('g.ladder-cell').length).toBe(28);
    expect(phone.querySelector('g.ladder-cell[data-state="waiting"]')?.getAttribute('data-level')).toBe('03');
  });

  it('scene 10’s table has its three columns and five rows', () => {
    const { svg, texts } = draw(delayPlugin, 2, 'landscape');
    expect(svg.querySelectorAll('g.compare-row').length).toBe(6);
    for (const word of ['Levels', 'Plugin', '8.5 years', '49.7 days', 'one node', 'lost']) expect(texts).toContain(word);
  });

  it('the inspector gives the key, the queues it waits in and the rule', () => {
    const r = runScene(delayLevels, 0);
    const rows = Object.fromEntries(inspectRabbit({ id: 'rabbit', kind: 'rabbitmq.delay-levels', title: 'RabbitMQ' }, r.trace, r.t1).map((x) => [x.label, x.value]));
    expect(rows['First level']).toBe('delay-level-05');
    expect(rows['Waits in']).toBe('delay-level-05 (32 s); delay-level-03 (8 s); delay-level-01 (2 s)');
    expect(rows['Waiting now']).toBe('delay-level-05, 32 s left');
    const end = runScene(delayLevels, 2);
    const got = inspectRabbit({ id: 'discount', kind: 'rabbitmq.consumer', title: 'Discount' }, end.trace, end.t1);
    expect(got[0]!.value).toBe('x-death: delay-level-01; delay-level-03; delay-level-05');
  });
});
