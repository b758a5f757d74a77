/**
 * Draws a ViewState into an <svg> with idempotent d3 joins keyed by ids: calling it again with
 * the same (view, layout) changes nothing, and calling it every frame with a new view only
 * touches what moved. Publisher → NATS Streaming → Account Srv listeners → File Storage, the
 * clock and scene title top right. Tokens in flight are drawn over it by tokens.canvas.ts.
 */
import { select, type BaseType, type Selection } from 'd3-selection';
import type { Payload } from '../actors/nats/types.ts';
import { clock, grouped, money, secondsLeft, signedAmount } from '../lib/format.ts';
import { connectors, fitText, textWidth, type ListenerSlot, type Point, type StageLayout } from './layout.ts';
import { pillLabel, pillPath, pillWidth } from './pill.ts';
import { vocabularyFor, type Vocabulary } from './vocabulary.ts';
import { drawFigure, drawPosts, drawPublisherTable, drawSequences, lastColumnTitle, postsHeight } from './tables.ts';
import { justChanged, type ChannelView, type ListenerView, type Mark, type StorageRowView, type StoredMessage, type Unacked, type Verdict, type ViewState } from './view.ts';
import { quietWrites } from './quiet.ts';

// Every draw below is a join run again each frame: write only what changed (quiet.ts).
quietWrites();

/** d3's selection with the parent types left open: joins below name their element and datum. */
export type Sel<E extends BaseType, D> = Selection<E, D, any, any>;

/**
 * One child element per parent, created on first call and reused after: `child(g, 'rect', 'box')`.
 * The child shares its parent's datum.
 */
export function child<E extends SVGElement, D>(parent: Sel<SVGGElement, D>, tag: string, cls: string): Sel<E, D> {
  return parent
    .selectAll<E, D>(`:scope > ${tag}.${cls}`)
    .data((d) => [d])
    .join((enter) => enter.append(tag).attr('class', cls) as unknown as Sel<E, D>);
}

/** A keyed list of <g class=cls> under parent (`key` gets each datum and its index in `data`). */
export function keyed<D>(parent: Sel<SVGGElement, unknown>, cls: string, data: readonly D[], key: (d: D, index: number) => string): Sel<SVGGElement, D> {
  return parent
    .selectAll<SVGGElement, D>(`:scope > g.${cls}`)
    .data(data, key)
    .join((enter) => enter.append('g').attr('class', cls));
}

/** A layer group directly under the svg root, created once. */
function layer(root: Sel<SVGSVGElement, unknown>, name: string): Sel<SVGGElement, unknown> {
  return root
    .selectAll<SVGGElement, unknown>(`:scope > g.layer-${name}`)
    .data([null] as unknown[])
    .join((enter) => enter.append('g').attr('class', `layer-${name}`));
}

const MARK_WORDS: Record<Mark['kind'], string> = {
  refused: 'REFUSED',
  'write-failed': 'WRITE FAILED',
  skipped: 'SKIPPED',
  duplicate: 'DUPLICATE',
  ignored: 'IGNORED',
  lost: 'MISSED',
};

/** Bold capitals run wider than the average character textWidth assumes. */
const BOLD_CAPS = 1.15;

/** Marks that break a business rule get the thick outline and the flash; the rest are quieter. */
const VIOLATIONS = new Set<Mark['kind']>(['refused', 'duplicate']);

/**
 * What a mark means, which decides its colour: an error (vermillion: a rule broken, a write
 * failed, a message lost), a rule upheld (green: the redesign ignoring a duplicate),
 * or a neutral notice (a message skipped until its turn).
 */
export type MarkTone = 'error' | 'upheld' | 'notice';
const TONES: Record<Mark['kind'], MarkTone> = {
  refused: 'error',
  'write-failed': 'error',
  duplicate: 'error',
  lost: 'error',
  ignored: 'upheld',
  skipped: 'notice',
};
/** The tone of a mark: `toneOf('write-failed')` → 'error'. */
export const toneOf = (kind: Mark['kind']): MarkTone => TONES[kind];

/** The classes of a mark's group: its kind, its tone, and 'violation' for the flash. */
const markClasses = (base: string, kind: Mark['kind']): string => `${base} ${kind} ${toneOf(kind)}${VIOLATIONS.has(kind) ? ' violation' : ''}`;

/**
 * A highlighted box's second outline, inside the first: a highlight is a shape (a double
 * outline in the neutral highlight colour), never a status colour.
 */
export function highlightRing(g: Sel<SVGGElement, unknown>, rect: { x: number; y: number; w: number; h: number }, corner: number, thick: number, on: boolean): void {
  const inset = thick * 0.75 + Math.max(3, thick * 0.5);
  child<SVGRectElement, unknown>(g, 'rect', 'highlight-ring')
    .attr('x', rect.x + inset)
    .attr('y', rect.y + inset)
    .attr('width', Math.max(0, rect.w - 2 * inset))
    .attr('height', Math.max(0, rect.h - 2 * inset))
    .attr('rx', Math.max(0, corner - inset / 2))
    .attr('stroke-width', Math.max(1.5, thick * 0.3))
    .attr('display', on ? null : 'none');
}

/** Fills a <g> with a message pill (shape + label), centred on the group's origin. */
function drawPill(g: Sel<SVGGElement, unknown>, layout: StageLayout, payload: Payload): number {
  const label = pillLabel(layout, payload);
  const w = pillWidth(layout, label);
  const h = layout.tokenHeightPx;
  g.attr('data-kind', payload.kind);
  child<SVGPathElement, unknown>(g, 'path', 'pill-shape')
    .attr('d', pillPath(payload.kind, w, h))
    .attr('class', `pill-shape ${payload.kind}`)
    .attr('stroke-width', layout.strokePx);
  child<SVGTextElement, unknown>(g, 'text', 'pill-label')
    .attr('x', 0)
    .attr('y', 0)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'middle')
    .attr('font-size', layout.fontPx.small)
    .text(label);
  return w;
}

/** A circular progress ring: `fraction` of the circumference, starting at 12 o'clock. */
function ring(g: Sel<SVGGElement, unknown>, cls: string, c: Point, r: number, fraction: number, widthPx: number): void {
  const circumference = 2 * Math.PI * r;
  child<SVGCircleElement, unknown>(g, 'circle', `${cls}-track`).attr('cx', c.x).attr('cy', c.y).attr('r', r).attr('stroke-width', widthPx);
  child<SVGCircleElement, unknown>(g, 'circle', `${cls}-fill`)
    .attr('cx', c.x)
    .attr('cy', c.y)
    .attr('r', r)
    .attr('stroke-width', widthPx)
    .attr('stroke-dasharray', `${(circumference * Math.max(0, Math.min(1, fraction))).toFixed(2)} ${circumference.toFixed(2)}`)
    .attr('transform', `rotate(-90 ${c.x} ${c.y})`);
}

/** The tortoise: a domed shell, a head and two feet, sized by `u` (about a font size). */
function tortoisePath(u: number): string {
  const f = (n: number) => (n * u).toFixed(1);
  return [
    `M${f(-0.62)},0Q${f(-0.58)},${f(-0.78)} 0,${f(-0.78)}Q${f(0.58)},${f(-0.78)} ${f(0.62)},0Z`,
    `M${f(0.6)},${f(-0.22)}a${f(0.17)},${f(0.17)} 0 1 0 ${f(0.34)},0a${f(0.17)},${f(0.17)} 0 1 0 ${f(-0.34)},0Z`,
    `M${f(-0.45)},0h${f(0.2)}v${f(0.2)}h${f(-0.2)}Z`,
    `M${f(0.25)},0h${f(0.2)}v${f(0.2)}h${f(-0.2)}Z`,
  ].join('');
}

