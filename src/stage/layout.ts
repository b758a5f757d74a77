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
  /** Where acks leave (the deliveries' port: an ack goes back the way its message came). */
  ackPort: Point;
  /** Where its writes leave for storage, and where they reach the storage box. */
  storePort: Point;
  storageIn: Point;
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
  /**
   * The shared bus between the channels and the listeners: in landscape a vertical line at x that
   * every channel feeds and every listener hangs from; in portrait a horizontal line at y. So the
   * connectors meet but never cross.
   */
  bus: Point;
  /** Room under the channels for a step's figure (present when a step of the scene has one). */
  figure?: Rect;
  channels: ChannelSlot[];
  listeners: ListenerSlot[];
  /** `checks`, when set, is a column of its own for the end-of-scene checks (the phone's); otherwise they follow the rows. */
  storage: { rect: Rect; headerY: number; rowHeightPx: number; nameX: number; balanceRight: number; numberRight: number; port: Point; checks?: { x: number; right: number; top: number } };
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
  // 400 units drawn 390 px wide: 14 units is 13.65 px, the phone's smallest type.
  portrait: {
    widthPx: 400,
    fontPx: { title: 15, heading: 14, label: 14, small: 14, clock: 16 },
    tokenHeightPx: 24,
    tokenPadPx: 7,
    cornerPx: 7,
    strokePx: 2,
    thickStrokePx: 4,
    ringRadiusPx: 11,
    ackRingRadiusPx: 6,
    cellWidthPx: 50,
    cellHeightPx: 36,
    cellGapPx: 5,
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
    const declared = declaredLayout(kind, scene.stage, scene.expected ? { checks: Object.keys(scene.expected).length } : {});
    const board = kind === 'landscape' ? landscape({ ...scene, channels: [], world: { ...scene.world, listeners: [] } }) : portrait({ ...scene, channels: [], world: { ...scene.world, listeners: [] } });
    return { ...board, widthPx: declared.widthPx, heightPx: declared.heightPx, declared };
  }
  return kind === 'landscape' ? landscape(scene) : portrait(scene);
}

/** What the layout reads of a scene: its channels, its world and, when given, its steps' figures. */
export type LayoutScene = Pick<Scene, 'channels' | 'world' | 'stage'> & Partial<Pick<Scene, 'expected'>> & { steps?: readonly { figure?: { rows: readonly unknown[] }; commands?: Scene['steps'][number]['commands'] }[] };

/** Tweets the scene publishes: each becomes a line of its user's timeline in the storage box. */
const tweetCount = (scene: LayoutScene): number =>
  (scene.steps ?? []).reduce((n, s) => n + (s.commands ?? []).filter((c) => c.do === 'publish' && c.payload.kind === 'tweet').length, 0);

/** Rows of the largest figure any step shows, or 0. */
const figureRows = (scene: LayoutScene): number => Math.max(0, ...(scene.steps ?? []).map((s) => s.figure?.rows.length ?? 0));

/** The publisher keeps a table (Seq, Name, Event, Last Seq) rather than a row of pills. */
export const publisherTable = (scene: Pick<Scene, 'world'>): boolean => scene.world.design === 'publisher-last-seq';

/** Tallest the landscape storage box's estimate alone makes the row: every deck scene's storage needs less (stage-motion.test.ts). */
const STORAGE_CAP_PX = 600;

/** Room under a channel's cells for the ack-wait countdowns of the messages it holds, in layout units per font px. */
const ACK_ROW_EM = 1.1;

/**
 * Rough height the storage box's content needs in a scene: its title and column heads, a row per
 * user and room for two outcome marks, the timeline's lines, the processed sequences, and the
 * end-of-scene checks (one of them three lines long). stage-motion.test.ts holds every step of
 * the deck to it.
 */
