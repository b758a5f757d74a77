/**
 * What a declared stage shows at one virtual instant: each node's view, folded from the trace by
 * the view of its family (actors/<family>/view.ts, collected in actors/index.ts), the tokens in
 * flight along its edges, and the end-of-scene check. Also the series every node has over a
 * step (messages held, age of the oldest, hops on their way), computed once per trace. Pure:
 * no DOM; the stage core names no family.
 */
import { isStageNode } from './layout.ts';
import { views } from '../../actors/index.ts';
import type { FamilyViews, NodeRef, NodeView } from '../../actors/family.ts';
import type { NodeDecl, Scene, SeriesMetric } from '../../chapters/types.ts';
import type { Ms, TraceBase } from '../../kernel/types.ts';

/** Something travelling along an edge of a declared stage. */
export interface DeclaredToken {
  /** Stable across frames: the index of the trace event that started the hop. */
  id: string;
  from: string;
  to: string;
  label: string;
  /** Shape and colour: the payload's kind ('deposit', 'withdraw') or 'reply'. */
  tone: string;
  /** 0 at departure, 1 on arrival. */
  progress: number;
  /** It travels back along its edge (a reply): drawn a little apart from the requests. */
  back: boolean;
}

export interface DeclaredView {
  nodes: { ref: NodeRef; view: NodeView }[];
  tokens: DeclaredToken[];
  /** Charts on the stage, with the series they plot. */
  charts: { id: string; points: SeriesPoint[]; metric: SeriesMetric; of: string }[];
}

export interface SeriesPoint {
  t: Ms;
  depth: number;
  /** Age of the oldest message held, ms (0 when none). */
  oldest: Ms;
  inflight: number;
}

const EMPTY: NodeView = { state: '', items: [], badges: [] };

/** The family views that draw an actor kind ('http.balancer' → the http family's). */
export const viewsFor = (kind: string): FamilyViews | undefined => views.find((v) => kind.startsWith(`${v.id}.`));

/** The family views that wrote a trace kind. */
const writerOf = (kind: string): FamilyViews | undefined => views.find((v) => v.traceKinds.includes(kind));

const refOf = (n: NodeDecl): NodeRef => ({ id: n.id, kind: n.kind, title: n.title });

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

/**
 * Every node's view and the tokens in flight at virtual time t.
 * @example declaredViewAt(scene, result.trace, result.t1).nodes.find((n) => n.ref.id === 'lb')
 */
export function declaredViewAt(scene: Scene, trace: readonly TraceBase[], t: Ms): DeclaredView {
  const decl = scene.stage!;
  const all = decl.columns.flat();
  const index = timeIndexOf(trace);
  const upTo = eventsUpTo(trace, index, t);
  const nodes = all.filter((n) => !isStageNode(n.kind)).map((n) => ({ ref: refOf(n), view: viewsFor(n.kind)?.view?.(refOf(n), upTo, t) ?? EMPTY }));
  const ids = new Set(all.map((n) => n.id));
  // Earlier nodes are upstream: a hop towards an earlier column is a reply going back.
  const column = new Map<string, number>();
  decl.columns.forEach((c, i) => c.forEach((n) => column.set(n.id, i)));
  const tokens: DeclaredToken[] = [];
  // Only hops that set off within the longest hop's time before t can still be on their way.
  for (const i of hopsAround(index, t)) {
    const e = trace[i]!;
    if (e.t > t || e.arrives === undefined || e.arrives <= t || !e.from || !e.to || !ids.has(e.from) || !ids.has(e.to)) continue;
    const payload = (e as { payload?: { kind?: string } }).payload;
    tokens.push({
      id: `e${i}`,
      from: e.from,
      to: e.to,
      label: writerOf(e.kind)?.tokenLabel?.(e) ?? e.kind,
      tone: payload?.kind ?? 'reply',
      progress: e.arrives > e.t ? clamp01((t - e.t) / (e.arrives - e.t)) : 1,
      back: (column.get(e.to) ?? 0) < (column.get(e.from) ?? 0),
    });
  }
  // The series cost a fold per instant of the trace (thousands for a week of delay laps): only a stage with a chart pays it.
  const series = all.some((n) => n.kind === 'stage.chart') ? seriesOf(scene, trace) : new Map<string, SeriesPoint[]>();
  const charts = all.flatMap((n) => (n.kind === 'stage.chart' && n.chart ? [{ id: n.id, of: n.chart.of, metric: n.chart.metric, points: (series.get(n.chart.of) ?? []).filter((p) => p.t <= t) }] : []));
  return { nodes, tokens, charts };
}