/** A check mark of height u, its bottom-left at (0,0). */
const checkPath = (u: number): string => `M0,${-u * 0.5}L${u * 0.35},${-u * 0.1}L${u},${-u}`;

/** What each svg was last drawn from (all but the clock and tokens), to skip redrawing it. */
const drawn = new WeakMap<SVGSVGElement, string>();

/** Forget what an svg was drawn from, so the next renderStage draws it whole (after it was emptied). */
export const forgetStage = (svg: SVGSVGElement): void => {
  drawn.delete(svg);
};

export interface RenderOptions {
  /** Replace flashes with a static mark. */
  reducedMotion: boolean;
}

/**
 * Draws `view` into `svg` using `layout`. Idempotent; safe to call every frame.
 * @example renderStage(svgEl, viewAt(scene, trace, t), layoutFor('landscape', scene), { reducedMotion: false })
 */
export function renderStage(svg: SVGSVGElement, view: ViewState, layout: StageLayout, opts: RenderOptions): void {
  const root = select(svg) as Sel<SVGSVGElement, unknown>;
  const viewBox = `0 0 ${layout.widthPx} ${layout.heightPx}`;
  if (svg.getAttribute('viewBox') !== viewBox) root.attr('viewBox', viewBox).attr('data-layout', layout.kind);
  if (svg.classList.contains('reduced-motion') !== opts.reducedMotion) root.classed('reduced-motion', opts.reducedMotion);
  const highlight = new Set(view.highlight);

  // Only the clock changes from frame to frame while nothing else moves: skip rewriting the rest,
  // because the browser restyles and repaints the SVG for every attribute written, same value or not.
  // A scene with thousands of messages is drawn (and compared) as the few the boxes can show.
  const shown = visibleOf(view, layout);
  const { t, tokens, fastForward, ...still } = shown.view;
  // The clock also ends a value's "just changed" mark (view.ts): which are marked is part of the picture.
  const marked = [view.storage.map((r) => justChanged(r.changedAt, t)), view.sequences.map((s) => justChanged(s.changedAt, t))];
  const signature = JSON.stringify([layout.kind, layout.widthPx, layout.heightPx, opts.reducedMotion, still, shown.earlier, marked]);
  if (drawn.get(svg) !== signature) {
    drawn.set(svg, signature);
    // Layers are created in this order on the first call, so later ones draw on top.
    drawEdges(layer(root, 'edges'), layout);
    drawPublisher(layer(root, 'publisher'), shown.view, layout, highlight, shown.earlier.sent);
    drawBroker(layer(root, 'broker'), shown.view, layout, highlight, shown.earlier.channels);
    drawListeners(layer(root, 'listeners'), view, layout, highlight);
    drawStorage(layer(root, 'storage'), view, layout, highlight);
  }
  drawHeader(layer(root, 'header'), view, layout);
}

/** What the stage can show of a view, and how many earlier messages each container holds beyond that. */
interface Visible {
  view: ViewState;
  earlier: { sent: number; channels: Record<string, number> };
}

/**
 * The view cut to what its boxes can show: each channel's newest cells (the rest counted as
 * "+N earlier"), the publisher's newest pills (at most as many as could ever fit its box), the
 * ack waits of the cells shown only. The picture is the one the whole view draws; the work of a
 * frame then stays the same with 10,000 messages in a channel as with 3.
 */
function visibleOf(view: ViewState, layout: StageLayout): Visible {
  const p = layout.publisher;
  const rows = Math.max(1, Math.floor((p.rect.h - 8 - (p.listTop - p.rect.y) + p.itemGapPx) / (layout.tokenHeightPx + p.itemGapPx)));
  const narrowest = 2 * layout.tokenPadPx + layout.tokenHeightPx * 0.4;
  // As many pills as could ever fit (each at least `narrowest` wide), or table rows in the design that lists them (tables.ts).
  const fit = Math.max(rows * (Math.floor((p.rect.w - 24) / (narrowest + p.itemGapPx)) + 1), Math.ceil(p.rect.h / layout.fontPx.small)) + 1;
  const sent = view.publisher.sent.length > fit ? view.publisher.sent.slice(-fit) : view.publisher.sent;
  const room = new Map(layout.channels.map((slot) => [slot.name, slot.maxCells]));
  const channels: Record<string, number> = {};
  const kept = new Set<number>();
  const cut = view.channels.map((ch) => {
    const max = room.get(ch.name) ?? 0;
    const hidden = Math.max(0, ch.messages.length - max);
    channels[ch.name] = hidden;
    const messages = hidden > 0 ? ch.messages.slice(hidden) : ch.messages;
    if (room.has(ch.name)) for (const m of messages) kept.add(m.msg);
    return hidden > 0 ? { ...ch, messages } : ch;
  });
  const listeners = view.listeners.map((l) => (l.unacked.every((u) => kept.has(u.msg)) ? l : { ...l, unacked: l.unacked.filter((u) => kept.has(u.msg)) }));
  return { view: { ...view, publisher: { sent }, channels: cut, listeners }, earlier: { sent: view.publisher.sent.length - sent.length, channels } };
}

/** A count as the stage writes it: "9,995". */
const count = grouped;

function drawEdges(g: Sel<SVGGElement, unknown>, layout: StageLayout): void {
  drawLines(g, connectors(layout), (d) => `${layout.kind}:${d.id}`, layout.strokePx);
}

/** Dashed edges as an idempotent join of <line class="edge">, keyed by `key`. */
export function drawLines<D extends { a: Point; b: Point }>(g: Sel<SVGGElement, unknown>, lines: readonly D[], key: (d: D) => string, strokePx: number): void {
  g.selectAll<SVGLineElement, D>('line.edge')
    .data(lines, key)
    .join((enter) => enter.append('line').attr('class', 'edge'))
    .attr('x1', (d) => d.a.x)
    .attr('y1', (d) => d.a.y)
    .attr('x2', (d) => d.b.x)
    .attr('y2', (d) => d.b.y)
    .attr('stroke-width', strokePx);
}

function drawHeader(g: Sel<SVGGElement, unknown>, view: ViewState, layout: StageLayout): void {
  const portrait = layout.kind === 'portrait';
  const ff = view.fastForward !== undefined && view.fastForward >= FAST_FORWARD_SHOWN ? `fast-forward ×${Math.round(view.fastForward)}` : '';
  const texts = [
    {
      cls: 'scene-title',
      x: layout.header.titleRight,
      y: layout.header.y,
      anchor: 'end',
      size: layout.fontPx.title,
      text: fitText(layout, view.title, layout.fontPx.title, layout.header.titleRight - layout.header.titleLeft),
    },
    { cls: 'clock', x: layout.header.clockRight, y: layout.header.y, anchor: 'end', size: layout.fontPx.clock, text: clock(view.t) },
    {
      cls: 'fast-forward',
      x: portrait ? layout.broker.x + layout.broker.w - layout.fontPx.small * 0.6 : layout.header.titleLeft,
      y: portrait ? layout.broker.y + layout.fontPx.heading * 1.45 : layout.header.y,
      anchor: portrait ? 'end' : 'start',
      size: layout.fontPx.label,
      text: ff,
    },
  ];
  // Written only when they differ: this runs every frame.
  g.selectAll<SVGTextElement, (typeof texts)[number]>(':scope > text')
    .data(texts, (d) => d.cls)
    .join((enter) => enter.append('text').attr('class', (d) => d.cls))
    .each(function (d) {
      const set = (name: string, value: string) => {
        if (this.getAttribute(name) !== value) this.setAttribute(name, value);
      };
      set('x', String(d.x));
      set('y', String(d.y));
      set('text-anchor', d.anchor);
      set('font-size', String(d.size));
      if (d.cls === 'clock') set('data-t', String(view.t));
      if (this.textContent !== d.text) this.textContent = d.text;
    });
}

