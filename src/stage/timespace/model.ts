/**
 * The time-space diagram as plain data: a pure function of (trace, t) into lanes, arrows, marks,
 * journeys and their crossings, in unit coordinates (x from 0 to 1 across the time axis, y in
 * lanes, 0 at the top). The families say what each of their events draws (FamilyViews.timespace);
 * this file knows no family, no message kind and no DOM, so chapters 2–4 add arrows by adding
 * them to their family. render.ts draws it; the unit tests read it.
 *
 * Time runs left to right, as on the stage's clock, with idle stretches squeezed into a break
 * (the 30 s ack wait is a narrow band labelled "28 s"), and bursts spread so that hops a tenth of
 * a second apart stay apart. A message's journey is a straight line from where it entered the
 * system (its start) to where it was applied (its end); two journeys that cross are two messages
 * applied in the other order than they were sent.
 *
 * @example
 *   const m = timespaceAt(runScene(storageFails, 5).trace, 40_000, { lanes });
 *   m.crossings[0] // { earlier: '1', later: '3', sameKey: true, … }: the withdraw overtook the $70
 */
import { views as allViews } from '../../actors/index.ts';
import type { FamilyViews, TimeSpaceArrow, TimeSpaceEntry, TimeSpaceMark } from '../../actors/family.ts';
import type { Ms } from '../../kernel/types.ts';

/** A lane as a scene declares it: the actor's name, its title, and any other parties drawn on it ('channel:account:deposit' on the server's). */
export interface LaneInput {
  id: string;
  title: string;
  parties?: readonly string[];
}

export interface Lane {
  id: string;
  title: string;
  /** 0 at the top. */
  index: number;
}

/** A point of the diagram: x across the time axis (0..1), lane index down. */
export interface Point {
  x: number;
  lane: number;
}

export interface Arrow {
  /** Index of its event in the trace: arrows come in trace order. */
  index: number;
  kind: string;
  tone: string;
  msg?: string;
  from: Point;
  to: Point;
  t0: Ms;
  t1: Ms;
  /** How much of it is drawn, 0..1 from its start: 1 once it has landed. */
  drawn: number;
  /** It never lands: drawn to CUT_AT of the way, then a cross. */
  cut: boolean;
  /** A cut arrow has reached the point where it is cut. */
  severed: boolean;
  /** Its label, and where it sits, once there is something to label. */
  label?: { text: string; at: Point };
}

export interface Mark {
  index: number;
  mark: string;
  tone: string;
  msg?: string;
  label?: string;
  t: Ms;
  at: Point;
}

/** One message from where it entered to where it was applied (or to now, on the lane where messages are applied, while it has not been). */
export interface Journey {
  msg: string;
  key?: string;
  what?: string;
  /** The few characters it is known by ("+$70"), from its start's label. */
  label?: string;
  tone: string;
  start: Point & { t: Ms };
  end: Point & { t: Ms };
  outcome: 'applied' | 'refused' | 'pending';
  /** The same message applied once already (a duplicate). */
  again: boolean;
}

/**
 * Two messages in the other order: `later` was sent after `earlier` and applied before it (or
 * while `earlier` was not applied yet). Their journeys cross on the diagram, and their lines
 * cross in the order strip, at `at`.
 */
export interface Crossing {
  earlier: string;
  later: string;
  earlierWhat?: string;
  laterWhat?: string;
  /** Both belong to one order (one user's messages): this crossing breaks a rule that order matters for. */
  sameKey: boolean;
  /** `earlier` is not applied yet: it may still end anywhere. */
  pending: boolean;
  /** `earlier` is a second application of its message: it came back after `later`. */
  again: boolean;
  /** Where their lines cross in the order strip: x in slots (0 the first), y from 0 (sent) to 1 (applied). */
  at: { x: number; y: number };
}

/** A message in a row of the order strip. */
export interface OrderSlot {
  msg: string;
  label: string;
  tone: string;
  key?: string;
  what?: string;
}

/**
 * The order strip beside the diagram: the messages in the order they were sent (top row) and in
 * the order they were applied (bottom row, the ones not applied yet at its end, dashed), and a
 * line from each message to each of its applications. Lines that cross are the punchline.
 */
