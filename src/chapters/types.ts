/**
 * Scenes are data: a cast, an initial world and named steps. The engine (engine.ts) turns
 * (scene, step) into a trace by rebuilding the world and replaying the commands of steps 0..k.
 */
import type { Command, Design, WorldConfig } from '../actors/nats/types.ts';
import type { FamilyCommand, TraceKind } from '../actors/trace.ts';
import type { ChapterId } from './chapter.ts';
import type { KernelConfig, RunUntil } from '../kernel/types.ts';

/** A command a step may issue: chapter 1's (NATS, and `wait`) or any other family's (actors/trace.ts). Verbs tell them apart. */
export type SceneCommand = FamilyCommand;

/** Chapter 1's verbs, every one of them (the compiler checks the list against Command). */
const NATS_VERBS = { publish: true, slow: true, 'fail-writes': true, 'lose-acks': true, delay: true, crash: true, restart: true, start: true, leave: true, wait: true } as const satisfies Record<Command['do'], true>;

/**
 * Whether a step's command is one of chapter 1's (what the NATS world and a real server take).
 * @example isNatsCommand({ do: 'http.call', caller: 'web', payload }) // false
 */
export const isNatsCommand = (c: SceneCommand): c is Command => Object.hasOwn(NATS_VERBS, c.do);

/** What the chaos explorer is set to on a step of a scene whose panel is 'chaos'. */
export interface ChaosPreset {
  design: Design;
  /** Seed of the stream of random schedules: the same seed gives the same figures every time. */
  seed: number;
  /** How many schedules to run. */
  count: number;
  /** Run as soon as the step opens. */
  run: boolean;
}

/** A short two-column list shown beside the narration when a scene has a panel instead of a stage. */
export interface Aside {
  title: string;
  rows: { term: string; text: string }[];
}

/** A small table drawn on the stage under the broker's channels: a figure the world cannot show, such as a count at scale. */
export interface Figure {
  caption: string;
  rows: { label: string; value: string }[];
}

/**
 * "What happens next?": asked before the step's animation plays, when predictions are on. The
 * animation, not this text, gives the answer; `explain` says why once the learner has chosen.
 * While the deck asks, the step's title and narration stay hidden (deck/asking.ts).
 */
export interface Prediction {
  question: string;
  choices: string[];
  /** Index into choices. */
  answer: number;
  explain: string;
  /**
   * Words and phrases that would give the answer away ('refused', 'comes back'): none may appear
   * in anything shown while the deck asks, the choices aside (checked by tests/unit/predictions.test.ts).
   */
  giveaway?: string[];
}

/** A step: one beat a presenter clicks through. */
export interface Step {
  /** Stable key, used in tests and copy ('publish-all', 'ack-wait-passes'). */
  name: string;
  /** Short heading shown above the narration. */
  title: string;
  /** What the learner reads: one or two sentences, plain words. */
  narration: string;
  /** What the presenter says; shown in the speaker view. */
  notes: string;
  /** World commands issued at the start of the step, in order. */
  commands: SceneCommand[];
  /** How far the world runs after the commands, waiting for any family's trace kinds. Default: quiet. */
  until?: RunUntil<TraceKind>;
  /** Parties to highlight on the stage ('listener:A', 'storage', 'channel:account:deposit'). */
  highlight?: string[];
  /** A figure drawn in the broker box for this step. */
  figure?: Figure;
  /** Ask the learner to predict before the animation plays. */
  predict?: Prediction;
  /** In a scene with panel 'chaos': the explorer's design, seed and count, and whether it runs at once. */
  chaos?: ChaosPreset;
  /** In a scene with a panel: the list shown where the event log would be. */
  aside?: Aside;
}

