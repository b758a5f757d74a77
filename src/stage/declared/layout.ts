/**
 * Where each node of a declared stage sits (see StageDecl in chapters/types.ts): columns left to
 * right on a projector, rows top to bottom on a phone, and the two ends of every edge. Up to 6
 * columns and 8 nodes a column fit the landscape picture with type no smaller than 24 px. Units
 * are SVG user units (CSS pixels at the stage's natural width). Pure: no DOM.
 *
 * @example declaredLayout('landscape', scene.stage).nodes.get('lb').rect
 */
import type { StageDecl } from '../../chapters/types.ts';
import type { LayoutKind, Point, Rect } from '../layout.ts';

/** The stage's node where the end-of-scene check goes on a projector (no actor; see StageDecl). */
export const OUTCOME_KIND = 'stage.outcome';

/** Whether a node is one of the stage's own (a chart, the outcome's place), not an actor a family draws. */
export const isStageNode = (kind: string): boolean => kind.startsWith('stage.');

/** The most a declared stage may have. */
export const MAX_COLUMNS = 6;
export const MAX_NODES_PER_COLUMN = 8;

export interface NodeSlot {
  id: string;
  kind: string;
  title: string;
  rect: Rect;
  /** Column (landscape) or row (portrait) it sits in, and its place there. */
  column: number;
  index: number;
}

export interface DeclaredLayout {
  kind: LayoutKind;
  widthPx: number;
  heightPx: number;
  fontPx: { title: number; heading: number; label: number; small: number; clock: number };
  charWidthEm: number;
  tokenHeightPx: number;
  strokePx: number;
  thickStrokePx: number;
  cornerPx: number;
  header: { y: number; clockRight: number; titleRight: number; titleLeft: number };
  nodes: Map<string, NodeSlot>;
  /** The phone's band under the nodes for the end-of-scene check (its rows are too small to hold it); on a projector the check sits in a node. */
  outcome?: Rect;
  /** Each declared edge's two ends (a token travels from `a` to `b` for a hop from `from` to `to`). */
  edges: { from: string; to: string; a: Point; b: Point }[];
}

const METRICS = {
  landscape: { widthPx: 1880, heightPx: 688, top: 72, fontPx: { title: 30, heading: 28, label: 26, small: 24, clock: 34 }, tokenHeightPx: 44, strokePx: 3, thickStrokePx: 8, cornerPx: 14, gapPx: 18 },
  portrait: { widthPx: 400, heightPx: 0, top: 34, fontPx: { title: 17, heading: 16, label: 15, small: 14, clock: 18 }, tokenHeightPx: 26, strokePx: 2, thickStrokePx: 5, cornerPx: 8, gapPx: 8 },
} as const;

/** Height of one phone row holding up to three nodes side by side. */
const PORTRAIT_ROW_PX = 110;
/** Height of the phone's band for the end-of-scene check, under the nodes. */
const PORTRAIT_OUTCOME_PX = 96;
/** Nodes side by side in one phone row, at most. */
const PORTRAIT_PER_LINE = 3;

/** A phone row's height for nodes whose usual height is `px`: scaled by the largest of their phoneSize (see NodeDecl). */
const phoneRowPx = (px: number, nodes: readonly StageDecl['columns'][number][number][]): number => Math.round(px * Math.max(0.1, ...nodes.map((n) => n.phoneSize ?? 1)));

/** Room between two columns, for edges and tokens: at least this. */
const MIN_COLUMN_GAP_PX = 90;

/** Checks a declaration against the limits; a sentence for each problem. */
export function checkDecl(decl: StageDecl): string[] {
  const problems: string[] = [];
  if (decl.columns.length === 0) problems.push('a declared stage needs at least one column');
  if (decl.columns.length > MAX_COLUMNS) problems.push(`${decl.columns.length} columns is more than the ${MAX_COLUMNS} that fit`);
  decl.columns.forEach((c, i) => {
    if (c.length > MAX_NODES_PER_COLUMN) problems.push(`column ${i + 1} has ${c.length} nodes, more than the ${MAX_NODES_PER_COLUMN} that fit`);
  });
  const ids = decl.columns.flat().map((n) => n.id);
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) problems.push(`the node ${id} is declared twice`);
    seen.add(id);
  }
  for (const e of decl.edges) for (const end of [e.from, e.to]) if (!seen.has(end)) problems.push(`an edge names ${end}, which is not a node`);
  return problems;
}

/** The point on a rect's border facing another rect's centre (right/left in landscape, bottom/top in portrait). */
function port(r: Rect, other: Rect, kind: LayoutKind): Point {
  const cx = r.x + r.w / 2;
  const cy = r.y + r.h / 2;
  const ox = other.x + other.w / 2;
  const oy = other.y + other.h / 2;
  if (kind === 'landscape' && Math.abs(ox - cx) > 1) return { x: ox > cx ? r.x + r.w : r.x, y: cy };
  if (kind === 'portrait' && Math.abs(oy - cy) > 1) return { x: cx, y: oy > cy ? r.y + r.h : r.y };
  // Same column (or row): leave from the facing side.
  return kind === 'landscape' ? { x: cx, y: oy > cy ? r.y + r.h : r.y } : { x: ox > cx ? r.x + r.w : r.x, y: cy };
}

/**
 * The geometry of a declared stage.
 * @example declaredLayout('landscape', { columns: [[a], [b, c]], edges: [{ from: 'a', to: 'b' }] }).edges.length // 1
 */