/** The clock runs at least this many times real time before the stage says it is fast-forwarding. */
const FAST_FORWARD_SHOWN = 3;

/** A titled rounded box. */
function box(g: Sel<SVGGElement, unknown>, layout: StageLayout, rect: { x: number; y: number; w: number; h: number }, title: string, highlighted: boolean): void {
  child<SVGRectElement, unknown>(g, 'rect', 'box')
    .attr('x', rect.x)
    .attr('y', rect.y)
    .attr('width', rect.w)
    .attr('height', rect.h)
    .attr('rx', layout.cornerPx)
    .attr('stroke-width', highlighted ? layout.thickStrokePx * 0.75 : layout.strokePx)
    .classed('highlight', highlighted);
  highlightRing(g, rect, layout.cornerPx, layout.thickStrokePx, highlighted);
  child<SVGTextElement, unknown>(g, 'text', 'box-title')
    .attr('x', rect.x + layout.fontPx.heading * 0.7)
    .attr('y', rect.y + layout.fontPx.heading * 1.45)
    .attr('font-size', layout.fontPx.heading)
    .text(title);
}

function drawPublisher(g: Sel<SVGGElement, unknown>, view: ViewState, layout: StageLayout, highlight: Set<string>, cut = 0): void {
  const p = layout.publisher;
  box(g, layout, p.rect, vocabularyFor().publisherTitle, highlight.has('publisher'));
  // One scene's publisher keeps a table, the others a row of pills: clear whichever this one lacks.
  if (view.design === 'publisher-last-seq') {
    g.selectAll(':scope > g.sent-list').remove();
    drawPublisherTable(g, view, layout);
    return;
  }
  g.selectAll(':scope > g.pub-table').remove();
  const list = child<SVGGElement, unknown>(g, 'g', 'sent-list');
  const h = layout.tokenHeightPx;
  const left = p.rect.x + 12;
  const right = p.rect.x + p.rect.w - 12;
  const bottom = p.rect.y + p.rect.h - 8;
  // Flow the pills left to right, wrapping. When they no longer fit, the newest are kept, after
  // a line that counts the earlier ones ("+3 earlier"), as a channel does.
  type Item = (typeof view.publisher.sent)[number];
  const rowH = h + p.itemGapPx;
  const rows = Math.max(1, Math.floor((bottom - p.listTop + p.itemGapPx) / rowH));
  const flow = (items: readonly Item[], x0: number): { item: Item; x: number; y: number }[] | undefined => {
    const out: { item: Item; x: number; y: number }[] = [];
    let x = x0;
    let row = 0;
    for (const item of items) {
      const w = pillWidth(layout, pillLabel(layout, item.payload));
      if (x > left && x + w > right) {
        x = left;
        row += 1;
      }
      if (row >= rows) return undefined;
      out.push({ item, x: x + w / 2, y: p.listTop + row * rowH + h / 2 });
      x += w + p.itemGapPx;
    }
    return out;
  };
  // `cut` earlier ones are not in the list at all (more than could ever fit): the list alone never fits then.
  const sent = view.publisher.sent;
  const moreText = (n: number): string => `+${count(n)} earlier`;
  let placed = cut > 0 ? undefined : flow(sent, left);
  let earlier = 0;
  // The most of the newest that fit after the count of the rest: fewer always fit if more do (each
  // pill dropped is wider than the digit the count may gain), so halve the range until it is found.
  const after = (k: number) => flow(sent.slice(-k), left + textWidth(layout, moreText(cut + sent.length - k), layout.fontPx.small) + p.itemGapPx);
  if (!placed) {
    let [lo, hi] = [1, Math.max(1, cut > 0 ? sent.length : sent.length - 1)];
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (after(mid)) lo = mid;
      else hi = mid - 1;
    }
    const most = cut > 0 ? sent.length : sent.length - 1;
    placed = most >= 1 ? after(lo) : undefined;
    // Not even the newest fits beside the count: the count of all but it stands alone.
    if (most >= 1) earlier = cut + sent.length - lo;
  }
  placed ??= [];
  child<SVGTextElement, unknown>(g, 'text', 'pub-more')
    .attr('x', left)
    .attr('y', p.listTop + h / 2)
    .attr('dy', '0.35em')
    .attr('font-size', layout.fontPx.small)
    .text(earlier > 0 ? moreText(earlier) : '');
  // Keyed by place, not by message, as a channel's cells are (drawBroker).
  keyed(list as Sel<SVGGElement, unknown>, 'sent', placed, (_, i) => `${layout.kind}:${i}`)
    .each(function (d) {
      drawPill(select(this) as Sel<SVGGElement, unknown>, layout, d.item.payload);
    })
    .attr('transform', (d) => `translate(${d.x},${d.y})`);
}

function drawBroker(g: Sel<SVGGElement, unknown>, view: ViewState, layout: StageLayout, highlight: Set<string>, cut: Readonly<Record<string, number>> = {}): void {
  const words = vocabularyFor();
  box(g, layout, layout.broker, words.serverTitle, highlight.has('server'));
  const byName = new Map(view.channels.map((c) => [c.name, c]));
  const slots = layout.channels.map((slot) => ({ slot, ch: byName.get(slot.name) ?? ({ name: slot.name, messages: [] } as ChannelView) }));
  // The server's ack-wait timers, by message: drawn on the message the broker holds, not in the listener.
  const waits = new Map<number, Unacked>(view.listeners.flatMap((l) => l.unacked.map((u) => [u.msg, u] as const)));
  keyed(g, 'channel', slots, (d) => `${layout.kind}:${d.slot.name}`).each(function ({ slot, ch }) {
    const cg = select(this) as Sel<SVGGElement, unknown>;
    cg.attr('data-channel', ch.name);
    const hl = highlight.has(`channel:${ch.name}`);
    child<SVGRectElement, unknown>(cg, 'rect', 'channel-box')
      .attr('x', slot.rect.x)
      .attr('y', slot.rect.y)
      .attr('width', slot.rect.w)
      .attr('height', slot.rect.h)
      .attr('rx', layout.cornerPx * 0.6)
      .attr('stroke-width', hl ? layout.thickStrokePx * 0.75 : layout.strokePx * 0.7)
      .classed('highlight', hl);
    highlightRing(cg, slot.rect, layout.cornerPx * 0.6, layout.thickStrokePx * 0.75, hl);
    child<SVGTextElement, unknown>(cg, 'text', 'channel-name')
      .attr('x', slot.rect.x + layout.cellGapPx + 4)
      .attr('y', slot.cells.y - layout.fontPx.label * 0.45)
      .attr('font-size', layout.fontPx.label)
      .text(words.slotTitle(ch.name));
    const over = Math.max(0, ch.messages.length - slot.maxCells);
    const shown = ch.messages.slice(over);
    const hidden = over + (cut[ch.name] ?? 0);
    const cells = child<SVGGElement, unknown>(cg, 'g', 'cells');
    // Keyed by place, not by message: in a flood each frame moves every cell shown along by a
    // few messages, and the element in each place takes its new message's words (a quiet write)
    // instead of a few being made and dropped and all the others moved. Nothing here animates on entry.
    keyed(cells as Sel<SVGGElement, unknown>, 'cell', shown, (_, i) => `${layout.kind}:${i}`)
      .attr('transform', (_, i) => `translate(${slot.cells.x + (i % slot.perRow) * (layout.cellWidthPx + layout.cellGapPx)},${slot.cells.y + Math.floor(i / slot.perRow) * (layout.cellHeightPx + layout.cellGapPx)})`)
      .each(function (m) {
        drawCell(select(this) as Sel<SVGGElement, unknown>, m, m.acked ? undefined : waits.get(m.msg), layout, words);
      });
    child<SVGTextElement, unknown>(cg, 'text', 'channel-more')
      .attr('x', slot.rect.x + slot.rect.w - layout.cellGapPx)
      .attr('y', slot.cells.y - layout.fontPx.label * 0.45)
      .attr('text-anchor', 'end')
      .attr('font-size', layout.fontPx.small)
      .text(hidden > 0 ? `+${count(hidden)} earlier` : '');
    child<SVGTextElement, unknown>(cg, 'text', 'queue-group')
      .attr('x', slot.rect.x + layout.cellGapPx + 4)
      .attr('y', slot.cells.y + Math.max(0, Math.ceil(shown.length / slot.perRow) - 1) * (layout.cellHeightPx + layout.cellGapPx) + layout.cellHeightPx + layout.fontPx.small * 2.45)
      .attr('font-size', layout.fontPx.small)
      .text(layout.kind === 'landscape' ? words.slotNote(ch.queue) : '');
  });
  drawFigure(g, view, layout);
}

