/**
 * The RabbitMQ family's pictures. The delay-level ladder: the 28 levels as rows, highest first —
 * level, bit, TTL and what the message does there (waits with a clock ring, waited, passed
 * straight through, not needed) — with runs of 0 bits folded into one row that says so, the
 * routing key above, and two columns of rows when 28 must show; on a phone, two strips of 14
 * bits and one line of status. And the side-by-side table of scene 10, with columns as wide as
 * their words. Both draw the box glyph's frame and title first. The family's only drawing file.
 */
import type { NodeRef, NodeView } from '../family.ts';
import { boxGlyph } from '../../stage/declared/box.ts';
import type { Glyph, GlyphContext } from '../../stage/glyphs.ts';
import { fitText, textWidth, type Rect } from '../../stage/layout.ts';
import { child, keyed, type Sel } from '../../stage/render.ts';
import { select } from 'd3-selection';

/** One row as the view gives it: level 'NN', bit '0' | '1' | '' (nothing published yet), TTL, state word. */
interface LevelRow {
  key: string;
  cells: string[];
}

/** A drawn row of the ladder: one level, or a run of levels folded into one. */
export interface LadderLine {
  key: string;
  /** Highest and lowest level of the row (equal when it is one level). */
  top: string;
  bottom: string;
  bit: string;
  ttl: string;
  state: string;
  /** How many levels it stands for. */
  count: number;
}

/**
 * The ladder's lines: each level a line, except runs of two or more levels whose bit is 0 and
 * which the message treats alike (not needed, passed through, to come), which fold into one.
 * @example foldLadder(rows).map((l) => `${l.top}–${l.bottom}`)[0] // '27–06' for 42 s
 */
export function foldLadder(rows: readonly LevelRow[]): LadderLine[] {
  const lines: LadderLine[] = [];
  for (const r of rows) {
    const [level = '', bit = '', ttl = '', state = ''] = r.cells;
    const last = lines[lines.length - 1];
    if (last && bit === '0' && last.bit === '0' && last.state === state) {
      lines[lines.length - 1] = { ...last, bottom: level, count: last.count + 1, key: `${last.key}+${r.key}` };
      continue;
    }
    lines.push({ key: r.key, top: level, bottom: level, bit, ttl, state, count: 1 });
  }
  return lines;
}

/** A folded line's words: "22 levels at 0: not needed". */
export const foldedWords = (l: LadderLine): string => `${l.count} levels at 0: ${l.state || 'passed through'}`;

/** Shorter state words for a narrow column. */
const SHORT: Readonly<Record<string, string>> = { 'passed through': 'passed', 'not needed': 'skipped', 'to come': 'to come' };

/** The routing key the view's note carries ("key 0.0.….discount · waits in 3 of 28"). */
export const keyOfNote = (note: string | undefined): string | undefined => (note?.startsWith('key ') ? note.slice(4).split(' \u00B7 ')[0] : undefined);

/** Words cut into lines no wider than maxPx, breaking after the dots of a routing key. */
function wrapKey(layout: GlyphContext['layout'], key: string, fontPx: number, maxPx: number, firstPrefix: string): string[] {
  const parts = key.split('.').map((p, i, all) => (i < all.length - 1 ? `${p}.` : p));
  const lines: string[] = [];
  let line = firstPrefix;
  for (const p of parts) {
    if (line.length > 0 && textWidth(layout, line + p, fontPx) > maxPx && line !== firstPrefix) {
      lines.push(line);
      line = '';
    }
    line += p;
  }
  if (line) lines.push(line);
  return lines;
}

/** The frame, title and state word, drawn by the box glyph with nothing inside. */
function frame(g: Sel<SVGGElement, unknown>, rect: Rect, node: NodeRef, view: NodeView, ctx: GlyphContext): number {
  const { note: _note, table: _table, ...rest } = view;
  boxGlyph.draw(g, rect, node, { ...rest, items: [] }, ctx);
  const f = ctx.layout.fontPx;
  // Under the title (and the state, when the box glyph put it on a line of its own).
  const state = g.select<SVGTextElement>('text.state');
  const stateY = Number(state.attr('y'));
  return Math.max(rect.y + f.heading * 1.3, Number.isFinite(stateY) ? stateY : 0) + f.small * 0.5;
}

