/**
 * The box glyph: any family's NodeView as a rounded box — the title, a one-word state (with a
 * spinner when it waits on someone, a tortoise when it is slow, greyed with a cross when it is
 * down), the messages it holds as pills with their progress, a small table, and the outcome
 * badges that stay. It shows what fits its box and counts the rest ("+3 more").
 */
import type { NodeItem, NodeRef, NodeView } from '../../actors/family.ts';
import { fitText, textWidth, type Rect } from '../layout.ts';
import { child, highlightRing, keyed, type Sel } from '../render.ts';
import type { Glyph, GlyphContext } from '../glyphs.ts';
import { select } from 'd3-selection';

/** Bold capitals run wider than the average character textWidth assumes. */
const BOLD_CAPS = 1.15;

function drawBox(g: Sel<SVGGElement, unknown>, rect: Rect, node: NodeRef, view: NodeView, ctx: GlyphContext): void {
  const { layout } = ctx;
  const f = layout.fontPx;
  const pad = f.label * 0.6;
  const violated = view.badges.some((b) => b.violation);
  child<SVGRectElement, unknown>(g, 'rect', 'box')
    .attr('x', rect.x)
    .attr('y', rect.y)
    .attr('width', rect.w)
    .attr('height', rect.h)
    .attr('rx', layout.cornerPx)
    .attr('stroke-width', violated ? layout.thickStrokePx : ctx.highlighted ? layout.thickStrokePx * 0.75 : layout.strokePx)
    .classed('highlight', ctx.highlighted && !violated)
    .classed('crashed', view.down ?? false)
    .classed('violated', violated);
  highlightRing(g, rect, layout.cornerPx, layout.thickStrokePx, ctx.highlighted && !violated);
  const titleY = rect.y + f.heading * 1.3;
  const stateText = [view.state, view.slow ? 'slow' : '', view.waiting && view.state !== 'waiting' ? 'waiting\u2026' : ''].filter(Boolean).join(' · ');
  const stateW = stateText ? textWidth(layout, stateText, f.small) + pad : 0;
  // The state sits beside the title when both fit, else on a line of its own under it: a name is never cut for it.
  const beside = textWidth(layout, node.title, f.heading) + stateW <= rect.w - 2 * pad;
  const stateY = beside ? titleY : titleY + f.small * 1.3;
  child<SVGTextElement, unknown>(g, 'text', 'box-title')
    .attr('x', rect.x + pad)
    .attr('y', titleY)
    .attr('font-size', f.heading)
    .text(fitText(layout, node.title, f.heading, rect.w - 2 * pad - (beside ? stateW : 0)));
  child<SVGTextElement, unknown>(g, 'text', 'state')
    .attr('x', beside ? rect.x + rect.w - pad : rect.x + pad)
    .attr('y', stateY)
    .attr('text-anchor', beside ? 'end' : 'start')
    .attr('font-size', f.small)
    .attr('class', `state ${view.down ? 'crashed' : view.state}`)
    .text(fitText(layout, stateText, f.small, rect.w - 2 * pad));

  // Below the title: badges first (they are the story), then the held messages, then the table.
  let y = stateY + f.small * 0.7;
  const bottom = rect.y + rect.h - pad * 0.6;
  const lineH = layout.tokenHeightPx + f.small * 0.3;
  const badges = view.badges.filter(() => y + lineH <= bottom);
  const badgeRows = badges.slice(0, Math.max(0, Math.floor((bottom - y) / lineH)));
  keyed(g, 'node-badge', badgeRows, (b) => `${b.word}:${b.t}`).each(function (b, i) {
    const bg = select(this) as Sel<SVGGElement, unknown>;
    const w = textWidth(layout, b.word, f.small) * BOLD_CAPS + f.small;
    const by = y + i * lineH;
    // Every badge a family raises is an error of some kind (a refusal, a failed write, a timeout): the error's colour; a broken rule adds the thick outline.
    bg.attr('class', `node-badge error${b.violation ? ' violation' : ''}`).attr('data-mark', b.word);
    child<SVGRectElement, unknown>(bg, 'rect', 'badge-box')
      .attr('x', rect.x + pad)
      .attr('y', by)
      .attr('width', Math.min(w, rect.w - 2 * pad))
      .attr('height', layout.tokenHeightPx)
      .attr('rx', layout.cornerPx * 0.4)
      .attr('stroke-width', b.violation ? layout.thickStrokePx * 0.6 : layout.strokePx * 1.6);
    child<SVGTextElement, unknown>(bg, 'text', 'badge-word')
      .attr('x', rect.x + pad + f.small * 0.5)
      .attr('y', by + layout.tokenHeightPx / 2)
      .attr('dy', '0.35em')
      .attr('font-size', f.small)
      .text(fitText(layout, b.word, f.small, rect.w - 2 * pad - f.small));
  });
  y += badgeRows.length * lineH;

  const tableH = view.table ? (view.table.rows.length + 1) * f.label * 1.35 : 0;
  const room = Math.max(0, Math.floor((bottom - y - tableH - (view.note ? f.small * 1.3 : 0)) / lineH));
  const shown = view.items.length > room ? view.items.slice(0, Math.max(0, room - 1)) : view.items;
  const more = view.items.length - shown.length;
  keyed(g, 'node-item', shown, (it) => it.id).each(function (it, i) {
    drawItem(select(this) as Sel<SVGGElement, unknown>, it, rect.x + pad, y + i * lineH, rect.w - 2 * pad, ctx);
  });
  y += shown.length * lineH;
  child<SVGTextElement, unknown>(g, 'text', 'node-more')
    .attr('x', rect.x + pad)
    .attr('y', y + f.small)
    .attr('font-size', f.small)
    .text(more > 0 ? `+${more} more` : '');
  if (more > 0) y += lineH;

  drawTable(child<SVGGElement, unknown>(g, 'g', 'node-table'), view, rect, y, bottom - (view.note ? f.small * 1.3 : 0), ctx);
  child<SVGTextElement, unknown>(g, 'text', 'info')
    .attr('x', rect.x + pad)
    // Clear of a highlight's inner outline.
    .attr('y', bottom - f.small * 0.35)
    .attr('font-size', f.small)
    .text(view.note ? fitText(layout, view.note, f.small, rect.w - 2 * pad) : '');

  const half = Math.min(rect.w, rect.h) * 0.16;
  const [cx, cy] = [rect.x + rect.w / 2, rect.y + rect.h / 2];
  child<SVGPathElement, unknown>(g, 'path', 'cross')
    .attr('d', view.down ? `M${cx - half},${cy - half}L${cx + half},${cy + half}M${cx + half},${cy - half}L${cx - half},${cy + half}` : '')
    .attr('stroke-width', layout.thickStrokePx);
}

