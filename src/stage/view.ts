/**
 * What the stage shows at one virtual instant: a pure fold of the trace up to time t into plain
 * data (publisher, channels, listeners, storage, tokens in flight, outcome marks), plus the
 * timeline that maps a step's animation progress onto virtual time with long idle gaps squeezed.
 * No DOM, no d3: the drawing (render.ts) and the tests both read this.
 */
import type { Design, Ms, Party, Payload, TraceEvent, TraceKind } from '../actors/nats/types.ts';
import type { Figure, Scene } from '../chapters/types.ts';
import { declaredVerdicts, declaredViewAt, type DeclaredView } from './declared/view.ts';
import { boardView } from './board.ts';
import { MinHeap } from '../lib/heap.ts';

/** A message the publisher has sent. */
export interface SentItem {
  msg: number;
  channel: string;
  payload: Payload;
  t: Ms;
}

/** A message kept in a channel's history. */
export interface StoredMessage {
  msg: number;
  seq: number;
  payload: Payload;
  /** An ack for it has reached the server (a queue group needs one member's ack). */
  acked: boolean;
  /** A listener's write of it failed and the server has not sent it again yet: its trail. */
  failed?: boolean;
  /** An ack of it was lost on its way to the server; it stays marked for the rest of the scene. */
  ackLost?: boolean;
}

export interface ChannelView {
  name: string;
  /** Queue group subscribed to it, when one is (shown under the channel). */
  queue?: string;
  messages: StoredMessage[];
}

export type ListenerState = 'idle' | 'processing' | 'crashed' | 'offline';

/** A message the listener is working on. */
export interface Job {
  msg: number;
  payload: Payload;
  attempt: number;
  startedAt: Ms;
  /** 0..1 through the processing time. */
  progress: number;
}

/** A delivery the server is still waiting to hear an ack for. */
export interface Unacked {
  msg: number;
  payload: Payload;
  attempt: number;
  deliveredAt: Ms;
  ackDeadline: Ms;
  /** 1 just after delivery, 0 when the ack wait has run out. */
  remaining: number;
}

/**
 * 'duplicate' is a message applied twice (a violated rule); 'ignored' is the redesign seeing a
 * message again and acking it without applying it (a rule upheld).
 */
export type MarkKind = 'refused' | 'write-failed' | 'skipped' | 'duplicate' | 'ignored' | 'lost';

/** An outcome worth pointing at. */
export interface Mark {
  kind: MarkKind;
  msg: number;
  payload?: Payload;
  t: Ms;
}

export interface ListenerView {
  /** 'A' */
  id: string;
  /** 'listener:A' */
  party: Party;
  state: ListenerState;
  slow: boolean;
  /** What it is processing now (the first job when there are several). */
  jobs: Job[];
  /** Received but not yet started. */
  waiting: number;
  unacked: Unacked[];
  /** Latest outcome mark, cleared when it starts on its next message. */
  mark?: Mark;
  /** Faults set up on it that have not struck yet: writes that will fail, acks that will be lost. */
  armed: { failWrites: number; loseAcks: number };
  /** Acks it sent that never reached the server, oldest first; they stay for the rest of the scene. */
  lostAcks: { msg: number; payload?: Payload; t: Ms }[];
}

export interface StorageRowView {
  user: string;
  balance: number;
  lastNumber: number;
  /** The user's timeline: tweets in the order they were stored. */
  posts: string[];
  /** Outcome marks against this user's row, oldest first; they stay for the rest of the scene. */
  marks: Mark[];
  /** Virtual time of the last change, for a highlight. */
  changedAt?: Ms;
}

/** 'write' and 'write-failed' carry a listener's write to storage in the last moments of its job. */
export type TokenKind = 'publish' | 'deliver' | 'redeliver' | 'ack' | 'ack-lost' | 'write' | 'write-failed';

/** Something travelling along an edge. */
export interface Token {
  /** Stable across frames and steps: the index of the trace event that started the hop. */
  id: string;
  kind: TokenKind;
  msg: number;
  payload?: Payload;
  channel?: string;
  seq?: number;
  from: Party;
  to: Party;
  attempt: number;
  /** 0 at departure, 1 on arrival. */
  progress: number;
  /** An ack (an answer) for a message that was refused. */
  refused?: boolean;
  /**
   * Which of the parallel lanes of its stretch of the stage it flies in: 0, or the first lane no
   * earlier token of the same stretch still in flight when it set off holds (see tokenLanes).
   */
  lane?: number;
}

/**
 * The end-of-scene check of one user's balance against what a correct run gives. A run is right
 * only when the balance is the expected one and no withdraw was refused that a run one event at
 * a time would have let through: ending at the right figure by luck, with a customer's withdraw
 * turned away on the way, is still a wrong run.
 */
