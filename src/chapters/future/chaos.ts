/**
 * Chapter 2's chaos scenario, 'future/discount': random weeks of orders on two accounts under
 * random crashes and restarts of the Order API and of the Discount service, transient handler
 * failures and concurrent orders, under three designs: in-process retries and reminders (scene
 * 5's, broken), durable scheduling and the saga (both must hold). The judge: every accepted
 * order's discount and every account's running total equal a sequential run of the same orders.
 *
 * The hot path runs the saga family's pure rules on the fast host (kernel/fast.ts); the
 * XState world gives the same outcome for the same schedule (tests/unit/future-chaos.test.ts).
 *
 * @example runChaos(discount, { seed: 7, count: 300, design: 'in-process' }).wrong // > 0
 */
import type { AccountRow, RetryPolicy, SagaDesign, SagaTraceEvent } from '../../actors/saga/types.ts';
import { sagaActors, sagaOrder, SAGA_KINDS } from '../../actors/saga/cast.ts';
import type { AnyCommand, KernelConfig, Ms } from '../../kernel/types.ts';
import type { Rng } from '../../kernel/rng.ts';
import { money } from '../../lib/format.ts';
import { decodeJson, encodeJson } from '../../lib/link.ts';
import { bucketList, type Bucket, type ChaosOutcome, type ChaosScenario } from '../chaos.ts';
import { fastHost, type SceneHost } from '../hosts.ts';
import type { Scene } from '../types.ts';
import { DAY, FUTURE_WORLD, HOUR, MINUTE, SECOND, THRESHOLD, WINDOW_MS, discountFor } from './cast.ts';
import './families.ts';

/** Who orders on which account: Ann and Bob on Alice's, Cy on Carol's. */
export const CHAOS_BUYERS = { Ann: 'Alice', Bob: 'Alice', Cy: 'Carol' } as const;
export type ChaosBuyer = keyof typeof CHAOS_BUYERS;
const BUYER_NAMES = Object.keys(CHAOS_BUYERS) as ChaosBuyer[];
/** What one order may cost. */
export const CHAOS_AMOUNTS = [50, 100, 150, 200, 300] as const;

export const DESIGN_LABELS: Record<SagaDesign, string> = {
  'in-process': 'In-process retries (resilient HTTP)',
  durable: 'Durable scheduling',
  saga: 'DiscountPolicy saga',
};

export interface ChaosOrder {
  atMs: Ms;
  buyer: ChaosBuyer;
  amount: number;
}

export type ChaosFault =
  | { kind: 'api-crash'; atMs: Ms; downMs: Ms }
  | { kind: 'host-crash'; atMs: Ms; downMs: Ms }
  | { kind: 'fail'; atMs: Ms };

export interface FutureSchedule {
  design: SagaDesign;
  /** Seed of the network's jitter. */
  seed: number;
  jitterMs: Ms;
  orders: ChaosOrder[];
  faults: ChaosFault[];
}

/** Bounds of random schedules, shared with the property tests and the words. */
export const BOUNDS = {
  /** Moments of shopping over two weeks, each one to three orders within 2 s. */
  bursts: [2, 6],
  perBurst: [1, 3],
  burstSpreadMs: [0, 2_000],
  spanMs: [0, 14 * DAY],
  jitterMs: [0, 40],
  faults: [0, 4],
  downMs: [1_000, 10 * MINUTE],
  /** Transient failures in one schedule, at most (so no message runs out of its 8 retries). */
  fails: 3,
} as const;

/**
 * No moment of shopping falls within this of another's 7-day anniversary: faults last minutes at
 * most, and an order placed the same minute another one turns 7 days old has no single right
 * answer (the rule's edge is as sharp as the system's latency).
 */
export const EDGE_MARGIN_MS: Ms = 2 * HOUR;

const between = (rng: Rng, [lo, hi]: readonly [number, number]): number => lo + rng.int(hi - lo + 1);

/** Moments of shopping, sorted, none near another's anniversary (drawn again until they fit). */
function burstTimes(rng: Rng, n: number): Ms[] {
  const out: Ms[] = [];
  while (out.length < n) {
    // Whole minutes: a link stays short and a moment reads as a clock time.
    const at = between(rng, [0, BOUNDS.spanMs[1] / MINUTE]) * MINUTE;
    if (out.some((b) => Math.abs(Math.abs(b - at) - WINDOW_MS) < EDGE_MARGIN_MS || Math.abs(b - at) < 10 * SECOND)) continue;
    out.push(at);
  }
  return out.sort((a, b) => a - b);
}

