/**
 * Fault schedules for chapter 1's scenario (Jim: +$70, +$40, −$100; a correct run ends at $10)
 * and a runner that plays one in the world and judges the outcome. Schedules are plain data, so
 * property tests generate them with fast-check, the chaos explorer draws them from a seeded
 * generator, and any bad one can be replayed exactly.
 */
import type { Rng } from '../../kernel/rng.ts';
import { ChaosBatch, type ChaosOutcome, type Runnable } from '../chaos.ts';
import type { Command, Design, Ms, Storage, SubscriptionConfig, TraceEvent } from '../../actors/nats/types.ts';
import { baseConfig, ledger } from '../../actors/nats/world.ts';
import { fastHost, type SceneHost } from '../hosts.ts';

export const LISTENER_IDS = ['A', 'B'] as const;
export type ListenerId = (typeof LISTENER_IDS)[number];

export type Fault =
  | { kind: 'fail-write'; atMs: Ms; listener: ListenerId }
  | { kind: 'lose-ack'; atMs: Ms; listener: ListenerId }
  | { kind: 'slow'; atMs: Ms; listener: ListenerId; processMs: Ms }
  | { kind: 'crash'; atMs: Ms; listener: ListenerId; downMs: Ms };

export interface Schedule {
  design: Design;
  /** Seed of the world's network jitter. */
  seed: number;
  /** Processing time of A and B at the start. */
  processMs: [Ms, Ms];
  /** How long after connecting A and B subscribe to account:withdraw (join order). */
  withdrawJoinMs: [Ms, Ms];
  /** Gaps between the three publishes. */
  gapsMs: [Ms, Ms];
  ackWaitMs: Ms;
  /** Network jitter per hop, up to. */
  jitterMs: Ms;
  faults: Fault[];
  /** Solution #1: run a single copy of Account Srv (only A; faults aimed at B do nothing). Default 2. */
  copies?: 1 | 2;
}

export interface Verdict {
  /** Jim's balance at the end. */
  balance: number;
  /** Withdrawals refused for lack of funds (a correct run refuses none). */
  refused: number;
  /** Every published message was acked by its subscription and nothing is left unacked. */
  allAcked: boolean;
  /** Ended at $10 with nothing refused. */
  correct: boolean;
  /** Virtual time at the end. */
  endMs: Ms;
  trace: TraceEvent[];
  storage: Storage;
}

/** Every design, as the audience reads its name, in the order the chapter introduces them. */
export const DESIGN_LABELS: Record<Design, string> = {
  naive: 'Naive (a channel per kind)',
  'last-sequence': 'Last sequence (one channel)',
  'publisher-last-seq': 'Publisher’s Last Seq',
  'per-user-number': 'Redesign (per-user numbers)',
};

/** The channels a schedule's world uses under a design, in the order the stage draws them. */
export const channelsOf = (design: Design): string[] => [...new Set([channelFor(design, 'deposit'), channelFor(design, 'withdraw')])];

export const EXPECTED_BALANCE = 10;
const START_MS: Ms = 2_000;

/** The world a schedule runs in: two listeners in the durable queue group 'myQueueGroup'. */
export function scheduleConfig(s: Schedule) {
  // As in the course's listener base class: a durable queue group that starts from the first message.
  const common = { queue: 'myQueueGroup', durable: 'account-srv', deliverAll: true, ackWaitMs: s.ackWaitMs };
  return baseConfig({
    seed: s.seed,
    design: s.design,
    jitterMs: s.jitterMs,
    listeners: LISTENER_IDS.slice(0, s.copies ?? 2).map((id, i) => ({ id, processMs: s.processMs[i]!, subscriptions: subscriptionsOf(s, common, i) })),
  });
}

/** Listener i's subscriptions: the deposit channel, and the withdraw channel where the design splits by kind. */
function subscriptionsOf(s: Schedule, common: Omit<SubscriptionConfig, 'channel'>, i: number): SubscriptionConfig[] {
  return [
    { channel: channelFor(s.design, 'deposit'), ...common },
    ...(splitsByKind(s.design) ? [{ channel: 'account:withdraw', ...common, afterMs: s.withdrawJoinMs[i] }] : []),
  ];
}

/** The naive design and the publisher's Last Seq keep a channel per kind of event, as on the slides. */
const splitsByKind = (design: Design): boolean => design === 'naive' || design === 'publisher-last-seq';

/**
 * The channel an event goes on: per kind where the design splits by kind; one `account:events`
 * for 'last-sequence' (a sequence only orders what shares a channel); `transaction:created` for
 * the redesign.
 */
export function channelFor(design: Design, kind: 'deposit' | 'withdraw'): string {
  if (splitsByKind(design)) return `account:${kind}`;
  return design === 'last-sequence' ? 'account:events' : 'transaction:created';
}

