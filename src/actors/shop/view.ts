/**
 * What the shop's actors say and show, as pure folds of the trace up to a virtual time: one plain
 * sentence per trace kind for the narration log; an Order API instance's orders in hand and the
 * Discount retries waiting in its memory (with RETRY LOST once a crash has taken one); the
 * Discount service's failures; a browser's attempts, each with how long it took (the latency
 * bars its glyph draws) and how long the buyer has waited in all. Reads only this family's
 * events. Pure: no DOM.
 */
import type { TraceBase } from '../../kernel/types.ts';
import { money } from '../../lib/format.ts';
import type { FamilyViews, Namer, NodeItem, NodeRef, NodeView, TimeSpaceEntry } from '../family.ts';
import { statusLabel } from '../http/words.ts';
import { windowTotal } from '../db/table.ts';
import { accountFigures } from '../db/view.ts';
import { discountOf } from './orderApi.ts';
import type { DiscountRule, Ms, Party, ShopTraceEvent, ShopTraceKind } from './types.ts';
import { SHOP_KINDS } from './world.ts';
import { invoiceOf } from './names.ts';

/** Every trace kind this family writes. */
export const SHOP_TRACE_KINDS: readonly ShopTraceKind[] = [
  'shop.api-ready',
  'shop.take',
  'shop.decide',
  'shop.retry-tx',
  'shop.reply',
  'shop.call-discount',
  'shop.discount-ok',
  'shop.retry-wait',
  'shop.gave-up',
  'shop.notify',
  'shop.down',
  'shop.up',
  'shop.dropped',
  'shop.lose-armed',
  'shop.discount-fail',
  'shop.discount-done',
  'shop.discount-armed',
  'shop.attempt',
  'shop.timeout',
  'shop.error',
  'shop.backoff',
  'shop.done',
  'shop.late',
  'shop.failed',
];
const KNOWN = new Set<string>(SHOP_TRACE_KINDS);

/** Whether an event is one of this family's. */
export const isShopEvent = (e: { kind: string }): e is ShopTraceEvent => KNOWN.has(e.kind);

const NAMES: Readonly<Record<string, string>> = { lb: 'the load balancer', db: 'the Orders DB', discount: 'the Discount service', broker: 'the broker' };

/**
 * An actor as this family's sentences say it.
 * @example shopName('service:A') // 'instance A'
 * @example shopName('discount') // 'the Discount service'
 */
export const shopName: Namer = (party) => {
  if (party === undefined) return 'someone';
  const named = NAMES[party];
  if (named) return named;
  const [kind, id] = party.split(':');
  if (id !== undefined && kind === 'service') return `instance ${id}`;
  return party;
};

/** "1 s", "4.6 s"; "3 days" past a day. */
export const duration = (ms: Ms): string => (ms >= 86_400_000 ? `${Number((ms / 86_400_000).toFixed(1))} days` : `${Number((ms / 1000).toFixed(1))} s`);

const orderOf = (e: Partial<ShopTraceEvent>): string => e.payload?.what ?? (e.payload ? `an order of ${money(e.payload.amount)}` : 'an order');

/**
 * One event as a sentence, without its time; undefined for kinds this family does not write.
 * @example sayShop({ t: 0, kind: 'shop.decide', from: 'service:A', base: 450, threshold: 500, discount: 0, charged: 100, basis: 'window' }) // 'instance A reads $450 over the last 7 days: under $500, no discount; it charges $100'
 */