function storageNeedPx(scene: LayoutScene, f: { label: number; small: number }, rowPx: number, headPx: number): number {
  const users = Math.max(1, Object.keys(scene.world.users).length);
  const markPx = f.small * 1.5 + 14;
  // Room for two outcome marks in all: no scene of the deck leaves more at one time.
  const rows = users * rowPx * 0.9 + 2 * markPx;
  const posts = tweetCount(scene) * f.small * 1.3;
  const sequences = scene.world.design === 'last-sequence' ? f.small * 2.2 + (scene.channels.length + 1) * f.small * 1.4 : 0;
  // The outcome card (render.ts drawVerdictCards): head, the balance at its smallest (34), two notes; the others compact beside it.
  const checks = f.small * 0.65 + f.label * 1.4 + 34 * 1.29 + 2 * f.small * 1.3 + f.small * 0.6 + (users - 1) * (f.small * 2.2 + f.small * 0.6);
  return headPx + rows + posts + sequences + checks + 2 * f.small;
}

function landscape(scene: LayoutScene): StageLayout {
  const m = METRICS.landscape;
  const f = m.fontPx;
  const top = 72;
  // The publisher's table needs a wider column; the broker gives it up.
  const extra = publisherTable(scene) ? 84 : 0;
  const rowsF = figureRows(scene);
  const figureH = rowsF > 0 ? 56 + rowsF * 34 : 0;
  const nCh = Math.max(1, scene.channels.length);
  const nL = Math.max(1, scene.world.listeners.length);

  // Each box is as tall as its content; the row takes the tallest, so their tops and bottoms line up.
  const titlePx = 50;
  const chNamePx = 38;
  const ackRowPx = f.small * ACK_ROW_EM;
  const queuePx = f.small * 1.3;
  // One row of cells, or two where a narrow broker fits fewer than three to a row.
  const lPerRow = Math.floor((500 - extra - 64 + m.cellGapPx) / (sizes(m, scene).cellWidthPx + m.cellGapPx));
  const lRows = Math.ceil(3 / Math.max(1, lPerRow));
  const chRectH = chNamePx + lRows * m.cellHeightPx + (lRows - 1) * m.cellGapPx + ackRowPx + queuePx + 6;
  const chStep = chRectH + 8;
  const brokerNeed = titlePx + nCh * chStep + (figureH > 0 ? figureH + 8 : 0) + 2;
  const listenerNeed = 190;
  const listenerGap = 20;
  const listenersNeed = nL * listenerNeed + (nL - 1) * listenerGap;
  const storageHeadPx = 84;
  const storageRowPx = 52;
  // The storage estimate errs high (it cannot know which marks a run leaves), so it alone never makes the stage taller than STORAGE_CAP_PX.
  const columnH = Math.ceil(Math.max(brokerNeed, listenersNeed, Math.min(storageNeedPx(scene, f, storageRowPx, storageHeadPx + storageRowPx * 0.5), STORAGE_CAP_PX), 300));
  const bottom = top + columnH;

  const publisher: Rect = { x: 0, y: top, w: 316 + extra, h: columnH };
  const broker: Rect = { x: 406 + extra, y: top, w: 500 - extra, h: columnH };
  const figure: Rect | undefined = rowsF > 0 ? { x: broker.x + 16, y: broker.y + broker.h - 14 - figureH, w: broker.w - 32, h: figureH } : undefined;
  const lx = 1012;
  const lw = 404;
  const storage: Rect = { x: 1480, y: top, w: 400, h: columnH };

  const chTop = broker.y + titlePx;
  const cellW = sizes(m, scene).cellWidthPx;
  const channels: ChannelSlot[] = scene.channels.map((name, i) => {
    const rect = { x: broker.x + 16, y: chTop + i * chStep, w: broker.w - 32, h: chRectH };
    const cellsY = rect.y + chNamePx;
    const perRow = Math.floor((rect.w - 32 + m.cellGapPx) / (cellW + m.cellGapPx));
    return {
      name,
      rect,
      cells: { x: rect.x + 16, y: cellsY },
      maxCells: perRow * lRows,
      perRow,
      inPort: { x: broker.x, y: cellsY + m.cellHeightPx / 2 },
      outPort: { x: broker.x + broker.w, y: cellsY + m.cellHeightPx / 2 },
    };
  });

  // Listeners share the column, but a lone one stays near its content's height.
  const lh = Math.min((columnH - listenerGap * (nL - 1)) / nL, listenerNeed * 1.3);
  const listeners: ListenerSlot[] = scene.world.listeners.map((l, i) => {
    const rect = { x: lx, y: top + i * (lh + listenerGap), w: lw, h: lh };
    const inPort = { x: rect.x, y: rect.y + Math.min(lh * 0.5, 112) };
    const storePort = { x: rect.x + rect.w, y: rect.y + Math.min(lh * 0.5, 112) };
    return { party: listenerParty(l.id), id: l.id, rect, inPort, ackPort: inPort, storePort, storageIn: { x: storage.x, y: storePort.y } };
  });

  return {
    kind: 'landscape',
    widthPx: m.widthPx,
    heightPx: bottom + 8,
    ...sizes(m, scene),
    header: { y: 40, clockRight: m.widthPx - 4, titleRight: m.widthPx - 190, titleLeft: 0 },
    publisher: { rect: publisher, port: { x: publisher.x + publisher.w, y: channels[0]?.inPort.y ?? top + 150 }, listTop: top + 66, itemGapPx: 14 },
    broker,
    bus: { x: (broker.x + broker.w + lx) / 2, y: 0 },
    ...(figure ? { figure } : {}),
    channels,
    listeners,
    storage: {
      rect: storage,
      headerY: top + storageHeadPx,
      rowHeightPx: storageRowPx,
      nameX: storage.x + 20,
      balanceRight: storage.x + storage.w - 20,
      numberRight: storage.x + storage.w - 170,
      port: { x: storage.x, y: top + 140 },
    },
  };
}

