/**
 * Chapter 2's sandbox: the discount rule's world built from a handful of settings (the design,
 * the rule's threshold and window, the retry backoff, how many buyers and orders, a seed),
 * carried in the link in plain words (`#/future/sandbox/0?v=1&design=saga&threshold=500&…`).
 * Every value is checked; one out of range or malformed is clamped or replaced by its default,
 * with a sentence saying so, and reading never throws.
 *
 * The world is the chaos scenario's (scheduleConfig, the same stage): the learner places the
 * orders one moment of shopping a step, then the weeks turn, and crashes or restarts the Order
 * API or the Discount service at any moment through the fault panel. The verdict at the end
 * compares the store with the same orders run one at a time, in the order they were placed.
 * Forking a scene is not offered: the chapter's scenes wait on broker messages by number, which
 * new settings would renumber. Pure, no DOM.
 */
import { totalKey, type RetryPolicy, type SagaDesign } from '../../actors/saga/types.ts';
import type { AnyCommand, KernelConfig, Ms } from '../../kernel/types.ts';
import { money, quote } from '../../lib/format.ts';
import type { Scene, StageDecl, Step } from '../types.ts';
import { DAY, DISCOUNT_PERCENT, FUTURE_WORLD, HOUR, MINUTE, SECOND, THRESHOLD, WINDOW_MS } from './cast.ts';
import { DESIGN_LABELS, scheduleConfig } from './chaos.ts';
import { sagaStage } from './saga-world.ts';
import { SAGA_KINDS, sagaOrder } from '../../actors/saga/cast.ts';
import './families.ts';

export const SANDBOX_ID = 'sandbox';
/** The version of the link's settings this build writes. A link with another `v` gets a notice. */
export const SANDBOX_VERSION = 1;

export const SANDBOX_DESIGNS: readonly { value: SagaDesign; label: string }[] = (Object.entries(DESIGN_LABELS) as [SagaDesign, string][]).map(([value, label]) => ({ value, label }));

export interface FutureSandboxParams {
  design: SagaDesign;
  /** The rule: 10% off once the account's window holds at least this much. */
  threshold: number;
  /** The rule's window, in whole days. */
  windowDays: number;
  /** The first retry's wait: in-process retries double it (1×, 2×, 4×), the broker's delayed retries step it (1×, 2×, 3×). */
  backoffMs: Ms;
  /** Buyers who order at each moment of shopping, a minute apart (Ann and Bob on Alice's account, Cy and Dee on Carol's). */
  buyers: number;
  orders: number;
  /** Seed of the network's jitter. */
  seed: number;
  /** Never set: chapter 2's sandbox does not continue scenes (see canForkFuture). */
  from?: { sceneId: string; step: number };
}

type NumberKey = 'threshold' | 'windowDays' | 'backoffMs' | 'buyers' | 'orders' | 'seed';

interface NumberSpec {
  key: NumberKey;
  /** Name in the link. */
  url: string;
  label: string;
  /** Milliseconds shown and written as seconds. */
  seconds?: boolean;
  min: number;
  max: number;
  /** Why the bounds are what they are, for the clamping sentence. */
  minWhy: string;
  maxWhy: string;
}

/** Every number the sandbox takes, with its bounds (in ms for times). The settings form uses the same list. */
export const NUMBER_SPECS: readonly NumberSpec[] = [
  { key: 'threshold', url: 'threshold', label: 'Threshold', min: 100, max: 5_000, minWhy: 'below one order’s worth every order would get the discount', maxWhy: 'twelve orders never reach more' },
  { key: 'windowDays', url: 'window', label: 'Window (days)', min: 1, max: 30, minWhy: 'the rule counts whole days', maxWhy: 'a month is the longest window the stage’s clock reads well' },
  { key: 'backoffMs', url: 'backoff', label: 'First retry after', seconds: true, min: 1_000, max: 60_000, minWhy: 'a retry needs a moment for the fault to pass', maxWhy: 'three retries must end before the next moment of shopping' },
  { key: 'buyers', url: 'buyers', label: 'Buyers', min: 1, max: 4, minWhy: 'orders need someone to place them', maxWhy: 'four buyers on two accounts fit in the store’s table' },
  { key: 'orders', url: 'orders', label: 'Orders', min: 1, max: 12, minWhy: 'the rule needs an order to act on', maxWhy: 'each moment of shopping is a step, and twelve orders are plenty to click through' },
  { key: 'seed', url: 'seed', label: 'Seed', min: 0, max: 2 ** 32 - 1, minWhy: 'seeds are not negative', maxWhy: 'seeds are 32-bit numbers' },
];