export function sayShop(e: { kind: string } & Partial<Omit<ShopTraceEvent, 'kind'>>, name: Namer = shopName): string | undefined {
  if (!isShopEvent(e)) return undefined;
  const from = name(e.from);
  const to = name(e.to);
  const browser = `${from}\u2019s browser`;
  const what = orderOf(e);
  const running = `${e.account ?? 'the account'}\u2019s running total`;
  switch (e.kind) {
    case 'shop.api-ready':
      return `${from} is up: ${e.design === 'read-then-write' ? 'it reads the 7-day total, then writes the order' : e.design === 'running-total' ? 'it reads the running total, and has the Discount service update it after each order' : 'it reads the running total and commits the order with it in one transaction'}`;
    case 'shop.take':
      return `${from} takes ${what}`;
    case 'shop.decide': {
      const seen = e.basis === 'running' ? `the running total, ${money(e.base ?? 0)}` : `${money(e.base ?? 0)} over the last 7 days`;
      const rule = (e.discount ?? 0) > 0 ? `${money(e.threshold ?? 0)} or more, ${money(e.discount ?? 0)} off` : `under ${money(e.threshold ?? 0)}, no discount`;
      return `${from} reads ${seen}: ${rule}; it charges ${money(e.charged ?? 0)}`;
    }
    case 'shop.retry-tx':
      return `${from} reads the row again and retries the transaction (attempt ${e.attempt ?? 2})`;
    case 'shop.reply': {
      const status = e.status === undefined ? 'an answer' : e.status === 200 ? `200 OK, charged ${money(e.charged ?? 0)}` : `${e.status}: the order did not go through`;
      return `${from} answers ${status}${e.deduped ? ' (the order the DB already had: nothing new was stored)' : ''}${e.cut ? '; the answer is LOST on the way back' : ''}`;
    }
    case 'shop.call-discount':
      return `${from} asks ${to} to add ${money(e.amount ?? 0)} to ${running}${(e.attempt ?? 1) > 1 ? ` (retry ${(e.attempt ?? 2) - 1})` : ''}`;
    case 'shop.discount-ok':
      return `${from} hears that ${running} is updated`;
    case 'shop.retry-wait':
      return `${from} will try again in ${duration(e.waitMs ?? 0)}: the retry waits in its memory`;
    case 'shop.gave-up':
      return `${from} gives up on ${running} after ${e.attempt ?? 1} attempts: the ${money(e.amount ?? 0)} is never added`;
    case 'shop.notify':
      return `${from} tells ${to} about the order: ${money(e.amount ?? 0)} on ${e.account ?? 'the account'}`;
    case 'shop.down': {
      const updates = e.lostUpdates ?? [];
      const reqs = e.lostReqs ?? [];
      const lost = [
        ...(reqs.length > 0 ? [`${reqs.length === 1 ? 'the order' : `${reqs.length} orders`} in its hands`] : []),
        ...(updates.length > 0 ? [`the retry waiting in its memory: ${updates.map((u) => `${money(u.amount)} that ${u.account}\u2019s running total will never get`).join(', ')}`] : []),
      ];
      return `${from} goes down${lost.length > 0 ? `, losing ${lost.join(' and ')}` : ''}`;
    }
    case 'shop.up':
      return `${from} is back, with nothing in memory`;
    case 'shop.dropped':
      return `${what} reaches ${to}, which is down: nobody answers it`;
    case 'shop.lose-armed':
      return `the next ${e.count === 1 ? 'answer' : `${e.count ?? 1} answers`} of ${from} will be lost on the way back`;
    case 'shop.discount-fail':
      return `${from} fails to update ${running}: a transient error`;
    case 'shop.discount-done':
      return `${from} adds ${money(e.amount ?? 0)} to ${running}`;
    case 'shop.discount-armed':
      return `the next ${e.count === 1 ? 'call' : `${e.count ?? 1} calls`} to ${from} will fail`;
    case 'shop.attempt':
      return `${browser} sends ${what}${(e.attempt ?? 1) > 1 ? ` again (attempt ${e.attempt})` : ''}${e.payload?.key ? `, idempotency key ${e.payload.key}` : ''}`;
    case 'shop.timeout':
      return `${browser} gives up on attempt ${e.attempt ?? 1} after ${duration(e.waitMs ?? 0)} with no answer`;
    case 'shop.error':
      return `${browser} gets ${e.status === undefined ? 'an error' : statusLabel(e.status)} for attempt ${e.attempt ?? 1}`;
    case 'shop.backoff':
      return `${browser} waits ${duration(e.waitMs ?? 0)} before trying again`;
    case 'shop.done':
      return `${browser} gets 200 OK, charged ${money(e.charged ?? 0)}: the buyer waited ${duration(e.latencyMs ?? 0)} in all`;
    case 'shop.late':
      return `${browser} gets ${e.status === undefined ? 'an answer' : statusLabel(e.status)} for an attempt it had given up on: too late`;
    case 'shop.failed':
      return `${browser} gives up on the order after ${e.attempt ?? 1} attempts`;
  }
}