/** A random schedule from a seeded generator. */
export function randomSchedule(rng: Rng, design: SagaDesign): FutureSchedule {
  const bursts = burstTimes(rng, between(rng, BOUNDS.bursts));
  const orders: ChaosOrder[] = [];
  for (const b of bursts) {
    const n = between(rng, BOUNDS.perBurst);
    for (let i = 0; i < n; i++) orders.push({ atMs: b + between(rng, BOUNDS.burstSpreadMs), buyer: BUYER_NAMES[rng.int(BUYER_NAMES.length)]!, amount: CHAOS_AMOUNTS[rng.int(CHAOS_AMOUNTS.length)]! });
  }
  orders.sort((a, b) => a.atMs - b.atMs);
  const faults: ChaosFault[] = [];
  let fails = 0;
  const n = between(rng, BOUNDS.faults);
  for (let i = 0; i < n; i++) {
    // Half near a moment of shopping (or its anniversary), half anywhere in the two weeks.
    const near = bursts[rng.int(bursts.length)]! + (rng.int(2) === 0 ? 0 : WINDOW_MS);
    const atMs = rng.int(2) === 0 ? near + between(rng, [0, 3_000]) : between(rng, [0, BOUNDS.spanMs[1] / SECOND]) * SECOND;
    const kind = (['api-crash', 'host-crash', 'fail'] as const)[rng.int(3)]!;
    if (kind === 'fail') {
      if (fails >= BOUNDS.fails) continue;
      fails++;
      faults.push({ kind, atMs });
    } else faults.push({ kind, atMs, downMs: between(rng, BOUNDS.downMs) });
  }
  faults.sort((a, b) => a.atMs - b.atMs);
  return { design, seed: rng.int(2 ** 31), jitterMs: between(rng, BOUNDS.jitterMs), orders, faults };
}

/** The rule and the retries a world runs with: the chapter's own unless the sandbox says otherwise. */
export interface ScheduleRule {
  threshold: number;
  windowMs: Ms;
  backoffMs?: readonly Ms[];
  retry?: RetryPolicy;
}

/** The world a schedule runs in (the sandbox passes its own rule and retries). */
export const scheduleConfig = (s: FutureSchedule, rule: ScheduleRule = { windowMs: WINDOW_MS, threshold: THRESHOLD }): KernelConfig => ({
  seed: s.seed,
  actors: sagaActors(s.design, { windowMs: rule.windowMs, threshold: rule.threshold, ...(rule.backoffMs ? { backoffMs: rule.backoffMs } : {}), ...(rule.retry ? { retry: rule.retry } : {}) }),
  network: { latencyMs: 20, jitterMs: s.jitterMs },
});

/** The stage of a design's world: frontend → Order API (→ broker) → Discount → store. */
export function scheduleStage(design: SagaDesign): NonNullable<Scene['stage']> {
  const durable = design !== 'in-process';
  return {
    columns: [
      [{ id: 'web', kind: SAGA_KINDS.frontend, title: 'Frontend' }],
      [{ id: 'api', kind: SAGA_KINDS.api, title: 'Order API' }],
      ...(durable ? [[{ id: 'broker', kind: SAGA_KINDS.broker, title: 'Broker' }]] : []),
      [{ id: 'discount', kind: SAGA_KINDS.host, title: design === 'saga' ? 'Saga host' : 'Discount' }],
      [{ id: 'store', kind: SAGA_KINDS.store, title: 'Totals' }],
    ],
    edges: durable
      ? [
          { from: 'web', to: 'api' },
          { from: 'api', to: 'broker' },
          { from: 'broker', to: 'discount' },
          { from: 'discount', to: 'store' },
        ]
      : [
          { from: 'web', to: 'api' },
          { from: 'api', to: 'discount' },
          { from: 'discount', to: 'store' },
        ],
  };
}