export interface Verdict {
  user: string;
  expected: number;
  actual: number;
  /** Withdraws of this user refused that a run one event at a time would have applied. */
  refused: number;
  ok: boolean;
}

/** 'last-sequence': the last sequence processed on a channel, as the database keeps it. */
export interface SequenceRowView {
  channel: string;
  last: number;
  changedAt?: Ms;
}

/** How long a value that changed stays marked as just changed (underlined), in virtual ms. */
export const CHANGED_MS = 400;

/** Whether a value last changed at `at` is still marked as just changed at `t`. */
export const justChanged = (at: Ms | undefined, t: Ms): boolean => at !== undefined && t - at < CHANGED_MS;

export interface ViewState {
  t: Ms;
  sceneId: string;
  title: string;
  /** The design in use: decides the publisher's table and the storage's columns. */
  design: Design;
  publisher: { sent: SentItem[] };
  channels: ChannelView[];
  listeners: ListenerView[];
  storage: StorageRowView[];
  /** 'last-sequence' only: the processed sequence per channel, in the scene's channel order. */
  sequences: SequenceRowView[];
  /** The step's figure, drawn under the channels. */
  figure?: Figure;
  tokens: Token[];
  /** Present only when asked for (the end of a scene). */
  verdicts?: Verdict[];
  /** How many times faster than real time the clock runs now, when a long wait is squeezed. */
  fastForward?: number;
  highlight: string[];
  /** A scene that declares its stage: each node's view and the tokens on its edges (the board above is then empty). */
  declared?: DeclaredView;
}

export interface ViewOptions {
  /** The step being shown: decides which 'slow' commands have been issued and what to highlight. */
  step?: number;
  /** Add the balance check against scene.expected (the deck asks at the end of the last step). */
  verdict?: boolean;
  /**
   * Trace index before which every hop counts as arrived: the previous step's animation already
   * showed those tokens land (it runs on to settledAt), so the next step must not fly them again.
   */
  landed?: number;
  /** Faults injected by hand (Break it), as the engine takes them: they arm a listener like a step's command. */
  faults?: readonly { step: number; atMs: Ms; command: { do: string; listener?: string; count?: number } }[];
}

const HOP_KINDS: ReadonlySet<TraceKind> = new Set(['publish', 'deliver', 'redeliver', 'ack', 'ack-lost']);

export { listenerOf, listenerParty } from './board.ts';

/**
 * Withdraws a run one event at a time, in publish order, would refuse: the refusals a correct
 * run has too (a sandbox may withdraw more than there is).
 * @example serialRefusals({ Jim: 0 }, [{ msg: 1, payload: withdraw('Jim', 5) }]) // Set {1}
 */
export function serialRefusals(start: Readonly<Record<string, number>>, sent: readonly { msg: number; payload: Payload }[]): Set<number> {
  const balance = new Map(Object.entries(start));
  const refused = new Set<number>();
  for (const { msg, payload: p } of [...sent].sort((a, b) => a.msg - b.msg)) {
    const now = balance.get(p.user) ?? 0;
    if (p.kind === 'deposit') balance.set(p.user, now + p.amount);
    else if (p.kind === 'withdraw') {
      if (now >= p.amount) balance.set(p.user, now - p.amount);
      else refused.add(msg);
    }
  }
  return refused;
}

/**
 * The end-of-scene check of each expected user: right when the balance is the expected one and
 * no withdraw was refused that a correct run lets through.
 * @example checkBalances({ Jim: 10 }, [{ user: 'Jim', balance: 10, marks: [{ kind: 'refused', msg: 3 }] }], new Set())[0].ok // false
 */
export function checkBalances(expected: Readonly<Record<string, number>>, rows: readonly Pick<StorageRowView, 'user' | 'balance' | 'marks'>[], allowed: ReadonlySet<number>): Verdict[] {
  return Object.entries(expected).map(([user, want]) => {
    const row = rows.find((r) => r.user === user);
    const actual = row?.balance ?? 0;
    const refused = new Set((row?.marks ?? []).filter((m) => m.kind === 'refused' && !allowed.has(m.msg)).map((m) => m.msg)).size;
    return { user, expected: want, actual, refused, ok: actual === want && refused === 0 };
  });
}

/**
 * What the stage shows at virtual time t: the trace's events with `e.t <= t` folded (later events
 * are only read to learn when a hop or a job in progress will end). The fold is indexed once per
 * trace and checkpointed once per step (board.ts), so a frame reads only the events since the
 * step's nearest checkpoint, however long the trace before it.
 * @example viewAt(scene, result.trace, result.t1, { step: 2, verdict: true })
 */
