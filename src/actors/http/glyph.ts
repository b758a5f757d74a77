/**
 * The HTTP family's picture of a caller: the stage's box glyph, plus what DESIGN.md asks of a
 * synchronous call — the caller is the one shown waiting, with a spinner beside its name while it
 * has a request out, and each awaited request's timeout as a ring that empties as the time runs
 * out. The only drawing file of the family; the stage's glyph registry (src/stage/glyphs.ts)
 * imports it.
 */
import { select } from 'd3-selection';
import type { NodeRef, NodeView } from '../family.ts';
import { boxGlyph, drawnItems } from '../../stage/declared/box.ts';
import type { Glyph, GlyphContext } from '../../stage/glyphs.ts';
import { textWidth, type Rect } from '../../stage/layout.ts';
import { child, keyed, type Sel } from '../../stage/render.ts';

/** One turn of the spinner, in virtual ms: it moves with the stage's clock, so a still is the same every time. */
const SPIN_MS = 1_000;

/** "29 s left" → 29. */
const secondsLeft = (tag: string | undefined): number | undefined => {
  const m = /([\d.]+) s left/.exec(tag ?? '');
  return m ? Number(m[1]) : undefined;
};

function drawCaller(g: Sel<SVGGElement, unknown>, rect: Rect, node: NodeRef, view: NodeView, ctx: GlyphContext): void {
  boxGlyph.draw(g, rect, node, view, ctx);
  const { layout } = ctx;
  const f = layout.fontPx;
  const r = f.small * 0.42;
  // The spinner: a three-quarter arc turning with virtual time, right of the title.
  const spin = child<SVGGElement, unknown>(g, 'g', 'caller-spinner').attr('display', view.waiting ? null : 'none');
  const angle = ctx.reducedMotion ? 0 : ((ctx.t % SPIN_MS) / SPIN_MS) * 360;
  // Just before the state word, on its line, wherever the box glyph put it.
  const state = g.select<SVGTextElement>('text.state');
  const end = state.attr('text-anchor') === 'end';
  const sx = Number(state.attr('x'));
  const words = textWidth(layout, state.text(), f.small);
  const cx = end ? sx - words - r * 1.8 : sx + words + r * 1.8;
  const cy = Number(state.attr('y')) - f.small * 0.35;
  child<SVGPathElement, unknown>(spin, 'path', 'spinner-arc')
    .attr('d', `M${cx},${cy - r}A${r},${r} 0 1 1 ${cx - r},${cy}`)
    .attr('transform', `rotate(${angle.toFixed(1)} ${cx} ${cy})`)
    .attr('stroke-width', layout.strokePx * 1.4);
  // A timeout ring beside each awaited request the box drew: full when sent, empty when the caller
  // gives up (scaled by the longest wait of all, shown or not).
  const drawn = drawnItems(g);
  let first = 0;
  const waits: { it: (typeof view.items)[number]; left: number; pill: SVGGElement }[] = [];
  for (const it of view.items) {
    const left = secondsLeft(it.tag);
    if (left === undefined) continue;
    first = Math.max(first, left);
    const pill = drawn.get(it.id);
    if (pill) waits.push({ it, left, pill });
  }
  if (first === 0) first = 1;
  keyed(g, 'timeout-ring', waits, (w) => w.it.id).each(function ({ left, pill: item }) {
    const rg = select(this) as Sel<SVGGElement, unknown>;
    // Beside the request's pill, where the box glyph drew it.
    const pill = select(item).select<SVGRectElement>('rect.item-shape');
    rg.attr('display', pill.empty() ? 'none' : null);
    if (pill.empty()) return;
    const c = { x: rect.x + rect.w - f.label * 0.6 - r, y: Number(pill.attr('y')) + layout.tokenHeightPx / 2 };
    const circumference = 2 * Math.PI * r;
    const fraction = Math.max(0, Math.min(1, left / Math.max(1, first)));
    child<SVGCircleElement, unknown>(rg, 'circle', 'ackring-track').attr('cx', c.x).attr('cy', c.y).attr('r', r).attr('stroke-width', layout.strokePx * 1.2);
    child<SVGCircleElement, unknown>(rg, 'circle', 'ackring-fill')
      .attr('cx', c.x)
      .attr('cy', c.y)
      .attr('r', r)
      .attr('stroke-width', layout.strokePx * 1.2)
      .attr('stroke-dasharray', `${(circumference * fraction).toFixed(2)} ${circumference.toFixed(2)}`)
      .attr('transform', `rotate(-90 ${c.x} ${c.y})`);
  });
}

/** Glyphs of the HTTP family's kinds that draw more than the box glyph does. */
export const httpGlyphs: Readonly<Record<string, Glyph>> = {
  'http.caller': { draw: drawCaller },
};