/** The TTL ring of the waiting message: full when it arrives, empty when it expires. */
function ring(g: Sel<SVGGElement, unknown>, cx: number, cy: number, r: number, progress: number, strokePx: number): void {
  const c = 2 * Math.PI * r;
  child<SVGCircleElement, unknown>(g, 'circle', 'ackring-track').attr('cx', cx).attr('cy', cy).attr('r', r).attr('stroke-width', strokePx);
  child<SVGCircleElement, unknown>(g, 'circle', 'ackring-fill')
    .attr('cx', cx)
    .attr('cy', cy)
    .attr('r', r)
    .attr('stroke-width', strokePx)
    .attr('stroke-dasharray', `${(c * (1 - progress)).toFixed(2)} ${c.toFixed(2)}`)
    .attr('transform', `rotate(-90 ${cx} ${cy})`);
}

/** A bit's square: a 1 filled, a 0 outlined, nothing yet a dot. */
function bitCell(g: Sel<SVGGElement, unknown>, x: number, y: number, s: number, bit: string, fontPx: number, strokePx: number, style: { waiting?: boolean; dashed?: boolean; done?: boolean } = {}): void {
  g.attr('opacity', style.done ? 0.55 : null);
  // Under the cell the message waits in, a bar: the one place to look.
  child<SVGRectElement, unknown>(g, 'rect', 'bit-marker')
    .attr('x', x)
    .attr('y', y + s + strokePx * 1.5)
    .attr('width', s)
    .attr('height', style.waiting ? strokePx * 2.5 : 0)
    .attr('style', 'fill: var(--highlight)');
  child<SVGRectElement, unknown>(g, 'rect', 'bit-box')
    .attr('x', x)
    .attr('y', y)
    .attr('width', s)
    .attr('height', s)
    .attr('rx', s * 0.15)
    .attr('stroke-width', style.waiting ? strokePx * 2.2 : strokePx)
    .attr('stroke-dasharray', style.dashed ? `${strokePx * 2} ${strokePx * 2}` : null)
    .attr('style', `fill: ${bit === '1' ? 'var(--text)' : 'var(--surface)'}; stroke: ${style.waiting ? 'var(--highlight)' : 'var(--outline)'}`);
  child<SVGTextElement, unknown>(g, 'text', 'bit-text')
    .attr('x', x + s / 2)
    .attr('y', y + s / 2)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'middle')
    .attr('font-size', fontPx)
    .attr('style', `fill: ${bit === '1' ? 'var(--bg)' : 'var(--text-muted)'}; font-weight: 700`)
    .text(bit === '' ? '\u00B7' : bit);
}