/**
 * The phone's stage: the whole system in one small picture, about 400 × 470 units, so the
 * narration fits under it without the stage scrolling. The publisher and the broker side by side
 * on top, the listeners side by side under them (the bus runs between), storage across the
 * bottom with its rows on the left and the end-of-scene checks on the right.
 */
function portrait(scene: LayoutScene): StageLayout {
  const m = METRICS.portrait;
  const f = m.fontPx;
  const w = m.widthPx;
  const pad = 4;
  const top = 28;
  const table = publisherTable(scene);
  const sz = sizes(m, scene);

  // Top row: the publisher's pills (or its table), then the broker's channels stacked.
  const nCh = Math.max(1, scene.channels.length);
  const rowsF = figureRows(scene);
  const figureH = rowsF > 0 ? 22 + rowsF * 17 : 0;
  const chNamePx = 17;
  const pubW = table ? 200 : 100;
  const pPerRow = Math.floor((w - 2 * pad - pubW - 8 - 24 + m.cellGapPx) / (sz.cellWidthPx + m.cellGapPx));
  const pRows = Math.ceil(3 / Math.max(1, pPerRow));
  // No row for the ack-wait seconds here: the countdown ring in the cell's corner says it.
  const chRectH = chNamePx + pRows * m.cellHeightPx + (pRows - 1) * m.cellGapPx + 3;
  const chStep = chRectH + 2;
  // The title, with room under its descent, then the channels.
  const brokerNeed = 27 + nCh * chStep + (figureH > 0 ? figureH + 4 : 0) + 2;
  const row1H = Math.max(brokerNeed, table ? 24 + 6 * f.small * 1.45 : 24 + 3 * (m.tokenHeightPx + 4));
  const publisher: Rect = { x: pad, y: top, w: pubW, h: row1H };
  const broker: Rect = { x: pad + pubW + 8, y: top, w: w - 2 * pad - pubW - 8, h: row1H };
  const figure: Rect | undefined = rowsF > 0 ? { x: broker.x + 6, y: broker.y + broker.h - 4 - figureH, w: broker.w - 12, h: figureH } : undefined;
  const cellW = sz.cellWidthPx;
  const outXs = scene.channels.map((_, i) => broker.x + (broker.w * (i + 1)) / (nCh + 1));
  const channels: ChannelSlot[] = scene.channels.map((name, i) => {
    const rect = { x: broker.x + 6, y: broker.y + 27 + i * chStep, w: broker.w - 12, h: chRectH };
    const cellsY = rect.y + chNamePx;
    const perRow = Math.floor((rect.w - 12 + m.cellGapPx) / (cellW + m.cellGapPx));
    return {
      name,
      rect,
      cells: { x: rect.x + 6, y: cellsY },
      maxCells: perRow * pRows,
      perRow,
      inPort: { x: broker.x, y: cellsY + m.cellHeightPx / 2 },
      outPort: { x: outXs[i]!, y: broker.y + broker.h },
    };
  });

  // Middle row: the listeners side by side, fed from the bus above them.
  const busGap = 12;
  const nL = Math.max(1, scene.world.listeners.length);
  const gap = 6;
  const lTop = broker.y + broker.h + busGap;
  const lw = (w - 2 * pad - gap * (nL - 1)) / nL;
  // Title, state, the job's pill and ring, an info line and the outcome badge.
  const lh = 80;
  const sTop = lTop + lh + 8;
  // The rest of the phone's 470 units, unless the rows need more (then the stage runs longer).
  const storage: Rect = { x: pad, y: sTop, w: w - 2 * pad, h: Math.max(portraitStorageNeedPx(scene, f), PORTRAIT_HEIGHT_PX - 2 - sTop) };
  const listeners: ListenerSlot[] = scene.world.listeners.map((l, i) => {
    const rect = { x: pad + i * (lw + gap), y: lTop, w: lw, h: lh };
    const inPort = { x: rect.x + lw * 0.3, y: rect.y };
    const storePort = { x: rect.x + lw * 0.5, y: rect.y + lh };
    return { party: listenerParty(l.id), id: l.id, rect, inPort, ackPort: inPort, storePort, storageIn: { x: storePort.x, y: storage.y } };
  });

  const split = storage.x + storage.w * 0.52;
  return {
    kind: 'portrait',
    widthPx: w,
    heightPx: storage.y + storage.h + 2,
    ...sz,
    header: { y: 19, clockRight: w - pad, titleRight: w - 80, titleLeft: pad },
    publisher: { rect: publisher, port: { x: publisher.x + publisher.w, y: channels[0]?.inPort.y ?? top + 40 }, listTop: publisher.y + 26, itemGapPx: 4 },
    broker,
    bus: { x: 0, y: broker.y + broker.h + busGap / 2 },
    ...(figure ? { figure } : {}),
    channels,
    listeners,
    storage: {
      rect: storage,
      headerY: storage.y + 40,
      rowHeightPx: 24,
      nameX: storage.x + 8,
      balanceRight: split - 8,
      numberRight: split - 70,
      port: { x: w / 2, y: storage.y },
      checks: { x: split + 4, right: storage.x + storage.w - 8, top: storage.y + 8 },
    },
  };
}