export function viewAt(scene: Scene, trace: readonly TraceEvent[], t: Ms, opts: ViewOptions = {}): ViewState {
  const step = opts.step ?? scene.steps.length - 1;
  if (scene.stage) return declaredState(scene, trace, t, step, opts);
  const board = boardView(scene, trace, t, step, opts, tokenLanes);
  const view: ViewState = {
    t,
    sceneId: scene.id,
    title: scene.title,
    design: scene.world.design,
    publisher: { sent: board.sent },
    channels: board.channels,
    listeners: board.listeners,
    storage: board.storage,
    sequences: board.sequences,
    tokens: board.tokens,
    highlight: [...(scene.steps[step]?.highlight ?? [])],
  };
  const figure = scene.steps[step]?.figure;
  if (figure) view.figure = figure;
  if (opts.verdict) view.verdicts = checkBalances(scene.expected, board.storage, serialRefusals(scene.world.users, board.sent));
  return view;
}

/** The stretch of the stage a hop flies over: tokens on one stretch at once take separate lanes. */
const STRETCH_OF: Partial<Record<TraceKind, string>> = { publish: 'publish', deliver: 'link', redeliver: 'link', ack: 'link', 'ack-lost': 'link' };

/** Each trace's lanes, with the length it had (a trace that grows, as live mode's does, gets them again). */
const lanesOf = new WeakMap<readonly TraceEvent[], { length: number; lanes: Map<number, number> }>();

/**
 * Each hop's lane, by trace index: the lowest lane that no earlier hop over the same stretch
 * (publisher to broker, or broker to listeners and back) still in flight when it sets off holds.
 * Fixed for the whole flight, so a token never jumps lanes; computed once per trace.
 * @example tokenLanes(trace).get(7) // 1: the hop at index 7 flies beside one already on its way
 */
export function tokenLanes(trace: readonly TraceEvent[]): Map<number, number> {
  const hit = lanesOf.get(trace);
  if (hit && hit.length === trace.length) return hit.lanes;
  const lanes = new Map<number, number>();
  // Per stretch, the lanes free now (least first) and those taken, by when their hop lands: a lane
  // is taken while that is still to come. Heaps, because a burst sends thousands at one instant.
  const stretches = new Map<string, { free: MinHeap<number>; taken: MinHeap<{ lands: Ms; lane: number }>; made: number }>();
  for (let i = 0; i < trace.length; i++) {
    const e = trace[i]!;
    const stretch = STRETCH_OF[e.kind];
    if (!stretch || e.arrives === undefined) continue;
    let s = stretches.get(stretch);
    if (!s) stretches.set(stretch, (s = { free: new MinHeap((a, b) => a < b), taken: new MinHeap((a, b) => a.lands < b.lands), made: 0 }));
    while (s.taken.size > 0 && s.taken.top!.lands <= e.t) s.free.push(s.taken.pop()!.lane);
    const lane = s.free.pop() ?? s.made++;
    lanes.set(i, lane);
    s.taken.push({ lands: Math.max(e.arrives, e.t), lane });
  }
  lanesOf.set(trace, { length: trace.length, lanes });
  return lanes;
}

/** Longest hop settledAt waits for; anything slower is not a token in flight but a scheduled delivery. */
const SETTLE_MAX_MS = 5_000;

/**
 * The virtual time by which every hop that set off at or before `t` (among the first `upTo` trace
 * events) has landed. A step ends the instant its last event happens, often the instant an ack or
 * a redelivery sets off; running the step's animation on to this time lets those tokens arrive
 * instead of leaving them frozen at the start of their edge.
 * @example settledAt(trace, result.t1) // t1 + 300 when the step ends on an ack
 */
export function settledAt(trace: readonly TraceEvent[], t: Ms, upTo = trace.length): Ms {
  let end = t;
  for (let i = 0; i < Math.min(upTo, trace.length); i++) {
    const e = trace[i]!;
    if (e.t > t) break;
    if (HOP_KINDS.has(e.kind) && e.arrives !== undefined && e.arrives > end && e.arrives - e.t <= SETTLE_MAX_MS) end = e.arrives;
  }
  return end;
}

/** How a step's animation maps onto virtual time. */
export interface Timeline {
  t0: Ms;
  t1: Ms;
  /** Real milliseconds the animation lasts at 1× speed. */
  durationMs: number;
  /** Virtual time at animation progress p (0..1). Monotone; 0 → t0, 1 → t1. */
  virtualAt(p: number): Ms;
  /** Virtual ms shown per real ms at 1× around progress p: above 1 where a long wait is squeezed. */
  rateAt(p: number): number;
}

