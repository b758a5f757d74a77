/**
 * The stage's small tables, drawn with the same idempotent joins as render.ts: the publisher's
 * table of what it sent (Seq, Name, Event, Last Seq) in the 'publisher-last-seq' design, a
 * user's timeline of tweets under their storage row, the processed sequence per channel in the
 * 'last-sequence' design, and a step's figure under the broker's channels.
 */
import { select } from 'd3-selection';
import type { Design } from '../actors/nats/types.ts';
import { grouped, signedAmount } from '../lib/format.ts';
import { fitText, type StageLayout } from './layout.ts';
import { child, keyed, type Sel } from './render.ts';
import { justChanged, type StorageRowView, type ViewState } from './view.ts';

/** The storage column that holds the number an ordered design keeps per user, or '' where it keeps none. */
export function lastColumnTitle(design: Design): string {
  return design === 'per-user-number' || design === 'publisher-last-seq' ? 'Last ID' : '';
}

/** Column x positions of the publisher's table, as fractions of the box's inner width (right edges for numbers). */
const PUBLISHER_COLUMNS = { seqRight: 0.13, name: 0.18, event: 0.41, lastRight: 1 } as const;

/**
 * The publisher's table: one row per event sent, newest last. Seq is the publisher's own running
 * number; Last Seq is the Seq of the same user's previous event ('–' for a user's first), which
 * the event carries so the listener can tell whether it is next.
 */
export function drawPublisherTable(g: Sel<SVGGElement, unknown>, view: ViewState, layout: StageLayout): void {
  const p = layout.publisher;
  const f = layout.fontPx;
  const left = p.rect.x + f.small * 0.6;
  const inner = p.rect.w - f.small * 1.2;
  const x = (frac: number) => left + inner * frac;
  const rowH = layout.kind === 'landscape' ? f.small * 1.75 : f.small * 1.45;
  const headY = p.listTop + f.small * 0.75;
  const table = child<SVGGElement, unknown>(g, 'g', 'pub-table');
  const heads = [
    { text: 'Seq', x: x(PUBLISHER_COLUMNS.seqRight), anchor: 'end' },
    { text: 'Name', x: x(PUBLISHER_COLUMNS.name), anchor: 'start' },
    { text: 'Event', x: x(PUBLISHER_COLUMNS.event), anchor: 'start' },
    { text: 'Last Seq', x: x(PUBLISHER_COLUMNS.lastRight), anchor: 'end' },
  ];
  table
    .selectAll<SVGTextElement, (typeof heads)[number]>(':scope > text.pub-th')
    .data(heads)
    .join((enter) => enter.append('text').attr('class', 'pub-th'))
    .attr('x', (d) => d.x)
    .attr('y', headY)
    .attr('text-anchor', (d) => d.anchor)
    .attr('font-size', f.small)
    .text((d) => d.text);
  child<SVGLineElement, unknown>(table, 'line', 'th-rule')
    .attr('x1', left)
    .attr('x2', left + inner)
    .attr('y1', headY + f.small * 0.45)
    .attr('y2', headY + f.small * 0.45)
    .attr('stroke-width', layout.strokePx * 0.7);
  const fits = Math.max(1, Math.floor((p.rect.y + p.rect.h - 8 - (headY + f.small * 0.45)) / rowH));
  const rows = view.publisher.sent.slice(-fits);
  keyed(table, 'pub-row', rows, (d) => `${layout.kind}:${d.msg}`).each(function (d, i) {
    const rg = select(this) as Sel<SVGGElement, unknown>;
    const y = headY + (i + 1) * rowH;
    rg.attr('data-seq', d.payload.number ?? d.msg).attr('class', `pub-row ${d.payload.kind}`);
    const cells = [
      { cls: 'pub-seq', text: String(d.payload.number ?? d.msg), x: x(PUBLISHER_COLUMNS.seqRight), anchor: 'end' },
      { cls: 'pub-name', text: fitText(layout, d.payload.user, f.small, inner * (PUBLISHER_COLUMNS.event - PUBLISHER_COLUMNS.name) - 6), x: x(PUBLISHER_COLUMNS.name), anchor: 'start' },
      { cls: 'pub-event', text: signedAmount(d.payload), x: x(PUBLISHER_COLUMNS.event), anchor: 'start' },
      { cls: 'pub-last', text: d.payload.prev ? String(d.payload.prev) : '\u2013', x: x(PUBLISHER_COLUMNS.lastRight), anchor: 'end' },
    ];
    rg.selectAll<SVGTextElement, (typeof cells)[number]>(':scope > text')
      .data(cells)
      .join((enter) => enter.append('text'))
      .attr('class', (c) => c.cls)
      .attr('x', (c) => c.x)
      .attr('y', y)
      .attr('text-anchor', (c) => c.anchor)
      .attr('font-size', f.small)
      .text((c) => c.text);
  });
}

/** A timeline longer than this shows its newest posts under a line counting the earlier ones. */
const POSTS_SHOWN = 6;

/** The lines of a user's timeline: every post, or "+N earlier" and the newest, numbered as stored. */
function postLines(row: StorageRowView): { text: string; i: number; more?: boolean }[] {
  const all = row.posts.map((text, i) => ({ text, i }));
  if (all.length <= POSTS_SHOWN) return all;
  const hidden = all.length - (POSTS_SHOWN - 1);
  return [{ text: `+${grouped(hidden)} earlier`, i: -1, more: true }, ...all.slice(hidden)];
}

