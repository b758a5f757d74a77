/**
 * What the batch family's actors show on the stage and in the inspector, as pure folds of the
 * trace up to a virtual time: the Order API's order being priced and its STALE READ marks, the
 * orders with what each was given and the account's week as it is now, the status table as the
 * last run left it, the job's run with its progress (and PAST THE NIGHT once it overruns), and
 * the run-time chart's figures. Reads only this family's events. Pure: no DOM.
 *
 * @example batchViews.view!({ id: 'status', kind: 'batch.status', title: 'Status' }, trace, t).table.rows[0].cells // ['Alice', '450', 'none']
 */
import type { TraceBase } from '../../kernel/types.ts';
import type { FamilyViews, NodeItem, NodeRef, NodeView, TimeSpaceEntry } from '../family.ts';
import { accountsThatFit, runTimeMs, windowTotal } from './rule.ts';
import type { AccountStatus, BatchTraceEvent, Ms, Order, Party } from './types.ts';
import { BATCH_KINDS } from './world.ts';
import { BATCH_TRACE_KINDS, batchName, count, dayTime, hours, isBatchEvent, off, sayBatch, statusWord, tokenLabel } from './words.ts';

const upTo = (trace: readonly TraceBase[], t: Ms): BatchTraceEvent[] => trace.filter((e): e is BatchTraceEvent => e.t <= t && isBatchEvent(e));
const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

/** The figures the run-time chart plots: run time against accounts, the night, where the platform is now. */
export interface RunTimeChart {
  msPerAccount: Ms;
  nightMs: Ms;
  /** Accounts the job goes through now. */
  accounts: number;
  /** Where the line crosses the night. */
  fit: number;
}

/** A chart node's view: a NodeView (the box glyph draws its note) that also carries the chart's figures for the chart glyph. */
export interface RunTimeChartView extends NodeView {
  chart?: RunTimeChart;
}

/** The job's figures as its trace says them by now: its schedule, then any growth. */
function jobFigures(events: readonly BatchTraceEvent[], job?: Party) {
  let f: { msPerAccount: Ms; nightMs: Ms; accounts: number; everyMs: Ms; firstRunAt: Ms } | undefined;
  for (const e of events) {
    if (job !== undefined && e.from !== job) continue;
    if (e.kind === 'job-scheduled') f = { msPerAccount: e.msPerAccount ?? 0, nightMs: e.nightMs ?? 0, accounts: e.accounts ?? 0, everyMs: e.everyMs ?? 0, firstRunAt: e.firstRunAt ?? 0 };
    else if (e.kind === 'batch-grown' && f) f = { ...f, accounts: e.accounts ?? f.accounts };
  }
  return f;
}

function chartView(events: readonly BatchTraceEvent[]): RunTimeChartView {
  const f = jobFigures(events);
  if (!f) return { state: '', items: [], badges: [] };
  const chart: RunTimeChart = { msPerAccount: f.msPerAccount, nightMs: f.nightMs, accounts: f.accounts, fit: accountsThatFit(f.nightMs, f.msPerAccount) };
  return { state: '', items: [], badges: [], chart, note: `${count(f.accounts)} accounts: ${hours(runTimeMs(f.accounts, f.msPerAccount))} a run` };
}

/** Orders as the store holds them by now, and the instants each was stored. */
function ordersFold(id: Party, events: readonly BatchTraceEvent[]) {
  const orders: Order[] = [];
  const stored = new Map<string, { t: Ms; ruleDiscount: number }>();
  for (const e of events) {
    if (e.from !== id) continue;
    if (e.kind === 'batch-open' && e.orders) orders.push(...e.orders);
    else if (e.kind === 'batch-stored' && e.order && e.account && e.buyer && e.amount !== undefined) {
      const at = events.find((x) => x.kind === 'batch-order' && x.order === e.order)?.t ?? e.t;
      orders.push({ id: e.order, account: e.account, buyer: e.buyer, amount: e.amount, at, discount: e.discount ?? 0 });
      stored.set(e.order, { t: e.t, ruleDiscount: e.ruleDiscount ?? 0 });
    }
  }
  return { orders, stored };
}

