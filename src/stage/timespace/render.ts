/**
 * Draws a time-space model (model.ts) into an <svg> of a given size with idempotent d3 joins:
 * lanes with their titles in a left gutter, idle breaks as narrow bands, the hops as arrows in the
 * message's colour, marks on the lanes, labels and a "now" line; and on the right the order
 * strip: the messages as sent above, as applied below, a line joining each message's two pills
 * and a ring where two lines of one order cross. Calling it again with the same input changes nothing. Colours come from the
 * theme's custom properties through classes (TimeSpace.svelte's styles), so a theme switch needs
 * no redraw.
 */
import { scaleLinear, scalePoint } from 'd3-scale';
import { select, type BaseType, type Selection } from 'd3-selection';
import { line } from 'd3-shape';
import type { Arrow, Crossing, Mark, Order, Point, TimeSpaceModel } from './model.ts';
import { quietWrites } from '../quiet.ts';

// Every draw below is a join run again each frame: write only what changed (quiet.ts).
quietWrites();

type Sel<E extends BaseType, D = unknown> = Selection<E, D, any, any>;

/** How the diagram is drawn: its size in CSS px (design px inside the scaled deck) and its type size. */
export interface TimeSpaceFrame {
  width: number;
  height: number;
  /** Lane titles, labels and break times; 24 at 1920×1080. */
  fontPx: number;
}