/** A fault as the commands it takes, each with its moment. */
function faultCommands(f: Fault): [Ms, Command][] {
  switch (f.kind) {
    case 'fail-write':
      return [[f.atMs, { do: 'fail-writes', listener: f.listener, count: 1 }]];
    case 'lose-ack':
      return [[f.atMs, { do: 'lose-acks', listener: f.listener, count: 1 }]];
    case 'slow':
      return [[f.atMs, { do: 'slow', listener: f.listener, processMs: f.processMs }]];
    case 'crash':
      return [
        [f.atMs, { do: 'crash', listener: f.listener }],
        [f.atMs + f.downMs, { do: 'restart', listener: f.listener }],
      ];
  }
}

/** Commands of a schedule, in time order, with waits between them. */
export function scheduleCommands(s: Schedule): Command[] {
  const timed: { at: Ms; order: number; cmd: Command }[] = [];
  const pubs = [
    { kind: 'deposit', amount: 70 },
    { kind: 'deposit', amount: 40 },
    { kind: 'withdraw', amount: 100 },
  ] as const;
  let at = START_MS;
  pubs.forEach((p, i) => {
    if (i > 0) at += s.gapsMs[i - 1]!;
    timed.push({ at, order: timed.length, cmd: { do: 'publish', channel: channelFor(s.design, p.kind), payload: { kind: p.kind, user: 'Jim', amount: p.amount } } });
  });
  for (const f of s.faults) {
    for (const [when, cmd] of faultCommands(f)) timed.push({ at: when, order: timed.length, cmd });
  }
  timed.sort((a, b) => a.at - b.at || a.order - b.order);
  const out: Command[] = [];
  let now = 0;
  for (const { at: when, cmd } of timed) {
    if (when > now) out.push({ do: 'wait', ms: when - now });
    now = Math.max(now, when);
    out.push(cmd);
  }
  return out;
}

/** The trace kinds the judge reads: a judged-only run keeps just these. */
const JUDGED = new Set(['reject', 'ack', 'publish']);
const JUDGED_ONLY = { keep: (kind: string): boolean => JUDGED.has(kind) };

/**
 * Play a schedule to the end and judge it, on the fast host unless told otherwise (hosts.ts). With
 * `judgedOnly` the verdict's trace holds only the kinds the judge reads (the hot path).
 * @example runSchedule(s).correct === runSchedule(s, { host: xstateHost }).correct // true
 */
export function runSchedule(s: Schedule, opts: { host?: SceneHost; judgedOnly?: boolean } = {}): Verdict {
  const world = (opts.host ?? fastHost).nats(scheduleConfig(s), opts.judgedOnly ? JUDGED_ONLY : {});
  for (const c of scheduleCommands(s)) world.apply(c);
  world.run({ kind: 'quiet' });
  const storage = ledger(world);
  const balance = storage.Jim?.balance ?? 0;
  let refused = 0;
  const acked = new Set<number | undefined>();
  const published: (number | undefined)[] = [];
  for (const e of world.trace) {
    if (e.kind === 'reject') refused++;
    else if (e.kind === 'ack') acked.add(e.msg);
    else if (e.kind === 'publish') published.push(e.msg);
  }
  let nothingPending = true;
  for (const [name, a] of world.actors) {
    if (!name.startsWith('sub:')) continue;
    const c = a.getSnapshot().context as { members: { pending: unknown[] }[]; orphans: unknown[]; lastSent: number; log: { length: number } };
    if (!(c.orphans.length === 0 && c.lastSent === c.log.length && c.members.every((m) => m.pending.length === 0))) nothingPending = false;
  }
  const allAcked = published.length === 3 && published.every((m) => acked.has(m)) && nothingPending;
  world.stop();
  return { balance, refused, allAcked, correct: balance === EXPECTED_BALANCE && refused === 0, endMs: world.now, trace: world.trace, storage };
}

/** Bounds of random schedules, shared with the property tests. */
export const BOUNDS = {
  // Handlers stay quicker than the ack wait: a sequential handler slower than the ack wait gets
  // ever more redelivered copies queued behind it, a storm of its own, not this chapter's story.
  processMs: [200, 4_000],
  withdrawJoinMs: [0, 600],
  gapsMs: [0, 3_000],
  ackWaitMs: [5_000, 30_000],
  jitterMs: [0, 200],
  faults: [0, 4],
  faultAtMs: [START_MS, START_MS + 8_000],
  downMs: [500, 20_000],
} as const;

const between = (rng: Rng, [lo, hi]: readonly [number, number]): number => lo + rng.int(hi - lo + 1);