export interface Order {
  sent: OrderSlot[];
  applied: (OrderSlot & { outcome: Journey['outcome']; again: boolean })[];
  /** From a sent slot to an applied slot. */
  links: { from: number; to: number; msg: string; tone: string; pending: boolean }[];
  crossings: Crossing[];
  /** Slots a row needs over the whole story (the span), so the strip keeps its width from step to step. */
  slots: number;
  /** Every pill's label over the whole story, for the same reason. */
  labels: string[];
}

/** A stretch of idle time squeezed into a narrow band. */
export interface Break {
  t0: Ms;
  t1: Ms;
  x0: number;
  x1: number;
  /** "28 s", "4 min", "7 d". */
  text: string;
}

/** The time axis: breakpoints of a piecewise-linear map from virtual time to x. */
export interface Axis {
  times: Ms[];
  xs: number[];
  breaks: Break[];
}

export interface TimeSpaceModel {
  lanes: Lane[];
  arrows: Arrow[];
  marks: Mark[];
  journeys: Journey[];
  order: Order;
  /** The order strip's crossings (every pair of messages in the other order). */
  crossings: Crossing[];
  axis: Axis;
  now: { t: Ms; x: number };
  /** The diagram in words, for a screen reader (role="img" aria-label). */
  summary: string;
}

export interface TimeSpaceOptions {
  lanes: readonly LaneInput[];
  /** A trace that covers the whole story (the scene's last step), so the axis stays put from step to step; default the trace itself. */
  span?: readonly { t: Ms; kind: string }[];
  /** The families asked what each event draws; default every registered family. */
  views?: readonly FamilyViews[];
}

/** Gaps up to this long are drawn to scale; longer ones become a break. */
export const BREAK_MS: Ms = 3000;
/** One unit of width is this much time. */
const UNIT_MS: Ms = 1000;
/** The least width between two distinct instants, in units: hops 100 ms apart stay apart. */
const MIN_UNITS = 0.5;
/** The width of a break, in units. */
const BREAK_UNITS = 0.9;
/** Room before the first instant and after the last, in units. */
const PAD_UNITS = 0.3;
/** A cut arrow stops this far along. */
export const CUT_AT = 0.55;

type Traced = { t: Ms; kind: string };