/** This family's events that have happened by time t, in order. */
const upTo = (trace: readonly TraceBase[], t: Ms): ShopTraceEvent[] => trace.filter((e): e is ShopTraceEvent => e.t <= t && isShopEvent(e));

/** An Order API instance by t: orders in hand, retries pending, down or not, what it lost. */
function apiFold(id: Party, events: readonly ShopTraceEvent[]) {
  const hands = new Map<string, { req: string; amount: number; phase: string }>();
  const pending = new Map<string, { id: string; amount: number; ends?: Ms; phase: 'sent' | 'waiting' }>();
  const badges: { word: string; violation: boolean; t: Ms }[] = [];
  let down = false;
  let design: string | undefined;
  let answered = 0;
  for (const e of events) {
    if (e.kind === 'shop.api-ready' && e.from === id) design = e.design;
    if (e.from !== id && !(e.kind === 'shop.dropped' && e.to === id)) continue;
    const amount = e.payload?.amount ?? e.amount ?? 0;
    switch (e.kind) {
      case 'shop.take':
        if (e.req) hands.set(e.req, { req: e.req, amount, phase: 'reading' });
        break;
      case 'shop.decide':
        if (e.req && hands.has(e.req)) hands.set(e.req, { ...hands.get(e.req)!, phase: `read ${money(e.base ?? 0)}` });
        break;
      case 'shop.reply':
        if (e.req) hands.delete(e.req);
        answered++;
        if (e.cut) badges.push({ word: 'REPLY LOST', violation: false, t: e.t });
        break;
      case 'shop.call-discount':
        if (e.id) pending.set(e.id, { id: e.id, amount, phase: 'sent' });
        break;
      case 'shop.retry-wait':
        if (e.id) pending.set(e.id, { id: e.id, amount, phase: 'waiting', ...(e.ends === undefined ? {} : { ends: e.ends }) });
        break;
      case 'shop.discount-ok':
      case 'shop.gave-up':
        if (e.id) pending.delete(e.id);
        if (e.kind === 'shop.gave-up') badges.push({ word: 'UPDATE LOST', violation: true, t: e.t });
        break;
      case 'shop.down':
        down = true;
        hands.clear();
        pending.clear();
        if ((e.lostUpdates ?? []).length > 0) badges.push({ word: 'RETRY LOST', violation: true, t: e.t });
        break;
      case 'shop.up':
        down = false;
        break;
      default:
        break;
    }
  }
  return { hands, pending, badges, down, design, answered };
}

const DESIGN_NOTE: Readonly<Record<string, string>> = {
  'read-then-write': 'read, then write',
  'running-total': 'running total',
  'one-transaction': 'one transaction',
};

function apiView(node: NodeRef, events: readonly ShopTraceEvent[], t: Ms): NodeView {
  const f = apiFold(node.id, events);
  const items: NodeItem[] = [
    ...[...f.hands.values()].map((h) => ({ id: h.req, label: `+$${h.amount}`, tone: 'deposit', tag: h.phase })),
    ...[...f.pending.values()].map((p) => ({
      id: `retry:${p.id}`,
      label: `+$${p.amount}`,
      tone: 'withdraw',
      tag: p.phase === 'waiting' && p.ends !== undefined ? `retry in ${Math.max(0, Math.ceil((p.ends - t) / 1000))} s` : 'updating',
    })),
  ];
  const waitingRetries = [...f.pending.values()].filter((p) => p.phase === 'waiting').length;
  return {
    state: f.down ? 'crashed' : f.hands.size > 0 ? 'handling' : waitingRetries > 0 ? 'retrying' : 'idle',
    ...(f.down ? { down: true } : {}),
    items,
    badges: f.badges,
    ...(f.design ? { note: DESIGN_NOTE[f.design] ?? f.design } : {}),
  };
}

