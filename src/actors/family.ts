/**
 * What a family of actors brings besides its machines (kernel/registry.ts has those): the faults
 * that break its actors, as data with bounds. The fault panel, the link codec and the chaos
 * runner read these, so adding a fault is one entry in its family's list. Pure: no DOM.
 */
import type { Plugin } from '../kernel/registry.ts';
import type { AnyCommand, Ms } from '../kernel/types.ts';

/** The number a fault takes, with its bounds: "takes 8 s per event", "fails the next 2 writes". */
export interface FaultValue {
  /** The command's field that holds it ('processMs', 'count', 'ms'). */
  field: string;
  /** Inclusive bounds; a link or a dialog outside them is refused or clamped. */
  bounds: readonly [number, number];
  /** The value the fault panel uses. */
  preset: number;
  unit: 'ms' | 'count';
}

/** One way to break an actor. */
export interface FaultSpec {
  /** The command verb it issues ('crash'). */
  do: string;
  /** The actor kind it breaks ('nats.listener'). */
  target: string;
  /** The command's field naming the target, and how an actor's name becomes its value ('listener:A' → 'A'). */
  field: string;
  idOf(actor: string): string;
  /** Button text in the fault panel: "Crash". */
  label: string;
  /** The number it takes, if any. */
  value?: FaultValue;
  /** The command for a target (and value), as the panel issues it. */
  command(id: string, value?: number): AnyCommand;
  /** For the narration log: "listener A crashes". */
  describe(command: AnyCommand): string;
}

/** Virtual ms within which an injection may happen: a year, so the slowest stories still fit. */
export const MAX_INJECTION_AT_MS: Ms = 366 * 24 * 3600_000;

/**
 * What one node shows on the stage at an instant, as plain data a family's view fold computes
 * from the trace (no DOM). The stage's box glyph draws it: a title bar, a one-word state, a list
 * of message pills, an optional table and outcome badges. A family with a picture of its own
 * draws its own glyph from the same data.
 */
export interface NodeView {
  /** One word under the title: 'idle', 'handling', 'waiting', 'crashed'. */
  state: string;
  /** Drawn greyed with a cross. */
  down?: boolean;
  /** Shown with a tortoise: slower than its peers. */
  slow?: boolean;
  /** The node is waiting on someone else (a caller blocked on a reply): a spinner beside the state. */
  waiting?: boolean;
  /** Messages held here now, oldest first (a request being handled, a reply awaited). */
  items: NodeItem[];
  /** A small table (a database's rows). */
  table?: { columns: string[]; rows: { key: string; cells: string[]; changedAt?: Ms }[] };
  /** Outcome marks that stay (REFUSED, DUPLICATE); `violation` draws the thick outline. */
  badges: { word: string; violation: boolean; t: Ms }[];
  /** A line of small print at the bottom ("2 in flight"). */
  note?: string;
  /** Numbers the stage checks against the scene's expected outcome: a balance per user. */
  balances?: Record<string, number>;
}

/** A message held by a node. */
export interface NodeItem {
  /** Stable id (the message's). */
  id: string;
  /** The pill's text: "+$70". */
  label: string;
  /** Its shape and colour: 'deposit', 'withdraw', 'request', 'reply'. */
  tone: string;
  /** 0..1 through its handling, when it is being handled. */
  progress?: number;
  /** Small text after the pill: "→ A", "8 s". */
  tag?: string;
  /** When it arrived here: the age of the oldest message comes from this. */
  since?: Ms;
}

/** The actors a view fold is asked about: a declared node of the scene. */
export interface NodeRef {
  id: string;
  /** The actor kind it shows ('http.balancer'). */
  kind: string;
  title: string;
}

/** What the narration log knows of an event's message beyond the event itself. */
export interface SayContext {
  what?: string;
  refused?: boolean;
}

/** Names for actors as a sentence says them: 'listener:A' → "listener A". */
export type Namer = (party: string | undefined) => string;

/**
 * What one trace event draws on the time-space diagram (src/stage/timespace/): an arrow from one
 * actor's lane to another's, or a mark on one lane. Plain data; the diagram knows no family.
 */
export type TimeSpaceEntry = TimeSpaceArrow | TimeSpaceMark;