/** "900 ms", "28 s", "4 min", "3 h", "7 d", "8.5 y": how long a break lasted. */
export function gapText(ms: Ms): string {
  const s = ms / 1000;
  if (s < 1) return `${Math.round(ms)} ms`;
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min`;
  if (s < 36 * 3600) return `${Math.round(s / 3600)} h`;
  if (s < 365 * 86400) return `${Math.round(s / 86400)} d`;
  return `${Number((s / (365 * 86400)).toFixed(1))} y`;
}

/** The family that writes a kind, by its list of kinds. */
function ownerOf(views: readonly FamilyViews[]): (kind: string) => FamilyViews | undefined {
  const owners = new Map<string, FamilyViews>();
  for (const v of views) for (const k of v.traceKinds) if (!owners.has(k)) owners.set(k, v);
  return (kind) => owners.get(kind);
}

const isArrow = (x: TimeSpaceEntry): x is TimeSpaceArrow => 'from' in x;

/** Every event that draws something, with its entry. */
function entries(trace: readonly Traced[], views: readonly FamilyViews[]): { index: number; t: Ms; entry: TimeSpaceEntry }[] {
  const owner = ownerOf(views);
  const out: { index: number; t: Ms; entry: TimeSpaceEntry }[] = [];
  trace.forEach((e, index) => {
    const entry = owner(e.kind)?.timespace?.(e);
    if (entry) out.push({ index, t: e.t, entry });
  });
  return out;
}

/**
 * The time axis over every instant something is drawn at: to scale within a burst (at least
 * MIN_UNITS between distinct instants), squeezed to a break over a gap longer than BREAK_MS.
 */
export function axisOf(instants: readonly Ms[]): Axis {
  const sorted = [...new Set(instants)].sort((a, b) => a - b);
  if (sorted.length === 0) sorted.push(0);
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  const times = [first - PAD_UNITS * UNIT_MS, ...sorted, last + PAD_UNITS * UNIT_MS];
  const units = [0];
  const gaps: { i: number; ms: Ms }[] = [];
  for (let i = 1; i < times.length; i++) {
    const d = times[i]! - times[i - 1]!;
    const pad = i === 1 || i === times.length - 1;
    const w = pad ? PAD_UNITS : d > BREAK_MS ? BREAK_UNITS : Math.max(MIN_UNITS, d / UNIT_MS);
    if (!pad && d > BREAK_MS) gaps.push({ i, ms: d });
    units.push(units[i - 1]! + w);
  }
  const total = units[units.length - 1]!;
  const xs = units.map((u) => u / total);
  const breaks = gaps.map(({ i, ms }) => ({ t0: times[i - 1]!, t1: times[i]!, x0: xs[i - 1]!, x1: xs[i]!, text: gapText(ms) }));
  return { times, xs, breaks };
}

/** Where an instant falls on the axis (clamped to its ends). */
export function xAt(axis: Axis, t: Ms): number {
  const { times, xs } = axis;
  if (t <= times[0]!) return xs[0]!;
  if (t >= times[times.length - 1]!) return xs[xs.length - 1]!;
  let lo = 0;
  let hi = times.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! <= t) lo = mid;
    else hi = mid;
  }
  const f = (t - times[lo]!) / (times[hi]! - times[lo]!);
  return xs[lo]! + f * (xs[hi]! - xs[lo]!);
}

/**
 * The diagram at virtual time t: every arrow and mark of `trace` set off by t (an arrow in
 * flight drawn part way), the journeys so far and where they cross.
 */
export function timespaceAt(trace: readonly Traced[], t: Ms, opts: TimeSpaceOptions): TimeSpaceModel {
  const views = opts.views ?? allViews;
  const lanes: Lane[] = opts.lanes.map((l, index) => ({ id: l.id, title: l.title, index }));
  const laneOf = new Map<string, number>();
  opts.lanes.forEach((l, i) => {
    for (const p of [l.id, ...(l.parties ?? [])]) if (!laneOf.has(p)) laneOf.set(p, i);
  });
  const drawn = entries(trace, views);
  const spanned = opts.span && opts.span !== trace ? entries(opts.span, views) : drawn;
  const instants: Ms[] = [];
  for (const { t: at, entry } of [...spanned, ...drawn]) {
    instants.push(at);
    if (isArrow(entry) && entry.arrives !== undefined) instants.push(entry.arrives);
  }
  const axis = axisOf(instants);
  const x = (at: Ms) => xAt(axis, at);
  // Where journeys end: the lane the first application in the story lands on (the last lane if none yet).
  const firstEnd = spanned.map((d) => d.entry).find((en): en is TimeSpaceArrow => isArrow(en) && (en.journey === 'applied' || en.journey === 'refused'));
  const endLane = (firstEnd && laneOf.get(firstEnd.journeyAt === 'from' ? firstEnd.from : firstEnd.to)) ?? lanes.length - 1;

  const arrows: Arrow[] = [];
  const marks: Mark[] = [];
  const starts = new Map<string, Started>();
  const journeys: Journey[] = [];
  const applied = new Set<string>();
  for (const { index, t: t0, entry } of drawn) {
    if (t0 > t) break;
    if (!isArrow(entry)) {
      const lane = laneOf.get(entry.at);
      if (lane === undefined) continue;
      marks.push(markOf(index, t0, entry, { x: x(t0), lane }));
      continue;
    }
    const fromLane = laneOf.get(entry.from);
    const toLane = laneOf.get(entry.to);
    if (fromLane === undefined || toLane === undefined) continue;
    const t1 = Math.max(t0, entry.arrives ?? t0);
    const share = t1 > t0 ? Math.min(1, (t - t0) / (t1 - t0)) : 1;
    const cut = entry.cut === true;
    const from = { x: x(t0), lane: fromLane };
    const to = { x: x(t1), lane: toLane };
    const landed = t >= t1;
    // A cut arrow stops near the lane it left (half a lane past it at most), so its cross is not read as another lane's.
    const cutAt = Math.min(CUT_AT, 0.45 / Math.max(1, Math.abs(toLane - fromLane)));
    const arrow: Arrow = { index, kind: entry.kind, tone: entry.tone, ...(entry.msg === undefined ? {} : { msg: entry.msg }), from, to, t0, t1, drawn: cut ? Math.min(share, cutAt) : share, cut, severed: cut && share >= cutAt };
    const at = entry.journey === 'start' ? (entry.journeyAt === 'to' ? to : from) : entry.journeyAt === 'from' ? from : to;
    const labelNow = entry.journey === 'start' || landed;
    if (entry.label !== undefined && labelNow) arrow.label = { text: entry.label, at: cut ? { x: from.x + cutAt * (to.x - from.x), lane: from.lane + cutAt * (to.lane - from.lane) } : at };
    arrows.push(arrow);
    if (entry.msg === undefined) continue;
    if (entry.journey === 'start') {
      if (!starts.has(entry.msg)) starts.set(entry.msg, { ...at, t: entry.journeyAt === 'to' ? t1 : t0, tone: entry.tone, ...(entry.key === undefined ? {} : { key: entry.key }), ...(entry.what === undefined ? {} : { what: entry.what }), ...(entry.label === undefined ? {} : { label: entry.label }) });
    } else if ((entry.journey === 'applied' || entry.journey === 'refused') && landed) {
      const s = starts.get(entry.msg);
      if (!s) continue;
      journeys.push(journeyOf(entry.msg, s, { ...at, t: entry.journeyAt === 'from' ? t0 : t1 }, entry.journey, applied.has(entry.msg)));
      applied.add(entry.msg);
    }
  }
  // Messages not applied yet: their journey runs to now, on the lane where messages are applied.
  for (const [msg, s] of starts) if (!applied.has(msg)) journeys.push(journeyOf(msg, s, { x: x(t), lane: endLane, t }, 'pending', false));
  journeys.sort((a, b) => a.start.t - b.start.t || a.end.t - b.end.t);

  const order = orderOf(journeys);
  // Room for every message the whole story sends, and every application it makes.
  const spanStarts = new Map(spanned.flatMap((d) => (isArrow(d.entry) && d.entry.journey === 'start' && d.entry.msg !== undefined ? [[d.entry.msg, d.entry] as const] : [])));
  const spanKeys = new Set([...spanStarts.values()].map((e) => e.key));
  for (const e of spanStarts.values()) order.labels.push(`${spanKeys.size > 1 && e.key ? `${e.key.slice(0, 1)} ` : ''}${e.label ?? e.msg}`);
  const spanEnds = spanned.filter((d) => isArrow(d.entry) && (d.entry.journey === 'applied' || d.entry.journey === 'refused')).length;
  order.slots = Math.max(order.slots, spanStarts.size, spanEnds);
  const now = { t, x: x(t) };
  return { lanes, arrows, marks, journeys, order, crossings: order.crossings, axis, now, summary: summarize(lanes, journeys, order.crossings) };
}

/** A journey's start as it is waited on: where, when, and what the message is. */
type Started = Journey['start'] & { key?: string; what?: string; label?: string; tone: string };

/** The order strip: sent order against applied order, and where the lines of two messages in the other order cross. */
export function orderOf(journeys: readonly Journey[]): Order {
  // With more than one order (Jim's, Mary's), each pill says whose it is: "J +$70".
  const keys = new Set(journeys.map((j) => j.key));
  const whose = (j: Journey): string => (keys.size > 1 && j.key ? `${j.key.slice(0, 1)} ` : '');
  const slot = (j: Journey): OrderSlot => ({ msg: j.msg, label: `${whose(j)}${j.label ?? j.msg}`, tone: j.tone, ...(j.key === undefined ? {} : { key: j.key }), ...(j.what === undefined ? {} : { what: j.what }) });
  const firsts = new Map<string, Journey>();
  for (const j of [...journeys].sort((a, b) => a.start.t - b.start.t)) if (!firsts.has(j.msg)) firsts.set(j.msg, j);
  const sent = [...firsts.values()].map(slot);
  const sentAt = new Map(sent.map((s, i) => [s.msg, i]));
  const done = journeys.filter((j) => j.outcome !== 'pending').sort((a, b) => a.end.t - b.end.t);
  const waiting = journeys.filter((j) => j.outcome === 'pending').sort((a, b) => a.start.t - b.start.t);
  const rows = [...done, ...waiting];
  const applied = rows.map((j) => ({ ...slot(j), outcome: j.outcome, again: j.again }));
  const links = rows.map((j, to) => ({ from: sentAt.get(j.msg)!, to, msg: j.msg, tone: j.tone, pending: j.outcome === 'pending' }));
  const crossings: Crossing[] = [];
  for (let a = 0; a < links.length; a++) {
    for (let b = a + 1; b < links.length; b++) {
      const [la, lb] = [links[a]!, links[b]!];
      if (la.from === lb.from) continue;
      // la is applied before lb (rows are in applied order): they cross when lb was sent first.
      if (lb.from > la.from) continue;
      const [ea, eb] = [rows[b]!, rows[a]!];
      // Straight lines from (from, 0) to (to, 1): where they meet.
      const u = (la.from - lb.from) / (lb.to - lb.from - (la.to - la.from));
      crossings.push({
        earlier: ea.msg,
        later: eb.msg,
        ...(ea.what === undefined ? {} : { earlierWhat: ea.what }),
        ...(eb.what === undefined ? {} : { laterWhat: eb.what }),
        sameKey: ea.key !== undefined && ea.key === eb.key,
        pending: ea.outcome === 'pending',
        again: ea.again,
        at: { x: lb.from + u * (lb.to - lb.from), y: u },
      });
    }
  }
  return { sent, applied, links, crossings, slots: Math.max(sent.length, applied.length), labels: [...sent, ...applied].map((x) => x.label) };
}

function markOf(index: number, t: Ms, m: TimeSpaceMark, at: Point): Mark {
  return { index, mark: m.mark, tone: m.tone, t, at, ...(m.msg === undefined ? {} : { msg: m.msg }), ...(m.label === undefined ? {} : { label: m.label }) };
}

function journeyOf(msg: string, s: Started, end: Journey['end'], outcome: Journey['outcome'], again: boolean): Journey {
  return {
    msg,
    ...(s.key === undefined ? {} : { key: s.key }),
    ...(s.what === undefined ? {} : { what: s.what }),
    ...(s.label === undefined ? {} : { label: s.label }),
    tone: s.tone,
    start: { x: s.x, lane: s.lane, t: s.t },
    end,
    outcome,
    again,
  };
}

/** "a, b and c". */
const list = (items: string[]): string => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);

/** The diagram in words: the lanes, the order messages were sent and applied in, and which overtook which. */
function summarize(lanes: Lane[], journeys: Journey[], crossings: Crossing[]): string {
  const head = `Time-space diagram, one lane each for ${list(lanes.map((l) => l.title))}.`;
  const named = (j: Journey) => j.what ?? `message ${j.msg}`;
  const sent = [...new Map(journeys.map((j) => [j.msg, j])).values()].sort((a, b) => a.start.t - b.start.t);
  if (sent.length === 0) return `${head} Nothing has been sent yet.`;
  const done = journeys.filter((j) => j.outcome !== 'pending').sort((a, b) => a.end.t - b.end.t);
  const parts = [head, `Sent in this order: ${list(sent.map(named))}.`];
  parts.push(done.length === 0 ? 'None applied yet.' : `Applied in this order: ${list(done.map((j) => (j.outcome === 'refused' ? `${named(j)} (refused)` : named(j))))}.`);
  const waiting = journeys.filter((j) => j.outcome === 'pending');
  if (waiting.length > 0) parts.push(`Not applied yet: ${list(waiting.map(named))}.`);
  const wrong = crossings.filter((c) => c.sameKey);
  if (wrong.length === 0 && crossings.length > 0) {
    const keys = [...new Set(crossings.flatMap((c) => [c.earlier, c.later]).map((m) => journeys.find((j) => j.msg === m)?.key).filter((k): k is string => k !== undefined))];
    parts.push(`${list(keys.map((k) => `${k}\u2019s`))} lines cross, but each one\u2019s own were applied in the order sent.`);
  } else if (wrong.length === 0) parts.push(done.length > 0 ? 'No lines cross: each was applied in the order it was sent.' : '');
  else {
    const name = (what: string | undefined, msg: string) => what ?? `message ${msg}`;
    const say = (c: Crossing) =>
      c.again ? `${name(c.earlierWhat, c.earlier)} was applied again after ${name(c.laterWhat, c.later)}` : `${name(c.laterWhat, c.later)} overtook ${name(c.earlierWhat, c.earlier)}`;
    parts.push(`Lines cross: ${list([...new Set(wrong.map(say))])}.`);
  }
  return parts.filter(Boolean).join(' ');
}