function drawLadderLandscape(g: Sel<SVGGElement, unknown>, rect: Rect, view: NodeView, ctx: GlyphContext, top: number): void {
  const { layout } = ctx;
  const f = layout.fontPx;
  const pad = f.label * 0.6;
  const innerW = rect.w - 2 * pad;
  const key = keyOfNote(view.note);
  const keyLines = key ? wrapKey(layout, key, f.small, innerW, 'routing key ') : ['routing key: bits of the delay, then the destination'];
  const keyG = child<SVGGElement, unknown>(g, 'g', 'ladder-key');
  keyG
    .selectAll<SVGTextElement, string>(':scope > text')
    .data(keyLines)
    .join((enter) => enter.append('text').attr('class', 'channel-name'))
    .attr('x', rect.x + pad)
    .attr('y', (_, i) => top + f.small * (1 + i * 1.25))
    .attr('font-size', f.small)
    .text((d) => d);
  const rowsTop = top + f.small * (0.6 + keyLines.length * 1.25);
  const bottom = rect.y + rect.h - pad * 0.6;
  const lines = foldLadder(view.table?.rows ?? []);
  const minRowH = f.small * 1.3;
  const cols = lines.length * minRowH > bottom - rowsTop ? 2 : 1;
  const perCol = Math.ceil(lines.length / cols);
  const rowH = Math.min(f.small * 2.1, (bottom - rowsTop) / Math.max(1, perCol));
  const gap = pad * 1.5;
  const colW = (innerW - gap * (cols - 1)) / cols;
  const item = view.items[0];
  keyed(g, 'ladder-row', lines, (l) => l.key).each(function (l, i) {
    const rg = select(this) as Sel<SVGGElement, unknown>;
    const x = rect.x + pad + Math.floor(i / perCol) * (colW + gap);
    const y = rowsTop + (i % perCol) * rowH;
    const s = rowH * 0.78;
    const midY = y + rowH / 2;
    rg.attr('data-level', l.top).attr('data-state', l.state || 'idle').attr('data-bit', l.bit);
    const levelText = l.count > 1 ? `${l.top}\u2013${l.bottom}` : l.top;
    // Bold digits run wider than the average character: room for a folded "27–06".
    const levelW = textWidth(layout, '00\u201300', f.small) * 1.15 + pad * 0.6;
    child<SVGTextElement, unknown>(rg, 'text', 'ladder-level').attr('x', x).attr('y', midY).attr('dy', '0.35em').attr('font-size', f.small).attr('style', 'font-weight: 700').text(levelText);
    bitCell(child<SVGGElement, unknown>(rg, 'g', 'bit'), x + levelW, midY - s / 2, s, l.bit, f.small, layout.strokePx, { waiting: l.state === 'waiting', dashed: l.state === 'passed through', done: l.state === 'waited' || l.state === 'passed through' });
    const afterBit = x + levelW + s + pad * 0.6;
    const ttlW = textWidth(layout, '0.0 years', f.small) + pad * 0.4;
    const narrow = colW < 600;
    const words = l.count > 1 ? foldedWords(l) : narrow ? (SHORT[l.state] ?? l.state) : l.state;
    child<SVGTextElement, unknown>(rg, 'text', 'ladder-ttl')
      .attr('x', afterBit)
      .attr('y', midY)
      .attr('dy', '0.35em')
      .attr('font-size', f.small)
      .text(l.count > 1 ? '' : l.ttl);
    const stateX = l.count > 1 ? afterBit : afterBit + ttlW;
    const room = x + colW - stateX;
    const waiting = l.state === 'waiting' && item !== undefined;
    child<SVGTextElement, unknown>(rg, 'text', 'ladder-state')
      .attr('x', stateX)
      .attr('y', midY)
      .attr('dy', '0.35em')
      .attr('font-size', f.small)
      .attr('style', l.state === 'waited' || waiting ? 'font-weight: 700' : 'fill: var(--text-muted)')
      .text(waiting ? '' : fitText(layout, words, f.small, room));
    // The waiting message: a pill with its label, and the TTL's ring beside it.
    const pill = child<SVGGElement, unknown>(rg, 'g', 'ladder-token').attr('display', waiting ? null : 'none');
    if (!waiting || !item) return;
    const h = Math.min(layout.tokenHeightPx, rowH * 0.92);
    const full = textWidth(layout, item.label, f.small) + h * 0.9;
    // Where the label does not fit (two columns of levels), the pill says where it is instead.
    const label = full + h * 1.4 <= room ? item.label : 'here';
    const w = Math.min(room - h * 1.4, textWidth(layout, label, f.small) + h * 0.9);
    child<SVGRectElement, unknown>(pill, 'rect', 'item-shape')
      .attr('x', stateX)
      .attr('y', midY - h / 2)
      .attr('width', Math.max(h, w))
      .attr('height', h)
      .attr('rx', h / 2)
      .attr('class', 'item-shape pill-shape tweet')
      .attr('stroke-width', layout.strokePx);
    child<SVGTextElement, unknown>(pill, 'text', 'pill-label')
      .attr('x', stateX + Math.max(h, w) / 2)
      .attr('y', midY)
      .attr('dy', '0.35em')
      .attr('text-anchor', 'middle')
      .attr('font-size', f.small)
      .text(fitText(layout, label, f.small, Math.max(h, w) - h * 0.5));
    ring(pill, stateX + Math.max(h, w) + h * 0.7, midY, h * 0.36, ctx.reducedMotion ? 0 : (item.progress ?? 0), layout.strokePx * 1.4);
  });
}