/** A node of a declared stage: an actor, drawn with the glyph of its kind's family. */
export interface NodeDecl {
  /** The actor's name in the world ('lb', 'service:A'). */
  id: string;
  /** The actor kind, which picks the glyph and the view ('http.balancer'). */
  kind: string;
  /** The box's title, the same at every size ("Load balancer"). */
  title: string;
  /**
   * Its share of its column's height, against its neighbours' (default 1): a database with a
   * table beside a small box under it. Landscape only; a phone gives every row its own height.
   */
  size?: number;
  /**
   * On a phone, its row's height as a share of the usual (default 1; a row takes the largest
   * share among its nodes): a caller with a title and one line under it needs little more than
   * half, and the rows left over keep the phone's text large enough to read.
   */
  phoneSize?: number;
  /** For a chart (kind 'stage.chart'): which node's series it plots, and which one. */
  chart?: { of: string; metric: SeriesMetric };
}

/** The series the stage derives for every node: messages held, age of the oldest, hops on their way to it. */
export type SeriesMetric = 'depth' | 'oldest' | 'inflight';

/**
 * A stage drawn from a declaration: nodes in columns, left to right (up to 6 columns, up to 8
 * nodes a column), and the edges tokens travel along. On a phone the columns become rows.
 */
export interface StageDecl {
  /**
   * The stage's own kinds of node, which are no actor: 'stage.chart' (a time series of a node)
   * and 'stage.outcome' (where the end-of-scene check goes on a projector; on a phone it has its
   * band under the nodes, and this node takes no room).
   */
  columns: NodeDecl[][];
  /** Each column's share of the width, against the others' (default: equal), on a projector. */
  widths?: readonly number[];
  edges: { from: string; to: string }[];
}

/**
 * A number the learner may set for a scene (a delay in seconds): typed in or picked beside the
 * narration, carried in the link (`#/future/delay-levels/2?delay=42`) and taken by the CLI
 * (`npm run trace -- future/delay-levels --set delay=42`).
 */
export interface SceneInput {
  /** Its name in links and on the command line: 'delay'. */
  name: string;
  /** The field's label: 'Delay (seconds)'. */
  label: string;
  /** The value this version of the scene was made with. */
  value: number;
  /** Values a click away: '42 s', '7 days', 'the maximum'. */
  presets: readonly { label: string; value: number }[];
  /** Inclusive bounds the field offers (the scene's `apply` still judges every value, and says why it refuses one). */
  min: number;
  max: number;
}

/** A scene's inputs and how the scene is remade for new values. */
export interface SceneInputs {
  fields: readonly SceneInput[];
  /**
   * The scene for these values (raw text, by input name; names left out keep their value), or
   * no scene and a sentence for each value refused (negative, not a number, too large): the deck
   * then keeps what it shows and says the sentence. Corrected values give a scene and a notice.
   */
  apply(values: Readonly<Record<string, string>>): { scene?: Scene; notices: string[] };
}

export interface Scene {
  /** URL id: #/<chapter>/<id>/<step>. */
  id: string;
  chapter: ChapterId;
  title: string;
  /** One line for lists and the CLI. */
  summary: string;
  /** Channels drawn in the broker box, in order (created on first publish in the world). */
  channels: string[];
  world: WorldConfig;
  /**
   * A world of any families' actors, as a list of actors plus the network. When present the
   * engine builds this instead of `world` (which then only names the users and the expected
   * outcome's readers), and the stage draws `stage`.
   */
  kernel?: KernelConfig;
  /** With `kernel`: the stage as nodes in columns and edges, drawn by the families' glyphs. */
  stage?: StageDecl;
  /** What a correct run ends with, per user: what the stage checks the final table against. */
  expected: Record<string, number>;
  steps: Step[];
  /** Shown in place of the stage: 'chaos' embeds the chaos explorer, preset by each step. */
  panel?: 'chaos';
  /**
   * A time-space diagram under the stage, for a scene where order is the story: one lane per
   * actor (the stage's, top to bottom as they stand left to right), or the lanes given here.
   */
  timespace?: true | { lanes: TimeSpaceLaneDecl[] };
  /** Numbers the learner may set (a delay): the deck shows a field, links and the CLI carry them. */
  inputs?: SceneInputs;
}

/** A lane of the time-space diagram: an actor's name, its title and any other parties drawn on its lane. */
export interface TimeSpaceLaneDecl {
  id: string;
  title: string;
  parties?: string[];
}