function drawCell(cell: Sel<SVGGElement, unknown>, m: StoredMessage, wait: Unacked | undefined, layout: StageLayout, words: Vocabulary): void {
  const w = layout.cellWidthPx;
  const h = layout.cellHeightPx;
  const f = layout.fontPx;
  cell.attr('data-seq', m.seq).attr('data-acked', String(m.acked)).attr('data-waiting', wait ? String(wait.msg) : null);
  child<SVGRectElement, unknown>(cell, 'rect', 'cell-box')
    .attr('width', w)
    .attr('height', h)
    .attr('rx', layout.cornerPx * 0.5)
    .attr('stroke-width', layout.strokePx)
    .attr('class', `cell-box ${m.payload.kind} ${m.acked ? 'acked' : 'unacked'}${m.failed ? ' failed' : ''}`);
  cell.attr('data-failed', m.failed ? 'true' : null).attr('data-ack-lost', m.ackLost ? 'true' : null);
  // The number ends before the corner's ring or check: a long one ("#10794", in a flood) is set
  // narrower to fit (SVG's textLength), at its full height.
  const ar = layout.ackRingRadiusPx;
  const ringAt = { x: w - ar - layout.strokePx * 2, y: ar + layout.strokePx * 2 };
  const u = f.small * 0.75;
  const tag = words.cellTag(m);
  const room = (wait ? ringAt.x - ar : w - u - 6) - layout.strokePx - f.small * 0.4;
  const squeeze = textWidth(layout, tag, f.small) > room;
  child<SVGTextElement, unknown>(cell, 'text', 'cell-seq')
    .attr('x', f.small * 0.4)
    .attr('y', h * 0.42)
    .attr('font-size', f.small)
    .attr('textLength', squeeze ? room : null)
    .attr('lengthAdjust', squeeze ? 'spacingAndGlyphs' : null)
    .text(tag);
  child<SVGTextElement, unknown>(cell, 'text', 'cell-amount')
    .attr('x', f.small * 0.4)
    .attr('y', h * 0.85)
    .attr('font-size', f.small)
    .text(layout.namesUsers && m.payload.kind !== 'tweet' ? `${m.payload.user.slice(0, 1)}${layout.kind === 'landscape' ? ' ' : ''}${signedAmount(m.payload)}` : signedAmount(m.payload));
  child<SVGPathElement, unknown>(cell, 'path', 'cell-check')
    .attr('d', m.acked ? checkPath(u) : '')
    .attr('transform', `translate(${w - u - 6},${u + 8})`)
    .attr('stroke-width', layout.strokePx);
  // The failed write's trail: a cross where the check will be (in the ack-wait ring while the server waits), until the server sends it again.
  const cu = wait ? ar * 0.9 : u * 0.8;
  child<SVGPathElement, unknown>(cell, 'path', 'cell-cross')
    .attr('d', m.failed && !m.acked ? crossPath(cu) : '')
    .attr('transform', wait ? `translate(${ringAt.x - cu / 2},${ringAt.y - cu / 2})` : `translate(${w - cu - 6},${6})`)
    .attr('stroke-width', layout.strokePx * 1.2);
  // The server's ack wait for the delivery out now: a countdown ring in the corner, the seconds under the cell.
  const ag = child<SVGGElement, unknown>(cell, 'g', 'ackwait').attr('display', wait ? null : 'none');
  if (!wait) return;
  ring(ag, 'ackring', ringAt, ar, wait.remaining, layout.strokePx * 1.6);
  child<SVGTextElement, unknown>(ag, 'text', 'ackwait-text')
    .attr('x', w / 2)
    .attr('y', h + f.small * 1.05)
    .attr('text-anchor', 'middle')
    .attr('font-size', f.small)
    .text(layout.kind === 'landscape' ? secondsLeft(wait.remaining * (wait.ackDeadline - wait.deliveredAt)) : '');
}

/** A cross of size u, its top-left at (0,0). */
const crossPath = (u: number): string => `M0,0L${u},${u}M${u},0L0,${u}`;

/** A disk (a cylinder, as storage is drawn in diagrams) of height u centred on (0,0). */
function diskPath(u: number): string {
  const rx = u * 0.4;
  const ry = u * 0.14;
  const top = -u / 2 + ry;
  const bottom = u / 2 - ry;
  return `M${-rx},${top}A${rx},${ry} 0 0 1 ${rx},${top}V${bottom}A${rx},${ry} 0 0 1 ${-rx},${bottom}ZM${-rx},${top}A${rx},${ry} 0 0 0 ${rx},${top}`;
}

/** The crack through a broken disk of height u. */
const crackPath = (u: number): string => `M${-u * 0.04},${-u * 0.3}L${u * 0.14},${-u * 0.06}L${-u * 0.12},${u * 0.1}L${u * 0.06},${u * 0.42}`;

/**
 * An arrow from `a` to `b` cut in the middle: two pieces, a slash across the gap and the head
 * at `b`. The lost ack, pointing at the server it never reached.
 */
function cutArrowPath(a: Point, b: Point, headPx: number): string {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy) || 1;
  const [ux, uy] = [dx / len, dy / len];
  const at = (k: number): Point => ({ x: a.x + dx * k, y: a.y + dy * k });
  const [p1, p2, m] = [at(0.38), at(0.62), at(0.5)];
  const n = { x: -uy, y: ux };
  const head = (sx: number) => `${(b.x - ux * headPx + n.x * headPx * 0.7 * sx).toFixed(1)},${(b.y - uy * headPx + n.y * headPx * 0.7 * sx).toFixed(1)}`;
  const slash = headPx * 0.9;
  return [
    `M${a.x.toFixed(1)},${a.y.toFixed(1)}L${p1.x.toFixed(1)},${p1.y.toFixed(1)}`,
    `M${p2.x.toFixed(1)},${p2.y.toFixed(1)}L${b.x.toFixed(1)},${b.y.toFixed(1)}`,
    `M${head(1)}L${b.x.toFixed(1)},${b.y.toFixed(1)}L${head(-1)}`,
    `M${(m.x + (n.x + ux * 0.5) * slash).toFixed(1)},${(m.y + (n.y + uy * 0.5) * slash).toFixed(1)}L${(m.x - (n.x + ux * 0.5) * slash).toFixed(1)},${(m.y - (n.y + uy * 0.5) * slash).toFixed(1)}`,
  ].join('');
}