/** Widths of characters in em, about DejaVu Sans's (the deck's sans-serif on Debian), for placing labels. */
const WIDE = 0.84;
function charEm(c: string): number {
  if (c === '\u2212' || c === '\u2026' || c === 'm' || c === 'w' || c === 'M' || c === 'W') return WIDE;
  if (/[0-9$+#]/.test(c)) return 0.64;
  if (/[A-Z]/.test(c)) return 0.7;
  if (/[fijlrt]/.test(c)) return 0.36;
  if (/[a-z]/.test(c)) return 0.61;
  if (c === ' ') return 0.32;
  return 0.42;
}
/** How wide `text` is drawn at `fontPx` (an estimate a little on the wide side; bold adds 8%). */
export function textPx(text: string, fontPx: number, bold = false): number {
  let em = 0;
  for (const c of text) em += charEm(c);
  return em * fontPx * (bold ? 1.08 : 1);
}
/** The tones with a colour of their own; any other is drawn as 'neutral'. */
const TONES = new Set(['deposit', 'withdraw', 'tweet', 'ack', 'alarm', 'wait', 'neutral']);
const tone = (t: string): string => (TONES.has(t) ? t : 'neutral');

/** Words beside the order strip's rows. */
export const STRIP_WORDS = { sent: 'sent', applied: 'applied' } as const;

/** The order strip's geometry: where it starts, its slot pitch, and whether its pills have room for their labels. */
function stripOf(model: TimeSpaceModel, frame: TimeSpaceFrame) {
  const f = frame.fontPx;
  const n = Math.max(1, model.order.slots, model.order.sent.length, model.order.applied.length);
  const pill = Math.ceil(Math.max(f * 2, ...model.order.labels.map((l) => textPx(l, f)))) + 14;
  const words = Math.ceil(Math.max(textPx(STRIP_WORDS.sent, f), textPx(STRIP_WORDS.applied, f))) + 14;
  // A narrow frame (an embed) gives the strip a larger share, so its pills keep their labels.
  const most = frame.width * (frame.width < 1200 ? 0.52 : 0.34);
  const pitch = Math.min(pill + 10, Math.max(f, (most - words) / n));
  const width = words + n * pitch;
  return { x0: frame.width - width, words, pitch, pillWidth: Math.min(pill, pitch - 6), labelled: pitch >= pill + 4, slots: n };
}

/** Lanes are at least this many type sizes apart. */
const LANE_PITCH_EM = 1.25;

/**
 * The type size a frame can hold: the one asked for, or less when the box is too short for its
 * lanes to stand that far apart (a label row above the top lane and one below the bottom lane).
 * @example fittedFont(5, { width: 1880, height: 220, fontPx: 24 }) // 24
 */
export function fittedFont(lanes: number, frame: TimeSpaceFrame): number {
  const fits = (frame.height - 26) / (2 + LANE_PITCH_EM * Math.max(0, lanes - 1));
  return Math.max(8, Math.min(frame.fontPx, Math.floor(fits)));
}

/** The pixel geometry of a frame: gutter, rows, scales, the order strip on the right. */
export function geometry(model: TimeSpaceModel, asked: TimeSpaceFrame) {
  const frame = { ...asked, fontPx: fittedFont(model.lanes.length, asked) };
  const f = frame.fontPx;
  const longest = Math.max(f * 3, ...model.lanes.map((l) => textPx(l.title, f, true)));
  // The estimate runs a little short of the real bold advance: keep a margin so a title is never cut at the frame's left edge.
  const left = Math.min(frame.width * 0.34, Math.ceil(longest * 1.06) + 24);
  const strip = stripOf(model, frame);
  const right = strip.x0 - Math.max(24, f * 1.6);
  const top = f + 14;
  const bottom = frame.height - (f + 12);
  const x = scaleLinear().domain([0, 1]).range([left, right]);
  const lane = scalePoint<number>()
    .domain(model.lanes.map((l) => l.index))
    .range([top, Math.max(top, bottom)]);
  const y = (l: number): number => {
    // A point between lanes is placed between their lines.
    const lo = Math.floor(l);
    const hi = Math.min(model.lanes.length - 1, lo + 1);
    const y0 = lane(lo) ?? top;
    const y1 = lane(hi) ?? y0;
    return y0 + (l - lo) * (y1 - y0);
  };
  const at = (p: Point): [number, number] => [x(p.x), y(p.lane)];
  return { left, right, top, bottom, x, y, at, fontPx: f, strip, laneEnd: right + f * 0.8 };
}

type Geometry = ReturnType<typeof geometry>;

function layer(root: Sel<SVGSVGElement>, name: string): Sel<SVGGElement> {
  return root
    .selectAll<SVGGElement, unknown>(`:scope > g.ts-${name}`)
    .data([null] as unknown[])
    .join((enter) => enter.append('g').attr('class', `ts-${name}`));
}

const segment = line<[number, number]>();


/**
 * Draws `model` into `svg`. Idempotent; safe to call every frame.
 * @example renderTimeSpace(svgEl, timespaceAt(trace, t, { lanes }), { width: 1880, height: 220, fontPx: 24 })
 */
export function renderTimeSpace(svg: SVGSVGElement, model: TimeSpaceModel, frame: TimeSpaceFrame): void {
  const root = select(svg) as Sel<SVGSVGElement>;
  const viewBox = `0 0 ${Math.round(frame.width)} ${Math.round(frame.height)}`;
  if (svg.getAttribute('viewBox') !== viewBox) root.attr('viewBox', viewBox);
  const g = geometry(model, frame);
  root.style('font-size', `${g.fontPx}px`);
  const placed = placeLabels(model, g, frame);
  drawBreaks(layer(root, 'breaks'), model, g, placed);
  drawLanes(layer(root, 'lanes'), model, g, frame);
  drawArrows(layer(root, 'arrows'), model.arrows, g);
  drawMarks(layer(root, 'marks'), model.marks, g);
  drawLabels(layer(root, 'labels'), placed);
  drawNow(layer(root, 'now'), model, g);
  drawOrder(layer(root, 'order'), model, g);
}

function drawBreaks(parent: Sel<SVGGElement>, model: TimeSpaceModel, g: Geometry, placed: readonly PlacedLabel[]): void {
  const band = parent
    .selectAll<SVGGElement, TimeSpaceModel['axis']['breaks'][number]>(':scope > g.ts-break')
    // A break is drawn once the clock reaches it: the picture does not tell what is ahead.
    .data(
      model.axis.breaks.filter((b) => b.t0 <= model.now.t),
      (b) => `${b.t0}-${b.t1}`,
    )
    .join((enter) => {
      const e = enter.append('g').attr('class', 'ts-break');
      e.append('rect');
      e.append('path').attr('class', 'zig zig-left');
      e.append('path').attr('class', 'zig zig-right');
      e.append('text');
      return e;
    });
  const h = g.bottom - g.top + 2 * g.fontPx * 0.4;
  const y0 = g.top - g.fontPx * 0.4;
  band.select('rect').attr('x', (b) => g.x(b.x0) + 4).attr('y', y0).attr('width', (b) => Math.max(0, g.x(b.x1) - g.x(b.x0) - 8)).attr('height', h);
  const zig = (x: number): string => {
    const pts: [number, number][] = [];
    for (let i = 0, yy = y0; yy <= y0 + h; i++, yy += 10) pts.push([x + (i % 2 === 0 ? -4 : 4), yy]);
    return segment(pts) ?? '';
  };
  // A break's time where it has room: one that would run into the one before it is left out (the log says how long every wait was).
  // …or into an arrow's label (a cut write's "failed", a publish's amount).
  const labelY = (g.top + g.bottom) / 2;
  const labelled = new Set<string>();
  let lastRight = -Infinity;
  for (const b of model.axis.breaks.filter((b) => b.t0 <= model.now.t)) {
    const mid = (g.x(b.x0) + g.x(b.x1)) / 2;
    const half = textPx(b.text, g.fontPx) / 2;
    if (mid - half < lastRight + g.fontPx * 0.3) continue;
    const hits = placed.some((l) => {
      const w = textPx(l.text, g.fontPx) / 2;
      return Math.abs(l.x - mid) < w + half + 2 && Math.abs(l.y - g.fontPx * 0.35 - labelY) < g.fontPx * 1.05;
    });
    if (hits) continue;
    labelled.add(`${b.t0}-${b.t1}`);
    lastRight = mid + half;
  }
  band.select('path.zig-left').attr('d', (b) => zig(g.x(b.x0) + 4));
  band.select('path.zig-right').attr('d', (b) => zig(g.x(b.x1) - 4));
  band
    .select('text')
    .attr('x', (b) => (g.x(b.x0) + g.x(b.x1)) / 2)
    .attr('y', labelY)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'middle')
    .text((b) => (labelled.has(`${b.t0}-${b.t1}`) ? b.text : ''));
}

function drawLanes(parent: Sel<SVGGElement>, model: TimeSpaceModel, g: Geometry, frame: TimeSpaceFrame): void {
  const lanes = parent
    .selectAll<SVGGElement, TimeSpaceModel['lanes'][number]>(':scope > g.ts-lane')
    .data(model.lanes, (l) => l.id)
    .join((enter) => {
      const e = enter.append('g').attr('class', 'ts-lane');
      e.append('line');
      e.append('text');
      return e;
    });
  lanes.attr('data-lane', (l) => l.id);
  lanes
    .select('line')
    .attr('x1', g.left - 8)
    .attr('x2', g.laneEnd)
    .attr('y1', (l) => g.y(l.index))
    .attr('y2', (l) => g.y(l.index));
  lanes
    .select('text')
    .attr('x', g.left - 16)
    .attr('y', (l) => g.y(l.index))
    .attr('dy', '0.35em')
    .attr('text-anchor', 'end')
    .text((l) => l.title);
}

/** The arrowhead at (x, y) pointing along (dx, dy). */
function head(x: number, y: number, dx: number, dy: number, size: number): string {
  const len = Math.hypot(dx, dy) || 1;
  const ux = dx / len;
  const uy = dy / len;
  const bx = x - ux * size;
  const by = y - uy * size;
  const w = size * 0.55;
  return `M${x},${y}L${bx - uy * w},${by + ux * w}L${bx + uy * w},${by - ux * w}Z`;
}

/** A cross of half-size r centred at (x, y). */
const cross = (x: number, y: number, r: number): string => `M${x - r},${y - r}L${x + r},${y + r}M${x - r},${y + r}L${x + r},${y - r}`;

function drawArrows(parent: Sel<SVGGElement>, arrows: readonly Arrow[], g: Geometry): void {
  const sel = parent
    .selectAll<SVGGElement, Arrow>(':scope > g.ts-arrow')
    .data(arrows, (a) => String(a.index))
    .join((enter) => {
      const e = enter.append('g');
      e.append('path').attr('class', 'shaft');
      e.append('path').attr('class', 'head');
      return e;
    });
  sel
    .attr('class', (a) => `ts-arrow kind-${a.kind} s-${tone(a.tone)} f-${tone(a.tone)}${a.cut ? ' cut' : ''}`)
    .attr('data-kind', (a) => a.kind)
    .attr('data-msg', (a) => a.msg ?? null)
    .attr('data-drawn', (a) => a.drawn.toFixed(2));
  sel.each(function (a) {
    const [x0, y0] = g.at(a.from);
    const [x1, y1] = g.at(a.to);
    const xe = x0 + a.drawn * (x1 - x0);
    const ye = y0 + a.drawn * (y1 - y0);
    const el = select(this);
    el.select('path.shaft').attr('d', segment([[x0, y0], [xe, ye]]) ?? '');
    const size = Math.max(10, g.fontPx * 0.55);
    const d = a.cut ? (a.severed ? cross(xe, ye, size * 0.6) : '') : a.drawn >= 1 && Math.hypot(x1 - x0, y1 - y0) > size ? head(x1, y1, x1 - x0, y1 - y0, size) : '';
    el.select('path.head').attr('d', d).classed('cross', a.cut);
  });
}

/** A mark's picture, centred at (x, y). */
function markPath(m: Mark, x: number, y: number, r: number): string {
  switch (m.mark) {
    case 'crash':
    case 'closed':
      return cross(x, y, r);
    case 'lost':
      return cross(x, y, r * 0.7);
    case 'timeout':
      // A clock face: a ring and two hands.
      return `M${x + r},${y}A${r},${r} 0 1,1 ${x - r},${y}A${r},${r} 0 1,1 ${x + r},${y}M${x},${y}L${x},${y - r * 0.7}M${x},${y}L${x + r * 0.5},${y}`;
    case 'skip':
      // A ring with a gap: handed back, not done.
      return `M${x + r * 0.7},${y - r * 0.7}A${r},${r} 0 1,0 ${x + r},${y}`;
    case 'ignored':
      return `M${x - r},${y}L${x - r * 0.3},${y + r * 0.7}L${x + r},${y - r * 0.7}`;
    case 'restart':
      return `M${x - r * 0.6},${y - r}L${x + r},${y}L${x - r * 0.6},${y + r}Z`;
    case 'miss':
      return `M${x},${y - r * 0.8}L${x},${y + r * 0.8}`;
    default:
      return `M${x - r * 0.5},${y}L${x + r * 0.5},${y}`;
  }
}

function drawMarks(parent: Sel<SVGGElement>, marks: readonly Mark[], g: Geometry): void {
  const r = Math.max(8, g.fontPx * 0.42);
  parent
    .selectAll<SVGPathElement, Mark>(':scope > path.ts-mark')
    .data(marks, (m) => String(m.index))
    .join('path')
    .attr('class', (m) => `ts-mark mark-${m.mark} s-${tone(m.tone)}${m.mark === 'restart' ? ` f-${tone(m.tone)}` : ''}`)
    .attr('data-mark', (m) => m.mark)
    .attr('d', (m) => {
      const [x, y] = g.at(m.at);
      return markPath(m, x, y, r);
    });
}

/** The order strip: sent on the top lane's line, applied on the bottom one's, a line per application, a ring where two of one order cross. */
function drawOrder(parent: Sel<SVGGElement>, model: TimeSpaceModel, g: Geometry): void {
  const { strip } = g;
  const o = model.order;
  const ySent = g.y(0);
  const yApplied = g.y(model.lanes.length - 1);
  const half = (g.fontPx + 10) / 2;
  const slotX = (i: number): number => strip.x0 + strip.words + (i + 0.5) * strip.pitch;
  parent
    .selectAll<SVGTextElement, { key: string; text: string; y: number }>(':scope > text.ts-order-word')
    .data(
      [
        { key: 'sent', text: STRIP_WORDS.sent, y: ySent },
        { key: 'applied', text: STRIP_WORDS.applied, y: yApplied },
      ],
      (d) => d.key,
    )
    .join('text')
    .attr('class', 'ts-order-word')
    .attr('x', strip.x0 + strip.words - 10)
    .attr('y', (d) => d.y)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'end')
    .text((d) => d.text);
  parent
    .selectAll<SVGPathElement, Order['links'][number]>(':scope > path.ts-order-link')
    .data(o.links, (l) => `${l.msg}>${l.to}`)
    .join('path')
    .attr('class', (l) => `ts-order-link s-${tone(l.tone)}${l.pending ? ' pending' : ''}`)
    .attr('data-msg', (l) => l.msg)
    .attr('d', (l) => segment([[slotX(l.from), ySent + half], [slotX(l.to), yApplied - half]]) ?? '');
  type Pill = { key: string; label: string; tone: string; x: number; y: number; dashed: boolean; msg: string; row: string; refused: boolean };
  const pills: Pill[] = [
    ...o.sent.map((s, i) => ({ key: `s${s.msg}`, label: s.label, tone: s.tone, x: slotX(i), y: ySent, dashed: false, msg: s.msg, row: 'sent', refused: false })),
    ...o.applied.map((s, i) => ({ key: `a${i}`, label: s.label, tone: s.tone, x: slotX(i), y: yApplied, dashed: s.outcome === 'pending', msg: s.msg, row: 'applied', refused: s.outcome === 'refused' })),
  ];
  const pill = parent
    .selectAll<SVGGElement, Pill>(':scope > g.ts-order-pill')
    .data(pills, (p) => p.key)
    .join((enter) => {
      const e = enter.append('g').attr('class', 'ts-order-pill');
      e.append('rect');
      e.append('text');
      return e;
    });
  pill
    .attr('class', (p) => `ts-order-pill f-${tone(p.tone)} s-${tone(p.tone)}${p.dashed ? ' pending' : ''}${p.refused ? ' refused' : ''}`)
    .attr('data-row', (p) => p.row)
    .attr('data-msg', (p) => p.msg);
  const w = strip.pillWidth;
  pill
    .select('rect')
    .attr('x', (p) => p.x - w / 2)
    .attr('y', (p) => p.y - half)
    .attr('width', w)
    .attr('height', half * 2)
    .attr('rx', half);
  pill
    .select('text')
    .attr('x', (p) => p.x)
    .attr('y', (p) => p.y)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'middle')
    .text((p) => (strip.labelled ? p.label : ''));
  const r = Math.max(10, g.fontPx * 0.6);
  parent
    .selectAll<SVGCircleElement, Crossing>(':scope > circle.ts-crossing')
    .data(
      o.crossings.filter((c) => c.sameKey),
      (c) => `${c.earlier}/${c.later}/${c.at.x}`,
    )
    .join('circle')
    .attr('class', (c) => `ts-crossing${c.pending ? ' pending' : ''}`)
    .attr('data-earlier', (c) => c.earlier)
    .attr('data-later', (c) => c.later)
    .attr('cx', (c) => {
      const from = strip.x0 + strip.words + 0.5 * strip.pitch;
      return from + c.at.x * strip.pitch;
    })
    .attr('cy', (c) => ySent + half + c.at.y * (yApplied - ySent - 2 * half))
    .attr('r', r);
}

