/**
 * The db family's picture of the timeline (kind db.timeline): the account's orders as bars on a
 * time axis, each bar as tall as its amount with the amount above it, and the last 7 days as a
 * band that ends at the stage's clock and slides right as virtual time passes. Orders that have
 * slid out of the band are greyed; a discounted order is drawn in the colour of an ack. The box
 * glyph draws the frame, the title and the 7-day total as the state word.
 */
import { select } from 'd3-selection';
import type { NodeItem, NodeRef, NodeView } from '../family.ts';
import { boxGlyph } from '../../stage/declared/box.ts';
import type { Glyph, GlyphContext } from '../../stage/glyphs.ts';
import { textWidth, type Rect } from '../../stage/layout.ts';
import { child, keyed, type Sel } from '../../stage/render.ts';

const DAY_MS = 86_400_000;
/** The axis spans this many days: the window and three more, so the band can slide. */
const SPAN_DAYS = 10;

/** "window 7 days" → 7 days in ms (the view's note says how wide the window is). */
const windowOf = (note: string | undefined): number => DAY_MS * Number(/window (\d+) days/.exec(note ?? '')?.[1] ?? 7);

/**
 * The axis's first and last instant: from a day before the first order, SPAN_DAYS long, moved on
 * only when the clock nears its end, so the band visibly slides from one step to the next.
 * @example axisOf([{ since: -5 * DAY }], 0) // [-6 days, 4 days]
 */
export function axisOf(items: readonly Pick<NodeItem, 'since'>[], t: number): [number, number] {
  const first = Math.min(t, ...items.map((i) => i.since ?? t));
  let start = first - DAY_MS;
  if (t > start + (SPAN_DAYS - 0.5) * DAY_MS) start = t + DAY_MS - SPAN_DAYS * DAY_MS;
  return [start, start + SPAN_DAYS * DAY_MS];
}

function drawTimeline(g: Sel<SVGGElement, unknown>, rect: Rect, node: NodeRef, view: NodeView, ctx: GlyphContext): void {
  boxGlyph.draw(g, rect, node, { ...view, items: [], note: undefined }, ctx);
  const { layout } = ctx;
  const f = layout.fontPx;
  const pad = f.label * 0.6;
  const stateY = Number(g.select<SVGTextElement>('text.state').attr('y'));
  const top = (Number.isFinite(stateY) ? stateY : rect.y + f.heading * 1.3) + f.small * 0.6;
  const axisY = rect.y + rect.h - pad - f.small * 1.3;
  const left = rect.x + pad;
  const right = rect.x + rect.w - pad;
  const [start, end] = axisOf(view.items, ctx.t);
  const x = (ms: number): number => left + ((ms - start) / (end - start)) * (right - left);
  const windowMs = windowOf(view.note);
  /** A centred label's x, kept inside the box. */
  const clampText = (cx: number, text: string): number => {
    const half = textWidth(layout, text, f.small) / 2;
    return Math.max(left + half, Math.min(right - half, cx));
  };
  const band = { x0: Math.max(left, x(ctx.t - windowMs)), x1: Math.min(right, x(ctx.t)) };
  const plot = child<SVGGElement, unknown>(g, 'g', 'timeline');
  child<SVGRectElement, unknown>(plot, 'rect', 'timeline-band')
    .attr('x', band.x0)
    .attr('y', top)
    .attr('width', Math.max(0, band.x1 - band.x0))
    .attr('height', Math.max(0, axisY - top))
    .attr('rx', layout.cornerPx * 0.5)
    .style('fill', 'var(--deposit)')
    .style('fill-opacity', '0.14')
    .style('stroke', 'var(--deposit)')
    .style('stroke-dasharray', `${layout.strokePx * 3} ${layout.strokePx * 2}`)
    .attr('stroke-width', layout.strokePx);
  child<SVGLineElement, unknown>(plot, 'line', 'timeline-axis')
    .attr('x1', left)
    .attr('x2', right)
    .attr('y1', axisY)
    .attr('y2', axisY)
    .style('stroke', 'var(--text-muted)')
    .attr('stroke-width', layout.strokePx);
  // Two rows of amounts above the bars, alternating, so orders a day apart never overprint.
  const rows = [top + f.small * 1.1, top + f.small * 2.2];
  const barTop = rows[1]! + f.small * 0.5;
  const biggest = Math.max(1, ...view.items.map((i) => Number(i.label.replace(/[^\d.]/g, '')) || 0));
  const barW = Math.max(layout.strokePx * 2, Math.min(f.small * 1.1, ((right - left) / SPAN_DAYS) * 0.55));
  keyed(plot, 'timeline-order', view.items, (i) => i.id).each(function (it, k) {
    const og = select(this) as Sel<SVGGElement, unknown>;
    const cx = x(it.since ?? ctx.t);
    const amount = Number(it.label.replace(/[^\d.]/g, '')) || 0;
    const h = Math.max(layout.strokePx, ((axisY - barTop) * amount) / biggest);
    const colour = it.tone === 'discounted' ? 'var(--ack)' : it.tone === 'out-of-window' ? 'var(--text-muted)' : 'var(--deposit)';
    og.attr('data-tone', it.tone).attr('display', cx < left - 1 || cx > right + 1 ? 'none' : null);
    child<SVGRectElement, unknown>(og, 'rect', 'timeline-bar')
      .attr('x', cx - barW / 2)
      .attr('y', axisY - h)
      .attr('width', barW)
      .attr('height', h)
      .style('fill', colour)
      .style('fill-opacity', it.tone === 'out-of-window' ? '0.45' : '1');
    child<SVGTextElement, unknown>(og, 'text', 'timeline-amount')
      .attr('x', clampText(cx, it.label))
      .attr('y', rows[k % 2]!)
      .attr('text-anchor', 'middle')
      .attr('font-size', f.small)
      .style('fill', it.tone === 'out-of-window' ? 'var(--text-muted)' : 'var(--text)')
      .text(it.label);
  });
  const labels = [
    { key: 'now', at: ctx.t, text: 'now' },
    { key: 'from', at: ctx.t - windowMs, text: `\u2212${Math.round(windowMs / DAY_MS)} d` },
  ].filter((l) => x(l.at) >= left - 1);
  keyed(plot, 'timeline-tick', labels, (l) => l.key).each(function (l) {
    child<SVGTextElement, unknown>(select(this) as Sel<SVGGElement, unknown>, 'text', 'timeline-tick-label')
      .attr('x', clampText(x(l.at), l.text))
      .attr('y', axisY + f.small * 1.05)
      .attr('text-anchor', 'middle')
      .attr('font-size', f.small)
      .style('fill', 'var(--text-muted)')
      .text(l.text);
  });
}

/** Glyphs of the db family's kinds that draw more than the box glyph does. */
export const dbGlyphs: Readonly<Record<string, Glyph>> = {
  'db.timeline': { draw: drawTimeline },
};