function discountView(node: NodeRef, events: readonly ShopTraceEvent[]): NodeView {
  let done = 0;
  const failed: Ms[] = [];
  for (const e of events) {
    if (e.from !== node.id) continue;
    if (e.kind === 'shop.discount-done') done++;
    else if (e.kind === 'shop.discount-fail') failed.push(e.t);
  }
  // One mark for all the failures, with their count: a stack of identical badges says less.
  const badges = failed.length === 0 ? [] : [{ word: failed.length === 1 ? 'FAILED' : `FAILED \u00D7${failed.length}`, violation: false, t: failed.at(-1)! }];
  return { state: 'up', items: [], badges, ...(done + failed.length > 0 ? { note: `${done} added, ${failed.length} failed` } : {}) };
}

/** One stretch of a browser's wait: an attempt (until its answer or timeout) or a backoff. */
export interface AttemptBar {
  /** 'attempt' or 'wait'. */
  what: 'attempt' | 'wait';
  /** The order and attempt it belongs to. */
  orderNo: number;
  attempt: number;
  start: Ms;
  /** Its end, or undefined while it lasts. */
  end?: Ms;
  /** How an attempt ended: '200 OK $90', 'timed out', '500 error'. */
  outcome?: string;
  ok?: boolean;
}

/**
 * A browser's attempts and waits, in order, by time t: the latency bars.
 * @example browserBars(trace, 'Bob', t) // [{ what: 'attempt', start: 0, end: 3000, outcome: 'timed out' }, { what: 'wait', … }, …]
 */
export function browserBars(trace: readonly TraceBase[], id: Party, t: Ms): AttemptBar[] {
  const bars: AttemptBar[] = [];
  const open = (orderNo: number, what: AttemptBar['what']) => [...bars].reverse().find((b) => b.orderNo === orderNo && b.what === what && b.end === undefined);
  for (const e of upTo(trace, t)) {
    if (e.from !== id || e.orderNo === undefined) continue;
    const n = e.orderNo;
    const close = (outcome: string, ok: boolean) => {
      const b = open(n, 'attempt');
      if (b) Object.assign(b, { end: e.t, outcome, ok });
    };
    if (e.kind === 'shop.attempt') {
      const w = open(n, 'wait');
      if (w) w.end = e.t;
      bars.push({ what: 'attempt', orderNo: n, attempt: e.attempt ?? 1, start: e.t });
    } else if (e.kind === 'shop.timeout') close('timed out', false);
    else if (e.kind === 'shop.error') close(e.status === undefined ? 'error' : statusLabel(e.status), false);
    else if (e.kind === 'shop.done') close(`200 ${money(e.charged ?? 0)}`, true);
    else if (e.kind === 'shop.backoff') bars.push({ what: 'wait', orderNo: n, attempt: e.attempt ?? 1, start: e.t });
  }
  return bars;
}

function browserView(node: NodeRef, trace: readonly TraceBase[], events: readonly ShopTraceEvent[], t: Ms): NodeView {
  const bars = browserBars(trace, node.id, t);
  const last = bars.at(-1);
  const current = last?.orderNo;
  const mine = bars.filter((b) => b.orderNo === current);
  const badges: { word: string; violation: boolean; t: Ms }[] = [];
  let doneNote: string | undefined;
  for (const e of events) {
    if (e.from !== node.id) continue;
    if (e.kind === 'shop.late') badges.push({ word: 'LATE ANSWER', violation: false, t: e.t });
    if (e.kind === 'shop.failed') badges.push({ word: 'GAVE UP', violation: true, t: e.t });
    if (e.kind === 'shop.done' && e.orderNo === current) doneNote = `waited ${duration(e.latencyMs ?? 0)} in all`;
  }
  const waiting = last !== undefined && last.end === undefined;
  const fmt = (b: AttemptBar) => duration((b.end ?? t) - b.start);
  return {
    state: waiting ? (last.what === 'wait' ? 'backing off' : 'waiting') : 'idle',
    waiting: waiting && last.what === 'attempt',
    items: [],
    table: {
      columns: ['Try', 'Time', 'Result'],
      rows: mine.map((b, i) => ({ key: `${b.orderNo}.${i}`, cells: b.what === 'wait' ? ['wait', fmt(b), ''] : [`#${b.attempt}`, fmt(b), b.outcome ?? '\u2026'] })),
    },
    badges,
    ...(doneNote ? { note: doneNote } : mine.length > 0 ? { note: `order ${current}, ${duration(t - mine[0]!.start)} so far` } : {}),
  };
}


