/**
 * What the Orders DB says and shows, as pure folds of the trace up to a virtual time: one plain
 * sentence per trace kind for the narration log, the table of account rows (the 7-day total at
 * that instant, the running total where one is kept, the version), CONFLICT / COMMIT FAILED /
 * DEDUPED marks, and the figures the end-of-scene verdict checks. Also the timeline (kind
 * db.timeline): the account's orders on a time axis, for the glyph that draws the sliding
 * 7-day band. Reads only this family's events. Pure: no DOM.
 *
 * The verdict's figures (NodeView.balances of a db.table), what a scene's `expected` names (the
 * names the verdict card shows, so they read as words: "WRONG · Alice’s total"):
 *   '<account>’s total'      — e.g. 'Alice’s total': the running total where the table keeps one;
 *   '<account>’s 7 days'     — the 7-day total at t (where the table keeps no running total);
 *   '<account>’s discounts'  — dollars off over every order of the account the table stores.
 */
import type { TraceBase } from '../../kernel/types.ts';
import { money } from '../../lib/format.ts';
import type { FamilyViews, Namer, NodeItem, NodeRef, NodeView, TimeSpaceEntry } from '../family.ts';
import { DEFAULT_WINDOW_MS, windowTotal } from './table.ts';
import { discountsOf, totalOf, weekOf } from './names.ts';
import type { DbTraceEvent, DbTraceKind, DbWrite, Ms, OrderRecord, Party } from './types.ts';

/** Every trace kind this family writes. */
export const DB_TRACE_KINDS: readonly DbTraceKind[] = ['db.ready', 'db.read', 'db.rows', 'db.commit', 'db.committed', 'db.conflict', 'db.failed', 'db.dedup', 'db.fail-armed'];
const KNOWN = new Set<string>(DB_TRACE_KINDS);

/** Whether an event is one of this family's. */
export const isDbEvent = (e: { kind: string }): e is DbTraceEvent => KNOWN.has(e.kind);

/** The timeline's kind: a picture of a table's orders, not an actor of its own. */
export const DB_TIMELINE_KIND = 'db.timeline';

/**
 * An actor as this family's sentences say it.
 * @example dbName('db') // 'the Orders DB'
 * @example dbName('service:B') // 'instance B'
 */
export const dbName: Namer = (party) => {
  if (party === undefined) return 'someone';
  if (party === 'db') return 'the Orders DB';
  if (party === 'discount') return 'the Discount service';
  const [kind, id] = party.split(':');
  if (id !== undefined && kind === 'service') return `instance ${id}`;
  return party;
};

/** "version 3". */
const v = (n: number | undefined): string => `version ${n ?? '?'}`;

/** "Ann's order of $100" or "an order of $100". */
const orderWords = (o: Pick<OrderRecord, 'buyer' | 'amount'>): string => (o.buyer && o.buyer !== 'earlier' ? `${o.buyer}\u2019s order of ${money(o.amount)}` : `an order of ${money(o.amount)}`);

/** What a commit asks to write, in words. */
function writesWords(writes: readonly DbWrite[] | undefined): string {
  const parts = (writes ?? []).map((w) =>
    w.op === 'insert-order' ? `${orderWords(w.order)} (${money(w.order.discount)} off)` : `${w.amount >= 0 ? '+' : '\u2212'}${money(Math.abs(w.amount))} to ${w.account}\u2019s running total`,
  );
  return parts.length > 0 ? parts.join(' and ') : 'nothing';
}

/** "Alice's last 7 days total $450" plus the running total where there is one. */
function totalsWords(e: Pick<DbTraceEvent, 'account' | 'windowTotal' | 'total'>): string {
  const who = e.account ?? 'the account';
  const kept = e.total === undefined ? '' : `, running total ${money(e.total)}`;
  return `${who}\u2019s last 7 days total ${money(e.windowTotal ?? 0)}${kept}`;
}

/**
 * One event as a sentence, without its time; undefined for kinds this family does not write.
 * @example sayDb({ t: 0, kind: 'db.conflict', from: 'db', to: 'service:B', version: 1, current: 2 }) // 'the Orders DB refuses … CONCURRENCY ERROR …'
 */