/** The names the sandbox reads from its link's query, besides `f` (the injected faults). */
export const SANDBOX_SETTINGS: readonly string[] = ['v', 'design', ...NUMBER_SPECS.map((s) => s.url)];

/** Who orders, in turn, and on which account. */
export const SANDBOX_BUYERS = [
  { buyer: 'Ann', account: 'Alice' },
  { buyer: 'Bob', account: 'Alice' },
  { buyer: 'Cy', account: 'Carol' },
  { buyer: 'Dee', account: 'Carol' },
] as const;

/** What the n-th order costs: varied, so the threshold is crossed at different orders for different settings. */
export const SANDBOX_AMOUNTS = [100, 150, 50, 200, 100, 300, 50, 150, 100, 200, 50, 100] as const;

/** The first moment of shopping: day 0, 09:00. */
const FIRST_MOMENT: Ms = 9 * HOUR;
/**
 * Moments of shopping are a day and two hours apart, so an order never lands within two hours
 * of an earlier one's anniversary (for any whole-day window): the rule's edge is never in doubt,
 * even after a fault has shifted the rest of the run by a few minutes.
 */
export const MOMENT_GAP: Ms = DAY + 2 * HOUR;
/** Buyers of one moment order this far apart: one at a time, so the right discounts do not hang on a race. */
export const BUYER_GAP: Ms = MINUTE;
/** How long a moment's step runs after its last order: long enough for every retry of the longest backoff (60 + 120 + 240 s). */
export const SETTLE_MS: Ms = 10 * MINUTE;
/**
 * After an injected fault, the step runs until nothing is due within this: the fault's
 * consequences (retries, redeliveries) play out, the messages from the future wait for their day.
 */
export const FAULT_HORIZON_MS: Ms = HOUR;
/** Network jitter per hop, up to (the seed picks it). */
export const SANDBOX_JITTER_MS: Ms = 20;

export const DEFAULT_PARAMS: FutureSandboxParams = {
  design: 'saga',
  threshold: THRESHOLD,
  windowDays: WINDOW_MS / DAY,
  backoffMs: 10 * SECOND,
  buyers: 2,
  orders: 6,
  seed: 1,
};

/** One order of the sandbox, as planned. */
export interface PlannedOrder {
  buyer: string;
  account: string;
  amount: number;
  placedAt: Ms;
  /** Its moment of shopping, from 0. */
  moment: number;
  /** What a one-at-a-time run gives it: the window's total before it and its discount. */
  before: number;
  discount: number;
}

/** In-process retries for a first retry after `first`: each wait doubles (scene 5's 1 s, 2 s, 4 s). */
export const inProcessBackoff = (first: Ms): Ms[] => [first, 2 * first, 4 * first];
/** The broker's retry policy for a first delayed retry after `first`: 5 at once, then 1×, 2×, 3× (NServiceBus's shape: 10 s, 20 s, 30 s). */
export const brokerRetry = (first: Ms): RetryPolicy => ({ immediate: 5, delayedMs: [first, 2 * first, 3 * first] });

/**
 * The orders the settings place and what a one-at-a-time run gives each: buyers take turns, a
 * moment of shopping holds one order per buyer.
 * @example planOrders({ ...DEFAULT_PARAMS, buyers: 1, orders: 5 }).map((o) => o.discount) // [0, 0, 0, 0, 10]
 */
export function planOrders(p: FutureSandboxParams): PlannedOrder[] {
  const windowMs = p.windowDays * DAY;
  const out: PlannedOrder[] = [];
  for (let i = 0; i < p.orders; i++) {
    const who = SANDBOX_BUYERS[i % p.buyers]!;
    const moment = Math.floor(i / p.buyers);
    const placedAt = FIRST_MOMENT + moment * MOMENT_GAP + (i % p.buyers) * BUYER_GAP;
    const amount = SANDBOX_AMOUNTS[i % SANDBOX_AMOUNTS.length]!;
    const before = out.filter((o) => o.account === who.account && o.placedAt > placedAt - windowMs).reduce((sum, o) => sum + o.amount, 0);
    const discount = before >= p.threshold ? (amount * DISCOUNT_PERCENT) / 100 : 0;
    out.push({ buyer: who.buyer, account: who.account, amount, placedAt, moment, before, discount });
  }
  return out;
}