/** What a listener's armed or past faults say in words, where its job would be: '' when none. */
export function faultWords(l: Pick<ListenerView, 'armed' | 'lostAcks'>): string {
  if (l.armed.failWrites > 1) return `${l.armed.failWrites} WRITES WILL FAIL`;
  if (l.armed.failWrites === 1) return 'WRITE WILL FAIL';
  if (l.armed.loseAcks > 0) return 'ACK TO BE LOST';
  const last = l.lostAcks[l.lostAcks.length - 1];
  if (!last) return '';
  const more = l.lostAcks.length > 1 ? ` ×${l.lostAcks.length}` : '';
  return `ACK LOST ${last.payload ? signedAmount(last.payload) : `#${last.msg}`}${more}`;
}

/**
 * A listener's faults, drawn on it: a broken disk on its link to storage while a write is set to
 * fail, a cut ack arrow at its ack port while an ack is set to be lost and after one was, and
 * the same in words on its job line while it has no job.
 */
function drawFaults(fg: Sel<SVGGElement, unknown>, slot: ListenerSlot, l: ListenerView, layout: StageLayout, jobY: number, idle: boolean): void {
  const f = layout.fontPx;
  const landscape = layout.kind === 'landscape';
  // On the listener's own line to storage, half way.
  const u = landscape ? 56 : 20;
  const diskAt = { x: (slot.storePort.x + slot.storageIn.x) / 2, y: (slot.storePort.y + slot.storageIn.y) / 2 };
  const disk = child<SVGGElement, unknown>(fg, 'g', 'fault-disk')
    .attr('display', l.armed.failWrites > 0 ? null : 'none')
    .attr('data-fault', 'write-fails')
    .attr('transform', `translate(${diskAt.x},${diskAt.y})`);
  child<SVGPathElement, unknown>(disk, 'path', 'disk-body').attr('d', diskPath(u)).attr('stroke-width', layout.strokePx);
  child<SVGPathElement, unknown>(disk, 'path', 'disk-crack').attr('d', crackPath(u)).attr('stroke-width', layout.strokePx * 1.3);

  const cut = l.armed.loseAcks > 0 || l.lostAcks.length > 0;
  const a = slot.ackPort;
  const room = landscape ? slot.rect.x - (layout.broker.x + layout.broker.w) : slot.rect.y - (layout.broker.y + layout.broker.h);
  const len = Math.max(12, Math.min(landscape ? 84 : 30, room - (landscape ? 14 : 6)));
  const from = landscape ? { x: a.x - 4, y: a.y } : { x: a.x, y: a.y - 3 };
  const to = landscape ? { x: a.x - 4 - len, y: a.y } : { x: a.x, y: a.y - 3 - len };
  child<SVGPathElement, unknown>(fg, 'path', 'fault-ack')
    .attr('d', cut ? cutArrowPath(from, to, landscape ? 16 : 7) : '')
    .attr('data-fault', cut ? (l.lostAcks.length > 0 ? 'ack-lost' : 'ack-to-be-lost') : null)
    .attr('stroke-width', layout.strokePx * 1.6);

  const words = idle ? faultWords(l) : '';
  const padX = f.label * 0.75;
  const maxW = slot.rect.w - 2 * padX;
  const text = fitText(layout, words, f.small, (maxW - f.small) / BOLD_CAPS);
  const w = Math.min(maxW, textWidth(layout, text, f.small) * BOLD_CAPS + f.small);
  const bh = f.small * 1.5;
  const wg = child<SVGGElement, unknown>(fg, 'g', 'fault-badge').attr('display', words ? null : 'none').attr('data-fault', words ? words : null);
  child<SVGRectElement, unknown>(wg, 'rect', 'badge-box')
    .attr('x', slot.rect.x + padX)
    .attr('y', jobY - bh / 2)
    .attr('width', w)
    .attr('height', bh)
    .attr('rx', layout.cornerPx * 0.4)
    .attr('stroke-width', layout.strokePx * 1.6);
  child<SVGTextElement, unknown>(wg, 'text', 'badge-word')
    .attr('x', slot.rect.x + padX + f.small * 0.5)
    .attr('y', jobY)
    .attr('dy', '0.35em')
    .attr('font-size', f.small)
    .text(text);
}

function drawListeners(g: Sel<SVGGElement, unknown>, view: ViewState, layout: StageLayout, highlight: Set<string>): void {
  const byParty = new Map(view.listeners.map((l) => [l.party, l]));
  const slots = layout.listeners.flatMap((slot) => {
    const l = byParty.get(slot.party);
    return l ? [{ slot, l }] : [];
  });
  keyed(g, 'listener', slots, (d) => `${layout.kind}:${d.slot.party}`).each(function ({ slot, l }) {
    drawListener(select(this) as Sel<SVGGElement, unknown>, slot, l, layout, highlight.has(l.party), vocabularyFor());
  });
}