/** A schedule's commands in time order, with waits between them. */
export function scheduleCommands(s: FutureSchedule): AnyCommand[] {
  const timed: { at: Ms; order: number; cmd: AnyCommand }[] = [];
  const push = (at: Ms, cmd: AnyCommand) => timed.push({ at, order: timed.length, cmd });
  for (const o of s.orders) push(o.atMs, sagaOrder(o.buyer, CHAOS_BUYERS[o.buyer], o.amount) as unknown as AnyCommand);
  for (const f of s.faults) {
    if (f.kind === 'fail') push(f.atMs, { do: 'saga.fail', actor: 'discount', count: 1 });
    else if (f.kind === 'host-crash') {
      push(f.atMs, { do: 'saga.crash', actor: 'discount' });
      push(f.atMs + f.downMs, { do: 'saga.restart', actor: 'discount' });
    } else {
      push(f.atMs, { do: 'saga.api-crash', actor: 'api' });
      push(f.atMs + f.downMs, { do: 'saga.api-restart', actor: 'api' });
    }
  }
  timed.sort((a, b) => a.at - b.at || a.order - b.order);
  const out: AnyCommand[] = [];
  let now = 0;
  for (const { at, cmd } of timed) {
    if (at > now) out.push({ do: 'wait', ms: at - now });
    now = Math.max(now, at);
    out.push(cmd);
  }
  return out;
}

/** What one run ended with: the store's rows and the trace. */
export interface Ending {
  rows: Record<string, AccountRow>;
  trace: readonly SagaTraceEvent[];
  endMs: Ms;
}

/** The trace kinds the judge reads. */
const JUDGED = new Set(['saga.accepted', 'saga.stored', 'saga.committed']);

/**
 * Play a schedule on the fast host (the chaos hot path) or another (hosts.ts), keeping only the
 * trace the judge reads unless told otherwise.
 * @example runOn(s, xstateHost, { fullTrace: true }).trace // the fast host's, line for line
 */
export function runOn(s: FutureSchedule, host: SceneHost = fastHost, opts: { fullTrace?: boolean } = {}): Ending {
  return play(s, host.kernel(scheduleConfig(s), opts.fullTrace ? {} : { keep: (k) => JUDGED.has(k) }));
}

/** Play a schedule on the fast host. */
export const runFast = (s: FutureSchedule, opts: { fullTrace?: boolean } = {}): Ending => runOn(s, fastHost, opts);

/** A schedule's commands on a world of its config, run to the end; the store's rows, the trace and the end. */
function play(s: FutureSchedule, w: ReturnType<SceneHost['kernel']>): Ending {
  w.run({ kind: 'quiet' });
  for (const c of scheduleCommands(s)) w.apply(c);
  w.run({ kind: 'quiet' });
  const rows = (w.actors.get('store')!.getSnapshot().context as { rows: Record<string, AccountRow> }).rows;
  w.stop();
  return { rows, trace: w.trace as unknown as SagaTraceEvent[], endMs: w.now };
}

/** An order the system took in: its id, account, amount, when it was placed. */
interface Taken {
  id: string;
  account: string;
  buyer: string;
  amount: number;
  placedAt: Ms;
}

/** What the judge found. */
export interface Verdict {
  correct: boolean;
  /** Orders taken in (202 Accepted in-process; on the broker's disk otherwise) that were never applied. */
  lost: number;
  /** Applied orders whose discount is not the sequential run's. */
  wrongDiscounts: number;
  /** Accounts whose running total did not come back to what the sequential run ends with. */
  stuckTotals: number;
  /** Orders the system took in. */
  taken: number;
}

/**
 * The judge: the orders the system took in, run one at a time in the order the store committed
 * them (an order never committed goes last), each seeing the amounts of its account placed in the
 * 7 days before it; its discounts and final totals against the run's.
 */
export function judgeEnding(s: FutureSchedule, end: Ending): Verdict {
  const takenEvent = s.design === 'in-process' ? (e: SagaTraceEvent) => e.kind === 'saga.accepted' : (e: SagaTraceEvent) => e.kind === 'saga.stored' && e.job === 'OrderPlaced';
  const taken = new Map<string, Taken>();
  for (const e of end.trace) if (takenEvent(e) && e.order && !taken.has(e.order.id)) taken.set(e.order.id, { ...e.order });
  const commitOrder = new Map<string, number>();
  for (const e of end.trace) if (e.kind === 'saga.committed' && e.job === 'OrderPlaced' && e.order && !commitOrder.has(e.order.id)) commitOrder.set(e.order.id, commitOrder.size);
  const sequence = [...taken.values()].sort((a, b) => (commitOrder.get(a.id) ?? Infinity) - (commitOrder.get(b.id) ?? Infinity) || a.placedAt - b.placedAt);
  let lost = 0;
  let wrongDiscounts = 0;
  const done: Taken[] = [];
  for (const o of sequence) {
    const before = done.filter((p) => p.account === o.account && p.placedAt > o.placedAt - WINDOW_MS).reduce((sum, p) => sum + p.amount, 0);
    const due = discountFor(before, o.amount);
    const applied = end.rows[o.account]?.orders[o.id];
    if (!applied) lost++;
    else if (applied.discount !== due) wrongDiscounts++;
    done.push(o);
  }
  const accounts = new Set([...Object.keys(end.rows), ...sequence.map((o) => o.account)]);
  let stuckTotals = 0;
  for (const a of accounts) {
    const live = sequence.filter((o) => o.account === a && o.placedAt + WINDOW_MS > end.endMs).reduce((sum, o) => sum + o.amount, 0);
    if ((end.rows[a]?.total ?? 0) !== live) stuckTotals++;
  }
  return { correct: lost + wrongDiscounts + stuckTotals === 0, lost, wrongDiscounts, stuckTotals, taken: taken.size };
}