/** One line of an invoice: an order as billed, and as the rule says it should have been. */
export interface InvoiceLine {
  buyer: string;
  amount: number;
  billed: number;
  due: number;
}

/**
 * The invoice at t: every order placed during the story (time 0 on) as the Orders DB billed it,
 * and what it should have cost had the orders been priced one after the other (each by the
 * 7-day total of the orders before it, by the rule the Order API announced when it came up).
 * @example invoiceLines(trace, 'Alice', t) // [{ buyer: 'Ann', billed: 100, due: 100 }, { buyer: 'Bob', billed: 100, due: 90 }]
 */
export function invoiceLines(trace: readonly TraceBase[], account: string, t: Ms): InvoiceLine[] {
  const rule = upTo(trace, t).find((e): e is ShopTraceEvent & { rule: DiscountRule } => e.kind === 'shop.api-ready' && e.rule !== undefined)?.rule;
  const fig = accountFigures(trace, account, t);
  const all = [...fig.all].sort((a, b) => a.t - b.t || Number(a.id.slice(1)) - Number(b.id.slice(1)));
  const lines: InvoiceLine[] = [];
  all.forEach((o, i) => {
    if (o.t < 0) return;
    const before = windowTotal(all.slice(0, i), account, o.t);
    const due = rule ? o.amount - discountOf(rule, before, o.amount) : o.charged;
    lines.push({ buyer: o.buyer, amount: o.amount, billed: o.charged, due });
  });
  return lines;
}

/** The invoice node: billed against due, line by line, with the difference as a violation badge and the totals in the inspector's words. */
function invoiceView(trace: readonly TraceBase[], t: Ms): NodeView {
  // The account is the Orders DB's first row.
  const ready = trace.find((e) => e.kind === 'db.ready') as { rows?: { account: string }[] } | undefined;
  const account = ready?.rows?.[0]?.account ?? '';
  const lines = invoiceLines(trace, account, t);
  const billed = lines.reduce((s, l) => s + l.billed, 0);
  const due = lines.reduce((s, l) => s + l.due, 0);
  const off = billed - due;
  return {
    state: lines.length === 0 ? 'empty' : off === 0 ? 'correct' : 'wrong',
    items: [],
    table: {
      columns: ['Order', 'Billed', 'Due'],
      // One line per order; the badge says the difference in all (a total row would not fit a phone's box).
      rows: lines.map((l, i) => ({ key: `l${i}`, cells: [l.buyer, money(l.billed), money(l.due)] })),
    },
    badges: off > 0 ? [{ word: `OVERCHARGED ${money(off)}`, violation: true, t }] : off < 0 ? [{ word: `UNDERCHARGED ${money(-off)}`, violation: true, t }] : [],
    balances: { [invoiceOf(account)]: billed },
  };
}

/**
 * What a node of one of this family's kinds shows at virtual time t.
 * @example viewShop({ id: 'service:A', kind: 'shop.order-api', title: 'Order API A' }, trace, t).state // 'retrying'
 */
export function viewShop(node: NodeRef, trace: readonly TraceBase[], t: Ms): NodeView {
  const events = upTo(trace, t);
  if (node.kind === SHOP_KINDS.orderApi) return apiView(node, events, t);
  if (node.kind === SHOP_KINDS.discount) return discountView(node, events);
  if (node.kind === SHOP_KINDS.browser) return browserView(node, trace, events, t);
  if (node.kind === SHOP_KINDS.invoice) return invoiceView(trace, t);
  return { state: 'idle', items: [], badges: [] };
}

/** The label on a token in flight: '$90' on a reply, '+$100' on an order or an update. */
export function shopTokenLabel(e: { kind: string } & Partial<Omit<ShopTraceEvent, 'kind'>>): string {
  switch (e.kind) {
    case 'shop.reply':
      return e.status === 200 ? `200 ${money(e.charged ?? 0)}` : e.status === undefined ? 'answer' : statusLabel(e.status);
    case 'shop.discount-fail':
      return 'failed';
    case 'shop.discount-done':
      return 'ok';
    case 'shop.attempt':
      return `+$${e.payload?.amount ?? 0}${(e.attempt ?? 1) > 1 ? ` #${e.attempt}` : ''}`;
    default:
      return e.amount !== undefined ? `+$${e.amount}` : e.payload ? `+$${e.payload.amount}` : '';
  }
}