/** What the verdict checks at the end: every account back at $0 once its window has passed, and each buyer's discounts. */
export function expectedOf(plan: readonly PlannedOrder[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const o of plan) {
    out[totalKey(o.account)] = 0;
    out[`${o.buyer}’s discount`] = (out[`${o.buyer}’s discount`] ?? 0) + o.discount;
  }
  return out;
}

/** The world the settings make: the chaos scenario's, with this rule and these retries, and a horizon for faults. */
export function sandboxKernel(p: FutureSandboxParams): KernelConfig {
  const schedule = { design: p.design, seed: p.seed, jitterMs: SANDBOX_JITTER_MS, orders: [], faults: [] };
  return { ...scheduleConfig(schedule, { threshold: p.threshold, windowMs: p.windowDays * DAY, backoffMs: inProcessBackoff(p.backoffMs), retry: brokerRetry(p.backoffMs) }), horizonMs: FAULT_HORIZON_MS };
}

/**
 * The stage: the saga scenes' (frontend over the Order API, the store widest with the check under
 * it); in-process, the same without a broker, the Order API calling the Discount service.
 */
export function sandboxStage(design: SagaDesign): StageDecl {
  if (design !== 'in-process') return sagaStage({ host: design === 'saga' ? 'Saga host' : 'Discount', store: 'Totals' });
  return {
    columns: [
      [
        { id: 'web', kind: SAGA_KINDS.frontend, title: 'Frontend' },
        { id: 'api', kind: SAGA_KINDS.api, title: 'Order API' },
      ],
      [{ id: 'discount', kind: SAGA_KINDS.host, title: 'Discount' }],
      [
        { id: 'store', kind: SAGA_KINDS.store, title: 'Totals', size: 1.5 },
        { id: 'outcome', kind: 'stage.outcome', title: 'The check' },
      ],
    ],
    widths: [0.9, 1, 1.5],
    edges: [
      { from: 'web', to: 'api' },
      { from: 'api', to: 'discount' },
      { from: 'discount', to: 'store' },
    ],
  };
}

/** Chapter 2's scenes are not continued in the sandbox: they wait on broker messages by number, which other settings renumber. */
export const canForkFuture = (_scene: Scene): boolean => false;

/**
 * Why a scene of chapter 2 is not continued in the sandbox, for the deck's notice.
 * @example whyNotForkFuture(saga) // 'its steps wait for the broker’s messages by number, which new settings would renumber'
 */
export function whyNotForkFuture(scene: Scene): string {
  if (scene.panel) return 'it shows the chaos explorer, not a stage';
  if (scene.id === 'chaos-replay') return 'a replay is rebuilt from its schedule, not from the deck';
  const saga = scene.kernel?.actors.some((a) => a.kind.startsWith('saga.')) ?? false;
  return saga ? 'its steps wait for the broker’s messages by number, which new settings would renumber' : 'the sandbox runs the saga family’s world of orders, not this scene’s';
}

/** What a fork would start from: the defaults (no scene of the chapter can be forked). */
export const paramsFromScene = (_scene: Scene, _step: number): FutureSandboxParams => ({ ...DEFAULT_PARAMS });

export interface ParsedSandbox {
  params: FutureSandboxParams;
  /** One sentence per value that had to be corrected or was ignored. */
  notices: string[];
}

const fmtSeconds = (ms: number): string => `${Number((ms / 1000).toFixed(1))}`;
const shown = (spec: NumberSpec, v: number): string => (spec.seconds ? `${fmtSeconds(v)} s` : spec.key === 'threshold' ? money(v) : String(v));
const designLabel = (d: SagaDesign): string => SANDBOX_DESIGNS.find((x) => x.value === d)!.label;

