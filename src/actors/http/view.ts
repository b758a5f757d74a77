/**
 * What the HTTP family's actors show on the stage and in the inspector, as pure folds of the
 * trace up to a virtual time: a caller's requests awaiting answers (it is the one *waiting*), a
 * balancer's or a pool's requests in flight with where each went, a worker's requests in hand
 * with their progress, and the store's table of balances with its REFUSED and WRITE FAILED marks.
 * Reads only this family's events, so it can be handed a trace of any families. Pure: no DOM.
 *
 * @example
 *   const r = runScene(syncHttp, 1);
 *   httpViews.view!({ id: 'lb', kind: 'http.balancer', title: 'Load balancer' }, r.trace, r.t1).items
 *   // [{ id: 'web#1', label: '+$70', tone: 'deposit', tag: '→ A' }, { id: 'web#2', label: '+$40', tone: 'deposit', tag: '→ B' }]
 */
import type { TraceBase } from '../../kernel/types.ts';
import { money, payloadLabel, signedAmount } from '../../lib/format.ts';
import type { FamilyViews, NodeItem, NodeRef, NodeView } from '../family.ts';
import type { HttpTraceEvent, Ms, Party, Payload, Status, WorkerRole } from './types.ts';
import { httpTimeSpace } from './timespace.ts';
import { HTTP_KINDS } from './world.ts';
import { HTTP_TRACE_KINDS, httpName, isHttpEvent, sayHttp, seconds, shortName, statusLabel, tokenLabel } from './words.ts';

/** A worker is drawn slow when it takes at least this many times as long as the quickest of its peers. */
export const SLOW_FACTOR = 2;

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

/** This family's events that have happened by time t, in order. */
const upTo = (trace: readonly TraceBase[], t: Ms): HttpTraceEvent[] => trace.filter((e): e is HttpTraceEvent => e.t <= t && isHttpEvent(e));

const item = (id: string, p: Payload | undefined, extra: Partial<NodeItem> = {}): NodeItem => ({
  id,
  label: p ? signedAmount(p) : id,
  tone: p?.kind ?? 'request',
  ...extra,
});

/** A request its caller is still waiting on. */
interface Awaiting {
  req: string;
  payload?: Payload;
  sentAt: Ms;
  deadline?: Ms;
}

/** A hop sent to `id` that has landed by t (the world may have stopped before the event it sets off). */
const landedAt = (e: HttpTraceEvent, id: Party, t: Ms): boolean => e.to === id && e.arrives !== undefined && e.arrives <= t;

function callerFold(id: Party, events: HttpTraceEvent[], t: Ms) {
  const awaiting = new Map<string, Awaiting>();
  const answers: { status: Status; t: Ms; late: boolean; payload?: Payload }[] = [];
  const timeouts: { t: Ms; payload?: Payload }[] = [];
  let sent = 0;
  let target: Party | undefined;
  for (const e of events) {
    if (e.kind === 'request' && e.from === id && e.req) {
      sent++;
      target = e.to;
      awaiting.set(e.req, { req: e.req, payload: e.payload, sentAt: e.t, ...(e.deadline === undefined ? {} : { deadline: e.deadline }) });
    } else if (e.kind === 'respond' && e.req && landedAt(e, id, t)) {
      awaiting.delete(e.req);
    } else if (e.kind === 'response' && e.to === id && e.req) {
      awaiting.delete(e.req);
      if (e.status !== undefined) answers.push({ status: e.status, t: e.t, late: e.late ?? false, payload: e.payload });
    } else if (e.kind === 'timeout' && e.from === id && e.req) {
      awaiting.delete(e.req);
      timeouts.push({ t: e.t, payload: e.payload });
    }
  }
  return { awaiting: [...awaiting.values()], answers, timeouts, sent, target };
}

function callerView(node: NodeRef, events: HttpTraceEvent[], t: Ms): NodeView {
  const f = callerFold(node.id, events, t);
  const items = f.awaiting.map((a) => item(a.req, a.payload, { tag: a.deadline === undefined ? 'waiting' : `${Math.max(0, Math.ceil((a.deadline - t) / 1000))} s left` }));
  const badges = [
    ...f.timeouts.map((x) => ({ word: 'TIMED OUT', violation: false, t: x.t })),
    ...f.answers.filter((a) => a.late).map((a) => ({ word: 'LATE ANSWER', violation: false, t: a.t })),
  ];
  return {
    state: items.length > 0 ? 'waiting' : 'idle',
    waiting: items.length > 0,
    items,
    badges,
    ...(f.sent > 0 ? { note: `${f.sent} sent, ${f.answers.filter((a) => !a.late).length} answered` } : {}),
  };
}