/** What a frame reads of a trace, once per trace: whether it is in time order, and its hops by start. */
interface TimeIndex {
  length: number;
  ordered: boolean;
  /** Trace indices of the events that travel (have an arrival), in trace order. */
  hops: number[];
  /** When each of those hops sets off. */
  starts: Ms[];
  /** The longest hop, ms. */
  longest: Ms;
  /** The events up to the last frame's instant, kept while frames fall between the same two events. */
  last?: { count: number; events: readonly TraceBase[] };
}

const timeIndexes = new WeakMap<readonly TraceBase[], TimeIndex>();

/** The trace's time index, made again when the trace has grown. */
function timeIndexOf(trace: readonly TraceBase[]): TimeIndex {
  const have = timeIndexes.get(trace);
  if (have && have.length === trace.length) return have;
  const hops: number[] = [];
  const starts: Ms[] = [];
  let ordered = true;
  let longest = 0;
  trace.forEach((e, i) => {
    if (i > 0 && e.t < trace[i - 1]!.t) ordered = false;
    if (e.arrives === undefined) return;
    hops.push(i);
    starts.push(e.t);
    longest = Math.max(longest, e.arrives - e.t);
  });
  const index: TimeIndex = { length: trace.length, ordered, hops, starts, longest };
  timeIndexes.set(trace, index);
  return index;
}

/** How many events of a trace in time order happen at or before t. */
function countUpTo(trace: readonly TraceBase[], t: Ms): number {
  let lo = 0;
  let hi = trace.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (trace[mid]!.t <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The events at or before t: the trace's prefix, found by time and kept while frames stay between two events. */
function eventsUpTo(trace: readonly TraceBase[], index: TimeIndex, t: Ms): readonly TraceBase[] {
  if (!index.ordered) return trace.filter((e) => e.t <= t);
  const count = countUpTo(trace, t);
  if (index.last?.count !== count) index.last = { count, events: trace.slice(0, count) };
  return index.last.events;
}

/** Trace indices of the hops that may be in flight at t: every hop of a trace out of time order, else those that set off since t − the longest hop. */
function hopsAround(index: TimeIndex, t: Ms): readonly number[] {
  if (!index.ordered) return index.hops;
  /** The first hop that sets off after x (or at x too, when `atToo`). */
  const firstAfter = (x: Ms, atToo: boolean): number => {
    let lo = 0;
    let hi = index.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (index.starts[mid]! < x || (!atToo && index.starts[mid] === x)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return index.hops.slice(firstAfter(t - index.longest, true), firstAfter(t, false));
}

/**
 * The end-of-scene check: every user's balance, as some node reports it, against the scene's
 * expected outcome. (A node's badges do not say whose withdraw was refused, so the check here
 * is of balances alone: `refused` is always 0.)
 */
export function declaredVerdicts(scene: Scene, view: DeclaredView): { user: string; expected: number; actual: number; refused: number; ok: boolean }[] {
  const balances = Object.assign({}, ...view.nodes.map((n) => n.view.balances ?? {})) as Record<string, number>;
  return Object.entries(scene.expected).map(([user, expected]) => {
    const actual = balances[user] ?? 0;
    return { user, expected, actual, refused: 0, ok: actual === expected };
  });
}

const cache = new WeakMap<readonly TraceBase[], Map<string, SeriesPoint[]>>();

/**
 * Each node's series over the trace, one point at every instant something happens: how many
 * messages it holds, how old the oldest is, how many hops are on their way to it. Computed once
 * per trace (the result of a step) and kept.
 */
export function seriesOf(scene: Scene, trace: readonly TraceBase[]): Map<string, SeriesPoint[]> {
  const have = cache.get(trace);
  if (have) return have;
  const out = new Map<string, SeriesPoint[]>();
  const decl = scene.stage;
  if (!decl) return out;
  const instants = [...new Set(trace.flatMap((e) => (e.arrives !== undefined ? [e.t, e.arrives] : [e.t])))].sort((a, b) => a - b);
  for (const n of decl.columns.flat()) {
    if (isStageNode(n.kind)) continue;
    const fold = viewsFor(n.kind)?.view;
    const points: SeriesPoint[] = [];
    for (const t of instants) {
      const v = fold ? fold(refOf(n), trace.filter((e) => e.t <= t), t) : EMPTY;
      const since = v.items.flatMap((it) => (it.since !== undefined ? [it.since] : []));
      const inflight = trace.filter((e) => e.to === n.id && e.arrives !== undefined && e.t <= t && e.arrives > t).length;
      points.push({ t, depth: v.items.length, oldest: since.length > 0 ? t - Math.min(...since) : 0, inflight });
    }
    out.set(n.id, points);
  }
  cache.set(trace, out);
  return out;
}