function drawListener(lg: Sel<SVGGElement, unknown>, slot: ListenerSlot, l: ListenerView, layout: StageLayout, hl: boolean, words: Vocabulary): void {
  const { x, y, w, h } = slot.rect;
  const f = layout.fontPx;
  const padX = f.label * 0.75;
  const violated = l.mark !== undefined && VIOLATIONS.has(l.mark.kind);
  lg.attr('data-party', l.party).attr('data-state', l.state).attr('data-slow', String(l.slow)).attr('data-mark', l.mark?.kind ?? '');
  child<SVGRectElement, unknown>(lg, 'rect', 'box')
    .attr('x', x)
    .attr('y', y)
    .attr('width', w)
    .attr('height', h)
    .attr('rx', layout.cornerPx)
    .attr('stroke-width', violated ? layout.thickStrokePx : hl ? layout.thickStrokePx * 0.75 : layout.strokePx)
    .classed('highlight', hl && !violated)
    .classed('crashed', l.state === 'crashed')
    .classed('violated', violated);
  highlightRing(lg, slot.rect, layout.cornerPx, layout.thickStrokePx, hl && !violated);
  const name = words.listenerTitle(l.id);
  child<SVGTextElement, unknown>(lg, 'text', 'box-title')
    .attr('x', x + padX)
    .attr('y', y + f.heading * 1.45)
    .attr('font-size', f.heading)
    .text(name);

  // Slow: a tortoise and the word, top right; the tortoise alone where the title leaves no room for the word.
  const slow = child<SVGGElement, unknown>(lg, 'g', 'slow').attr('display', l.slow ? null : 'none');
  const tortoiseHalf = f.small * 1.1 * 0.7;
  const wordFits = textWidth(layout, name, f.heading) + textWidth(layout, 'slow', f.small) + f.small * 1.2 + tortoiseHalf * 2 <= w - 2 * padX;
  child<SVGTextElement, unknown>(slow, 'text', 'slow-word')
    .attr('x', x + w - padX)
    .attr('y', y + f.heading * 1.45)
    .attr('text-anchor', 'end')
    .attr('font-size', f.small)
    .text(wordFits ? 'slow' : '');
  child<SVGPathElement, unknown>(slow, 'path', 'tortoise')
    .attr('d', tortoisePath(f.small * 1.1))
    .attr('transform', `translate(${x + w - padX - (wordFits ? textWidth(layout, 'slow', f.small) + f.small * 1.2 : tortoiseHalf)},${y + f.heading * 1.3})`);

  // State word, and the outcome badge beside it.
  const stateY = y + f.heading * 1.45 + f.label * 1.6;
  child<SVGTextElement, unknown>(lg, 'text', 'state')
    .attr('x', x + padX)
    .attr('y', stateY)
    .attr('font-size', f.label)
    .attr('class', `state ${l.state}`)
    .text(l.state);
  drawBadge(child<SVGGElement, unknown>(lg, 'g', 'badge'), l.mark, { x: x + w - padX, y: stateY }, layout);

  // Current job: its pill and a progress ring.
  const job = l.jobs[0];
  const jobY = stateY + f.label * 0.7 + layout.tokenHeightPx / 2;
  const pill = child<SVGGElement, unknown>(lg, 'g', 'job').attr('display', job ? null : 'none');
  const ringR = layout.ringRadiusPx;
  const ringC = { x: x + w - padX - ringR, y: jobY + (layout.kind === 'landscape' ? 6 : 0) };
  if (job) {
    const pw = drawPill(pill, layout, job.payload);
    pill.attr('transform', `translate(${x + padX + pw / 2},${jobY})`).attr('data-msg', job.msg);
  }
  drawFaults(child<SVGGElement, unknown>(lg, 'g', 'faults'), slot, l, layout, jobY, !job);
  const rg = child<SVGGElement, unknown>(lg, 'g', 'progress').attr('display', job ? null : 'none');
  ring(rg, 'progress', ringC, ringR, job?.progress ?? 0, layout.strokePx * 2.4);
  rg.classed('slow', l.slow);

  // Waiting and attempt line under the job (on the phone, beside the job's pill, before the ring).
  const wide = layout.kind === 'landscape';
  const pillRight = job ? x + padX + pillWidth(layout, pillLabel(layout, job.payload)) : x + padX;
  const infoX = wide ? x + padX : pillRight + f.small * 0.4;
  const infoY = wide ? jobY + layout.tokenHeightPx / 2 + f.small * 1.25 : jobY + f.small * 0.35;
  const extra = [
    job && job.attempt > 1 ? `attempt ${job.attempt}` : '',
    l.jobs.length > 1 ? `+${count(l.jobs.length - 1)} more` : '',
    l.waiting > 0 ? `${count(l.waiting)} waiting` : '',
  ].filter(Boolean);
  const info = extra.join(' · ');
  const room = ringC.x - ringR - f.small * 0.3 - infoX;
  // On the phone, a line too long for beside the pill goes up to the state's line when no badge is there.
  const up = !wide && textWidth(layout, info, f.small) > room && !l.mark;
  child<SVGTextElement, unknown>(lg, 'text', 'info')
    .attr('x', up ? x + w - padX : infoX)
    .attr('y', up ? stateY : infoY)
    .attr('text-anchor', up ? 'end' : null)
    .attr('font-size', f.small)
    .text(wide || up ? info : fitText(layout, info, f.small, room));

  // Crashed: a large cross in the middle of the box, clear of its name, state and ack rows.
  const cross = child<SVGPathElement, unknown>(lg, 'path', 'cross');
  const half = Math.min(w, h) * 0.16;
  const [cx, cy] = [x + w / 2, y + h / 2];
  cross
    .attr('d', l.state === 'crashed' ? `M${cx - half},${cy - half}L${cx + half},${cy + half}M${cx + half},${cy - half}L${cx - half},${cy + half}` : '')
    .attr('stroke-width', layout.thickStrokePx);
}

/** The outcome word in a box, right-aligned at `at`; thick outline and flash for violations. */
function drawBadge(bg: Sel<SVGGElement, unknown>, mark: Mark | undefined, at: Point, layout: StageLayout): void {
  bg.attr('display', mark ? null : 'none');
  if (!mark) return;
  const word = MARK_WORDS[mark.kind];
  const violated = VIOLATIONS.has(mark.kind);
  const f = layout.fontPx.label;
  const w = textWidth(layout, word, f) * BOLD_CAPS + f;
  const h = f * 1.5;
  const x = at.x - w;
  const y = at.y - f * 1.08;
  bg.attr('class', markClasses('badge', mark.kind)).attr('data-mark', mark.kind);
  child<SVGRectElement, unknown>(bg, 'rect', 'badge-flash')
    .attr('stroke-width', haloPx(layout))
    .attr('x', x - haloPx(layout))
    .attr('y', y - haloPx(layout))
    .attr('width', w + 2 * haloPx(layout))
    .attr('height', h + 2 * haloPx(layout))
    .attr('rx', layout.cornerPx * 0.6)
    .attr('display', violated ? null : 'none');
  child<SVGRectElement, unknown>(bg, 'rect', 'badge-box')
    .attr('x', x)
    .attr('y', y)
    .attr('width', w)
    .attr('height', h)
    .attr('rx', layout.cornerPx * 0.4)
    .attr('stroke-width', violated ? layout.thickStrokePx * 0.6 : toneOf(mark.kind) === 'error' ? layout.strokePx * 1.6 : layout.strokePx);
  child<SVGTextElement, unknown>(bg, 'text', 'badge-word')
    .attr('x', x + w / 2)
    .attr('y', y + h / 2)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'middle')
    .attr('font-size', f)
    .text(word);
}

function drawStorage(g: Sel<SVGGElement, unknown>, view: ViewState, layout: StageLayout, highlight: Set<string>): void {
  const s = layout.storage;
  const f = layout.fontPx;
  box(g, layout, s.rect, vocabularyFor().storageTitle, highlight.has('storage'));
  const showNumber = view.storage.some((r) => r.lastNumber > 0) || lastColumnTitle(view.design) !== '';
  const head = child<SVGGElement, unknown>(g, 'g', 'table-head');
  child<SVGTextElement, unknown>(head, 'text', 'th-name').attr('x', s.nameX).attr('y', s.headerY).attr('font-size', f.small).text('Name');
  child<SVGTextElement, unknown>(head, 'text', 'th-number')
    .attr('x', s.numberRight)
    .attr('y', s.headerY)
    .attr('text-anchor', 'end')
    .attr('font-size', f.small)
    .text(showNumber ? lastColumnTitle(view.design) || 'Last #' : '');
  child<SVGTextElement, unknown>(head, 'text', 'th-balance')
    .attr('x', s.balanceRight)
    .attr('y', s.headerY)
    .attr('text-anchor', 'end')
    .attr('font-size', f.small)
    .text('Balance');
  child<SVGLineElement, unknown>(head, 'line', 'th-rule')
    .attr('x1', s.nameX)
    .attr('x2', s.balanceRight)
    .attr('y1', s.headerY + f.small * 0.45)
    .attr('y2', s.headerY + f.small * 0.45)
    .attr('stroke-width', layout.strokePx * 0.7);

  // Rows, each followed by its marks; y accumulates.
  let y = s.headerY + s.rowHeightPx;
  const most = badgesPerRow(view, layout);
  const placed = view.storage.map((row) => {
    const at = y;
    y += s.rowHeightPx * 0.9 + postsHeight(layout, row) + badgesOf(row, most).length * markStep(layout);
    return { row, at };
  });
  keyed(g, 'row', placed, (d) => `${layout.kind}:${d.row.user}`).each(function ({ row, at }) {
    drawRow(select(this) as Sel<SVGGElement, unknown>, row, badgesOf(row, most), at, layout, view.t, view.design);
  });

  y = drawSequences(g, view, y - s.rowHeightPx * 0.35, layout) + s.rowHeightPx * 0.35;
  drawVerdict(child<SVGGElement, unknown>(g, 'g', 'verdict'), view.verdicts, s.checks ? s.checks.top : y - s.rowHeightPx * 0.35, layout);
}