function drawLadderPortrait(g: Sel<SVGGElement, unknown>, rect: Rect, view: NodeView, ctx: GlyphContext, top: number): void {
  const { layout } = ctx;
  const f = layout.fontPx;
  const pad = f.label * 0.5;
  const rows = view.table?.rows ?? [];
  const labelW = textWidth(layout, '00', f.small) + pad * 0.5;
  const perStrip = Math.ceil(rows.length / 2);
  const cell = Math.min(f.small * 1.6, (rect.w - 2 * pad - labelW) / Math.max(1, perStrip));
  const statusH = f.small * 1.4;
  const stripGap = Math.max(2, (rect.y + rect.h - pad * 0.5 - statusH - top - 2 * cell) / 3);
  keyed(g, 'ladder-strip', [0, 1], (k) => String(k)).each(function (k) {
    const sg = select(this) as Sel<SVGGElement, unknown>;
    const mine = rows.slice(k * perStrip, (k + 1) * perStrip);
    const y = top + stripGap * (k + 1) + k * cell;
    child<SVGTextElement, unknown>(sg, 'text', 'ladder-level')
      .attr('x', rect.x + pad)
      .attr('y', y + cell / 2)
      .attr('dy', '0.35em')
      .attr('font-size', f.small)
      .attr('style', 'font-weight: 700')
      .text(mine[0]?.cells[0] ?? '');
    keyed(sg, 'ladder-cell', mine, (r) => r.key).each(function (r, i) {
      const cg = select(this) as Sel<SVGGElement, unknown>;
      const [, bit = '', , state = ''] = r.cells;
      cg.attr('data-level', r.cells[0] ?? '').attr('data-state', state || 'idle').attr('data-bit', bit);
      bitCell(cg, rect.x + pad + labelW + i * cell + 1, y, cell - 2, bit, f.small, layout.strokePx * 0.7, { waiting: state === 'waiting', dashed: state === 'passed through', done: state === 'waited' || state === 'passed through' || state === 'not needed' });
    });
  });
  const item = view.items[0];
  const key = keyOfNote(view.note);
  const maxW = rect.w - 2 * pad;
  let status = 'bits of the delay, 27 down to 00';
  if (item) status = `waiting in ${item.tag ?? 'a level'}`;
  else if (key) status = textWidth(layout, key, f.small) <= maxW ? key : `\u2026${key.slice(-Math.floor(maxW / (f.small * layout.charWidthEm)) + 1)}`;
  child<SVGTextElement, unknown>(g, 'text', 'ladder-status')
    .attr('x', rect.x + pad)
    .attr('y', rect.y + rect.h - pad * 0.5 - f.small * 0.4)
    .attr('font-size', f.small)
    .attr('class', key && !item ? 'ladder-status channel-name' : 'ladder-status')
    .text(fitText(layout, status, f.small, maxW - (item ? f.small * 1.4 : 0)));
  const r = child<SVGGElement, unknown>(g, 'g', 'ladder-token').attr('display', item ? null : 'none');
  if (item) ring(r, rect.x + rect.w - pad - f.small * 0.5, rect.y + rect.h - pad * 0.5 - f.small * 0.75, f.small * 0.45, ctx.reducedMotion ? 0 : (item.progress ?? 0), layout.strokePx * 1.2);
}

function drawLadder(g: Sel<SVGGElement, unknown>, rect: Rect, node: NodeRef, view: NodeView, ctx: GlyphContext): void {
  const top = frame(g, rect, node, view, ctx);
  if (ctx.layout.kind === 'portrait') drawLadderPortrait(g, rect, view, ctx, top);
  else drawLadderLandscape(g, rect, view, ctx, top);
}

/** The side-by-side table: each column as wide as its longest cell, the header muted, the first column bold. */
function drawComparison(g: Sel<SVGGElement, unknown>, rect: Rect, node: NodeRef, view: NodeView, ctx: GlyphContext): void {
  const top = frame(g, rect, node, view, ctx);
  const { layout } = ctx;
  const f = layout.fontPx;
  const pad = f.label * 0.6;
  const table = view.table ?? { columns: [], rows: [] };
  const all = [table.columns, ...table.rows.map((r) => r.cells)];
  const widths = table.columns.map((_, i) => Math.max(...all.map((cells) => textWidth(layout, cells[i] ?? '', f.small))));
  const gap = pad;
  const need = widths.reduce((a, b) => a + b, 0) + gap * Math.max(0, widths.length - 1);
  const room = rect.w - 2 * pad;
  const scale = need > room ? room / need : 1;
  const xs = widths.map((_, i) => rect.x + pad + widths.slice(0, i).reduce((a, b) => a + b * scale + gap * scale, 0));
  const rowH = Math.min(f.small * 1.7, (rect.y + rect.h - pad * 0.6 - top) / Math.max(1, all.length));
  const lines = all.map((cells, k) => ({ key: k === 0 ? 'head' : table.rows[k - 1]!.key, cells, head: k === 0 }));
  keyed(g, 'compare-row', lines, (l) => l.key).each(function (l, k) {
    const rg = select(this) as Sel<SVGGElement, unknown>;
    rg.attr('data-key', l.key);
    rg.selectAll<SVGTextElement, string>(':scope > text')
      .data(l.cells)
      .join((enter) => enter.append('text'))
      .attr('class', (_, i) => (l.head ? 'th' : i === 0 ? 'td compare-aspect' : 'td'))
      .attr('x', (_, i) => xs[i]!)
      .attr('y', top + rowH * (k + 0.75))
      .attr('font-size', f.small)
      .attr('style', (_, i) => (l.head ? 'fill: var(--text-muted); font-weight: 700' : i === 0 ? 'font-weight: 700' : null))
      .text((d, i) => fitText(layout, d, f.small, widths[i]! * scale + gap * 0.5));
  });
}

/** Glyphs of the RabbitMQ family's kinds that draw more than the box glyph does. */
export const rabbitGlyphs: Readonly<Record<string, Glyph>> = {
  'rabbitmq.delay-levels': { draw: drawLadder },
  'rabbitmq.comparison': { draw: drawComparison },
};