/** A request a router has handed on and not yet answered. */
interface Handed {
  req: string;
  payload?: Payload;
  upstream: Party;
  at: Ms;
}

function routerFold(id: Party, events: HttpTraceEvent[], t: Ms) {
  const inFlight = new Map<string, Handed>();
  const upstreams: Party[] = [];
  const relayed: { status: Status; t: Ms }[] = [];
  for (const e of events) {
    if ((e.kind === 'forward' || e.kind === 'dispatch') && e.from === id && e.req && e.to) {
      inFlight.set(e.req, { req: e.req, payload: e.payload, upstream: e.to, at: e.t });
      if (!upstreams.includes(e.to)) upstreams.push(e.to);
    } else if ((e.kind === 'reply' || e.kind === 'thread-done') && e.req && landedAt(e, id, t)) {
      // The answer is back here: it is relayed the instant it lands.
      inFlight.delete(e.req);
    } else if (e.kind === 'respond' && e.from === id && e.req) {
      inFlight.delete(e.req);
      if (e.status !== undefined) relayed.push({ status: e.status, t: e.t });
    }
  }
  const handed = [...inFlight.values()];
  const counts = upstreams.map((u) => ({ upstream: u, count: handed.filter((h) => h.upstream === u).length }));
  return { handed, counts, relayed };
}

/** How the note names an upstream: 'A' for an instance, 'thread 1' for a thread (a bare '1' next to a count reads as a number). */
const upstreamWord = (party: Party): string => (party.startsWith('thread:') ? `thread ${shortName(party)}` : shortName(party));

function routerView(node: NodeRef, events: HttpTraceEvent[], t: Ms): NodeView {
  const f = routerFold(node.id, events, t);
  const items = f.handed.map((h) => item(h.req, h.payload, { tag: `\u2192 ${shortName(h.upstream)}` }));
  return {
    state: items.length > 0 ? (node.kind === HTTP_KINDS.pool ? 'dispatching' : 'forwarding') : 'idle',
    items,
    badges: f.relayed.filter((r) => r.status === 504).map((r) => ({ word: 'GATEWAY TIMEOUT', violation: false, t: r.t })),
    ...(f.counts.length > 0 ? { note: `in flight: ${f.counts.map((c) => `${upstreamWord(c.upstream)} ${c.count}`).join(', ')}` } : {}),
  };
}

/** A request in a worker's hands. */
interface InHand {
  req: string;
  payload?: Payload;
  phase: 'queued' | 'working' | 'querying';
  arrivedAt?: Ms;
  startedAt?: Ms;
  ends?: Ms;
}

/** Time per request of every worker of a role, as the trace last said it by now. */
function paces(events: HttpTraceEvent[], role: WorkerRole | undefined): Map<Party, Ms> {
  const pace = new Map<Party, Ms>();
  for (const e of events) {
    if ((e.kind === 'ready' || e.kind === 'slowed' || e.kind === 'instance-up') && e.from && e.processMs !== undefined && e.role === role) pace.set(e.from, e.processMs);
  }
  return pace;
}

function workerFold(id: Party, events: HttpTraceEvent[]) {
  const hands = new Map<string, InHand>();
  let down = false;
  let role: WorkerRole | undefined;
  const answered: { status: Status; t: Ms }[] = [];
  for (const e of events) {
    if (e.from === id && e.role) role = e.role;
    if ((e.kind === 'forward' || e.kind === 'dispatch' || e.kind === 'request') && e.to === id && e.req && !down && e.arrives !== undefined) {
      // Arrived but not started: a thread's line. (An instance starts at once: handle-start replaces it.)
      hands.set(e.req, { req: e.req, payload: e.payload, phase: 'queued', arrivedAt: e.arrives });
    } else if (e.kind === 'handle-start' && e.from === id && e.req) {
      hands.set(e.req, { req: e.req, payload: e.payload, phase: 'working', startedAt: e.t, ...(e.ends === undefined ? {} : { ends: e.ends }) });
    } else if (e.kind === 'query' && e.from === id && e.req) {
      const h = hands.get(e.req);
      if (h) hands.set(e.req, { ...h, phase: 'querying' });
    } else if ((e.kind === 'reply' || e.kind === 'thread-done') && e.from === id && e.req) {
      hands.delete(e.req);
      if (e.status !== undefined) answered.push({ status: e.status, t: e.t });
    } else if (e.kind === 'dropped' && e.to === id && e.req) {
      hands.delete(e.req);
    } else if (e.kind === 'instance-down' && e.from === id) {
      down = true;
      hands.clear();
    } else if (e.kind === 'instance-up' && e.from === id) {
      down = false;
    }
  }
  return { hands, down, role, answered };
}