/**
 * A row's marks as badges: the same outcome for the same amount is one badge with a count
 * ("DUPLICATE +$70 ×2"), so three copies of a listener applying every event stay readable and
 * inside the storage box.
 */
function badgesOf(row: StorageRowView, most = Infinity): Badge[] {
  const out: { m: Mark; text: string; i: number; n: number }[] = [];
  for (const m of row.marks) {
    const text = `${MARK_WORDS[m.kind]} ${m.payload ? signedAmount(m.payload) : `#${m.msg}`}`;
    const same = m.payload ? out.find((b) => b.m.kind === m.kind && b.text === text) : undefined;
    if (same) same.n++;
    else out.push({ m, text, i: out.length, n: 1 });
  }
  const badges = out.map(({ m, text, i, n }) => ({ m, i, text: n > 1 ? `${text} ×${n}` : text }));
  if (badges.length <= most) return badges;
  // More than the box holds: the last badge shown says how many more the log tells of.
  const kept = badges.slice(0, Math.max(1, most));
  const last = kept[kept.length - 1]!;
  kept[kept.length - 1] = { ...last, text: `${MARK_WORDS[last.m.kind]} and ${badges.length - kept.length} more` };
  return kept;
}

interface Badge {
  m: Mark;
  text: string;
  i: number;
}

/**
 * How many badges each row may show so that the rows, the sequences and the end-of-scene checks
 * all stay inside the storage box (Infinity when every badge fits, as in every scene of the deck;
 * a sandbox with several users and a listener applying every event can have more).
 */
function badgesPerRow(view: ViewState, layout: StageLayout): number {
  const s = layout.storage;
  const f = layout.fontPx;
  const rows = view.storage.reduce((h, row) => h + s.rowHeightPx * 0.9 + postsHeight(layout, row), 0);
  const sequences = view.sequences.length > 0 ? f.small * 2.2 + view.sequences.length * f.small * 1.4 : 0;
  const room = s.rect.y + s.rect.h - f.small - (s.headerY + s.rowHeightPx * 0.65) - rows - sequences - (s.checks ? 0 : verdictsHeight(view.verdicts, layout));
  const step = markStep(layout);
  const wanted = view.storage.reduce((n, row) => n + badgesOf(row).length, 0);
  if (wanted * step <= room) return Infinity;
  return Math.max(1, Math.floor(room / step / Math.max(1, view.storage.length)));
}

/** Vertical distance between two outcome marks under a storage row, halo included. */
const markStep = (layout: StageLayout): number => layout.fontPx.small * 1.5 + 2 * haloPx(layout) + 4;

/** How far a violation's flash halo stands out from its badge. */
const haloPx = (layout: Pick<StageLayout, 'thickStrokePx'>): number => Math.round(layout.thickStrokePx * 0.6);

function drawRow(rg: Sel<SVGGElement, unknown>, row: StorageRowView, badges: Badge[], y: number, layout: StageLayout, t: number, design: ViewState['design']): void {
  const s = layout.storage;
  const f = layout.fontPx;
  rg.attr('data-user', row.user).attr('data-balance', row.balance);
  child<SVGTextElement, unknown>(rg, 'text', 'td-name').attr('x', s.nameX).attr('y', y).attr('font-size', f.label).text(row.user);
  child<SVGTextElement, unknown>(rg, 'text', 'td-number')
    .attr('x', s.numberRight)
    .attr('y', y)
    .attr('text-anchor', 'end')
    .attr('font-size', f.label)
    .text(row.lastNumber > 0 || lastColumnTitle(design) ? String(row.lastNumber) : '');
  child<SVGTextElement, unknown>(rg, 'text', 'td-balance')
    .attr('x', s.balanceRight)
    .attr('y', y)
    .attr('text-anchor', 'end')
    .attr('font-size', f.label)
    .classed('changed', justChanged(row.changedAt, t))
    .text(money(row.balance));
  drawPosts(rg, row, y, layout);
  keyed(rg, 'row-mark', badges, (d) => `${d.m.kind}:${d.m.msg}:${d.i}`).each(function ({ m, i, text: full }) {
    const mg = select(this) as Sel<SVGGElement, unknown>;
    const violated = VIOLATIONS.has(m.kind);
    const my = y + postsHeight(layout, row) + markStep(layout) * (i + 1);
    mg.attr('class', markClasses('row-mark', m.kind)).attr('data-mark', m.kind);
    // Never wider than the table: a long mark ("WRITE FAILED and 1 more") is cut to fit.
    const text = fitText(layout, full, f.small, (s.balanceRight - s.nameX - f.small) / BOLD_CAPS);
    const w = textWidth(layout, text, f.small) * BOLD_CAPS + f.small;
    child<SVGRectElement, unknown>(mg, 'rect', 'badge-flash')
    .attr('stroke-width', haloPx(layout))
      .attr('x', s.nameX - haloPx(layout))
      .attr('y', my - f.small * 1.15 - haloPx(layout))
      .attr('width', w + 2 * haloPx(layout))
      .attr('height', f.small * 1.5 + 2 * haloPx(layout))
      .attr('rx', layout.cornerPx * 0.6)
      .attr('display', violated ? null : 'none');
    child<SVGRectElement, unknown>(mg, 'rect', 'badge-box')
      .attr('x', s.nameX)
      .attr('y', my - f.small * 1.15)
      .attr('width', w)
      .attr('height', f.small * 1.5)
      .attr('rx', layout.cornerPx * 0.4)
      .attr('stroke-width', violated ? layout.thickStrokePx * 0.6 : toneOf(m.kind) === 'error' ? layout.strokePx * 1.6 : layout.strokePx);
    child<SVGTextElement, unknown>(mg, 'text', 'badge-word')
      .attr('x', s.nameX + f.small * 0.5)
      .attr('y', my)
      .attr('font-size', f.small)
      .text(text);
  });
}

/**
 * The end-of-scene check as the stage's biggest element: a card per user with a large ✓ or ✗,
 * the word RIGHT or WRONG and the user's name, the balance in the largest type on the stage,
 * and what it should be (and any withdraw refused on the way) under it.
 */
export interface VerdictCard {
  head: string;
  balance: string;
  notes: string[];
  /** One line, longest first ("Mary: $80, as expected", "Mary: $80"), for a check that holds beside one that does not. */
  lines: string[];
}

/** The words of one check: `verdictCard({ user: 'Jim', expected: 10, actual: 110, refused: 1, ok: false })`. */
export function verdictCard(v: Verdict): VerdictCard {
  const refused = v.refused === 1 ? 'a withdraw was refused' : `${v.refused} withdraws were refused`;
  return {
    head: `${v.ok ? 'RIGHT' : 'WRONG'} \u00b7 ${v.user}`,
    lines: [`${v.user}: ${money(v.actual)}, as expected`, `${v.user}: ${money(v.actual)}, right`, `${v.user}: ${money(v.actual)}`],
    balance: money(v.actual),
    notes: v.ok ? ['as expected'] : [v.actual === v.expected ? 'the right figure, but' : `expected ${money(v.expected)}`, ...(v.refused > 0 ? [refused] : [])],
  };
}

/** The balance's type size: as large as the room and the card's width allow, within the layout's bounds. */
const BALANCE_PX = { landscape: { min: 34, max: 96 }, portrait: { min: 20, max: 44 } } as const;

