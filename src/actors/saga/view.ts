/**
 * What the saga family's actors show on the stage, in the inspector and on the time-space
 * diagram, as pure folds of the trace up to a virtual time: the frontend's orders awaiting their
 * 202, what the Order API holds in memory, what the broker holds (messages from the future with
 * the time left, deliveries unacked), the jobs in the Discount host's hands, and the store's
 * running total with its version and each order's discount. Reads only this family's events.
 * Pure: no DOM.
 */
import type { Ms, TraceBase } from '../../kernel/types.ts';
import { money } from '../../lib/format.ts';
import type { FamilyViews, NodeItem, NodeRef, NodeView, TimeSpaceEntry } from '../family.ts';
import { totalKey, type AccountRow, type JobKind, type Order, type Party, type SagaTraceEvent } from './types.ts';
import { SAGA_KINDS } from './cast.ts';
import { SAGA_TRACE_KINDS, isSagaEvent, jobWords, orderWords, sagaName, saySaga, span, tokenLabel } from './words.ts';

/** A time left as a pill's tag has room for: "6.9 d", "5 h", "12 s". */
const short = (ms: Ms): string => (ms >= 86_400_000 ? `${(ms / 86_400_000).toFixed(1).replace(/\.0$/, '')} d` : span(ms));

/** This family's events that have happened by time t, in order. */
const upTo = (trace: readonly TraceBase[], t: Ms): SagaTraceEvent[] => trace.filter((e): e is SagaTraceEvent => e.t <= t && isSagaEvent(e));

/** A hop sent to `id` that has landed by t. */
const landed = (e: SagaTraceEvent, id: Party, t: Ms): boolean => e.to === id && (e.arrives === undefined || e.arrives <= t);

const pill = (id: string, job: JobKind, o: Order, extra: Partial<NodeItem> = {}): NodeItem => ({
  id,
  label: job === 'TakeOff' ? `\u2212$${o.amount}` : `${o.buyer} $${o.amount}`,
  tone: job === 'TakeOff' ? 'withdraw' : 'deposit',
  ...extra,
});

function frontendView(id: Party, ev: SagaTraceEvent[], t: Ms): NodeView {
  const waiting = new Map<string, Order>();
  let sent = 0;
  let accepted = 0;
  for (const e of ev) {
    if (e.kind === 'saga.order' && e.from === id && e.order) {
      sent++;
      waiting.set(e.order.id, e.order);
    } else if (e.kind === 'saga.accepted' && e.order && landed(e, id, t)) {
      accepted++;
      waiting.delete(e.order.id);
    }
  }
  const items = [...waiting.values()].map((o) => pill(o.id, 'OrderPlaced', o, { tag: 'sent' }));
  return { state: items.length > 0 ? 'ordering' : 'idle', items, badges: [], ...(sent > 0 ? { note: `${accepted} × 202` } : {}) };
}

function apiFold(id: Party, ev: SagaTraceEvent[], t: Ms) {
  const inHand = new Map<string, NodeItem>();
  const reminders = new Map<string, NodeItem>();
  let down = false;
  const marks: { word: string; violation: boolean; t: Ms }[] = [];
  for (const e of ev) {
    const o = e.order;
    if (e.kind === 'saga.down' && e.from === id) {
      down = true;
      inHand.clear();
      reminders.clear();
      if (e.lost && e.lost.retries + e.lost.reminders + e.lost.inHand > 0) marks.push({ word: 'MEMORY LOST', violation: true, t: e.t });
    } else if (e.kind === 'saga.up' && e.from === id) down = false;
    else if (!o) continue;
    else if (e.kind === 'saga.publish' && e.from === id) inHand.set(o.id, pill(o.id, 'OrderPlaced', o, { tag: 'to broker' }));
    else if (e.kind === 'saga.accepted' && e.from === id) inHand.delete(o.id);
    else if (e.kind === 'saga.call' && e.from === id && e.job) inHand.set(`${e.job}:${o.id}`, pill(`${e.job}:${o.id}`, e.job, o, { tag: `call ${e.attempt ?? 1}` }));
    else if (e.kind === 'saga.retry-wait' && e.from === id && e.job) inHand.set(`${e.job}:${o.id}`, pill(`${e.job}:${o.id}`, e.job, o, { tag: `retry in ${span((e.at ?? t) - t)}` }));
    else if (e.kind === 'saga.answer' && e.status === 200 && e.job && landed(e, id, t)) {
      inHand.delete(`${e.job}:${o.id}`);
      if (e.job === 'OrderPlaced') reminders.set(o.id, pill(`r:${o.id}`, 'TakeOff', o, { tag: `in ${span(o.placedAt + 7 * 24 * 3600_000 - t)}` }));
    } else if (e.kind === 'saga.gave-up' && e.from === id && e.job) {
      inHand.delete(`${e.job}:${o.id}`);
      marks.push({ word: 'UPDATE LOST', violation: true, t: e.t });
    } else if (e.kind === 'saga.remind' && e.from === id) reminders.delete(o.id);
  }
  return { items: [...inHand.values(), ...reminders.values()], down, marks, reminders: reminders.size };
}