/** The inspector's rows for a node. */
export function inspectShop(node: NodeRef, trace: readonly TraceBase[], t: Ms): { label: string; value: string }[] {
  const events = upTo(trace, t);
  if (node.kind === SHOP_KINDS.orderApi) {
    const f = apiFold(node.id, events);
    return [
      { label: 'Design', value: f.design ? (DESIGN_NOTE[f.design] ?? f.design) : 'unknown' },
      { label: 'State', value: f.down ? 'crashed' : 'up' },
      { label: 'Orders in hand', value: [...f.hands.values()].map((h) => `${money(h.amount)} (${h.phase})`).join('; ') || 'none' },
      { label: 'Updates owed', value: [...f.pending.values()].map((p) => `${money(p.amount)} (${p.phase === 'waiting' ? 'retry waiting in memory' : 'sent'})`).join('; ') || 'none' },
      { label: 'Answers sent', value: String(f.answered) },
    ];
  }
  if (node.kind === SHOP_KINDS.browser) {
    return browserBars(trace, node.id, t).map((b) => ({ label: `Order ${b.orderNo}, ${b.what === 'wait' ? 'wait' : `attempt ${b.attempt}`}`, value: `${duration((b.end ?? t) - b.start)}${b.outcome ? `, ${b.outcome}` : ''}` }));
  }
  if (node.kind === SHOP_KINDS.invoice) {
    const ready = trace.find((e) => e.kind === 'db.ready') as { rows?: { account: string }[] } | undefined;
    const lines = invoiceLines(trace, ready?.rows?.[0]?.account ?? '', t);
    return [
      ...lines.map((l) => ({ label: `${l.buyer}, ${money(l.amount)}`, value: `billed ${money(l.billed)}, due ${money(l.due)}` })),
      { label: 'In all', value: `billed ${money(lines.reduce((s, l) => s + l.billed, 0))}, due ${money(lines.reduce((s, l) => s + l.due, 0))}` },
      { label: 'Due', value: 'each order priced by the rule on the 7-day total of the orders before it, one after the other' },
    ];
  }
  return [{ label: 'State', value: viewShop(node, trace, t).note ?? 'up' }];
}

/** What a shop event draws on the time-space diagram: its hops as arrows, a crash and a lost retry as marks. */
export function shopTimeSpace(e: ShopTraceEvent): TimeSpaceEntry | undefined {
  if (e.kind === 'shop.down' && e.from) return { at: e.from, mark: 'crash', tone: 'alarm', ...((e.lostUpdates ?? []).length > 0 ? { label: 'retry lost' } : {}) };
  if (e.kind === 'shop.up' && e.from) return { at: e.from, mark: 'restart', tone: 'neutral' };
  if (e.kind === 'shop.timeout' && e.from) return { at: e.from, mark: 'timeout', tone: 'alarm' };
  if (e.kind === 'shop.dropped' && e.to) return { at: e.to, mark: 'lost', tone: 'alarm' };
  if (!e.from || !e.to || e.arrives === undefined) return undefined;
  const back = e.kind === 'shop.reply' || e.kind === 'shop.discount-done' || e.kind === 'shop.discount-fail';
  return {
    from: e.from,
    to: e.to,
    kind: back ? 'reply' : 'request',
    arrives: e.arrives,
    tone: e.kind === 'shop.discount-fail' ? 'alarm' : back ? 'ack' : 'deposit',
    label: shopTokenLabel(e),
    ...(e.cut ? { cut: true } : {}),
  };
}

/** The shop family's words and pictures-as-data. */
export const shopViews: FamilyViews<TraceBase> = {
  id: 'shop',
  traceKinds: SHOP_TRACE_KINDS,
  say: (e, name) => sayShop(e, name),
  name: shopName,
  view: viewShop,
  tokenLabel: shopTokenLabel,
  inspect: inspectShop,
  timespace: (e) => shopTimeSpace(e as ShopTraceEvent),
};