/** A card's height with its balance at `balancePx`; a compact card is one line. */
function cardHeight(card: VerdictCard, layout: Pick<StageLayout, 'fontPx'>, balancePx: number, compact = false): number {
  const f = layout.fontPx;
  if (compact) return f.small * 0.9 + f.small * 1.3;
  // The notes start under the balance's descent (digits and $ reach about 0.24 em below the baseline).
  return f.small * 0.65 + f.heading * 1.3 + balancePx * 1.29 + card.notes.length * f.small * 1.3;
}

/**
 * Which checks are drawn compact (one line): with more than one user, those that hold beside one
 * that does not (the wrong one is the story), and when all hold, all but the first (the scene's
 * own user keeps the big card; the others say "as expected" in a line each).
 */
export const compactFlags = (verdicts: readonly Verdict[]): boolean[] => {
  const wrong = verdicts.some((v) => !v.ok);
  return verdicts.map((v, i) => verdicts.length > 1 && v.ok && (wrong || i > 0));
};

/** Room the end-of-scene checks take at the least, gaps included. */
export const verdictsHeight = (verdicts: readonly Verdict[] | undefined, layout: Pick<StageLayout, 'kind' | 'fontPx'>): number => {
  const list = verdicts ?? [];
  const compact = compactFlags(list);
  return list.reduce((h, v, i) => h + cardHeight(verdictCard(v), layout, BALANCE_PX[layout.kind].min, compact[i]) + layout.fontPx.small * 0.6, 0);
};

/** The end-of-scene checks, stacked from `top` down inside the storage box, their balances as large as the room allows. */
function drawVerdict(vg: Sel<SVGGElement, unknown>, verdicts: Verdict[] | undefined, top: number, layout: StageLayout): void {
  const s = layout.storage;
  const f = layout.fontPx;
  // The phone's storage gives the checks a column of their own, beside its rows.
  const x = s.checks ? s.checks.x : s.nameX - f.small * 0.3;
  const right = s.checks ? s.checks.right : s.balanceRight + f.small * 0.3;
  const y = s.checks ? s.checks.top : top;
  drawVerdictCards(vg, verdicts ?? [], { x, y, w: right - x, h: s.rect.y + s.rect.h - f.small * 0.7 - y }, layout);
}

/** What a verdict card reads of a layout (the NATS stage's or a declared one's). */
export type CardLayout = Pick<StageLayout, 'kind' | 'fontPx' | 'charWidthEm' | 'cornerPx' | 'strokePx' | 'thickStrokePx'>;

/**
 * The end-of-scene checks as cards stacked from the top of `area`, their balances in the largest
 * type the area's height and width allow (within BALANCE_PX): never cut, never out of the area
 * unless even the smallest size does not fit. `compactOf`: which are one line (compactFlags by default).
 */
export function drawVerdictCards(vg: Sel<SVGGElement, unknown>, list: readonly Verdict[], area: { x: number; y: number; w: number; h: number }, layout: CardLayout, compactOf: readonly boolean[] = compactFlags(list)): void {
  const f = layout.fontPx;
  vg.attr('display', list.length ? null : 'none');
  const compact = compactOf;
  const cards = list.map((v, i) => ({ v, card: verdictCard(v), compact: compact[i]! }));
  const { x, w } = area;
  const top = area.y;
  const gap = f.small * 0.6;
  const bounds = BALANCE_PX[layout.kind];
  const room = area.h;
  const fixed = cards.reduce((h, c) => h + cardHeight(c.card, layout, 0, c.compact) + gap, 0);
  const big = cards.filter((c) => !c.compact);
  const widest = Math.max(1, ...big.map(({ card }) => card.balance.length));
  const byRoom = big.length > 0 ? (room - fixed) / (1.29 * big.length) : bounds.max;
  const byWidth = (w - f.small * 1.2) / (widest * layout.charWidthEm * BOLD_CAPS);
  const balancePx = Math.round(Math.max(bounds.min, Math.min(bounds.max, byRoom, byWidth)));
  let y = top;
  const placed = cards.map((c) => {
    const at = y;
    y += cardHeight(c.card, layout, balancePx, c.compact) + gap;
    return { ...c, at };
  });
  keyed(vg, 'verdict-item', placed, (d) => d.v.user).each(function ({ v, card, at, compact: small }) {
    const ig = select(this) as Sel<SVGGElement, unknown>;
    const h = cardHeight(card, layout, balancePx, small);
    const big = small ? 0 : balancePx;
    ig.attr('class', `verdict-item ${v.ok ? 'ok' : 'wrong'}`).attr('data-ok', String(v.ok)).attr('data-verdict-user', v.user);
    child<SVGRectElement, unknown>(ig, 'rect', 'badge-flash')
      .attr('stroke-width', haloPx(layout))
      .attr('x', x - haloPx(layout))
      .attr('y', at - haloPx(layout))
      .attr('width', w + 2 * haloPx(layout))
      .attr('height', h + 2 * haloPx(layout))
      .attr('rx', layout.cornerPx)
      .attr('display', v.ok ? 'none' : null);
    child<SVGRectElement, unknown>(ig, 'rect', 'verdict-box')
      .attr('x', x)
      .attr('y', at)
      .attr('width', w)
      .attr('height', h)
      .attr('rx', layout.cornerPx * 0.6)
      .attr('stroke-width', layout.thickStrokePx * 0.75);
    const pad = f.small * 0.6;
    const headBase = small ? at + f.small * 1.45 : at + f.small * 0.5 + f.heading * 1.0;
    const headPx = small ? f.small : f.heading;
    const u = headPx * 0.9;
    child<SVGPathElement, unknown>(ig, 'path', 'verdict-check')
      .attr('d', v.ok ? checkPath(u) : '')
      .attr('transform', `translate(${x + pad},${headBase})`)
      .attr('stroke-width', layout.strokePx * 2);
    child<SVGPathElement, unknown>(ig, 'path', 'verdict-cross')
      .attr('d', v.ok ? '' : crossPath(u * 0.85))
      .attr('transform', `translate(${x + pad},${headBase - u * 0.85})`)
      .attr('stroke-width', layout.strokePx * 2);
    const textX = x + pad + u + f.small * 0.45;
    child<SVGTextElement, unknown>(ig, 'text', 'verdict-head')
      .attr('x', textX)
      .attr('y', headBase)
      .attr('font-size', headPx)
      .text(small ? fitText(layout, card.lines.find((l) => textWidth(layout, l, headPx) <= x + w - pad - textX) ?? card.lines[card.lines.length - 1]!, headPx, x + w - pad - textX) : fitText(layout, card.head, headPx, (x + w - pad - textX) / BOLD_CAPS));
    const balanceBase = headBase + f.heading * 0.3 + big * 1.0;
    child<SVGTextElement, unknown>(ig, 'text', 'verdict-balance')
      .attr('x', x + pad)
      .attr('y', balanceBase)
      .attr('font-size', big || f.small)
      .text(small ? '' : card.balance);
    ig.selectAll<SVGTextElement, string>(':scope > text.verdict-line')
      .data(small ? [] : card.notes)
      .join((enter) => enter.append('text').attr('class', 'verdict-line'))
      .attr('x', x + pad)
      .attr('y', (_, i) => balanceBase + (big ? big * 0.24 + f.small * 0.95 : f.small * 1.3) + i * f.small * 1.3)
      .attr('font-size', f.small)
      .text((d) => fitText(layout, d, f.small, w - 2 * pad));
  });
}