function drawItem(ig: Sel<SVGGElement, unknown>, it: NodeItem, x: number, y: number, maxW: number, ctx: GlyphContext): void {
  const { layout } = ctx;
  const f = layout.fontPx;
  const h = layout.tokenHeightPx;
  const tagW = it.tag ? textWidth(layout, it.tag, f.small) + f.small * 0.6 : 0;
  const label = fitText(layout, it.label, f.small, maxW - tagW - h);
  const w = Math.min(maxW - tagW, textWidth(layout, label, f.small) + h * 0.9);
  ig.attr('data-item', it.id).attr('data-tone', it.tone);
  child<SVGRectElement, unknown>(ig, 'rect', 'item-shape')
    .attr('x', x)
    .attr('y', y)
    .attr('width', w)
    .attr('height', h)
    .attr('rx', it.tone === 'reply' ? h * 0.2 : h / 2)
    .attr('class', `item-shape pill-shape ${it.tone === 'reply' ? 'ack' : it.tone}`)
    .attr('stroke-width', layout.strokePx);
  // Progress: the pill fills from the left as the work goes on.
  child<SVGRectElement, unknown>(ig, 'rect', 'item-progress')
    .attr('x', x)
    .attr('y', y + h - layout.strokePx * 2)
    .attr('width', it.progress === undefined ? 0 : w * Math.max(0, Math.min(1, it.progress)))
    .attr('height', layout.strokePx * 2);
  child<SVGTextElement, unknown>(ig, 'text', 'pill-label')
    .attr('x', x + w / 2)
    .attr('y', y + h / 2)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'middle')
    .attr('font-size', f.small)
    .text(label);
  child<SVGTextElement, unknown>(ig, 'text', 'item-tag')
    .attr('x', x + w + f.small * 0.4)
    .attr('y', y + h / 2)
    .attr('dy', '0.35em')
    .attr('font-size', f.small)
    .text(it.tag ?? '');
}