/** A hop between two actors, drawn from its sending time on `from`'s lane to its landing time on `to`'s. */
export interface TimeSpaceArrow {
  from: string;
  to: string;
  /** What it is, for its look and for tests: 'publish', 'deliver', 'redeliver', 'write', 'refuse', 'fail', 'ack', 'ack-lost', 'request', 'reply'. */
  kind: string;
  /** Virtual time it lands; absent: it lands at once (a write to storage). */
  arrives?: Ms;
  /** Its colour's role: a payload kind ('deposit', 'withdraw', 'tweet'), or 'ack', 'alarm', 'neutral'. */
  tone: string;
  /** A few characters drawn by its journey point, or by its landing end ("+$70", "200 OK"). */
  label?: string;
  /** The message it carries ('1', 'web#1'): one message's start and its applications make its journey. */
  msg?: string;
  /** It never lands (an ack lost on the way, a write that failed): drawn cut short with a cross. */
  cut?: boolean;
  /**
   * Where a message enters the system ('start'), or where it is applied or refused at the end of
   * its way. A start's point is its from end, an end's its to end, unless `journeyAt` says otherwise.
   */
  journey?: 'start' | 'applied' | 'refused';
  journeyAt?: 'from' | 'to';
  /** On a start: which messages must keep their order among themselves (a user's: 'Jim'). */
  key?: string;
  /** On a start: the message in words, for the diagram's summary ("deposit $70"). */
  what?: string;
}

/** Something that happens on one actor's lane: a crash, an ack wait running out, a message skipped. */
export interface TimeSpaceMark {
  at: string;
  /** 'crash', 'restart', 'timeout', 'lost', 'skip', 'ignored', 'closed', 'miss'. */
  mark: string;
  tone: string;
  label?: string;
  msg?: string;
}

/** A family's words and pictures-as-data, for the narration log, the stage and the inspector. */
export interface FamilyViews<E extends { kind: string } = { kind: string }> {
  /** The family's id, the prefix of its actor kinds ('http' for 'http.balancer'). */
  id: string;
  /** The trace kinds this family writes. */
  traceKinds: readonly string[];
  /**
   * One event as a sentence without its time, in this family's words; undefined for kinds it
   * does not write. `ctx.what` names the message as the log has come to know it ("Mary's deposit
   * $40"), `ctx.refused` says the message was refused earlier (its answer says so).
   */
  say(e: E, name: Namer, ctx?: SayContext): string | undefined;
  /**
   * Several events of one kind at one instant, in trace order, as one sentence where they read
   * better together ("listeners A and B subscribe to …"); undefined to tell them one by one.
   */
  sayTogether?(events: readonly E[], name: Namer): string | undefined;
  /** How this family's sentences name its actors ('lb' → "the load balancer"); the log's default otherwise. */
  name?: Namer;
  /** What a node of one of this family's kinds shows at virtual time t (a pure fold of the trace up to t). */
  view?(node: NodeRef, trace: readonly E[], t: Ms): NodeView;
  /** The label on a token in flight for a hop this family traced ("+$70", "200 OK"). */
  tokenLabel?(e: E): string;
  /** The inspector's rows for a node: every fact the picture leaves out. */
  inspect?(node: NodeRef, trace: readonly E[], t: Ms): { label: string; value: string }[];
  /** What an event draws on the time-space diagram, if anything: a family adds its arrows here, and the diagram does not change. */
  timespace?(e: E): TimeSpaceEntry | undefined;
}

/**
 * Everything one family brings, as a chapter registers it (src/actors/index.ts, registerFamily):
 * its kinds and commands for the kernel, its words and views, its faults and any glyphs of its
 * own. Chapter 1's families are registered from the start; a later chapter's chunk registers its
 * families when it loads, so they never weigh on the first load.
 */
export interface Family {
  plugin: Plugin;
  views: FamilyViews<any>;
  faults?: readonly FaultSpec[];
  /** Glyphs by actor kind, for kinds the box glyph does not draw well enough (each from the family's glyph.ts). */
  glyphs?: Readonly<Record<string, FamilyGlyph>>;
}

/**
 * A family's own picture of an actor kind, as the stage's glyph registry takes it: the stage's
 * `Glyph` (src/stage/glyphs.ts), written in the family's glyph.ts, the one file of a family that
 * draws. Opaque here, because a family's simulation files know nothing of the stage.
 */
export interface FamilyGlyph {
  draw(...args: never[]): void;
}
