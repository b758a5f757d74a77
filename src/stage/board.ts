/**
 * Chapter 1's board at one virtual instant, folded from the trace without re-reading it each
 * frame. Once per trace, an index (when each event's prefix ends, each message's first payload,
 * its stores, the end of each job); once per step, checkpoints of the fold, each valid for every
 * later instant because what depends on the instant (tokens in flight, acks on their way, a job's
 * progress, the faults armed by hand) is kept aside and settled only when the frame asks. A frame
 * starts from the nearest checkpoint and folds the few events after it: its work does not grow
 * with the trace before the step. Checkpoints are shared, never changed: a fold copies what it
 * changes (copy-on-write). Pure, no DOM; view.ts's viewAt is its one caller.
 */
import type { Ms, Party, Payload, TraceEvent, TraceKind } from '../actors/nats/types.ts';
import type { Scene } from '../chapters/types.ts';
import type { ChannelView, Job, ListenerView, Mark, MarkKind, SentItem, SequenceRowView, StorageRowView, StoredMessage, Token, TokenKind, Unacked, ViewOptions } from './view.ts';

const HOP_KINDS: ReadonlySet<TraceKind> = new Set(['publish', 'deliver', 'redeliver', 'ack', 'ack-lost']);
const PROCESS_END_KINDS: ReadonlySet<TraceKind> = new Set(['write', 'process-fail', 'reject', 'skip', 'duplicate']);
/** The mark each outcome leaves on the listener. */
const OUTCOME_MARKS = { 'process-fail': 'write-failed', reject: 'refused', skip: 'skipped', duplicate: 'ignored' } as const satisfies Record<string, MarkKind>;
/** A listener counts as slow when it takes at least this many times the quickest one's time. */
const SLOW_FACTOR = 2;
/** Virtual ms a write to storage is in flight at the end of its job (less for a very quick job). */
const WRITE_FLIGHT_MS = 300;
/** A checkpoint every this many events, kept for the step: a jump back folds at most this many. */
const ANCHOR_EVERY = 2048;
/** A frame that folded more than this many events leaves its board as the next frame's start. */
const REBASE_EVENTS = 128;

/** 'listener:A' from whichever end of the event names a listener. */
export function listenerOf(e: TraceEvent): Party | undefined {
  if (e.from?.startsWith('listener:')) return e.from;
  if (e.to?.startsWith('listener:')) return e.to;
  return undefined;
}

/** 'A' or 'listener:A' → 'listener:A'. */
export const listenerParty = (id: string): Party => (id.startsWith('listener:') ? id : `listener:${id}`);

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

/** What is read once per trace. */
interface TraceIndex {
  length: number;
  /** latest[i]: the latest time among events 0..i (non-decreasing: a frame at t folds the events before the first above t). */
  latest: Float64Array;
  /** Each message's first payload and the event that carried it. */
  firstPayload: Map<number, { at: number; payload: Payload }>;
  /** The first 'write' of each message, by trace index (a later one is a duplicate). */
  firstWrite: Map<number, number>;
  /** The first refusal of each message, by trace index. */
  firstReject: Map<number, number>;
  /** Each store of a message: its channel, its place in the channel's history, its trace index. */
  stores: Map<number, { channel: string; pos: number; at: number }[]>;
  /** The event that ends the job started at index i (-1: none, the listener crashed or the trace ends first), found on demand. */
  jobEnds: Map<number, number>;
  lanes: Map<number, number>;
}

const indexes = new WeakMap<readonly TraceEvent[], TraceIndex>();