/**
 * Height the phone's storage box needs: its title and heads, a row per user, an outcome mark,
 * the timeline's lines and the processed sequences on the left (the checks sit beside them);
 * stage-motion.test.ts holds every step of the deck to it.
 */
function portraitStorageNeedPx(scene: LayoutScene, f: { small: number }): number {
  const users = Math.max(1, Object.keys(scene.world.users).length);
  const sequences = scene.world.design === 'last-sequence' ? f.small * 2.2 + (scene.channels.length + 1) * f.small * 1.4 : 0;
  const left = 40 + users * 24 * 0.9 + (f.small * 1.5 + 8) + tweetCount(scene) * f.small * 1.3 + sequences + 10;
  return Math.ceil(left);
}

/** The phone stage's height: with the narration under it, the whole of it fits on a 390 × 844 screen. */
const PORTRAIT_HEIGHT_PX = 470;

/** A dashed connector, one straight segment of it. */
export interface Connector {
  id: string;
  a: Point;
  b: Point;
}

/** Where a route meets the bus: on the bus line, level with (landscape) or under (portrait) `p`. */
const onBus = (layout: StageLayout, p: Point): Point => (layout.kind === 'landscape' ? { x: layout.bus.x, y: p.y } : { x: p.x, y: layout.bus.y });

/**
 * The stage's dashed connectors as straight segments: the publisher to each channel, each channel
 * onto the bus, the bus itself (cut where routes join it), the bus to each listener, and each
 * listener to storage. Segments meet only at their ends, so no two cross.
 * @example connectors(layoutFor('landscape', happyPath)).length // 2 + 2 + 3 + 2 + 2
 */