function apiView(id: Party, ev: SagaTraceEvent[], t: Ms): NodeView {
  const f = apiFold(id, ev, t);
  return {
    state: f.down ? 'crashed' : f.items.length > 0 ? 'holding' : 'idle',
    ...(f.down ? { down: true } : {}),
    items: f.items,
    badges: f.marks,
    ...(f.reminders > 0 ? { note: `${f.reminders} reminder${f.reminders === 1 ? '' : 's'} in memory` } : {}),
  };
}

interface Held {
  id: string;
  job: JobKind;
  order: Order;
  state: 'delayed' | 'ready' | 'unacked' | 'parked';
  dueAt: Ms;
  since: Ms;
  attempt: number;
}

function brokerFold(id: Party, ev: SagaTraceEvent[], t: Ms) {
  const held = new Map<string, Held>();
  let stored = 0;
  let retried = 0;
  for (const e of ev) {
    const m = e.id === undefined ? undefined : held.get(e.id);
    if (e.kind === 'saga.ready' && e.from === id && e.held) for (const h of e.held) held.set(h.id, { id: h.id, job: h.kind, order: h.order, state: h.dueAt > e.t ? 'delayed' : 'ready', dueAt: h.dueAt, since: e.t, attempt: h.attempt });
    else if (e.kind === 'saga.stored' && e.from === id && e.id && e.job && e.order) {
      stored++;
      held.set(e.id, { id: e.id, job: e.job, order: e.order, state: (e.dueAt ?? 0) > e.t ? 'delayed' : 'ready', dueAt: e.dueAt ?? e.t, since: e.t, attempt: 0 });
    } else if (!m) continue;
    else if (e.kind === 'saga.due') m.state = 'ready';
    else if (e.kind === 'saga.deliver' && e.from === id) {
      m.state = 'unacked';
      m.attempt = e.attempt ?? m.attempt + 1;
    } else if (e.kind === 'saga.ack' && landed(e, id, t)) held.delete(m.id);
    else if (e.kind === 'saga.retry' && e.from === id) {
      retried++;
      m.state = (e.at ?? e.t) > e.t ? 'delayed' : 'ready';
      m.dueAt = e.at ?? e.t;
    } else if (e.kind === 'saga.requeue' && e.from === id) m.state = 'ready';
    else if (e.kind === 'saga.error-queue' && e.from === id) m.state = 'parked';
  }
  return { held: [...held.values()], stored, retried };
}