/**
 * Reads sandbox settings from a link's query (or the settings form, which writes the same words).
 * Never throws: what cannot be used is replaced, and `notices` says what and why.
 * @example parseFutureSandbox('orders=40').notices // ['Orders 40 is more than 12 (each moment of shopping is a step…), so it is 12.']
 */
export function parseFutureSandbox(query: string | URLSearchParams, _scenes: readonly Scene[] = []): ParsedSandbox {
  const q = typeof query === 'string' ? new URLSearchParams(query.replace(/^\?/, '')) : query;
  const notices: string[] = [];
  const known = new Set([...SANDBOX_SETTINGS, 'f']);

  const v = q.get('v')?.trim();
  if (v !== undefined && v !== String(SANDBOX_VERSION)) {
    const n = Number(v);
    notices.push(
      Number.isInteger(n) && n > SANDBOX_VERSION
        ? `This link comes from a newer version of Out of Order (settings version ${quote(v)}); what this version understands of it is used.`
        : `This link comes from an older or unknown version of Out of Order (settings version ${quote(v)}); what still makes sense is used and the rest is set to its default.`,
    );
  }
  if (q.get('from') !== null) notices.push('Scenes of this chapter cannot be continued in the sandbox, so it starts fresh.');
  const unknown = [...new Set([...q.keys()].filter((k) => !known.has(k) && k !== 'from'))];
  if (unknown.length > 0) notices.push(`${unknown.map(quote).join(', ')} ${unknown.length === 1 ? 'is not a sandbox setting and was' : 'are not sandbox settings and were'} ignored.`);

  const p: FutureSandboxParams = { ...DEFAULT_PARAMS };
  const design = q.get('design')?.trim();
  if (design !== undefined) {
    const found = SANDBOX_DESIGNS.find((d) => d.value === design.toLowerCase());
    if (found) p.design = found.value;
    else notices.push(`There is no design called ${quote(design)}; the sandbox uses ${quote(designLabel(DEFAULT_PARAMS.design))}.`);
  }
  for (const spec of NUMBER_SPECS) {
    const raw = q.get(spec.url)?.trim();
    if (raw === undefined) continue;
    const base = DEFAULT_PARAMS[spec.key];
    if (!/^-?\d+(\.\d+)?$/.test(raw)) {
      notices.push(`${spec.label} ${quote(raw)} is not a number, so it is ${shown(spec, base)}.`);
      continue;
    }
    // Times are given in seconds and kept to a tenth of one; everything else is whole.
    let value = spec.seconds ? Math.round(Number(raw) * 10) * 100 : Number(raw);
    if (!spec.seconds && !Number.isInteger(value)) {
      const whole = Math.round(value);
      notices.push(`${spec.label} ${raw} is not a whole number, so it is ${whole}.`);
      value = whole;
    }
    const given = spec.seconds ? `${raw} s` : raw;
    if (value < spec.min) {
      notices.push(`${spec.label} ${given} is under ${shown(spec, spec.min)} (${spec.minWhy}), so it is ${shown(spec, spec.min)}.`);
      value = spec.min;
    } else if (value > spec.max) {
      notices.push(`${spec.label} ${given} is more than ${shown(spec, spec.max)} (${spec.maxWhy}), so it is ${shown(spec, spec.max)}.`);
      value = spec.max;
    }
    p[spec.key] = value;
  }
  return { params: p, notices };
}

/**
 * The settings as a link's query, every value written out (so a link keeps its meaning even if a
 * later version changes a default).
 * @example formatFutureSandbox(DEFAULT_PARAMS) // 'v=1&design=saga&threshold=500&window=7&backoff=10&buyers=2&orders=6&seed=1'
 */
export function formatFutureSandbox(p: FutureSandboxParams): string {
  const parts: [string, string][] = [
    ['v', String(SANDBOX_VERSION)],
    ['design', p.design],
    ['threshold', String(p.threshold)],
    ['window', String(p.windowDays)],
    ['backoff', fmtSeconds(p.backoffMs)],
    ['buyers', String(p.buyers)],
    ['orders', String(p.orders)],
    ['seed', String(p.seed)],
  ];
  return parts.map(([k, val]) => `${k}=${encodeURIComponent(val)}`).join('&');
}

const days = (n: number): string => `${n} day${n === 1 ? '' : 's'}`;
const secs = (ms: Ms): string => `${fmtSeconds(ms)} s`;