export function declaredLayout(kind: LayoutKind, decl: StageDecl): DeclaredLayout {
  const m = METRICS[kind];
  const nodes = new Map<string, NodeSlot>();
  const columns = decl.columns.slice(0, MAX_COLUMNS).map((c) => c.slice(0, MAX_NODES_PER_COLUMN));
  let heightPx: number = m.heightPx;
  let outcome: Rect | undefined;
  if (kind === 'landscape') {
    const n = Math.max(1, columns.length);
    const colGap = Math.max(MIN_COLUMN_GAP_PX, n > 1 ? 120 - 6 * n : 0);
    const shares = columns.map((_, ci) => Math.max(0.1, decl.widths?.[ci] ?? 1));
    const total = shares.reduce((a, b) => a + b, 0) || 1;
    const room = m.widthPx - colGap * (n - 1);
    const colH = m.heightPx - 8 - m.top;
    let x = 0;
    columns.forEach((col, ci) => {
      const colW = Math.floor((room * shares[ci]!) / total);
      const k = Math.max(1, col.length);
      const sizes = col.map((node) => Math.max(0.1, node.size ?? 1));
      const sum = sizes.reduce((a, b) => a + b, 0) || 1;
      const free = colH - m.gapPx * (k - 1);
      let y: number = m.top;
      col.forEach((node, i) => {
        const h = Math.floor((free * sizes[i]!) / sum);
        nodes.set(node.id, { id: node.id, kind: node.kind, title: node.title, column: ci, index: i, rect: { x, y, w: colW, h } });
        y += h + m.gapPx;
      });
      x += colW + colGap;
    });
  } else {
    let y: number = m.top;
    const rowGap = 18;
    // Two columns of one node each in a row share a line (a caller beside its router): the phone's diagram stays short.
    const rows: { col: StageDecl['columns'][number]; ci: number }[][] = [];
    // The outcome's node takes no room on a phone: the check has the band under the nodes.
    const portraitColumns = columns.map((col) => col.filter((node) => node.kind !== OUTCOME_KIND)).map((col, ci) => ({ col, ci })).filter(({ col }) => col.length > 0);
    portraitColumns.forEach(({ col, ci }) => {
      const last = rows[rows.length - 1];
      if (col.length === 1 && last && last.length === 1 && last[0]!.col.length === 1) last.push({ col, ci });
      else rows.push([{ col, ci }]);
    });
    for (const row of rows) {
      if (row.length === 2) {
        const w = Math.floor((m.widthPx - 8 - m.gapPx) / 2);
        const rowH = phoneRowPx(PORTRAIT_ROW_PX, row.map(({ col }) => col[0]!));
        row.forEach(({ col, ci }, at) => {
          const node = col[0]!;
          nodes.set(node.id, { id: node.id, kind: node.kind, title: node.title, column: ci, index: 0, rect: { x: 4 + at * (w + m.gapPx), y, w, h: rowH } });
        });
        y += rowH + rowGap;
        continue;
      }
      const { col, ci } = row[0]!;
      // A node alone in its row (the store, with its table) is given some height for the width it cannot use.
      const rowH = phoneRowPx(col.length === 1 ? PORTRAIT_ROW_PX + 28 : PORTRAIT_ROW_PX, col);
      const lines = Math.max(1, Math.ceil(col.length / PORTRAIT_PER_LINE));
      const perLine = Math.min(PORTRAIT_PER_LINE, Math.max(1, col.length));
      const w = Math.floor((m.widthPx - 8 - m.gapPx * (perLine - 1)) / perLine);
      col.forEach((node, i) => {
        const line = Math.floor(i / PORTRAIT_PER_LINE);
        const at = i % PORTRAIT_PER_LINE;
        nodes.set(node.id, { id: node.id, kind: node.kind, title: node.title, column: ci, index: i, rect: { x: 4 + at * (w + m.gapPx), y: y + line * (rowH + m.gapPx), w, h: rowH } });
      });
      y += lines * (rowH + m.gapPx) - m.gapPx + rowGap;
    }
    outcome = { x: 4, y: y - rowGap + 14, w: m.widthPx - 8, h: PORTRAIT_OUTCOME_PX };
    heightPx = outcome.y + outcome.h + 8;
  }
  const edges = decl.edges.flatMap((e) => {
    const a = nodes.get(e.from);
    const b = nodes.get(e.to);
    return a && b ? [{ from: e.from, to: e.to, a: port(a.rect, b.rect, kind), b: port(b.rect, a.rect, kind) }] : [];
  });
  return {
    kind,
    widthPx: m.widthPx,
    heightPx,
    fontPx: { ...m.fontPx },
    charWidthEm: 0.64,
    tokenHeightPx: m.tokenHeightPx,
    strokePx: m.strokePx,
    thickStrokePx: m.thickStrokePx,
    cornerPx: m.cornerPx,
    header: kind === 'landscape' ? { y: 40, clockRight: m.widthPx - 4, titleRight: m.widthPx - 190, titleLeft: 0 } : { y: 22, clockRight: m.widthPx - 4, titleRight: m.widthPx - 90, titleLeft: 4 },
    nodes,
    ...(outcome ? { outcome } : {}),
    edges,
  };
}

/**
 * Where a hop from `from` to `to` travels: along the declared edge between them (either way
 * round), or undefined when the stage draws no such edge.
 */
export function hopPath(layout: DeclaredLayout, from: string, to: string): [Point, Point] | undefined {
  const fwd = layout.edges.find((e) => e.from === from && e.to === to);
  if (fwd) return [fwd.a, fwd.b];
  const back = layout.edges.find((e) => e.from === to && e.to === from);
  return back ? [back.b, back.a] : undefined;
}