/** A random schedule from a seeded generator. */
export function randomSchedule(rng: Rng, design: Design): Schedule {
  const faults: Fault[] = [];
  const n = between(rng, BOUNDS.faults);
  for (let i = 0; i < n; i++) {
    const listener = LISTENER_IDS[rng.int(2)]!;
    const atMs = between(rng, BOUNDS.faultAtMs);
    const kind = (['fail-write', 'lose-ack', 'slow', 'crash'] as const)[rng.int(4)]!;
    if (kind === 'slow') faults.push({ kind, atMs, listener, processMs: between(rng, BOUNDS.processMs) });
    else if (kind === 'crash') faults.push({ kind, atMs, listener, downMs: between(rng, BOUNDS.downMs) });
    else faults.push({ kind, atMs, listener });
  }
  return {
    design,
    seed: rng.int(2 ** 31),
    processMs: [between(rng, BOUNDS.processMs), between(rng, BOUNDS.processMs)],
    withdrawJoinMs: [between(rng, BOUNDS.withdrawJoinMs), between(rng, BOUNDS.withdrawJoinMs)],
    gapsMs: [between(rng, BOUNDS.gapsMs), between(rng, BOUNDS.gapsMs)],
    ackWaitMs: between(rng, BOUNDS.ackWaitMs),
    jitterMs: between(rng, BOUNDS.jitterMs),
    faults,
  };
}

export interface ChaosReport {
  runs: number;
  /** Runs that did not end at $10 with nothing refused. */
  wrong: number;
  /**
   * Runs that ended at $10 yet are wrong: a withdraw was refused on the way (say, a second copy of
   * the withdraw, already applied). Counted in `wrong` and in `balances['10']` as well.
   */
  refusedAtTen: number;
  /** Runs with a message never acked (should be 0 for every design). */
  unacked: number;
  /** How many runs ended at each final balance. */
  balances: Record<string, number>;
  /** The first few bad schedules, to replay. */
  examples: Schedule[];
}

/**
 * A verdict as a batch counts it: its bucket is Jim's final balance; it counts in `refusedAtTen`
 * when it ended at $10 and is wrong all the same, and in `unacked` when a message was never acked.
 * @example outcomeOf(runSchedule(s)) // { correct: false, bucket: '110', tallies: { refusedAtTen: false, unacked: false } }
 */
export function outcomeOf(v: Verdict): ChaosOutcome {
  return { correct: v.correct, bucket: String(v.balance), tallies: { refusedAtTen: !v.correct && v.balance === EXPECTED_BALANCE, unacked: !v.allAcked } };
}

/** What the batch runner needs to run chapter 1's schedules (the scenario, scenario.ts, adds the words). */
export const runnable: Runnable<Schedule> = { random: (rng, design) => randomSchedule(rng, design as Design), judge: (s) => outcomeOf(runSchedule(s, { judgedOnly: true })) };

/**
 * A chaos run in batches: the same seeded stream of schedules as `runRandomSchedules`, taken a
 * batch at a time so a caller can report progress and stop between batches. After n schedules
 * its report equals `runRandomSchedules` with `count: n`. It runs on the scenarios' batch runner
 * (ChaosBatch), so its figures are the explorer's and the CLI's.
 * @example const run = new ChaosRun({ seed: 7, design: 'naive' }); run.next(200); run.report.wrong
 */
export class ChaosRun {
  readonly report: ChaosReport;
  private readonly batch: ChaosBatch<Schedule>;

  constructor(opts: { seed: number; design: Design; keep?: number }) {
    this.batch = new ChaosBatch(runnable, opts);
    // The balances and the examples are the batch's own objects; the counts are copied after each batch.
    this.report = { runs: 0, wrong: 0, refusedAtTen: 0, unacked: 0, balances: this.batch.report.buckets, examples: this.batch.report.examples };
  }

  /** Runs `n` more schedules and returns the report so far (the same object, updated). */
  next(n: number): ChaosReport {
    const b = this.batch.next(n);
    this.report.runs = b.runs;
    this.report.wrong = b.wrong;
    this.report.refusedAtTen = b.tallies.refusedAtTen ?? 0;
    this.report.unacked = b.tallies.unacked ?? 0;
    return this.report;
  }
}

/**
 * Run `count` random schedules of a design from one seed.
 * @example runRandomSchedules({ seed: 1, count: 1000, design: 'naive' }).wrong // > 0
 */
export function runRandomSchedules(opts: { seed: number; count: number; design: Design; keep?: number }): ChaosReport {
  return new ChaosRun(opts).next(opts.count);
}

/** One line for the audience on a schedule's faults: "A's write fails at 0:03.1; B crashes at 0:05.0 for 12.0 s". */
export function describeFaults(s: Schedule): string {
  if (s.faults.length === 0) return 'No faults at all: only timing (processing times, gaps, jitter)';
  const at = (ms: Ms) => `${(ms / 1000).toFixed(1)} s`;
  const parts = [...s.faults]
    .sort((a, b) => a.atMs - b.atMs)
    .map((f) => {
      switch (f.kind) {
        case 'fail-write':
          return `${f.listener}'s write fails at ${at(f.atMs)}`;
        case 'lose-ack':
          return `${f.listener}'s ack is lost at ${at(f.atMs)}`;
        case 'slow':
          return `${f.listener} slows to ${at(f.processMs)} per event at ${at(f.atMs)}`;
        case 'crash':
          return `${f.listener} crashes at ${at(f.atMs)} for ${at(f.downMs)}`;
      }
    });
  return parts.join('; ');
}