/** Height of the timeline lines under a storage row. */
export const postsHeight = (layout: StageLayout, row: StorageRowView): number => Math.min(row.posts.length, POSTS_SHOWN) * layout.fontPx.small * 1.3;

/** A user's timeline under their row: "1 “Landed!”", in the order the posts were stored. */
export function drawPosts(rg: Sel<SVGGElement, unknown>, row: StorageRowView, y: number, layout: StageLayout): void {
  const s = layout.storage;
  const f = layout.fontPx;
  const lines = postLines(row).map((p, k) => ({ text: fitText(layout, p.more ? p.text : `${p.i + 1}. \u201C${p.text}\u201D`, f.small, s.balanceRight - s.nameX - f.small), i: p.i, k }));
  rg.selectAll<SVGTextElement, (typeof lines)[number]>(':scope > text.row-post')
    .data(lines, (d) => `${d.i}:${d.text}`)
    .join((enter) => enter.append('text').attr('class', 'row-post'))
    .attr('x', s.nameX + f.small * 0.8)
    .attr('y', (d) => y + (d.k + 1) * f.small * 1.3)
    .attr('font-size', f.small)
    .text((d) => d.text);
}

/**
 * 'last-sequence': under the accounts, the last sequence processed per channel, the number a
 * listener compares each delivery with. Returns the y below it.
 */
export function drawSequences(g: Sel<SVGGElement, unknown>, view: ViewState, top: number, layout: StageLayout): number {
  const s = layout.storage;
  const f = layout.fontPx;
  const block = child<SVGGElement, unknown>(g, 'g', 'sequences');
  const shown = view.sequences.length > 0;
  block.attr('display', shown ? null : 'none');
  if (!shown) return top;
  const headY = top + f.small * 1.2;
  const lineH = f.small * 1.4;
  const heads = [
    { text: 'Channel', x: s.nameX, anchor: 'start' },
    { text: 'Last seq', x: s.balanceRight, anchor: 'end' },
  ];
  block
    .selectAll<SVGTextElement, (typeof heads)[number]>(':scope > text.seq-th')
    .data(heads)
    .join((enter) => enter.append('text').attr('class', 'seq-th'))
    .attr('x', (d) => d.x)
    .attr('y', headY)
    .attr('text-anchor', (d) => d.anchor)
    .attr('font-size', f.small)
    .text((d) => d.text);
  child<SVGLineElement, unknown>(block, 'line', 'th-rule')
    .attr('x1', s.nameX)
    .attr('x2', s.balanceRight)
    .attr('y1', headY + f.small * 0.45)
    .attr('y2', headY + f.small * 0.45)
    .attr('stroke-width', layout.strokePx * 0.7);
  const lastW = f.small * 3;
  keyed(block, 'seq-row', view.sequences, (d) => `${layout.kind}:${d.channel}`).each(function (d, i) {
    const rg = select(this) as Sel<SVGGElement, unknown>;
    const y = headY + (i + 1) * lineH;
    rg.attr('data-channel', d.channel).attr('data-last', d.last);
    child<SVGTextElement, unknown>(rg, 'text', 'seq-channel')
      .attr('x', s.nameX)
      .attr('y', y)
      .attr('font-size', f.small)
      .text(fitText(layout, d.channel, f.small, s.balanceRight - s.nameX - lastW));
    child<SVGTextElement, unknown>(rg, 'text', 'seq-last')
      .attr('x', s.balanceRight)
      .attr('y', y)
      .attr('text-anchor', 'end')
      .attr('font-size', f.small)
      .classed('changed', justChanged(d.changedAt, view.t))
      .text(String(d.last));
  });
  return headY + view.sequences.length * lineH + f.small;
}

/** A step's figure in the room the layout keeps under the channels: a caption, then label → value rows. */
export function drawFigure(g: Sel<SVGGElement, unknown>, view: ViewState, layout: StageLayout): void {
  const r = layout.figure;
  const fg = child<SVGGElement, unknown>(g, 'g', 'figure');
  const figure = r ? view.figure : undefined;
  fg.attr('display', figure ? null : 'none');
  if (!r || !figure) return;
  const f = layout.fontPx;
  const pad = f.small * 0.6;
  child<SVGRectElement, unknown>(fg, 'rect', 'figure-box')
    .attr('x', r.x)
    .attr('y', r.y)
    .attr('width', r.w)
    .attr('height', r.h)
    .attr('rx', layout.cornerPx * 0.6)
    .attr('stroke-width', layout.strokePx);
  child<SVGTextElement, unknown>(fg, 'text', 'figure-caption')
    .attr('x', r.x + pad)
    .attr('y', r.y + f.label * 1.3)
    .attr('font-size', f.label)
    .text(fitText(layout, figure.caption, f.label, r.w - 2 * pad));
  const rowH = (r.h - f.label * 1.9) / Math.max(1, figure.rows.length);
  const rows = figure.rows.map((row, i) => ({ ...row, i }));
  keyed(fg, 'figure-row', rows, (d) => `${d.i}`).each(function (d) {
    const rg = select(this) as Sel<SVGGElement, unknown>;
    const y = r.y + f.label * 1.9 + (d.i + 0.7) * rowH;
    child<SVGTextElement, unknown>(rg, 'text', 'figure-label').attr('x', r.x + pad).attr('y', y).attr('font-size', f.small).text(d.label);
    child<SVGTextElement, unknown>(rg, 'text', 'figure-value')
      .attr('x', r.x + r.w - pad)
      .attr('y', y)
      .attr('text-anchor', 'end')
      .attr('font-size', f.label)
      .text(d.value);
  });
}