function brokerView(id: Party, ev: SagaTraceEvent[], t: Ms): NodeView {
  const f = brokerFold(id, ev, t);
  const tagOf = (h: Held): string => (h.state === 'delayed' ? `in ${short(h.dueAt - t)}` : h.state === 'unacked' ? `unacked${h.attempt > 1 ? ` #${h.attempt}` : ''}` : h.state === 'parked' ? 'error queue' : 'ready');
  // Ready and unacked first (what is happening now), then the messages from the future, soonest first.
  const order = (h: Held) => (h.state === 'delayed' ? 1 : 0);
  const items = [...f.held].sort((a, b) => order(a) - order(b) || a.dueAt - b.dueAt).map((h) => pill(h.id, h.job, h.order, { tag: tagOf(h), since: h.since }));
  const delayed = f.held.filter((h) => h.state === 'delayed').length;
  return {
    state: f.held.some((h) => h.state === 'unacked') ? 'delivering' : f.held.length > 0 ? 'holding' : 'idle',
    items,
    badges: f.held.filter((h) => h.state === 'parked').map((h) => ({ word: 'ERROR QUEUE', violation: true, t: h.dueAt })),
    ...(f.held.length > 0 ? { note: `${f.held.length} on disk` } : {}),
  };
}

function hostFold(id: Party, ev: SagaTraceEvent[], t: Ms) {
  const jobs = new Map<string, NodeItem>();
  let down = false;
  let done = 0;
  let failed = 0;
  const marks: { word: string; violation: boolean; t: Ms }[] = [];
  for (const e of ev) {
    const o = e.order;
    const key = o && e.job ? `${e.job}:${o.id}` : '';
    if (e.kind === 'saga.down' && e.from === id) {
      down = true;
      jobs.clear();
    } else if (e.kind === 'saga.up' && e.from === id) down = false;
    else if (!o || !e.job) continue;
    else if (e.kind === 'saga.read' && e.from === id) jobs.set(key, pill(key, e.job, o, { tag: 'reading' }));
    else if (e.kind === 'saga.commit' && e.from === id && jobs.has(key)) jobs.set(key, pill(key, e.job, o, { tag: `commit v${e.version ?? 0}`, progress: 0.5 }));
    else if (e.kind === 'saga.conflict' && landed(e, id, t)) marks.push({ word: 'CONFLICT', violation: false, t: e.t });
    else if ((e.kind === 'saga.ack' || (e.kind === 'saga.answer' && e.status === 200)) && e.from === id) {
      done++;
      jobs.delete(key);
    } else if ((e.kind === 'saga.nack' || (e.kind === 'saga.answer' && e.status === 500)) && e.from === id) {
      failed++;
      jobs.delete(key);
    } else if (e.kind === 'saga.handler-fail' && e.from === id) marks.push({ word: 'FAILED', violation: false, t: e.t });
  }
  return { jobs: [...jobs.values()], down, done, failed, marks };
}

function hostView(id: Party, ev: SagaTraceEvent[], t: Ms): NodeView {
  const f = hostFold(id, ev, t);
  return {
    state: f.down ? 'crashed' : f.jobs.length > 0 ? 'handling' : 'idle',
    ...(f.down ? { down: true } : {}),
    items: f.jobs,
    badges: f.marks.slice(-2),
    ...(f.done + f.failed > 0 ? { note: `${f.done} done, ${f.failed} back` } : {}),
  };
}

function storeFold(id: Party, ev: SagaTraceEvent[]) {
  const rows = new Map<string, AccountRow & { changedAt?: Ms }>();
  let conflicts = 0;
  for (const e of ev) {
    if (e.from !== id) continue;
    if (e.kind === 'saga.ready' && e.rows) for (const [a, r] of Object.entries(e.rows)) rows.set(a, r);
    else if (e.kind === 'saga.committed' && e.row && e.order) rows.set(e.order.account, { ...e.row, changedAt: e.t });
    else if (e.kind === 'saga.conflict') conflicts++;
  }
  return { rows, conflicts };
}

export { totalKey };

/** The balances a scene's verdict reads: each account's running total, and each buyer's discounts. */
export function storeBalances(rows: ReadonlyMap<string, AccountRow>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [account, r] of rows) {
    out[totalKey(account)] = r.total;
    for (const o of Object.values(r.orders)) if (!o.history) out[`${o.buyer}’s discount`] = (out[`${o.buyer}’s discount`] ?? 0) + o.discount;
  }
  return out;
}

function storeView(id: Party, ev: SagaTraceEvent[]): NodeView {
  const f = storeFold(id, ev);
  const tableRows: NonNullable<NodeView['table']>['rows'] = [];
  for (const [account, r] of f.rows) {
    tableRows.push({ key: account, cells: [`${account} v${r.version}`, money(r.total), ''], ...(r.changedAt === undefined ? {} : { changedAt: r.changedAt }) });
    for (const [oid, o] of Object.entries(r.orders)) tableRows.push({ key: `${account}/${oid}`, cells: [`${o.expired ? '\u2713 ' : ''}${o.buyer}`, money(o.amount), o.discount > 0 ? money(o.discount) : '\u2013'] });
  }
  return {
    state: 'idle',
    items: [],
    table: { columns: ['Total / order', '$', 'Off'], rows: tableRows },
    badges: [],
    balances: storeBalances(f.rows),
    ...(f.conflicts > 0 ? { note: `${f.conflicts} conflict${f.conflicts === 1 ? '' : 's'}` } : {}),
  };
}

/**
 * What a node of one of this family's kinds shows at virtual time t.
 * @example viewSaga({ id: 'broker', kind: 'saga.broker', title: 'Broker' }, trace, t).items[0].tag // 'in 7 days'
 */
export function viewSaga(node: NodeRef, trace: readonly TraceBase[], t: Ms): NodeView {
  const ev = upTo(trace, t);
  switch (node.kind) {
    case SAGA_KINDS.frontend:
      return frontendView(node.id, ev, t);
    case SAGA_KINDS.api:
      return apiView(node.id, ev, t);
    case SAGA_KINDS.broker:
      return brokerView(node.id, ev, t);
    case SAGA_KINDS.host:
      return hostView(node.id, ev, t);
    case SAGA_KINDS.store:
      return storeView(node.id, ev);
    default:
      return { state: 'idle', items: [], badges: [] };
  }
}

const list = (xs: readonly string[]): string => (xs.length > 0 ? xs.join('; ') : 'none');