/** The window of the rule, as the orders store said it when it opened (7 days if it did not). */
const windowOf = (id: Party, events: readonly BatchTraceEvent[]): Ms => events.find((e) => e.kind === 'batch-open' && e.from === id)?.windowMs ?? 7 * 24 * 3_600_000;

/** What an order was given, and what the rule said was due when they differ. */
const offCell = (given: number, due: number | undefined): string => (due === undefined || due === given ? String(given) : `${given} \u2260 ${due}`);

function ordersView(node: NodeRef, events: readonly BatchTraceEvent[], t: Ms): NodeView {
  const f = ordersFold(node.id, events);
  const accounts = [...new Set(f.orders.map((o) => o.account))];
  const w = windowOf(node.id, events);
  // One account needs no name: "last 7 days: 550".
  const week = accounts.length === 1 ? String(windowTotal(f.orders, accounts[0]!, t, w)) : accounts.map((a) => `${a}: ${windowTotal(f.orders, a, t, w)}`).join(', ');
  return {
    state: 'idle',
    items: [],
    table: {
      columns: ['Order', 'Amount', 'Off'],
      rows: f.orders.map((o) => ({
        key: o.id,
        // An order priced against the rule says both: what it was given, and what was due ("0 ≠ 10").
        cells: [`${o.buyer === 'earlier' ? 'Earlier' : o.buyer} ${dayTime(o.at)}`, String(o.amount), offCell(o.discount, f.stored.get(o.id)?.ruleDiscount)],
        ...(f.stored.has(o.id) ? { changedAt: f.stored.get(o.id)!.t } : {}),
      })),
    },
    badges: [],
    ...(week ? { note: `last 7 days: ${week}` } : {}),
  };
}

function statusFold(id: Party, events: readonly BatchTraceEvent[]) {
  const rows = new Map<string, AccountStatus & { changedAt?: Ms }>();
  for (const e of events) {
    if (e.from !== id) continue;
    if (e.kind === 'batch-open' && e.statuses) for (const [a, s] of Object.entries(e.statuses)) rows.set(a, s);
    else if (e.kind === 'status-updated' && e.account) rows.set(e.account, { total: e.total ?? 0, discount: e.status ?? false, asOf: e.asOf ?? e.t, changedAt: e.t });
  }
  return rows;
}

function statusView(node: NodeRef, events: readonly BatchTraceEvent[]): NodeView {
  const rows = statusFold(node.id, events);
  const asOf = Math.max(...[...rows.values()].map((r) => r.asOf));
  return {
    state: 'idle',
    items: [],
    table: { columns: ['Account', 'Week', 'Status'], rows: [...rows].map(([a, r]) => ({ key: a, cells: [a, String(r.total), statusWord(r.discount)], ...(r.changedAt === undefined ? {} : { changedAt: r.changedAt }) })) },
    badges: [],
    ...(rows.size > 0 ? { note: `as of ${dayTime(asOf)}` } : {}),
  };
}

/** The orders the API is pricing at t, and the stale reads it made. */
function apiFold(id: Party, events: readonly BatchTraceEvent[]) {
  const pricing = new Map<string, BatchTraceEvent>();
  const stale: BatchTraceEvent[] = [];
  const priced: BatchTraceEvent[] = [];
  for (const e of events) {
    if (e.kind === 'batch-order' && e.from === id && e.order) pricing.set(e.order, e);
    else if (e.kind === 'batch-insert' && e.from === id && e.order) {
      pricing.delete(e.order);
      priced.push(e);
    } else if (e.kind === 'stale-read' && e.from === id) stale.push(e);
  }
  return { pricing: [...pricing.values()], stale, priced };
}