interface PlacedLabel {
  key: string;
  text: string;
  x: number;
  y: number;
  tone: string;
}

/**
 * Each arrow's label by its point: above the top lane, below the bottom one, just above any other
 * lane's line. Labels that would overlap an earlier one in the same row are left out (the
 * event log has every fact).
 */
function placeLabels(model: TimeSpaceModel, g: Geometry, frame: TimeSpaceFrame): PlacedLabel[] {
  const last = model.lanes.length - 1;
  const rows = new Map<string, { x0: number; x1: number }[]>();
  const out: PlacedLabel[] = [];
  for (const a of model.arrows) {
    if (!a.label) continue;
    const [px, py] = g.at(a.label.at);
    const lane = Math.round(a.label.at.lane);
    const below = lane === last && last > 0;
    const w = textPx(a.label.text, g.fontPx);
    // A cut arrow's label stands beside its cross, on the cross's line.
    const beside = a.cut ? w / 2 + g.fontPx * 0.6 : 0;
    const x = Math.min(g.laneEnd - w / 2, Math.max(g.left + w / 2, px + beside));
    const y = a.cut ? py + g.fontPx * 0.35 : below ? py + g.fontPx * 0.95 + 2 : py - g.fontPx * 0.3 - 2;
    const row = a.cut ? `cut:${a.index}` : `${lane}:${below ? 'below' : 'above'}`;
    const taken = rows.get(row) ?? [];
    const x0 = x - w / 2 - 4;
    const x1 = x + w / 2 + 4;
    if (taken.some((s) => x0 < s.x1 && x1 > s.x0)) continue;
    taken.push({ x0, x1 });
    rows.set(row, taken);
    out.push({ key: String(a.index), text: a.label.text, x, y, tone: a.tone });
  }
  return out;
}

function drawLabels(parent: Sel<SVGGElement>, placed: PlacedLabel[]): void {
  parent
    .selectAll<SVGTextElement, PlacedLabel>(':scope > text.ts-label')
    .data(placed, (l) => l.key)
    .join('text')
    .attr('class', (l) => `ts-label t-${tone(l.tone)}`)
    .attr('x', (l) => l.x)
    .attr('y', (l) => l.y)
    .attr('text-anchor', 'middle')
    .text((l) => l.text);
}

function drawNow(parent: Sel<SVGGElement>, model: TimeSpaceModel, g: Geometry): void {
  const shown = model.arrows.length > 0 || model.marks.length > 0;
  parent
    .selectAll<SVGLineElement, number>(':scope > line.ts-now')
    .data(shown ? [model.now.x] : [])
    .join('line')
    .attr('class', 'ts-now')
    .attr('x1', (x) => g.x(x))
    .attr('x2', (x) => g.x(x))
    .attr('y1', g.top - g.fontPx * 0.5)
    .attr('y2', g.bottom + g.fontPx * 0.5);
}