/** The retries of a design, in words. */
function retryWords(p: FutureSandboxParams): string {
  if (p.design === 'in-process') return `the Order API retries a failed call in memory after ${inProcessBackoff(p.backoffMs).map(secs).join(', ')}`;
  return `the broker retries a failed handling 5 times at once, then after ${brokerRetry(p.backoffMs).delayedMs.map(secs).join(', ')}`;
}

/** The settings in one sentence, for the narration and the settings dialog. */
export function describeFutureSandbox(p: FutureSandboxParams): string {
  const who = SANDBOX_BUYERS.slice(0, p.buyers).map((b) => b.buyer);
  const buyers = who.length === 1 ? `${who[0]} places` : `${who.slice(0, -1).join(', ')} and ${who[who.length - 1]} take turns placing`;
  return `${designLabel(p.design)}. ${buyers} ${p.orders} order${p.orders === 1 ? '' : 's'}, ${DISCOUNT_PERCENT}% off once an account’s ${windowSpan(p.windowDays).name} ${windowSpan(p.windowDays).reach} ${money(p.threshold)}; ${retryWords(p)}.`;
}

/** A virtual time as the steps name it: "day 2, 13:00". */
export function clock(t: Ms): string {
  const d = Math.floor(t / DAY);
  const h = Math.floor((t % DAY) / HOUR);
  const m = Math.floor((t % HOUR) / MINUTE);
  return `day ${d}, ${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** The rule's window as a subject: "week" holds, "last 3 days" hold, "last day" holds. */
function windowSpan(windowDays: number): { name: string; holds: string; reach: string } {
  if (windowDays === 7) return { name: 'week', holds: 'holds', reach: 'reaches' };
  if (windowDays === 1) return { name: 'last day', holds: 'holds', reach: 'reaches' };
  return { name: `last ${windowDays} days`, holds: 'hold', reach: 'reach' };
}

/** A moment's orders in a narration, one sentence per account: "Alice’s week holds $450: Ann orders $100 (nothing off), then Bob $150 ($15 off)." */
function momentSentences(orders: readonly PlannedOrder[], windowDays: number): string {
  const span = windowSpan(windowDays);
  const off = (o: PlannedOrder) => (o.discount > 0 ? `${money(o.discount)} off` : 'nothing off');
  const accounts = [...new Set(orders.map((o) => o.account))];
  return accounts
    .map((a) => {
      const mine = orders.filter((o) => o.account === a);
      const [first, ...rest] = mine;
      const then = rest.map((o) => `, then ${o.buyer} ${money(o.amount)} (${off(o)})`).join('');
      return `${a}’s ${span.name} ${span.holds} ${money(first!.before)}: ${first!.buyer} orders ${money(first!.amount)} (${off(first!)})${then}.`;
    })
    .join(' ');
}

/** A moment's title: its time and its orders, or how many when they are too many to name. */
function momentTitle(start: Ms, orders: readonly PlannedOrder[]): string {
  const when = clock(start).replace(/^day/, 'Day');
  if (orders.length <= 2) return `${when}: ${orders.map((o) => `${o.buyer} ${money(o.amount)}`).join(', ')}`;
  return `${when}: ${orders.length} orders, ${money(orders.reduce((sum, o) => sum + o.amount, 0))}`;
}

/** The amounts that leave their account's window between two times, in words, or ''. */
function leavingWords(plan: readonly PlannedOrder[], windowMs: Ms, from: Ms, to: Ms): string {
  const gone = plan.filter((o) => o.placedAt + windowMs > from && o.placedAt + windowMs <= to);
  if (gone.length === 0) return '';
  const total = gone.reduce((sum, o) => sum + o.amount, 0);
  return ` Before that, ${gone.length === 1 ? `${gone[0]!.buyer}’s ${money(total)} leaves` : `${gone.length} orders, ${money(total)}, leave`} the window.`;
}

/**
 * The sandbox as a scene the deck plays like any other: the set-up, one step per moment of
 * shopping, the weeks turning, and an end that lets anything a fault held up finish.
 * @example futureSandboxScene(DEFAULT_PARAMS).steps.length // 6: the set-up, 3 moments, the weeks turning, the end
 */
export function futureSandboxScene(p: FutureSandboxParams, _scenes: readonly Scene[] = []): Scene {
  const windowMs = p.windowDays * DAY;
  const plan = planOrders(p);
  const moments = [...new Set(plan.map((o) => o.moment))];
  const durable = p.design !== 'in-process';
  const setupEnd = SECOND;
  let now = setupEnd;
  let previous = 0;
  const steps: Step[] = [
    {
      name: 'setup',
      title: 'Your sandbox',
      narration: `${describeFutureSandbox(p)} Break something at any moment with X, or change the settings with E.`,
      notes: 'Take a question from the room (“what if the handler dies right after the 202?”), set the sandbox up for it and play it.',
      commands: [],
      until: { kind: 'for', ms: setupEnd },
      highlight: ['api', 'discount'],
    },
  ];
  for (const m of moments) {
    const mine = plan.filter((o) => o.moment === m);
    const start = mine[0]!.placedAt;
    const commands: AnyCommand[] = [{ do: 'wait', ms: start - now }];
    let t = start;
    for (const o of mine) {
      if (o.placedAt > t) commands.push({ do: 'wait', ms: o.placedAt - t });
      t = o.placedAt;
      commands.push(sagaOrder(o.buyer, o.account, o.amount) as unknown as AnyCommand);
    }
    steps.push({
      name: `moment-${m + 1}`,
      title: momentTitle(start, mine),
      narration: `${momentSentences(mine, p.windowDays)}${leavingWords(plan, windowMs, previous, start)}`,
      notes: `${mine.length > 1 ? 'The buyers order a minute apart, so a one-at-a-time run is the right answer. ' : ''}Pause mid-step and crash ${durable ? 'the Discount service while it holds an order' : 'the Order API while a retry or a 7-day reminder sits in its memory'}: ask the room what the table will say at the end.`,
      commands: commands as Step['commands'],
      until: { kind: 'for', ms: SETTLE_MS },
      highlight: ['web', 'api'],
    });
    previous = start;
    now = t + SETTLE_MS;
  }
  const lastExpiry = Math.max(...plan.map((o) => o.placedAt + windowMs));
  const discounts = Object.entries(expectedOf(plan))
    .filter(([k]) => k.endsWith('discount'))
    .map(([k, v]) => `${k.replace('’s discount', '')} ${money(v)}`)
    .join(', ');
  steps.push(
    {
      name: 'weeks-turn',
      title: p.windowDays === 7 ? 'The weeks turn' : 'The window slides on',
      narration: `No more orders. Each amount leaves its account’s total ${days(p.windowDays)} after it was placed, the last on ${clock(lastExpiry)}. ${durable ? 'The broker holds every one of those messages from the future.' : 'Every one of those reminders lives in the Order API’s memory.'}`,
      notes: durable
        ? 'Crash and restart anything now: the messages from the future are on the broker’s disk, so they still arrive, a little late at most.'
        : 'Crash the Order API now and watch the totals: the reminders that would take the amounts off die with the process.',
      commands: [],
      until: { kind: 'for', ms: lastExpiry - now + HOUR },
      highlight: durable ? ['broker', 'store'] : ['api', 'store'],
    },
    {
      name: 'the-end',
      title: 'Compare the table',
      narration: `Everything has come due. A correct run ends with every account at $0 and these discounts: ${discounts}. The verdict compares the table with that.`,
      notes: 'If they differ, scrub back and find the moment it went wrong; the link in the address bar reproduces this exact run, faults included. An order the Order API refused while it was down never got its 202 and counts as missing: its buyer would have seen an error and tried again. (The simulation skips the retry.)',
      // Lets whatever a fault held up in the last step come due (a run without faults has nothing left).
      commands: [{ do: 'wait', ms: windowMs + HOUR }] as Step['commands'],
      highlight: ['store'],
    },
  );
  return {
    id: SANDBOX_ID,
    chapter: 'future',
    title: 'Sandbox',
    summary: `A world of your own. ${describeFutureSandbox(p)}`,
    channels: [],
    world: FUTURE_WORLD,
    kernel: sandboxKernel(p),
    stage: sandboxStage(p.design),
    expected: expectedOf(plan),
    steps,
  };
}