function apiView(node: NodeRef, events: readonly BatchTraceEvent[]): NodeView {
  const f = apiFold(node.id, events);
  const items: NodeItem[] = f.pricing.map((e) => ({ id: e.order!, label: `${e.buyer} ${e.amount}`, tone: 'deposit', tag: 'reading status', since: e.t }));
  const last = f.priced[f.priced.length - 1];
  const given: Record<string, number> = {};
  for (const p of f.priced) if (p.buyer) given[p.buyer] = (given[p.buyer] ?? 0) + (p.discount ?? 0);
  return {
    state: items.length > 0 ? 'pricing' : 'idle',
    items,
    // One mark, counted: the box has room for it at every size.
    badges: f.stale.length > 0 ? [{ word: f.stale.length > 1 ? `STALE READ \u00d7${f.stale.length}` : 'STALE READ', violation: true, t: f.stale[0]!.t }] : [],
    ...(last ? { note: `${last.buyer} ${last.amount}: ${last.discount ?? 0} off` } : {}),
    balances: given,
  };
}

/** The job's current run at t (with its progress), its finished runs, and whether any overran. */
function jobFold(id: Party, events: readonly BatchTraceEvent[]) {
  let current: BatchTraceEvent | undefined;
  let reading = false;
  const ended: BatchTraceEvent[] = [];
  for (const e of events) {
    if (e.from !== id) continue;
    if (e.kind === 'batch-scan') reading = true;
    else if (e.kind === 'job-start') {
      reading = false;
      current = e;
    } else if (e.kind === 'job-end') {
      current = undefined;
      ended.push(e);
    }
  }
  return { current, reading, ended, figures: jobFigures(events, id) };
}

function jobView(node: NodeRef, events: readonly BatchTraceEvent[], t: Ms): NodeView {
  const f = jobFold(node.id, events);
  const c = f.current;
  const last = f.ended[f.ended.length - 1];
  // The run going on, with its progress and when it will end; else the last one, with when it ended (short enough for a phone's box).
  const items: NodeItem[] = c
    ? [{ id: `run${c.run}`, label: `run ${c.run}`, tone: 'tweet', progress: clamp01((t - c.t) / Math.max(1, c.runMs ?? 1)), tag: `to ${dayTime(c.ends ?? c.t).slice(4)}` }]
    : last
      ? [{ id: `run${last.run}`, label: `run ${last.run}`, tone: 'tweet', tag: `to ${dayTime(last.t).slice(4)}` }]
      : [];
  const overrun = [...f.ended.filter((e) => e.overran).map((e) => e.nightEnds ?? e.t), ...(c && (c.ends ?? 0) > (c.nightEnds ?? Infinity) && t >= (c.nightEnds ?? Infinity) ? [c.nightEnds!] : [])];
  const fig = f.figures;
  return {
    state: c ? 'running' : f.reading ? 'reading' : 'idle',
    items,
    badges: [...new Set(overrun)].map((at) => ({ word: 'PAST THE NIGHT', violation: true, t: at })),
    ...(fig ? { note: `${count(fig.accounts)} accounts` } : {}),
  };
}

/**
 * What a node of one of this family's kinds shows at virtual time t.
 * @example viewBatch({ id: 'job', kind: 'batch.job', title: 'Batch job' }, trace, 3 * 3_600_000).state // 'running'
 */
export function viewBatch(node: NodeRef, trace: readonly TraceBase[], t: Ms): NodeView {
  const events = upTo(trace, t);
  switch (node.kind) {
    case BATCH_KINDS.api:
      return apiView(node, events);
    case BATCH_KINDS.orders:
      return ordersView(node, events, t);
    case BATCH_KINDS.status:
      return statusView(node, events);
    case BATCH_KINDS.job:
      return jobView(node, events, t);
    case BATCH_KINDS.chart:
      return chartView(events);
    default:
      return { state: 'idle', items: [], badges: [] };
  }
}

const list = (xs: readonly string[]): string => (xs.length > 0 ? xs.join('; ') : 'none');