/** The trace's index, rebuilt when the trace has grown since (live mode appends to its trace). */
function indexOf(trace: readonly TraceEvent[], lanesOf: (trace: readonly TraceEvent[]) => Map<number, number>): TraceIndex {
  const have = indexes.get(trace);
  if (have && have.length === trace.length) return have;
  const latest = new Float64Array(trace.length);
  const firstPayload = new Map<number, { at: number; payload: Payload }>();
  const firstWrite = new Map<number, number>();
  const firstReject = new Map<number, number>();
  const stores = new Map<number, { channel: string; pos: number; at: number }[]>();
  const held = new Map<string, number>();
  let max = -Infinity;
  for (let i = 0; i < trace.length; i++) {
    const e = trace[i]!;
    max = Math.max(max, e.t);
    latest[i] = max;
    if (e.msg === undefined) continue;
    if (e.payload && !firstPayload.has(e.msg)) firstPayload.set(e.msg, { at: i, payload: e.payload });
    if (e.kind === 'write' && !firstWrite.has(e.msg)) firstWrite.set(e.msg, i);
    if (e.kind === 'reject' && !firstReject.has(e.msg)) firstReject.set(e.msg, i);
    if (e.kind === 'store' && e.channel && (e.payload ?? firstPayload.get(e.msg)?.payload)) {
      const pos = held.get(e.channel) ?? 0;
      held.set(e.channel, pos + 1);
      stores.set(e.msg, [...(stores.get(e.msg) ?? []), { channel: e.channel, pos, at: i }]);
    }
  }
  const index: TraceIndex = { length: trace.length, latest, firstPayload, firstWrite, firstReject, stores, jobEnds: new Map(), lanes: lanesOf(trace) };
  indexes.set(trace, index);
  return index;
}