export interface TimelineOptions {
  /** Longest a gap between two consecutive instants is shown for at 1×. Default 1200. */
  maxGapMs?: number;
  /** Shortest a non-empty gap is shown for at 1×. Default 0. */
  minGapMs?: number;
  /** Real milliseconds per virtual millisecond before the clamp, so quick hops can be followed. Default 1. */
  stretch?: number;
  /**
   * Longest the wait before the step's first event is shown for at 1×, so a replayed step moves at
   * once instead of holding still for its lead-in. Default: no limit beyond maxGapMs.
   */
  leadInMs?: number;
  /**
   * Longest the whole step is shown for at 1×: a step with hundreds of squeezed waits (a 7-day
   * delay lapping a 900 s queue 671 times) plays in this long, every gap shrunk alike. Default: no limit.
   */
  maxDurationMs?: number;
}

/**
 * Squeezes the idle stretches of [t0, t1]: the instants where something happens (event times and
 * arrivals) are kept, and each gap between consecutive instants is shown for
 * clamp(gap × stretch, minGapMs, maxGapMs) of animation at 1×, so a 30 s ack wait takes about a second
 * while the clock on screen still shows true virtual time.
 * @example timeline(trace, 0, 30_000).virtualAt(1) === 30_000
 */
export function timeline(trace: readonly TraceEvent[], t0: Ms, t1: Ms, opts: TimelineOptions = {}): Timeline {
  const maxGapMs = opts.maxGapMs ?? 1200;
  const minGapMs = Math.min(opts.minGapMs ?? 0, maxGapMs);
  const stretch = opts.stretch ?? 1;
  const instants = new Set<Ms>([t0, t1]);
  for (const e of trace) {
    if (e.t > t0 && e.t < t1) instants.add(e.t);
    if (e.arrives !== undefined && e.arrives > t0 && e.arrives < t1) instants.add(e.arrives);
  }
  const knots = [...instants].filter((x) => x >= t0 && x <= t1).sort((a, b) => a - b);
  const shown = knots.slice(1).map((x, k) => {
    const gap = x - knots[k]!;
    return gap <= 0 ? 0 : Math.min(Math.max(gap * stretch, minGapMs), maxGapMs);
  });
  // The wait before the first event (only landings of tokens already shown land in it) is squeezed into leadInMs.
  const firstEvent = trace.reduce((m, e) => (e.t > t0 && e.t < m ? e.t : m), t1);
  const lead = knots.slice(1).reduce((sum, x, k) => (x <= firstEvent ? sum + shown[k]! : sum), 0);
  const squeeze = opts.leadInMs !== undefined && lead > opts.leadInMs ? opts.leadInMs / lead : 1;
  const real: number[] = [0];
  for (let k = 1; k < knots.length; k++) real.push(real[k - 1]! + shown[k - 1]! * (knots[k]! <= firstEvent ? squeeze : 1));
  const uncapped = real[real.length - 1] ?? 0;
  if (opts.maxDurationMs !== undefined && uncapped > opts.maxDurationMs) for (let k = 0; k < real.length; k++) real[k] = (real[k]! * opts.maxDurationMs) / uncapped;
  const durationMs = real[real.length - 1] ?? 0;
  const realAt = (k: number): number => real[k] ?? 0;
  /** The segment k (1-based, knots[k-1]..knots[k]) holding progress p. */
  const segment = (p: number): number => {
    const r = p * durationMs;
    let k = 1;
    while (k < real.length - 1 && real[k]! < r) k++;
    return k;
  };
  return {
    t0,
    t1,
    durationMs,
    virtualAt(p: number): Ms {
      if (!(p > 0) || durationMs === 0) return p >= 1 ? t1 : t0;
      if (p >= 1) return t1;
      const r = p * durationMs;
      const k = segment(p);
      const r0 = real[k - 1]!;
      const r1 = real[k]!;
      const v0 = knots[k - 1]!;
      const v1 = knots[k]!;
      return r1 > r0 ? v0 + ((r - r0) / (r1 - r0)) * (v1 - v0) : v1;
    },
    rateAt(p: number): number {
      if (!(p >= 0) || p > 1 || durationMs === 0 || knots.length < 2) return 1;
      const k = segment(p);
      const real = realAt(k) - realAt(k - 1);
      return real > 0 ? (knots[k]! - knots[k - 1]!) / real : 1;
    },
  };
}

/** The view of a scene that declares its stage: its nodes as their families see them, on an empty board. */
function declaredState(scene: Scene, trace: readonly TraceEvent[], t: Ms, step: number, opts: ViewOptions): ViewState {
  const declared = declaredViewAt(scene, trace, t);
  const view: ViewState = {
    t,
    sceneId: scene.id,
    title: scene.title,
    design: scene.world.design,
    publisher: { sent: [] },
    channels: [],
    listeners: [],
    storage: [],
    sequences: [],
    tokens: [],
    highlight: [...(scene.steps[step]?.highlight ?? [])],
    declared,
  };
  if (opts.verdict) view.verdicts = declaredVerdicts(scene, declared);
  return view;
}