/** The inspector's rows for a node: every fact the picture leaves out. */
export function inspectBatch(node: NodeRef, trace: readonly TraceBase[], t: Ms): { label: string; value: string }[] {
  const events = upTo(trace, t);
  switch (node.kind) {
    case BATCH_KINDS.api: {
      const f = apiFold(node.id, events);
      return [
        { label: 'Prices from', value: 'the status table only, never the orders' },
        { label: 'Pricing now', value: list(f.pricing.map((e) => `${e.buyer} ${e.amount}`)) },
        { label: 'Priced', value: list(f.priced.map((e) => `${e.buyer} ${e.amount} at ${dayTime(e.t)}: ${off(e.discount)}`)) },
        { label: 'Stale reads', value: list(f.stale.map((e) => `${e.buyer} at ${dayTime(e.t)}: given ${off(e.discount)}, the rule says ${off(e.ruleDiscount)}`)) },
      ];
    }
    case BATCH_KINDS.orders: {
      const f = ordersFold(node.id, events);
      return [
        ...f.orders.map((o) => ({ label: `${o.buyer} ${dayTime(o.at)}`, value: `${o.amount}, ${off(o.discount)}${f.stored.has(o.id) ? `; the rule said ${off(f.stored.get(o.id)!.ruleDiscount)}` : ''}` })),
        ...[...new Set(f.orders.map((o) => o.account))].map((a) => ({ label: `${a}, last 7 days`, value: String(windowTotal(f.orders, a, t, windowOf(node.id, events))) })),
      ];
    }
    case BATCH_KINDS.status:
      return [...statusFold(node.id, events)].map(([a, r]) => ({ label: a, value: `${statusWord(r.discount)}: ${r.total} over the 7 days before ${dayTime(r.asOf)}` }));
    case BATCH_KINDS.job: {
      const f = jobFold(node.id, events);
      const fig = f.figures;
      return [
        { label: 'Schedule', value: fig ? `every ${hours(fig.everyMs)} from ${dayTime(fig.firstRunAt)}` : 'unknown' },
        { label: 'Cost', value: fig ? `${(fig.msPerAccount / 1000).toLocaleString('en-US')} s an account; ${count(fig.accounts)} accounts take ${hours(runTimeMs(fig.accounts, fig.msPerAccount))}` : 'unknown' },
        { label: 'Night', value: fig ? `${hours(fig.nightMs)}; ${count(accountsThatFit(fig.nightMs, fig.msPerAccount))} accounts fit` : 'unknown' },
        { label: 'Running', value: f.current ? `run ${f.current.run}, until ${dayTime(f.current.ends ?? 0)}` : 'no' },
        { label: 'Runs done', value: list(f.ended.map((e) => `run ${e.run}: ${hours(e.runMs ?? 0)}${e.overran ? ', past the night' : ''}`)) },
      ];
    }
    default:
      return [];
  }
}

/** What an event draws on the time-space diagram: the reads and writes between the actors, and a stale read as a miss on the API's lane. */
export function batchTimeSpace(event: TraceBase): TimeSpaceEntry | undefined {
  if (!isBatchEvent(event)) return undefined;
  const e = event;
  const hop = (kind: string, tone: string): TimeSpaceEntry | undefined =>
    e.from === undefined || e.to === undefined ? undefined : { from: e.from, to: e.to, kind, tone, label: tokenLabel(e), ...(e.arrives === undefined ? {} : { arrives: e.arrives }), ...(e.order ? { msg: e.order } : {}) };
  switch (e.kind) {
    case 'batch-status-read':
    case 'batch-scan':
      return hop('request', 'neutral');
    case 'batch-status-reply':
    case 'batch-scan-reply':
      return hop('reply', 'neutral');
    case 'batch-insert':
    case 'batch-status-write':
      return hop('write', 'neutral');
    case 'stale-read':
      return e.from === undefined ? undefined : { at: e.from, mark: 'miss', tone: 'alarm', label: 'stale', ...(e.order ? { msg: e.order } : {}) };
    case 'job-end':
      return e.from === undefined ? undefined : { at: e.from, mark: e.overran ? 'timeout' : 'skip', tone: e.overran ? 'alarm' : 'neutral', label: hours(e.runMs ?? 0) };
    default:
      return undefined;
  }
}

/** The batch family's words and pictures-as-data. */
export const batchViews: FamilyViews<TraceBase> = {
  id: 'batch',
  traceKinds: BATCH_TRACE_KINDS,
  say: (e, name) => (isBatchEvent(e) ? sayBatch(e, name) : undefined),
  name: batchName,
  view: viewBatch,
  tokenLabel: (e) => (isBatchEvent(e) ? tokenLabel(e) : e.kind),
  inspect: inspectBatch,
  timespace: batchTimeSpace,
};
