/**
 * The shop family's picture of a browser (kind shop.browser): the box glyph's frame, title and
 * state, and, in place of its table, the latest order's attempts and waits as latency bars laid
 * end to end on one time scale, so the bar's right end is how long the buyer has waited in all:
 * a timed-out attempt in the alarm colour, a backoff wait greyed, the attempt that answers in the
 * colour of an ack. Each bar has its words above it ("#1 · 3 s · timed out").
 */
import { select } from 'd3-selection';
import type { NodeRef, NodeView } from '../family.ts';
import { boxGlyph } from '../../stage/declared/box.ts';
import type { Glyph, GlyphContext } from '../../stage/glyphs.ts';
import { fitText, textWidth, type Rect } from '../../stage/layout.ts';
import { child, keyed, type Sel } from '../../stage/render.ts';

/** "1.6 s" → 1600; "2 days" → ms. */
const msOf = (cell: string | undefined): number => {
  const m = /([\d.]+) (s|days)/.exec(cell ?? '');
  if (!m) return 0;
  return Number(m[1]) * (m[2] === 's' ? 1_000 : 86_400_000);
};

/** A bar of the view's table: a try or a wait, its duration and how it ended. */
interface Bar {
  key: string;
  words: string;
  ms: number;
  tone: 'alarm' | 'wait' | 'ack' | 'busy';
}

/**
 * The bars of a browser's view: its table's rows (Try, Time, Result) in order.
 * @example barsOf(view)[0] // { words: '#1 · 3 s · timed out', ms: 3000, tone: 'alarm' }
 */
export function barsOf(view: Pick<NodeView, 'table'>): Bar[] {
  return (view.table?.rows ?? []).map((r) => {
    const [what = '', time = '', result = ''] = r.cells;
    const tone: Bar['tone'] = what === 'wait' ? 'wait' : result.startsWith('200') ? 'ack' : result === '\u2026' || result === '' ? 'busy' : 'alarm';
    return { key: r.key, words: [what, time, result].filter((s) => s !== '' && s !== '\u2026').join(' \u00B7 '), ms: msOf(time), tone };
  });
}

/**
 * A bar's words as they fit its width: with their separators where there is room, else without
 * them (a phone's box keeps "#2 1.6 s 200 $90" whole rather than cut the price), else cut.
 * @example barWords(layout, '#2 · 1.6 s · 200 $90', 14, 150) // '#2 1.6 s 200 $90'
 */
function barWords(layout: GlyphContext['layout'], words: string, fontPx: number, width: number): string {
  if (textWidth(layout, words, fontPx) <= width) return words;
  return fitText(layout, words.split(' \u00B7 ').join(' '), fontPx, width);
}

const COLOUR: Readonly<Record<Bar['tone'], string>> = { alarm: 'var(--alarm)', wait: 'var(--text-muted)', ack: 'var(--ack)', busy: 'var(--deposit)' };

function drawBrowser(g: Sel<SVGGElement, unknown>, rect: Rect, node: NodeRef, view: NodeView, ctx: GlyphContext): void {
  boxGlyph.draw(g, rect, node, { ...view, table: undefined }, ctx);
  const { layout } = ctx;
  const f = layout.fontPx;
  const pad = f.label * 0.6;
  const stateY = Number(g.select<SVGTextElement>('text.state').attr('y'));
  const badges = g.selectAll('g.node-badge').size();
  let y = (Number.isFinite(stateY) ? stateY : rect.y + f.heading * 1.3) + f.small * 0.4 + badges * (layout.tokenHeightPx + f.small * 0.3);
  const bottom = rect.y + rect.h - pad - f.small * 1.4;
  const left = rect.x + pad;
  const width = rect.w - 2 * pad;
  const bars = barsOf(view);
  const total = Math.max(1, bars.reduce((s, b) => s + b.ms, 0));
  const barH = Math.max(layout.strokePx * 2, layout.tokenHeightPx * 0.35);
  const rowH = f.small * 1.15 + barH + f.small * 0.35;
  const room = Math.max(0, Math.floor((bottom - y) / rowH));
  // The latest rows matter most: when they do not all fit, the first ones go.
  const shown = bars.slice(Math.max(0, bars.length - room));
  let before = bars.slice(0, bars.length - shown.length).reduce((s, b) => s + b.ms, 0);
  const laid = shown.map((b) => {
    const at = before;
    before += b.ms;
    return { ...b, at };
  });
  keyed(g, 'latency-bar', laid, (b) => b.key).each(function (b, i) {
    const bg = select(this) as Sel<SVGGElement, unknown>;
    const top = y + i * rowH;
    const x0 = left + (b.at / total) * width;
    const w = Math.max(layout.strokePx * 2, (b.ms / total) * width);
    bg.attr('data-tone', b.tone);
    child<SVGTextElement, unknown>(bg, 'text', 'latency-words')
      .attr('x', left)
      .attr('y', top + f.small * 0.95)
      .attr('font-size', f.small)
      .style('fill', b.tone === 'wait' ? 'var(--text-muted)' : 'var(--text)')
      .text(barWords(layout, b.words, f.small, width));
    child<SVGRectElement, unknown>(bg, 'rect', 'latency-track')
      .attr('x', left)
      .attr('y', top + f.small * 1.15)
      .attr('width', width)
      .attr('height', barH)
      .attr('rx', barH / 2)
      .style('fill', 'var(--text-muted)')
      .style('fill-opacity', '0.15');
    child<SVGRectElement, unknown>(bg, 'rect', 'latency-fill')
      .attr('x', x0)
      .attr('y', top + f.small * 1.15)
      .attr('width', Math.min(w, left + width - x0))
      .attr('height', barH)
      .attr('rx', barH / 2)
      .style('fill', COLOUR[b.tone])
      .style('fill-opacity', b.tone === 'wait' ? '0.6' : '1');
  });
  y += laid.length * rowH;
}

/** Glyphs of the shop family's kinds that draw more than the box glyph does. */
export const shopGlyphs: Readonly<Record<string, Glyph>> = {
  'shop.browser': { draw: drawBrowser },
};