export function connectors(layout: StageLayout): Connector[] {
  const out: Connector[] = [];
  for (const ch of layout.channels) out.push({ id: `pub-${ch.name}`, a: layout.publisher.port, b: ch.inPort });
  if (layout.listeners.length > 0) {
    const joins = [...layout.channels.map((c) => onBus(layout, c.outPort)), ...layout.listeners.map((l) => onBus(layout, l.inPort))];
    for (const ch of layout.channels) out.push({ id: `${ch.name}-bus`, a: ch.outPort, b: onBus(layout, ch.outPort) });
    const along = (p: Point) => (layout.kind === 'landscape' ? p.y : p.x);
    const stops = [...new Set(joins.map(along))].sort((a, b) => a - b);
    for (let i = 1; i < stops.length; i++) {
      const [u, v] = [stops[i - 1]!, stops[i]!];
      out.push(layout.kind === 'landscape' ? { id: `bus-${i}`, a: { x: layout.bus.x, y: u }, b: { x: layout.bus.x, y: v } } : { id: `bus-${i}`, a: { x: u, y: layout.bus.y }, b: { x: v, y: layout.bus.y } });
    }
    for (const l of layout.listeners) out.push({ id: `bus-${l.party}`, a: onBus(layout, l.inPort), b: l.inPort });
  }
  for (const l of layout.listeners) out.push({ id: `${l.party}-storage`, a: l.storePort, b: l.storageIn });
  return out.filter((c) => c.a.x !== c.b.x || c.a.y !== c.b.y);
}

/**
 * The route a token follows, as a polyline (two or more points), or undefined when the layout has
 * no such edge: publish goes straight to its channel, a delivery goes from its channel along the
 * bus to its listener and an ack comes back the same way, a write goes across to storage.
 */
export function tokenPath(
  layout: StageLayout,
  token: { kind: string; from: Party; to: Party; channel?: string },
): Point[] | undefined {
  const listenerSlot = (p: Party) => layout.listeners.find((l) => l.party === p);
  if (token.kind === 'write' || token.kind === 'write-failed') {
    const l = listenerSlot(token.from);
    return l ? [l.storePort, l.storageIn] : undefined;
  }
  const ch = layout.channels.find((c) => c.name === token.channel) ?? layout.channels[0];
  if (!ch) return undefined;
  const viaBus = (l: ListenerSlot): Point[] => [ch.outPort, onBus(layout, ch.outPort), onBus(layout, l.inPort), l.inPort];
  switch (token.kind) {
    case 'publish':
      // On the phone the two boxes almost touch: the token sets off from the publisher's middle and lands on the channel's cells, so its trip can be seen.
      return layout.kind === 'portrait'
        ? [{ x: layout.publisher.rect.x + layout.publisher.rect.w / 2, y: layout.publisher.port.y }, layout.publisher.port, ch.inPort, { x: ch.cells.x + layout.cellWidthPx / 2, y: ch.inPort.y }]
        : [layout.publisher.port, ch.inPort];
    case 'deliver':
    case 'redeliver': {
      const l = listenerSlot(token.to);
      return l ? viaBus(l) : undefined;
    }
    case 'ack':
    case 'ack-lost': {
      const l = listenerSlot(token.from);
      return l ? viaBus(l).reverse() : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The point a fraction `p` (0..1) of the way along a polyline, by length.
 * @example along([{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 10, y: 10 }], 0.75) // { x: 10, y: 5 }
 */
export function along(path: readonly Point[], p: number): Point {
  const lengths = path.slice(1).map((b, i) => Math.hypot(b.x - path[i]!.x, b.y - path[i]!.y));
  const total = lengths.reduce((a, b) => a + b, 0);
  let rest = Math.max(0, Math.min(1, p)) * total;
  for (let i = 0; i < lengths.length; i++) {
    const len = lengths[i]!;
    if (rest <= len && len > 0) {
      const a = path[i]!;
      const b = path[i + 1]!;
      return { x: a.x + ((b.x - a.x) * rest) / len, y: a.y + ((b.y - a.y) * rest) / len };
    }
    rest -= len;
  }
  return { ...path[path.length - 1]! };
}

/**
 * How far a token in lane `lane` sits from its route: lane 0 on it, each further lane one token
 * height (and a little) lower, so tokens that share a stretch of the stage fly one above another.
 * Negative lanes sit above the route (placeTokens uses them only when every lane below is taken).
 */
export function laneOffset(layout: StageLayout, lane: number): Point {
  return { x: 0, y: lane * (layout.tokenHeightPx + layout.tokenPadPx * 0.5) };
}