/** How many events a frame at t folds: those before the first whose prefix reaches past t. */
function foldedAt(index: TraceIndex, t: Ms): number {
  let lo = 0;
  let hi = index.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (index.latest[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A job as the fold keeps it: its progress is the frame's to work out. */
interface JobDraft {
  msg: number;
  payload: Payload;
  attempt: number;
  startedAt: Ms;
  /** How long it takes: to its end event, or the listener's processing time when it has none. */
  span: Ms;
  ends: boolean;
}

/** A listener as the fold keeps it: its faults as counts struck, its jobs as drafts. */
interface ListenerDraft {
  id: string;
  party: Party;
  state: ListenerView['state'];
  slow: boolean;
  jobs: JobDraft[];
  waiting: number;
  /** By message, in the order delivered: a flood's listener holds thousands, and an ack or a redelivery finds its own at once. */
  unacked: Map<number, Unacked>;
  lostAcks: ListenerView['lostAcks'];
  mark?: Mark;
  /** Writes that failed and acks that were lost so far: each uses up one armed fault. */
  struck: { failWrites: number; loseAcks: number };
}

/** Something set off that a frame may show in flight: a hop, or the write at the end of a job. */
type Flight =
  | { kind: 'hop'; arrives: Ms; from: Ms; token: (progress: number) => Token }
  | { kind: 'write'; end: Ms; flight: Ms; token: (progress: number) => Token };

/** An ack on its way to the server: the messages it acks are marked when it lands. */
interface AckOnItsWay {
  at: number;
  msg: number;
  arrives: Ms;
}

/** The fold's state after the events [0, upTo). */
interface Board {
  upTo: number;
  sent: SentItem[];
  channels: Map<string, ChannelView>;
  listeners: Map<Party, ListenerDraft>;
  rows: Map<string, StorageRowView>;
  sequences: Map<string, SequenceRowView>;
  flights: Flight[];
  acks: AckOnItsWay[];
  /** What this board made or copied, and may therefore change; everything else is shared. */
  owned: Set<object>;
}

/** What is fixed for a step: the commands of steps 0..step. */
interface StepFacts {
  times: Map<Party, Ms>;
  /** Faults the steps' commands arm, per listener. */
  armed: Map<Party, { failWrites: number; loseAcks: number }>;
  landed: number;
}

/** A step's checkpoints: anchors every ANCHOR_EVERY events, and the last frame's board. */
interface StepBoards {
  facts: StepFacts;
  anchors: Board[];
  recent?: Board;
}

const steps = new WeakMap<TraceIndex, WeakMap<Scene, Map<string, StepBoards>>>();

type FaultCommand = { do: string; listener?: string; count?: number };

/** Adds what one command arms to `armed`. */
function arm(armed: Map<Party, { failWrites: number; loseAcks: number }>, c: FaultCommand): void {
  const a = c.listener ? armed.get(listenerParty(c.listener)) : undefined;
  if (!a) return;
  if (c.do === 'fail-writes') a.failWrites += c.count ?? 1;
  if (c.do === 'lose-acks') a.loseAcks += c.count ?? 1;
}

function stepFacts(scene: Scene, step: number, landed: number): StepFacts {
  const times = new Map<Party, Ms>(scene.world.listeners.map((l) => [listenerParty(l.id), l.processMs]));
  const armed = new Map<Party, { failWrites: number; loseAcks: number }>(scene.world.listeners.map((l) => [listenerParty(l.id), { failWrites: 0, loseAcks: 0 }]));
  for (const s of scene.steps.slice(0, step + 1)) {
    for (const c of s.commands) {
      if (c.do === 'slow') times.set(listenerParty(c.listener), c.processMs);
      arm(armed, c as FaultCommand);
    }
  }
  return { times, armed, landed };
}

/** The board before the first event: the scene's channels, listeners and users. */
function emptyBoard(scene: Scene, facts: StepFacts): Board {
  const quickest = Math.min(...scene.world.listeners.map((l) => l.processMs));
  const channels = new Map<string, ChannelView>(
    scene.channels.map((name) => {
      const queue = scene.world.listeners.flatMap((l) => l.subscriptions).find((s) => s.channel === name && s.queue)?.queue;
      return [name, queue ? { name, queue, messages: [] } : { name, messages: [] }];
    }),
  );
  const listeners = new Map<Party, ListenerDraft>(
    scene.world.listeners.map((l) => {
      const party = listenerParty(l.id);
      const slow = (facts.times.get(party) ?? l.processMs) >= SLOW_FACTOR * quickest && quickest > 0;
      return [party, { id: l.id, party, state: l.manualStart ? 'offline' : 'idle', slow, jobs: [], waiting: 0, unacked: new Map(), lostAcks: [], struck: { failWrites: 0, loseAcks: 0 } }];
    }),
  );
  const rows = new Map<string, StorageRowView>(Object.entries(scene.world.users).map(([user, balance]) => [user, { user, balance, lastNumber: 0, posts: [], marks: [] }]));
  const sequences = new Map<string, SequenceRowView>(scene.world.design === 'last-sequence' ? scene.channels.map((channel) => [channel, { channel, last: 0 }]) : []);
  return { upTo: 0, sent: [], channels, listeners, rows, sequences, flights: [], acks: [], owned: new Set() };
}

/** A board to fold on from `b`: it shares everything with `b` and copies what it changes. */
const fork = (b: Board): Board => ({ ...b, flights: [...b.flights], acks: [...b.acks], owned: new Set() });

/** Copy-on-write: `x` itself when the board owns it, else a copy it now owns, made by `copy`. */
function own<T extends object>(b: Board, x: T, copy: (x: T) => T): T {
  if (b.owned.has(x)) return x;
  const y = copy(x);
  b.owned.add(y);
  return y;
}

function ownChannel(b: Board, name: string): ChannelView {
  b.channels = own(b, b.channels, (m) => new Map(m));
  const ch = b.channels.get(name);
  if (!ch) {
    const made: ChannelView = { name, messages: [] };
    b.owned.add(made);
    b.owned.add(made.messages);
    b.channels.set(name, made);
    return made;
  }
  const mine = own(b, ch, (c) => ({ ...c }));
  mine.messages = own(b, mine.messages, (m) => m.slice());
  b.channels.set(name, mine);
  return mine;
}

/** Changes every stored copy of `msg` stored before event `before` (as the fold met it: later stores are not yet there). */
function changeStored(b: Board, index: TraceIndex, msg: number, before: number, change: Partial<StoredMessage>): void {
  for (const s of index.stores.get(msg) ?? []) {
    if (s.at >= before) break;
    const ch = ownChannel(b, s.channel);
    const m = ch.messages[s.pos];
    if (!m) continue;
    const mine = own(b, m, (x) => ({ ...x }));
    Object.assign(mine, change);
    ch.messages[s.pos] = mine;
  }
}

function ownListener(b: Board, party: Party): ListenerDraft | undefined {
  const l = b.listeners.get(party);
  if (!l) return undefined;
  if (b.owned.has(l)) return l;
  b.listeners = own(b, b.listeners, (m) => new Map(m));
  const mine = own(b, l, (x) => ({ ...x, jobs: [...x.jobs], unacked: new Map(x.unacked), lostAcks: [...x.lostAcks] }));
  b.listeners.set(party, mine);
  return mine;
}

function ownRow(b: Board, user: string): StorageRowView {
  b.rows = own(b, b.rows, (m) => new Map(m));
  const row = b.rows.get(user);
  if (!row) {
    const made: StorageRowView = { user, balance: 0, lastNumber: 0, posts: [], marks: [] };
    b.owned.add(made);
    b.rows.set(user, made);
    return made;
  }
  const mine = own(b, row, (r) => ({ ...r, posts: [...r.posts], marks: [...r.marks] }));
  b.rows.set(user, mine);
  return mine;
}

/** The event that ends the job started at index i for `party`, or undefined (a crash first, or none yet). */
function jobEnd(trace: readonly TraceEvent[], index: TraceIndex, i: number, party: Party, msg: number): TraceEvent | undefined {
  let end = index.jobEnds.get(i);
  if (end === undefined) {
    end = -1;
    for (let j = i + 1; j < trace.length; j++) {
      const f = trace[j]!;
      if (f.msg === msg && PROCESS_END_KINDS.has(f.kind) && listenerOf(f) === party) {
        end = j;
        break;
      }
      if (f.kind === 'crash' && listenerOf(f) === party) break;
    }
    index.jobEnds.set(i, end);
  }
  return end < 0 ? undefined : trace[end];
}

/** Marks acked, at once, the stored copies of the message an ack that has landed acks. */
const landAck = (b: Board, index: TraceIndex, a: AckOnItsWay): void => changeStored(b, index, a.msg, a.at, { acked: true });

/** Folds events [b.upTo, upTo) into b. */
function foldOn(b: Board, scene: Scene, trace: readonly TraceEvent[], index: TraceIndex, facts: StepFacts, upTo: number): void {
  const bySequence = scene.world.design === 'last-sequence';
  for (let i = b.upTo; i < upTo; i++) {
    const e = trace[i]!;
    const first = e.msg !== undefined ? index.firstPayload.get(e.msg) : undefined;
    const payload = e.payload ?? (first && first.at <= i ? first.payload : undefined);
    const party = listenerOf(e);
    const listener = party && b.listeners.has(party) ? ownListener(b, party) : undefined;

    if (HOP_KINDS.has(e.kind) && i >= facts.landed && e.arrives !== undefined && e.msg !== undefined) {
      const refusedBefore = index.firstReject.get(e.msg);
      const [msg, refused, lane] = [e.msg, e.kind === 'ack' && refusedBefore !== undefined && refusedBefore < i, index.lanes.get(i) ?? 0];
      b.flights.push({
        kind: 'hop',
        arrives: e.arrives,
        from: e.t,
        token: (progress) => ({
          id: `e${i}`,
          kind: e.kind as TokenKind,
          msg,
          payload,
          channel: e.channel,
          seq: e.seq,
          from: e.from ?? 'server',
          to: e.to ?? 'server',
          attempt: e.attempt ?? 1,
          progress,
          ...(refused ? { refused: true } : {}),
          lane,
        }),
      });
    }

    switch (e.kind) {
      case 'publish':
        if (e.msg !== undefined && payload) {
          b.sent = own(b, b.sent, (s) => s.slice());
          b.sent.push({ msg: e.msg, channel: e.channel ?? '', payload, t: e.t });
        }
        break;
      case 'store':
        if (e.channel && e.msg !== undefined && payload) ownChannel(b, e.channel).messages.push({ msg: e.msg, seq: e.seq ?? 0, payload, acked: false });
        break;
      case 'subscribe':
        if (e.channel && e.queue) ownChannel(b, e.channel).queue = e.queue;
        // A service deployed later is offline until it subscribes.
        if (listener && listener.state === 'offline') listener.state = 'idle';
        break;
      case 'deliver':
      case 'redeliver':
        if (e.channel && e.queue && b.channels.get(e.channel)?.queue === undefined) ownChannel(b, e.channel).queue = e.queue;
        if (e.msg === undefined || !payload) break;
        // Sent again, perhaps to another member: no longer the earlier one's to ack (taken out first, so it goes to the end of this one's).
        for (const [p, l] of b.listeners) if (l.unacked.has(e.msg)) ownListener(b, p)!.unacked.delete(e.msg);
        // Sent again: the failed write's trail ends here.
        if (e.kind === 'redeliver') changeStored(b, index, e.msg, i, { failed: false });
        if (listener && e.ackDeadline !== undefined) {
          listener.unacked.set(e.msg, { msg: e.msg, payload, attempt: e.attempt ?? 1, deliveredAt: e.t, ackDeadline: e.ackDeadline, remaining: 1 });
        }
        break;
      case 'receive':
        if (listener) listener.waiting += 1;
        break;
      case 'process-start': {
        if (!listener || e.msg === undefined || !payload) break;
        listener.waiting = Math.max(0, listener.waiting - 1);
        listener.mark = undefined;
        const endEvent = jobEnd(trace, index, i, listener.party, e.msg);
        const end = endEvent?.t;
        const span = end !== undefined ? end - e.t : (facts.times.get(listener.party) ?? 0);
        listener.jobs.push({ msg: e.msg, payload, attempt: e.attempt ?? 1, startedAt: e.t, span, ends: end !== undefined });
        // The job's last moments carry its write to storage, so the balance changes as it lands.
        const writes = endEvent?.kind === 'write' ? 'write' : endEvent?.kind === 'process-fail' ? 'write-failed' : undefined;
        const flight = Math.min(WRITE_FLIGHT_MS, span * 0.6);
        if (writes && end !== undefined && flight > 0) {
          const [msg, from, attempt] = [e.msg, listener.party, e.attempt ?? 1];
          b.flights.push({ kind: 'write', end, flight, token: (progress) => ({ id: `w${i}`, kind: writes, msg, payload, from, to: 'storage', attempt, progress, lane: 0 }) });
        }
        break;
      }
      case 'write':
        if (listener) listener.jobs = listener.jobs.filter((j) => j.msg !== e.msg);
        if (payload) {
          const row = ownRow(b, payload.user);
          if (e.balance !== undefined) row.balance = e.balance;
          if (payload.number !== undefined) row.lastNumber = payload.number;
          if (payload.kind === 'tweet') row.posts.push(payload.text ?? '');
          row.changedAt = e.t;
          const firstWrite = e.msg !== undefined ? index.firstWrite.get(e.msg) : undefined;
          if (e.msg !== undefined && firstWrite !== undefined && firstWrite < i) row.marks.push({ kind: 'duplicate', msg: e.msg, payload, t: e.t });
        }
        if (bySequence && e.channel && e.seq !== undefined) processed(b, e);
        break;
      case 'process-fail':
      case 'reject':
      case 'skip':
      case 'duplicate': {
        if (listener) listener.jobs = listener.jobs.filter((j) => j.msg !== e.msg);
        if (e.msg === undefined) break;
        if (e.kind === 'process-fail') {
          if (listener) listener.struck = { ...listener.struck, failWrites: listener.struck.failWrites + 1 };
          changeStored(b, index, e.msg, i, { failed: true });
        }
        const mark: Mark = { kind: OUTCOME_MARKS[e.kind], msg: e.msg, payload, t: e.t };
        if (listener) listener.mark = mark;
        if (payload) {
          const row = ownRow(b, payload.user);
          if (e.kind === 'reject' && payload.number !== undefined) row.lastNumber = payload.number;
          if (e.kind === 'reject' || e.kind === 'process-fail') row.marks.push(mark);
          if (e.kind === 'reject') row.changedAt = e.t;
        }
        if (e.kind === 'reject' && bySequence && e.channel && e.seq !== undefined) processed(b, e);
        break;
      }
      // A lost ack never reached the server, which still waits: its ack-wait ring stays.
      case 'ack-lost':
        if (listener && e.msg !== undefined) {
          listener.struck = { ...listener.struck, loseAcks: listener.struck.loseAcks + 1 };
          listener.lostAcks.push({ msg: e.msg, ...(payload ? { payload } : {}), t: e.t });
        }
        if (e.msg !== undefined) changeStored(b, index, e.msg, i, { ackLost: true });
        break;
      case 'ack':
        if (listener && e.msg !== undefined) listener.unacked.delete(e.msg);
        break;
      case 'crash':
        if (listener) {
          listener.state = 'crashed';
          listener.jobs = [];
          listener.waiting = 0;
        }
        break;
      case 'leave':
        if (listener) {
          listener.state = 'offline';
          listener.jobs = [];
          listener.waiting = 0;
        }
        break;
      case 'restart':
        if (listener) {
          listener.state = 'idle';
          listener.mark = undefined;
        }
        break;
      case 'lost':
        if (listener && e.msg !== undefined) listener.mark = { kind: 'lost', msg: e.msg, payload, t: e.t };
        break;
      default:
        break;
    }

    // An ack changes the channel's picture when it reaches the server: at once if it has (or if the previous step showed it land), else when a frame's time passes its arrival.
    if (e.kind === 'ack' && e.msg !== undefined) {
      const ack = { at: i, msg: e.msg, arrives: e.arrives ?? e.t };
      if (i < facts.landed || e.arrives === undefined) landAck(b, index, ack);
      else b.acks.push(ack);
    }
  }
  b.upTo = upTo;
}

/** A processed event moves its channel's sequence on ('last-sequence'). */
function processed(b: Board, e: TraceEvent): void {
  b.sequences = own(b, b.sequences, (m) => new Map(m));
  b.sequences.set(e.channel!, { channel: e.channel!, last: e.seq!, changedAt: e.t });
}

/** Settles what every instant from `t` on agrees about: acks landed by then are marked, hops and writes over by then dropped. */
function settle(b: Board, index: TraceIndex, t: Ms): void {
  const landed = b.acks.filter((a) => a.arrives <= t);
  if (landed.length > 0) {
    b.acks = b.acks.filter((a) => a.arrives > t);
    for (const a of landed) landAck(b, index, a);
  }
  b.flights = b.flights.filter((f) => (f.kind === 'hop' ? f.arrives > t : f.end > t));
}

/** The step's board after the first `upTo` events, settled for any instant from the last of them on. Shared: fork it to change it. */
function boardAt(scene: Scene, trace: readonly TraceEvent[], index: TraceIndex, boards: StepBoards, upTo: number): Board {
  const { anchors, facts } = boards;
  // The anchors up to upTo, each folded on from the one before, made the first time a frame passes them.
  while (anchors.length * ANCHOR_EVERY <= upTo) {
    const last = anchors[anchors.length - 1]!;
    const b = fork(boards.recent && boards.recent.upTo > last.upTo && boards.recent.upTo <= anchors.length * ANCHOR_EVERY ? boards.recent : last);
    const next = anchors.length * ANCHOR_EVERY;
    foldOn(b, scene, trace, index, facts, next);
    settle(b, index, index.latest[next - 1]!);
    anchors.push({ ...b, owned: new Set() });
  }
  let start = anchors[Math.floor(upTo / ANCHOR_EVERY)]!;
  const recent = boards.recent;
  if (recent && recent.upTo <= upTo && recent.upTo > start.upTo) start = recent;
  if (start.upTo === upTo) return start;
  const b = fork(start);
  foldOn(b, scene, trace, index, facts, upTo);
  settle(b, index, index.latest[upTo - 1]!);
  const shared = { ...b, owned: new Set<object>() };
  if (upTo - start.upTo > REBASE_EVENTS) boards.recent = shared;
  return shared;
}

/** What the board shows at t: the parts of ViewState chapter 1's fold makes. */
export interface BoardView {
  sent: SentItem[];
  channels: ChannelView[];
  listeners: ListenerView[];
  storage: StorageRowView[];
  sequences: SequenceRowView[];
  tokens: Token[];
}

/**
 * Chapter 1's board at virtual time t, as viewAt shows it: the trace's events up to t folded,
 * from the step's nearest checkpoint.
 * @example boardView(scene, result.trace, result.t1, { step: 2, landed: result.stepStart }, tokenLanes).listeners[0].state // 'idle'
 */
export function boardView(scene: Scene, trace: readonly TraceEvent[], t: Ms, step: number, opts: ViewOptions, lanesOf: (trace: readonly TraceEvent[]) => Map<number, number>): BoardView {
  const index = indexOf(trace, lanesOf);
  let byScene = steps.get(index);
  if (!byScene) steps.set(index, (byScene = new WeakMap()));
  let byStep = byScene.get(scene);
  if (!byStep) byScene.set(scene, (byStep = new Map()));
  const landed = opts.landed ?? 0;
  const key = `${step}:${landed}`;
  let boards = byStep.get(key);
  if (!boards) {
    const facts = stepFacts(scene, step, landed);
    boards = { facts, anchors: [emptyBoard(scene, facts)] };
    byStep.set(key, boards);
  }
  const b = fork(boardAt(scene, trace, index, boards, foldedAt(index, t)));
  settle(b, index, t);

  // The faults armed by the steps' commands and by hand up to t, less those that have struck.
  const armed = new Map([...boards.facts.armed].map(([p, a]) => [p, { ...a }]));
  for (const f of opts.faults ?? []) if (f.step <= step && f.atMs <= t) arm(armed, f.command);
  const listeners = [...b.listeners.values()].map((l): ListenerView => {
    const a = armed.get(l.party) ?? { failWrites: 0, loseAcks: 0 };
    const jobs = l.jobs.map((j): Job => {
      const p = j.span > 0 ? clamp01((t - j.startedAt) / j.span) : 1;
      return { msg: j.msg, payload: j.payload, attempt: j.attempt, startedAt: j.startedAt, progress: !j.ends && p >= 1 ? 0.99 : p };
    });
    const state = l.state !== 'crashed' && l.state !== 'offline' ? (jobs.length > 0 ? 'processing' : 'idle') : l.state;
    const unacked = [...l.unacked.values()].map((u) => {
      const wait = u.ackDeadline - u.deliveredAt;
      return { ...u, remaining: wait > 0 ? clamp01((u.ackDeadline - t) / wait) : 0 };
    });
    const view: ListenerView = {
      id: l.id,
      party: l.party,
      state,
      slow: l.slow,
      jobs,
      waiting: l.waiting,
      unacked,
      armed: { failWrites: Math.max(0, a.failWrites - l.struck.failWrites), loseAcks: Math.max(0, a.loseAcks - l.struck.loseAcks) },
      lostAcks: [...l.lostAcks],
    };
    if (l.mark !== undefined) view.mark = l.mark;
    return view;
  });
  const tokens = b.flights.flatMap((f): Token[] => {
    if (f.kind === 'hop') return f.arrives > t ? [f.token(f.arrives > f.from ? clamp01((t - f.from) / (f.arrives - f.from)) : 1)] : [];
    return t >= f.end - f.flight && t < f.end ? [f.token(clamp01((t - (f.end - f.flight)) / f.flight))] : [];
  });
  return {
    sent: b.sent.slice(),
    channels: [...b.channels.values()].map((ch) => ({ ...ch, messages: ch.messages.slice() })),
    listeners,
    storage: [...b.rows.values()].map((r) => ({ ...r, posts: [...r.posts], marks: [...r.marks] })),
    sequences: [...b.sequences.values()].map((s) => ({ ...s })),
    tokens,
  };
}