export function sayDb(e: { kind: string } & Partial<Omit<DbTraceEvent, 'kind'>>, name: Namer = dbName): string | undefined {
  if (!isDbEvent(e)) return undefined;
  const from = name(e.from);
  const to = name(e.to);
  switch (e.kind) {
    case 'db.ready': {
      const rows = (e.rows ?? []).map((r) => totalsWords(r)).join('; ');
      return `${from} opens: ${rows || 'no orders yet'}`;
    }
    case 'db.read':
      return `${from} reads ${e.account ?? 'the account'}\u2019s row from ${to}`;
    case 'db.rows':
      return `${from} answers ${to}: ${totalsWords(e)} (${v(e.version)})`;
    case 'db.commit': {
      const check = (e.reads ?? []).length > 0 ? `, if ${e.reads!.map((r) => `${r.account}\u2019s row is still at ${v(r.version)}`).join(' and ')}` : '';
      return `${from} commits ${writesWords(e.writes)}${check}`;
    }
    case 'db.committed': {
      const stored = e.order ? `stores ${orderWords(e.order)}, ${money(e.order.discount)} off, charged ${money(e.order.charged)}` : 'commits the update';
      return `${from} ${stored}: ${totalsWords(e)} (${v(e.version)})`;
    }
    case 'db.conflict':
      return `${from} refuses the commit of ${to}: CONCURRENCY ERROR, it read ${v(e.version)} but the row is at ${v(e.current)} now; nothing changes`;
    case 'db.failed':
      return `${from} fails the commit of ${to}: nothing is written`;
    case 'db.dedup':
      return `${from} already has the order with this key (${e.order ? orderWords(e.order) : 'an order'}): nothing new is written, and the first order is returned`;
    case 'db.fail-armed':
      return `the next ${e.count === 1 ? 'commit' : `${e.count ?? 1} commits`} to ${from} will fail`;
  }
}

/** This family's events that have happened by time t, in order. */
const upTo = (trace: readonly TraceBase[], t: Ms): DbTraceEvent[] => trace.filter((e): e is DbTraceEvent => e.t <= t && isDbEvent(e));

/** A table's orders, rows, versions and marks by time t. */
function tableFold(id: Party | undefined, events: readonly DbTraceEvent[]) {
  const orders: OrderRecord[] = [];
  const versions = new Map<string, { version: number; changedAt?: Ms }>();
  const totals = new Map<string, number>();
  const marks: { word: string; violation: boolean; t: Ms }[] = [];
  let running = false;
  let windowMs = DEFAULT_WINDOW_MS;
  let commits = 0;
  for (const e of events) {
    if (id !== undefined && e.from !== id) continue;
    if (e.kind === 'db.ready') {
      running = e.runningTotals ?? false;
      windowMs = e.windowMs ?? DEFAULT_WINDOW_MS;
      orders.push(...(e.orders ?? []));
      for (const r of e.rows ?? []) {
        versions.set(r.account, { version: r.version });
        if (r.total !== undefined) totals.set(r.account, r.total);
      }
    } else if (e.kind === 'db.committed' && e.account) {
      commits++;
      if (e.order) orders.push(e.order);
      versions.set(e.account, { version: e.version ?? 0, changedAt: e.t });
      if (e.total !== undefined) totals.set(e.account, e.total);
    } else if (e.kind === 'db.conflict') marks.push({ word: 'CONFLICT', violation: false, t: e.t });
    else if (e.kind === 'db.failed') marks.push({ word: 'COMMIT FAILED', violation: false, t: e.t });
    else if (e.kind === 'db.dedup') marks.push({ word: 'DEDUPED', violation: false, t: e.t });
  }
  return { orders, versions, totals, marks, running, windowMs, commits };
}

/**
 * What the table knows of an account at t: its 7-day total, its running total (if kept) and the discounts it gave.
 * @example accountFigures(trace, 'Alice', t) // { windowTotal: 650, discounts: 0, orders: 2 }
 */
export function accountFigures(trace: readonly TraceBase[], account: string, t: Ms, table?: Party) {
  const f = tableFold(table, upTo(trace, t));
  const mine = f.orders.filter((o) => o.account === account);
  return {
    windowTotal: windowTotal(mine, account, t, f.windowMs),
    ...(f.totals.has(account) ? { total: f.totals.get(account)! } : {}),
    discounts: mine.reduce((s, o) => s + o.discount, 0),
    /** Orders placed during the story (time 0 on). */
    placed: mine.filter((o) => o.t >= 0),
    /** Every order of the account, last week's too. */
    all: mine,
  };
}

function tableView(node: NodeRef, events: readonly DbTraceEvent[], t: Ms): NodeView {
  const f = tableFold(node.id, events);
  const accounts = [...f.versions.keys()];
  const rows = accounts.map((a) => {
    const ver = f.versions.get(a)!;
    const week = money(windowTotal(f.orders, a, t, f.windowMs));
    // With a running total the row shows it beside the 7-day sum; the version is then in the inspector (three columns fit a phone).
    const cells = f.running ? [a, money(f.totals.get(a) ?? 0), week] : [a, week, `v${ver.version}`];
    return { key: a, cells, ...(ver.changedAt === undefined ? {} : { changedAt: ver.changedAt }) };
  });
  const placed = f.orders.filter((o) => o.t >= 0);
  const balances: Record<string, number> = {};
  for (const a of accounts) {
    if (f.running) balances[totalOf(a)] = f.totals.get(a) ?? 0;
    else balances[weekOf(a)] = windowTotal(f.orders, a, t, f.windowMs);
    balances[discountsOf(a)] = f.orders.filter((o) => o.account === a).reduce((s, o) => s + o.discount, 0);
  }
  // The story's orders as pills, newest last: what each buyer paid, and any discount.
  const items: NodeItem[] = placed.map((o) => ({ id: o.id, label: money(o.charged), tone: 'deposit', tag: `${o.buyer}${o.discount > 0 ? `, ${money(o.discount)} off` : ''}`, since: o.t }));
  return {
    state: 'open',
    items,
    table: { columns: f.running ? ['Account', 'Total', '7 days'] : ['Account', '7 days', 'Ver'], rows },
    badges: f.marks,
    balances,
  };
}

