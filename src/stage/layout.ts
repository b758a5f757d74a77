/**
 * Where everything sits on the stage, as data: two layouts (landscape for projectors and wide
 * screens, portrait for phones) computed from a scene's cast. Units are SVG user units, which
 * equal CSS pixels when the stage is drawn at its natural width (1880 px on a 1920×1080 screen).
 * Pure: no DOM.
 */
import type { Party } from '../actors/nats/types.ts';
import type { Scene } from '../chapters/types.ts';
import { listenerParty } from './view.ts';
import { declaredLayout, type DeclaredLayout } from './declared/layout.ts';

export type LayoutKind = 'landscape' | 'portrait';

export interface Point {
  x: number;
  y: number;
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface ChannelSlot {
  name: string;
  rect: Rect;
  /** Left edge of the first stored-message cell. */
  cells: Point;
  /** How many cells fit (perRow × rows); older ones fold into "+k earlier". */
  maxCells: number;
  /** Cells per row; a tall channel box wraps its history onto more rows. */
  perRow: number;
  /** Where publish tokens arrive and acks return. */
  inPort: Point;
  /** Where deliveries leave. */
  outPort: Point;
}

export interface ListenerSlot {
  party: Party;
  id: string;
  rect: Rect;
  /** Where deliveries arrive. */
  inPort: Point;
  /** Where acks leave, a little apart from the deliveries' path. */
  ackPort: Point;
}

export interface StageLayout {
  kind: LayoutKind;
  widthPx: number;
  heightPx: number;
  /** Type sizes; none is under 24 px in the landscape layout. */
  fontPx: { title: number; heading: number; label: number; small: number; clock: number };
  /** Average advance of one character, as a fraction of the font size, for sizing pills. */
  charWidthEm: number;
  /** The scene has more than one user, so message labels name theirs ("+ Mary $40"). */
  namesUsers: boolean;
  tokenHeightPx: number;
  tokenPadPx: number;
  cornerPx: number;
  strokePx: number;
  thickStrokePx: number;
  ringRadiusPx: number;
  ackRingRadiusPx: number;
  cellWidthPx: number;
  cellHeightPx: number;
  cellGapPx: number;
  /** Top-right header: scene title then clock, right-aligned. */
  header: { y: number; clockRight: number; titleRight: number; titleLeft: number };
  /** Sent messages flow left to right from listTop, wrapping inside the box (or fill a table, 'publisher-last-seq'). */
  publisher: { rect: Rect; port: Point; listTop: number; itemGapPx: number };
  broker: Rect;
  /** Room under the channels for a step's figure (present when a step of the scene has one). */
  figure?: Rect;
  channels: ChannelSlot[];
  listeners: ListenerSlot[];
  storage: { rect: Rect; headerY: number; rowHeightPx: number; nameX: number; balanceRight: number; numberRight: number; port: Point };
  /** A scene that declares its stage (nodes in columns, edges) is laid out by declared/layout.ts instead; the rest is then unused. */
  declared?: DeclaredLayout;
}

/** A layout's type sizes and token geometry: the knobs, kept apart from the arithmetic. */
const METRICS = {
  landscape: {
    widthPx: 1880,
    fontPx: { title: 30, heading: 28, label: 26, small: 24, clock: 34 },
    tokenHeightPx: 48,
    tokenPadPx: 16,
    cornerPx: 14,
    strokePx: 3,
    thickStrokePx: 8,
    ringRadiusPx: 30,
    ackRingRadiusPx: 14,
    cellWidthPx: 104,
    cellHeightPx: 74,
    cellGapPx: 12,
  },
  portrait: {
    widthPx: 400,
    fontPx: { title: 17, heading: 16, label: 15, small: 14, clock: 18 },
    tokenHeightPx: 28,
    tokenPadPx: 8,
    cornerPx: 8,
    strokePx: 2,
    thickStrokePx: 5,
    ringRadiusPx: 18,
    ackRingRadiusPx: 8,
    cellWidthPx: 60,
    cellHeightPx: 44,
    cellGapPx: 6,
  },
} as const;

/** Roughly how wide a string renders: DejaVu/system sans bold runs wide, so err generous. */
export function textWidth(layout: Pick<StageLayout, 'charWidthEm'>, text: string, fontPx: number): number {
  return text.length * fontPx * layout.charWidthEm;
}

/**
 * `text`, cut with an ellipsis where it would be wider than `maxPx`.
 * @example fitText({ charWidthEm: 0.5 }, 'The redesign: numbered transactions', 16, 200) // 'The redesign: numbered t…'
 */
export function fitText(layout: Pick<StageLayout, 'charWidthEm'>, text: string, fontPx: number, maxPx: number): string {
  if (textWidth(layout, text, fontPx) <= maxPx) return text;
  const chars = Math.max(1, Math.floor(maxPx / (fontPx * layout.charWidthEm)) - 1);
  return `${text.slice(0, chars).trimEnd()}\u2026`;
}

/** The sizes both layouts take as they are from their metrics. */
function sizes(m: (typeof METRICS)[LayoutKind], scene: Pick<Scene, 'world'>) {
  return {
    namesUsers: Object.keys(scene.world.users).length > 1,
    fontPx: { ...m.fontPx },
    charWidthEm: 0.64,
    tokenHeightPx: m.tokenHeightPx,
    tokenPadPx: m.tokenPadPx,
    cornerPx: m.cornerPx,
    strokePx: m.strokePx,
    thickStrokePx: m.thickStrokePx,
    ringRadiusPx: m.ringRadiusPx,
    ackRingRadiusPx: m.ackRingRadiusPx,
    // A cell that names its user ("M +$40") needs a little more room.
    cellWidthPx: m.cellWidthPx + (Object.keys(scene.world.users).length > 1 ? Math.round(m.cellWidthPx * 0.18) : 0),
    cellHeightPx: m.cellHeightPx,
    cellGapPx: m.cellGapPx,
  };
}

/**
 * The stage geometry for a scene's cast.
 * @example layoutFor('landscape', scene).listeners[0].rect
 */
export function layoutFor(kind: LayoutKind, scene: LayoutScene): StageLayout {
  if (scene.stage) {
    // The declared stage's geometry, inside a board with nothing else on it.
    const declared = declaredLayout(kind, scene.stage);
    const board = kind === 'landscape' ? landscape({ ...scene, channels: [], world: { ...scene.world, listeners: [] } }) : portrait({ ...scene, channels: [], world: { ...scene.world, listeners: [] } });
    return { ...board, widthPx: declared.widthPx, heightPx: declared.heightPx, declared };
  }
  return kind === 'landscape' ? landscape(scene) : portrait(scene);
}

/** What the layout reads of a scene: its channels, its world and, when given, its steps' figures. */
export type LayoutScene = Pick<Scene, 'channels' | 'world' | 'stage'> & { steps?: readonly { figure?: { rows: readonly unknown[] }; commands?: Scene['steps'][number]['commands'] }[] };

/** Tweets the scene publishes: each becomes a line of its user's timeline in the storage box. */
const tweetCount = (scene: LayoutScene): number =>
  (scene.steps ?? []).reduce((n, s) => n + (s.commands ?? []).filter((c) => c.do === 'publish' && c.payload.kind === 'tweet').length, 0);

/** Rows of the largest figure any step shows, or 0. */
const figureRows = (scene: LayoutScene): number => Math.max(0, ...(scene.steps ?? []).map((s) => s.figure?.rows.length ?? 0));

/** The publisher keeps a table (Seq, Name, Event, Last Seq) rather than a row of pills. */
export const publisherTable = (scene: Pick<Scene, 'world'>): boolean => scene.world.design === 'publisher-last-seq';

function landscape(scene: LayoutScene): StageLayout {
  const m = METRICS.landscape;
  const top = 72;
  const bottom = 680;
  const columnH = bottom - top;
  // The publisher's table needs a wider column; the broker gives it up.
  const extra = publisherTable(scene) ? 84 : 0;
  const publisher: Rect = { x: 0, y: top, w: 316 + extra, h: columnH };
  const broker: Rect = { x: 406 + extra, y: top, w: 500 - extra, h: columnH };
  const rowsF = figureRows(scene);
  const figureH = rowsF > 0 ? 64 + rowsF * 40 : 0;
  const figure: Rect | undefined = rowsF > 0 ? { x: broker.x + 16, y: broker.y + broker.h - 14 - figureH, w: broker.w - 32, h: figureH } : undefined;
  const lx = 1012;
  const lw = 404;
  const storage: Rect = { x: 1480, y: top, w: 400, h: columnH };

  const nCh = Math.max(1, scene.channels.length);
  const chTop = broker.y + 56;
  const chH = (broker.h - 56 - 12 - (figure ? figure.h + 8 : 0)) / nCh;
  const cellW = sizes(m, scene).cellWidthPx;
  const channels: ChannelSlot[] = scene.channels.map((name, i) => {
    const rect = { x: broker.x + 16, y: chTop + i * chH, w: broker.w - 32, h: chH - 14 };
    const cellsY = rect.y + 44;
    const perRow = Math.floor((rect.w - 32 + m.cellGapPx) / (cellW + m.cellGapPx));
    // Leave room under the cells for the queue group's line.
    const rows = Math.max(1, Math.floor((rect.h - 44 - 36 + m.cellGapPx) / (m.cellHeightPx + m.cellGapPx)));
    return {
      name,
      rect,
      cells: { x: rect.x + 16, y: cellsY },
      maxCells: perRow * rows,
      perRow,
      inPort: { x: broker.x, y: cellsY + m.cellHeightPx / 2 },
      outPort: { x: broker.x + broker.w, y: cellsY + m.cellHeightPx / 2 },
    };
  });

  const nL = Math.max(1, scene.world.listeners.length);
  const gap = 24;
  const lh = (columnH - gap * (nL - 1)) / nL;
  const listeners: ListenerSlot[] = scene.world.listeners.map((l, i) => {
    const rect = { x: lx, y: top + i * (lh + gap), w: lw, h: lh };
    return {
      party: listenerParty(l.id),
      id: l.id,
      rect,
      inPort: { x: rect.x, y: rect.y + lh * 0.42 },
      ackPort: { x: rect.x, y: rect.y + lh * 0.72 },
    };
  });

  return {
    kind: 'landscape',
    widthPx: m.widthPx,
    heightPx: bottom + 8,
    ...sizes(m, scene),
    header: { y: 40, clockRight: m.widthPx - 4, titleRight: m.widthPx - 190, titleLeft: 0 },
    publisher: { rect: publisher, port: { x: publisher.x + publisher.w, y: top + 150 }, listTop: top + 66, itemGapPx: 14 },
    broker,
    ...(figure ? { figure } : {}),
    channels,
    listeners,
    storage: {
      rect: storage,
      headerY: top + 96,
      rowHeightPx: 52,
      nameX: storage.x + 20,
      balanceRight: storage.x + storage.w - 20,
      numberRight: storage.x + storage.w - 170,
      port: { x: storage.x, y: top + 140 },
    },
  };
}

function portrait(scene: LayoutScene): StageLayout {
  const m = METRICS.portrait;
  const w = m.widthPx;
  const pad = 4;
  // A table of up to five rows under its header, or one or two rows of pills.
  const publisher: Rect = { x: pad, y: 34, w: w - 2 * pad, h: publisherTable(scene) ? 150 : 72 };

  const nCh = Math.max(1, scene.channels.length);
  const chH = 104;
  const rowsF = figureRows(scene);
  const figureH = rowsF > 0 ? 36 + rowsF * 22 : 0;
  const broker: Rect = { x: pad, y: publisher.y + publisher.h + 34, w: w - 2 * pad, h: 34 + nCh * chH + (figureH > 0 ? figureH + 8 : 0) };
  const figure: Rect | undefined = rowsF > 0 ? { x: broker.x + 8, y: broker.y + 32 + nCh * chH, w: broker.w - 16, h: figureH } : undefined;
  const cellW = sizes(m, scene).cellWidthPx;
  const channels: ChannelSlot[] = scene.channels.map((name, i) => {
    const rect = { x: broker.x + 8, y: broker.y + 32 + i * chH, w: broker.w - 16, h: chH - 8 };
    const cellsY = rect.y + 26;
    const perRow = Math.floor((rect.w - 16 + m.cellGapPx) / (cellW + m.cellGapPx));
    return {
      name,
      rect,
      cells: { x: rect.x + 8, y: cellsY },
      maxCells: perRow,
      perRow,
      inPort: { x: rect.x + rect.w / 2, y: rect.y },
      outPort: { x: rect.x + rect.w / 2, y: broker.y + broker.h },
    };
  });

  const nL = Math.max(1, scene.world.listeners.length);
  const gap = 8;
  const lTop = broker.y + broker.h + 40;
  const lw = (w - 2 * pad - gap * (nL - 1)) / nL;
  // Title, state, the job's pill, an info line and two ack-wait rows.
  const lh = 162;
  const listeners: ListenerSlot[] = scene.world.listeners.map((l, i) => {
    const rect = { x: pad + i * (lw + gap), y: lTop, w: lw, h: lh };
    return {
      party: listenerParty(l.id),
      id: l.id,
      rect,
      inPort: { x: rect.x + lw * 0.35, y: rect.y },
      ackPort: { x: rect.x + lw * 0.65, y: rect.y },
    };
  });

  const sTop = lTop + lh + 30;
  const users = Object.keys(scene.world.users).length;
  // Room for each user's row with two outcome marks under it, then the balance check's card (render.ts drawVerdict).
  // …plus the timeline's lines, and the processed sequences under a heading ('last-sequence').
  const extraH = tweetCount(scene) * 22 + (scene.world.design === 'last-sequence' ? (nCh + 1) * 24 + 12 : 0);
  const storage: Rect = { x: pad, y: sTop, w: w - 2 * pad, h: 56 + Math.max(1, users) * (34 + 2 * 31) + 140 + extraH };
  return {
    kind: 'portrait',
    widthPx: w,
    heightPx: storage.y + storage.h + 4,
    ...sizes(m, scene),
    header: { y: 22, clockRight: w - pad, titleRight: w - 90, titleLeft: pad },
    publisher: { rect: publisher, port: { x: w / 2, y: publisher.y + publisher.h }, listTop: publisher.y + 30, itemGapPx: 6 },
    broker,
    ...(figure ? { figure } : {}),
    channels,
    listeners,
    storage: {
      rect: storage,
      headerY: storage.y + 52,
      rowHeightPx: 34,
      nameX: storage.x + 12,
      balanceRight: storage.x + storage.w - 12,
      numberRight: storage.x + storage.w - 120,
      port: { x: w / 2, y: storage.y },
    },
  };
}

/** Start and end of a token's trip, or undefined when the layout has no such edge. */
export function tokenPath(
  layout: StageLayout,
  token: { kind: string; from: Party; to: Party; channel?: string },
): [Point, Point] | undefined {
  const ch = layout.channels.find((c) => c.name === token.channel) ?? layout.channels[0];
  if (!ch) return undefined;
  const listenerSlot = (p: Party) => layout.listeners.find((l) => l.party === p);
  switch (token.kind) {
    case 'publish':
      return [layout.publisher.port, ch.inPort];
    case 'deliver':
    case 'redeliver': {
      const l = listenerSlot(token.to);
      return l ? [ch.outPort, l.inPort] : undefined;
    }
    case 'ack':
    case 'ack-lost': {
      const l = listenerSlot(token.from);
      return l ? [l.ackPort, ch.outPort] : undefined;
    }
    default:
      return undefined;
  }
}