/** The inspector's rows for a node: every fact the picture leaves out. */
export function inspectSaga(node: NodeRef, trace: readonly TraceBase[], t: Ms): { label: string; value: string }[] {
  const ev = upTo(trace, t);
  switch (node.kind) {
    case SAGA_KINDS.broker: {
      const f = brokerFold(node.id, ev, t);
      return [
        { label: 'Stored so far', value: String(f.stored) },
        { label: 'Held now', value: list(f.held.map((h) => `${h.id} ${jobWords(h.job, h.order)}: ${h.state}${h.state === 'delayed' ? `, due at day ${(h.dueAt / 86_400_000).toFixed(2)}` : ''}`)) },
        { label: 'Retries', value: String(f.retried) },
        { label: 'Durability', value: 'every message is on disk until acked: a crash of a sender or a receiver loses none' },
      ];
    }
    case SAGA_KINDS.host: {
      const f = hostFold(node.id, ev, t);
      return [
        { label: 'State', value: f.down ? 'crashed' : f.jobs.length > 0 ? 'handling' : 'idle' },
        { label: 'In hand', value: list(f.jobs.map((j) => `${j.label} (${j.tag})`)) },
        { label: 'Done', value: String(f.done) },
        { label: 'Handed back (to retry)', value: String(f.failed) },
        { label: 'In memory', value: 'only what is in hand: the running total is in the store, the timeouts in the broker' },
      ];
    }
    case SAGA_KINDS.store: {
      const f = storeFold(node.id, ev);
      return [...f.rows].flatMap(([a, r]) => [
        { label: `${a}`, value: `total ${money(r.total)}, version ${r.version}` },
        ...Object.values(r.orders).map((o) => ({ label: `${orderWords({ id: '', account: a, buyer: o.buyer, amount: o.amount, placedAt: o.placedAt })}`, value: `${o.discount > 0 ? `${money(o.discount)} off` : 'no discount'}${o.expired ? ', taken off the total again' : ''}` })),
      ]);
    }
    case SAGA_KINDS.api: {
      const f = apiFold(node.id, ev, t);
      return [
        { label: 'State', value: f.down ? 'crashed' : 'up' },
        { label: 'In memory', value: list(f.items.map((i) => `${i.label} (${i.tag})`)) },
      ];
    }
    default:
      return [];
  }
}

/** One event of this family on the time-space diagram, or undefined for one it leaves out. */
export function sagaTimeSpace(event: TraceBase): TimeSpaceEntry | undefined {
  if (!isSagaEvent(event)) return undefined;
  const e: SagaTraceEvent = event;
  const tone = e.payload?.kind ?? 'neutral';
  const msg = e.order ? `${e.job ?? 'OrderPlaced'}:${e.order.id}` : undefined;
  const base = { ...(e.arrives === undefined ? {} : { arrives: e.arrives }), ...(msg ? { msg } : {}) };
  const hop = (kind: string, extra: Record<string, unknown> = {}): TimeSpaceEntry | undefined => (e.from && e.to ? { from: e.from, to: e.to, kind, tone, ...base, label: tokenLabel(e), ...extra } : undefined);
  switch (e.kind) {
    case 'saga.order':
      return hop('request', { journey: 'start', ...(e.order ? { key: e.order.account, what: orderWords(e.order) } : {}) });
    case 'saga.publish':
    case 'saga.deliver':
    case 'saga.call':
    case 'saga.commit':
      return hop('request');
    case 'saga.committed':
      return hop('reply', { tone: 'ack', ...(e.job === 'OrderPlaced' ? { journey: 'applied', journeyAt: 'from' } : {}) });
    case 'saga.conflict':
      return hop('reply', { tone: 'alarm' });
    case 'saga.accepted':
    case 'saga.ack':
    case 'saga.confirm':
      return hop('reply', { tone: 'ack' });
    case 'saga.nack':
      return hop('reply', { tone: 'alarm' });
    case 'saga.answer':
      return hop('reply', { tone: e.status === 200 ? 'ack' : 'alarm' });
    case 'saga.down':
      return e.from ? { at: e.from, mark: 'crash', tone: 'alarm' } : undefined;
    case 'saga.up':
      return e.from ? { at: e.from, mark: 'restart', tone: 'ack' } : undefined;
    case 'saga.dropped':
    case 'saga.refused':
      return e.to ? { at: e.to, mark: 'lost', tone: 'alarm', ...(msg ? { msg } : {}) } : undefined;
    default:
      return undefined;
  }
}

/** The saga family's words and pictures-as-data. */
export const sagaViews: FamilyViews<TraceBase> = {
  id: 'saga',
  traceKinds: SAGA_TRACE_KINDS,
  say: (e, name) => saySaga(e, name),
  name: sagaName,
  view: viewSaga,
  tokenLabel,
  inspect: inspectSaga,
  timespace: sagaTimeSpace,
};