function workerView(node: NodeRef, events: HttpTraceEvent[], t: Ms): NodeView {
  // A hop counts as arrived only once it has: the fold sees the sends, so drop those still on the wire.
  const landed = events.filter((e) => !(e.to === node.id && e.arrives !== undefined && e.arrives > t));
  const f = workerFold(node.id, landed);
  const pace = paces(events, f.role);
  const own = pace.get(node.id);
  const quickest = Math.min(...pace.values());
  const items = [...f.hands.values()].map((h) => {
    // An instance starts on a request the moment it lands, even if the world stopped before it said so.
    if (h.phase === 'queued' && f.role === 'instance' && own !== undefined && h.arrivedAt !== undefined) h = { ...h, phase: 'working', startedAt: h.arrivedAt, ends: h.arrivedAt + own };
    if (h.phase === 'queued') return item(h.req, h.payload, { tag: 'waiting' });
    if (h.phase === 'querying') return item(h.req, h.payload, { progress: 1, tag: 'writing' });
    const span = (h.ends ?? t) - (h.startedAt ?? t);
    return item(h.req, h.payload, { progress: span > 0 ? clamp01((t - (h.startedAt ?? t)) / span) : 1, tag: seconds(span) });
  });
  return {
    state: f.down ? 'crashed' : items.length > 0 ? 'handling' : 'idle',
    ...(f.down ? { down: true } : {}),
    ...(own !== undefined && quickest > 0 && own >= SLOW_FACTOR * quickest ? { slow: true } : {}),
    items,
    badges: [],
    ...(own !== undefined ? { note: `${seconds(own)} a request` } : {}),
  };
}

function storeFold(id: Party, events: HttpTraceEvent[]) {
  const rows = new Map<string, { balance: number; changedAt?: Ms }>();
  const marks: { word: 'REFUSED' | 'WRITE FAILED'; t: Ms; payload?: Payload; by?: Party }[] = [];
  let written = 0;
  for (const e of events) {
    if (e.from !== id) continue;
    if (e.kind === 'ready' && e.balances) for (const [user, balance] of Object.entries(e.balances)) rows.set(user, { balance });
    else if (e.kind === 'db-write' && e.payload) {
      written++;
      rows.set(e.payload.user, { balance: e.balance ?? 0, changedAt: e.t });
    } else if (e.kind === 'db-refuse') marks.push({ word: 'REFUSED', t: e.t, payload: e.payload, by: e.to });
    else if (e.kind === 'db-fail') marks.push({ word: 'WRITE FAILED', t: e.t, payload: e.payload, by: e.to });
  }
  return { rows, marks, written };
}

function storeView(node: NodeRef, events: HttpTraceEvent[]): NodeView {
  const f = storeFold(node.id, events);
  return {
    state: 'idle',
    items: [],
    table: {
      columns: ['Name', 'Balance'],
      rows: [...f.rows].map(([user, r]) => ({ key: user, cells: [user, money(r.balance)], ...(r.changedAt === undefined ? {} : { changedAt: r.changedAt }) })),
    },
    badges: f.marks.map((m) => ({ word: m.word, violation: m.word === 'REFUSED', t: m.t })),
    balances: Object.fromEntries([...f.rows].map(([user, r]) => [user, r.balance])),
    ...(f.written + f.marks.length > 0 ? { note: `${f.written} written, ${f.marks.filter((m) => m.word === 'REFUSED').length} refused, ${f.marks.filter((m) => m.word === 'WRITE FAILED').length} failed` } : {}),
  };
}

const ROLE: Readonly<Record<string, 'caller' | 'router' | 'worker' | 'store'>> = {
  [HTTP_KINDS.caller]: 'caller',
  [HTTP_KINDS.balancer]: 'router',
  [HTTP_KINDS.pool]: 'router',
  [HTTP_KINDS.service]: 'worker',
  [HTTP_KINDS.thread]: 'worker',
  [HTTP_KINDS.store]: 'store',
};

/**
 * What a node of one of this family's kinds shows at virtual time t.
 * @example viewHttp({ id: 'storage', kind: 'http.store', title: 'Database' }, trace, t).table.rows[0].cells // ['Jim', '$40']
 */