/** The timeline: every order of the scene's table as an item at its time (`since`), the 7-day total at t as the state. */
function timelineView(events: readonly DbTraceEvent[], t: Ms): NodeView {
  const f = tableFold(undefined, events);
  const account = f.orders[0]?.account ?? '';
  const items: NodeItem[] = f.orders.map((o) => ({
    id: o.id,
    label: money(o.amount),
    tone: o.discount > 0 ? 'discounted' : o.t > t - f.windowMs ? 'in-window' : 'out-of-window',
    tag: o.discount > 0 ? `${money(o.discount)} off` : o.buyer === 'earlier' ? '' : o.buyer,
    since: o.t,
  }));
  return { state: `${money(windowTotal(f.orders, account, t, f.windowMs))} in 7 days`, items, badges: [], note: `window ${Math.round(f.windowMs / 86_400_000)} days` };
}

/**
 * What a node of this family shows at virtual time t.
 * @example viewDb({ id: 'db', kind: 'db.table', title: 'Orders DB' }, trace, t).table.rows[0].cells // ['Alice', '$550', 'v2']
 */
export function viewDb(node: NodeRef, trace: readonly TraceBase[], t: Ms): NodeView {
  const events = upTo(trace, t);
  if (node.kind === DB_TIMELINE_KIND) return timelineView(events, t);
  return tableView(node, events, t);
}

/** The label on a token in flight: '7 d: $450' for a row, '+$100' for a commit, the outcome for an answer. */
export function dbTokenLabel(e: { kind: string } & Partial<Omit<DbTraceEvent, 'kind'>>): string {
  switch (e.kind) {
    case 'db.read':
      return 'read';
    case 'db.rows':
      return e.total !== undefined ? `total ${money(e.total)}` : `${money(e.windowTotal ?? 0)}`;
    case 'db.commit': {
      const o = e.writes?.find((w) => w.op === 'insert-order');
      if (o && o.op === 'insert-order') return `${money(o.order.charged)}`;
      const a = e.writes?.find((w) => w.op === 'add-to-total');
      return a && a.op === 'add-to-total' ? `${a.amount >= 0 ? '+' : '\u2212'}${money(Math.abs(a.amount))}` : 'commit';
    }
    case 'db.committed':
      return 'committed';
    case 'db.conflict':
      return 'conflict';
    case 'db.failed':
      return 'failed';
    case 'db.dedup':
      return 'deduped';
    default:
      return '';
  }
}

/** The inspector's rows for a table: every order, the versions and the marks. */
export function inspectDb(node: NodeRef, trace: readonly TraceBase[], t: Ms): { label: string; value: string }[] {
  const f = tableFold(node.kind === DB_TIMELINE_KIND ? undefined : node.id, upTo(trace, t));
  return [
    ...[...f.versions].map(([a, ver]) => ({ label: a, value: `${money(windowTotal(f.orders, a, t, f.windowMs))} over 7 days${f.totals.has(a) ? `, running total ${money(f.totals.get(a)!)}` : ''}, ${v(ver.version)}` })),
    { label: 'Orders', value: f.orders.map((o) => `${o.buyer} ${money(o.amount)} (${money(o.discount)} off) at ${Math.round(o.t / 3_600_000)} h`).join('; ') || 'none' },
    { label: 'Commits', value: String(f.commits) },
    { label: 'Concurrency errors', value: String(f.marks.filter((m) => m.word === 'CONFLICT').length) },
    { label: 'Failed commits', value: String(f.marks.filter((m) => m.word === 'COMMIT FAILED').length) },
  ];
}

/** What a db event draws on the time-space diagram: its hops as arrows, a conflict as a refusal. */
export function dbTimeSpace(e: DbTraceEvent): TimeSpaceEntry | undefined {
  if (!e.from || !e.to || e.arrives === undefined) return undefined;
  const kind = e.kind === 'db.conflict' || e.kind === 'db.failed' ? 'refuse' : e.kind === 'db.commit' ? 'write' : 'request';
  return { from: e.from, to: e.to, kind, arrives: e.arrives, tone: e.kind === 'db.conflict' || e.kind === 'db.failed' ? 'alarm' : 'neutral', label: dbTokenLabel(e) };
}

/** The db family's words and pictures-as-data. */
export const dbViews: FamilyViews<TraceBase> = {
  id: 'db',
  traceKinds: DB_TRACE_KINDS,
  say: (e, name) => sayDb(e, name),
  name: dbName,
  view: viewDb,
  tokenLabel: dbTokenLabel,
  inspect: inspectDb,
  timespace: (e) => dbTimeSpace(e as DbTraceEvent),
};