/** The table's rows from `top`, as many as fit above `bottom`: the rest become one "+N more" row. */
function drawTable(tg: Sel<SVGGElement, unknown>, view: NodeView, rect: Rect, top: number, bottom: number, ctx: GlyphContext): void {
  const { layout } = ctx;
  const f = layout.fontPx;
  const table = view.table;
  const pad = f.label * 0.6;
  const rowH = f.label * 1.35;
  const cols = table ? table.columns.length : 0;
  // The first column left-aligned at the box's edge, the others right-aligned in equal shares.
  const colX = (i: number) => (i === 0 ? rect.x + pad : rect.x + pad + ((rect.w - 2 * pad) * (i + 1)) / Math.max(1, cols));
  const head = table ? table.columns.map((c, i) => ({ c, i })) : [];
  tg.selectAll<SVGTextElement, { c: string; i: number }>(':scope > text.th')
    .data(head, (d) => `${d.i}`)
    .join((enter) => enter.append('text').attr('class', 'th th-name'))
    .attr('x', (d) => colX(d.i))
    .attr('y', top + f.small)
    .attr('text-anchor', (d) => (d.i === 0 ? 'start' : 'end'))
    .attr('font-size', f.small)
    .text((d) => d.c);
  const all = table?.rows ?? [];
  const fit = Math.max(0, Math.floor((bottom - top - f.small) / rowH));
  const rows = all.length > fit ? [...all.slice(0, Math.max(0, fit - 1)), { key: '\u2026more', cells: [`+${all.length - Math.max(0, fit - 1)} more`] }] : all;
  keyed(tg, 'node-row', rows, (r) => r.key).each(function (r, k) {
    const rg = select(this) as Sel<SVGGElement, unknown>;
    rg.attr('data-key', r.key);
    rg.selectAll<SVGTextElement, string>(':scope > text.td')
      .data(r.cells)
      .join((enter) => enter.append('text').attr('class', 'td'))
      .attr('x', (_, i) => colX(i))
      .attr('y', top + f.small + (k + 1) * rowH)
      .attr('text-anchor', (_, i) => (i === 0 ? 'start' : 'end'))
      .attr('font-size', f.label)
      .classed('changed', r.changedAt !== undefined && ctx.t - r.changedAt < 400)
      .text((d) => d);
  });
}

export const boxGlyph: Glyph = { draw: drawBox };

/**
 * The item groups the box glyph drew in `g`, by item id: only those that fit, however many the
 * view holds. A glyph that adds to items (a ring beside a pill) draws for these alone, so a queue
 * of 5,000 costs what one of its shown few does.
 * @example drawnItems(g).get('web#1')?.querySelector('rect.item-shape')
 */
export function drawnItems(g: Sel<SVGGElement, unknown>): Map<string, SVGGElement> {
  const out = new Map<string, SVGGElement>();
  for (const el of g.selectAll<SVGGElement, unknown>(':scope > g.node-item').nodes()) {
    const id = el.getAttribute('data-item');
    if (id !== null) out.set(id, el);
  }
  return out;
}