export function viewHttp(node: NodeRef, trace: readonly TraceBase[], t: Ms): NodeView {
  const events = upTo(trace, t);
  switch (ROLE[node.kind]) {
    case 'caller':
      return callerView(node, events, t);
    case 'router':
      return routerView(node, events, t);
    case 'worker':
      return workerView(node, events, t);
    case 'store':
      return storeView(node, events);
    default:
      return { state: 'idle', items: [], badges: [] };
  }
}

/** "200 OK ×2, 422 refused ×1". */
function tally(statuses: readonly Status[]): string {
  const counts = new Map<Status, number>();
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts].map(([s, n]) => `${statusLabel(s)} \u00D7${n}`).join(', ') || 'none yet';
}

const list = (xs: readonly string[]): string => (xs.length > 0 ? xs.join('; ') : 'none');
const what = (p: Payload | undefined): string => (p ? payloadLabel(p, true) : 'a request');

/**
 * The inspector's rows for a node: every fact the picture leaves out.
 * @example inspectHttp({ id: 'service:A', kind: 'http.service', title: 'Account Srv A' }, trace, t)[0] // { label: 'State', value: 'handling' }
 */
export function inspectHttp(node: NodeRef, trace: readonly TraceBase[], t: Ms): { label: string; value: string }[] {
  const events = upTo(trace, t);
  switch (ROLE[node.kind]) {
    case 'caller': {
      const f = callerFold(node.id, events, t);
      return [
        { label: 'Sends to', value: f.target ?? 'nobody yet' },
        { label: 'Requests sent', value: String(f.sent) },
        { label: 'Waiting for', value: list(f.awaiting.map((a) => `${what(a.payload)}, ${seconds(t - a.sentAt)} so far${a.deadline === undefined ? '' : `, gives up in ${seconds(Math.max(0, a.deadline - t))}`}`)) },
        { label: 'Answers', value: tally(f.answers.filter((a) => !a.late).map((a) => a.status)) },
        { label: 'Timed out', value: String(f.timeouts.length) },
      ];
    }
    case 'router': {
      const f = routerFold(node.id, events, t);
      return [
        { label: 'Rule', value: 'each request to the one with the fewest requests in flight; ties to the first in line' },
        { label: 'Requests in flight', value: list(f.handed.map((h) => `${what(h.payload)} \u2192 ${upstreamWord(h.upstream)}`)) },
        { label: 'In flight per upstream', value: list(f.counts.map((c) => `${upstreamWord(c.upstream)}: ${c.count}`)) },
        { label: 'Answers relayed', value: tally(f.relayed.map((r) => r.status)) },
      ];
    }
    case 'worker': {
      const v = workerView(node, events, t);
      const f = workerFold(node.id, events.filter((e) => !(e.to === node.id && e.arrives !== undefined && e.arrives > t)));
      const own = paces(events, f.role).get(node.id);
      return [
        { label: 'State', value: v.state },
        { label: 'Time per request', value: own === undefined ? 'unknown' : seconds(own) },
        { label: 'In hand', value: list([...f.hands.values()].map((h) => `${what(h.payload)} (${h.phase === 'working' ? `working, ${Math.round(100 * clamp01((t - (h.startedAt ?? t)) / Math.max(1, (h.ends ?? t) - (h.startedAt ?? t))))}%` : h.phase === 'querying' ? 'waiting for the database' : 'waiting its turn'})`)) },
        { label: 'Answered', value: tally(f.answered.map((a) => a.status)) },
      ];
    }
    case 'store': {
      const f = storeFold(node.id, events);
      return [
        ...[...f.rows].map(([user, r]) => ({ label: user, value: money(r.balance) })),
        { label: 'Writes applied', value: String(f.written) },
        { label: 'Refused', value: list(f.marks.filter((m) => m.word === 'REFUSED').map((m) => `${what(m.payload)} from ${m.by ? shortName(m.by) : 'someone'}`)) },
        { label: 'Failed', value: list(f.marks.filter((m) => m.word === 'WRITE FAILED').map((m) => `${what(m.payload)} from ${m.by ? shortName(m.by) : 'someone'}`)) },
      ];
    }
    default:
      return [];
  }
}

/** The HTTP family's words and pictures-as-data. */
export const httpViews: FamilyViews<TraceBase> = {
  id: 'http',
  traceKinds: HTTP_TRACE_KINDS,
  say: (e, name) => sayHttp(e, name),
  name: httpName,
  view: viewHttp,
  tokenLabel,
  inspect: inspectHttp,
  timespace: httpTimeSpace,
};