/** Run and judge a schedule on the fast host. */
export const runSchedule = (s: FutureSchedule): Verdict => judgeEnding(s, runFast(s));

/** A verdict as a batch counts it: its bucket is how many things ended wrong. */
export function outcomeOf(v: Verdict): ChaosOutcome {
  const n = v.lost + v.wrongDiscounts + v.stuckTotals;
  return { correct: v.correct, bucket: n >= 4 ? '4+' : String(n), tallies: { lost: v.lost > 0, wrongDiscount: v.wrongDiscounts > 0, stuck: v.stuckTotals > 0 } };
}

const at = (ms: Ms): string => {
  const d = Math.floor(ms / DAY);
  const h = Math.floor((ms % DAY) / HOUR);
  const m = Math.floor((ms % HOUR) / MINUTE);
  return `day ${d} ${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
};
const dur = (ms: Ms): string => (ms >= MINUTE ? `${Math.round(ms / MINUTE)} min` : `${Math.round(ms / SECOND)} s`);

/** One line for people on a schedule's faults. */
export function describeSchedule(s: FutureSchedule): string {
  const orders = `${s.orders.length} order${s.orders.length === 1 ? '' : 's'}`;
  if (s.faults.length === 0) return `${orders}, no faults: only timing`;
  const parts = s.faults.map((f) =>
    f.kind === 'fail' ? `a handling fails at ${at(f.atMs)}` : `${f.kind === 'api-crash' ? 'the Order API' : 'the Discount service'} crashes at ${at(f.atMs)} for ${dur(f.downMs)}`,
  );
  return `${orders}; ${parts.join('; ')}`;
}

export const CHAOS_REPLAY_ID = 'chaos-replay';

/** The schedule as a two-step scene: the set-up, then the whole run. */
export function chaosScene(s: FutureSchedule): Scene {
  const v = runSchedule(s);
  const durable = s.design !== 'in-process';
  const what = [v.lost > 0 ? `${v.lost} order${v.lost === 1 ? ' was' : 's were'} taken and never applied` : '', v.wrongDiscounts > 0 ? `${v.wrongDiscounts} discount${v.wrongDiscounts === 1 ? ' is' : 's are'} wrong` : '', v.stuckTotals > 0 ? `${v.stuckTotals} running total${v.stuckTotals === 1 ? ' never came' : 's never came'} back down` : '']
    .filter(Boolean)
    .join(', ');
  return {
    id: CHAOS_REPLAY_ID,
    chapter: 'future',
    title: 'Chaos replay: one random schedule',
    summary: `A schedule the chaos explorer drew (${DESIGN_LABELS[s.design].toLowerCase()}): ${describeSchedule(s)}.`,
    channels: [],
    world: FUTURE_WORLD,
    kernel: scheduleConfig(s),
    stage: scheduleStage(s.design),
    expected: {},
    steps: [
      {
        name: 'setup',
        title: 'A schedule the explorer found',
        narration: `${DESIGN_LABELS[s.design]}: ${describeSchedule(s)}.`,
        notes: 'Each fault on its own is one of the chapter’s scenes; the explorer throws them together at random moments over two weeks of orders.',
        commands: [],
        highlight: ['api', 'discount'],
      },
      {
        name: 'replay',
        title: v.correct ? 'Every order right' : 'It ends wrong',
        narration: v.correct
          ? `Two weeks of orders under those faults: every discount and every running total match the same orders taken one at a time.`
          : `Two weeks of orders under those faults, and ${what}: a sequential run of the same orders says otherwise.`,
        notes: durable ? 'Nothing the system needs lives in a process: the broker holds the messages, the store the totals.' : 'Every retry and every 7-day reminder lived in the Order API’s memory: one restart and they are gone.',
        commands: scheduleCommands(s) as Scene['steps'][number]['commands'],
        highlight: ['store'],
      },
    ],
  };
}

/** A schedule in a link: base64url of its JSON. */
export const encodeSchedule = (s: FutureSchedule): string => encodeJson(s);

const MAX_AT = 22 * DAY;
const isInt = (v: unknown, lo: number, hi: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;
const isOrder = (v: unknown): boolean => {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return Object.keys(o).length === 3 && isInt(o.atMs, 0, MAX_AT) && typeof o.buyer === 'string' && Object.hasOwn(CHAOS_BUYERS, o.buyer) && (CHAOS_AMOUNTS as readonly unknown[]).includes(o.amount);
};
const isFault = (v: unknown): boolean => {
  if (typeof v !== 'object' || v === null) return false;
  const f = v as Record<string, unknown>;
  if (!isInt(f.atMs, 0, MAX_AT)) return false;
  if (f.kind === 'fail') return Object.keys(f).length === 2;
  return (f.kind === 'api-crash' || f.kind === 'host-crash') && isInt(f.downMs, 0, DAY) && Object.keys(f).length === 3;
};

/** The schedule in a link, or undefined when the text is not one. */
export function decodeSchedule(text: string): FutureSchedule | undefined {
  const raw = decodeJson(text);
  if (typeof raw !== 'object' || raw === null) return undefined;
  const s = raw as Record<string, unknown>;
  const ok =
    typeof s.design === 'string' &&
    Object.hasOwn(DESIGN_LABELS, s.design) &&
    isInt(s.seed, 0, 2 ** 32 - 1) &&
    isInt(s.jitterMs, 0, 1_000) &&
    Array.isArray(s.orders) &&
    s.orders.length <= 30 &&
    s.orders.every(isOrder) &&
    Array.isArray(s.faults) &&
    s.faults.length <= 8 &&
    s.faults.every(isFault);
  if (!ok) return undefined;
  return { design: s.design as SagaDesign, seed: s.seed as number, jitterMs: s.jitterMs as number, orders: s.orders as ChaosOrder[], faults: s.faults as ChaosFault[] };
}

const range = ([lo, hi]: readonly [number, number]) => `${lo}–${hi}`;

export const discount: ChaosScenario<FutureSchedule> = {
  id: 'future/discount',
  chapter: 'future',
  title: 'Two weeks of orders under random faults',
  designs: (Object.entries(DESIGN_LABELS) as [SagaDesign, string][]).map(([id, label]) => ({ id, label })),
  broken: 'in-process',
  fix: 'saga',
  lede: `Random two-week schedules of orders on two accounts, with crashes of the Order API and of the Discount service, failing handlers and orders at the same instant. A correct run gives every order the discount a one-at-a-time run gives it (10% once the last 7 days reach ${money(THRESHOLD)}) and brings every running total back down.`,
  right: 'every discount and every running total as a one-at-a-time run',
  allRight: 'every schedule gave every order its discount and brought every total back down',
  day: [
    `${range(BOUNDS.bursts)} moments of shopping over 14 days, each ${range(BOUNDS.perBurst)} orders within 2 s, by Ann and Bob (Alice’s account) and Cy (Carol’s), of $50 to $300`,
    `up to ${BOUNDS.faults[1]} faults: the Order API or the Discount service crashes (back 1 s to 10 min later), or a handling fails once`,
    `up to ${BOUNDS.jitterMs[1]} ms of network jitter on every hop`,
  ],
  tallies: [
    { key: 'lost', some: 'took an order and never applied it.', none: 'No order taken in was ever lost.', testId: 'future-lost' },
    { key: 'wrongDiscount', some: 'gave some order the wrong discount.' },
    { key: 'stuck', some: 'left a running total that never came back down.' },
  ],
  chart: {
    caption: 'Orders and totals that ended wrong: how many schedules ended with each count',
    plural: 'counts',
    right: '0',
    label: (b) => (b === '0' ? 'none wrong' : `${b} wrong`),
    order: (a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10),
  },
  random: (rng, design) => randomSchedule(rng, design as SagaDesign),
  judge: (s) => outcomeOf(runSchedule(s)),
  describe: describeSchedule,
  designOf: (s) => s.design,
  withDesign: (s, design) => ({ ...s, design: design as SagaDesign }),
  encode: encodeSchedule,
  decode: decodeSchedule,
  replayId: CHAOS_REPLAY_ID,
  replay: chaosScene,
};

/** A batch's counts as the chart's buckets. */
export const countList = (counts: Readonly<Record<string, number>>): Bucket[] => bucketList(counts, discount.chart);
