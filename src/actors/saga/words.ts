/**
 * The saga family's words: one plain sentence per trace kind for the narration log, the label on
 * a token in flight, and how its actors are named. Money is written as everywhere else
 * (src/lib/format.ts); long delays in days and hours. Pure: no DOM.
 */
import { money } from '../../lib/format.ts';
import type { Namer } from '../family.ts';
import type { JobKind, Ms, Order, SagaTraceEvent, SagaTraceKind } from './types.ts';

/** Every trace kind this family writes. */
export const SAGA_TRACE_KINDS: readonly SagaTraceKind[] = [
  'saga.ready',
  'saga.order',
  'saga.accepted',
  'saga.refused',
  'saga.publish',
  'saga.stored',
  'saga.confirm',
  'saga.due',
  'saga.deliver',
  'saga.read',
  'saga.row',
  'saga.commit',
  'saga.committed',
  'saga.conflict',
  'saga.handler-fail',
  'saga.ack',
  'saga.nack',
  'saga.retry',
  'saga.requeue',
  'saga.error-queue',
  'saga.call',
  'saga.answer',
  'saga.call-timeout',
  'saga.retry-wait',
  'saga.gave-up',
  'saga.remind',
  'saga.down',
  'saga.up',
  'saga.dropped',
  'saga.fail-next',
];

const KNOWN = new Set<string>(SAGA_TRACE_KINDS);

/** Whether an event is one of this family's. */
export const isSagaEvent = (e: { kind: string }): e is SagaTraceEvent => KNOWN.has(e.kind);

const NAMES: Readonly<Record<string, string>> = {
  web: 'the frontend',
  api: 'the Order API',
  broker: 'the broker',
  discount: 'the Discount host',
  store: 'the store',
};

/**
 * An actor as a sentence says it.
 * @example sagaName('api') // 'the Order API'
 */
export const sagaName: Namer = (party) => (party === undefined ? 'someone' : (NAMES[party] ?? party));

const HOUR: Ms = 3_600_000;
const DAY: Ms = 24 * HOUR;

/**
 * A span of virtual time as people say it: "7 days", "6 d 23 h", "2 h", "4 s", "0.3 s".
 * @example span(7 * 24 * 3600_000) // '7 days'
 */
export function span(ms: Ms): string {
  const a = Math.max(0, ms);
  if (a >= DAY) {
    const d = Math.floor(a / DAY);
    const h = Math.round((a - d * DAY) / HOUR);
    if (h === 0) return d === 1 ? '1 day' : `${d} days`;
    return h === 24 ? `${d + 1} d` : `${d} d ${h} h`;
  }
  if (a >= HOUR) return `${Math.round(a / HOUR)} h`;
  if (a >= 60_000) return `${Math.round(a / 60_000)} min`;
  return `${Number((a / 1000).toFixed(1))} s`;
}

/** "Ann's order of $100" (o2). */
export const orderWords = (o: Order | undefined): string => (o ? `${o.buyer}’s order of ${money(o.amount)}` : 'an order');

/** What a job on an order is, in words. */
export const jobWords = (job: JobKind | undefined, o: Order | undefined): string =>
  job === 'TakeOff' ? `“take ${o ? money(o.amount) : 'it'} off ${o?.account ?? 'the account'}’s total”` : `OrderPlaced (${orderWords(o)})`;

/**
 * One event as a sentence, without its time; undefined for kinds this family does not write.
 * @example saySaga({ t: 0, kind: 'saga.order', from: 'web', to: 'api', order }) // 'Ann orders $100 on Alice’s account'
 */
export function saySaga(e: { kind: string } & Partial<Omit<SagaTraceEvent, 'kind'>>, name: Namer = sagaName): string | undefined {
  if (!isSagaEvent(e)) return undefined;
  const o = e.order;
  const from = name(e.from);
  const to = name(e.to);
  const what = jobWords(e.job, o);
  const saga = e.style === 'saga';
  switch (e.kind) {
    case 'saga.ready':
      if (e.rows) return `${from} opens with ${Object.entries(e.rows).map(([a, r]) => `${a}’s running total at ${money(r.total)}`).join(', ') || 'no rows yet'}`;
      if (e.held) return e.held.length > 0 ? `${from} holds ${e.held.length === 1 ? 'a message' : `${e.held.length} messages`} from last week, due later` : `${from} is up, holding nothing`;
      return `${from} is up`;
    case 'saga.order':
      return `${o?.buyer ?? 'a buyer'} orders ${money(o?.amount ?? 0)} on ${o?.account ?? 'the'}’s account`;
    case 'saga.accepted':
      return `${from} answers 202 Accepted for ${orderWords(o)}: the buyer is done waiting`;
    case 'saga.refused':
      return `${orderWords(o)} reaches ${to}, which is down: nobody takes it`;
    case 'saga.publish':
      return e.job === 'TakeOff' ? `${from} asks ${to} to send ${what} at day ${((e.dueAt ?? 0) / DAY).toFixed(1).replace(/\.0$/, '')}${saga ? ' (RequestTimeout)' : ''}` : `${from} hands ${what} to ${to}`;
    case 'saga.stored':
      return (e.dueAt ?? 0) > (e.t ?? 0) ? `${from} stores ${what} on disk, due in ${span((e.dueAt ?? 0) - (e.t ?? 0))}` : `${from} stores ${what} on disk`;
    case 'saga.confirm':
      return `${from} confirms to ${to} that it has ${orderWords(o)}`;
    case 'saga.due':
      return `the time has come: ${from} releases ${what}`;
    case 'saga.deliver':
      return `${from} delivers ${what} to ${to}${(e.attempt ?? 1) > 1 ? `, attempt ${e.attempt}` : ''}`;
    case 'saga.read':
      return `${from} reads ${o?.account ?? 'the account'}’s ${saga ? 'saga' : 'running total'} from ${to}`;
    case 'saga.row':
      return `${from} answers: total ${money(e.row?.total ?? 0)}, version ${e.version ?? 0}`;
    case 'saga.commit':
      return `${from} writes total ${money(e.row?.total ?? 0)}${e.discount ? ` and ${money(e.discount)} off ${orderWords(o)}` : ''}, if the version is still ${e.version ?? 0}`;
    case 'saga.committed':
      return `${from} commits version ${e.version ?? 0}: ${o?.account ?? 'the'}’s total is ${money(e.row?.total ?? 0)}${e.job === 'OrderPlaced' ? (e.discount ? `, ${money(e.discount)} off ${orderWords(o)}` : `, no discount on ${orderWords(o)}`) : ''}`;
    case 'saga.conflict':
      return `${from} refuses the write for ${what}: a CONFLICT, someone committed first (${e.why ?? 'the version moved'})`;
    case 'saga.handler-fail':
      return `${from} fails on ${what}: ${e.why ?? 'an error'}`;
    case 'saga.ack':
      return `${from} acks ${what}: done`;
    case 'saga.nack':
      return `${from} hands ${what} back to ${to}: ${e.why ?? 'it failed'}`;
    case 'saga.retry':
      return (e.at ?? 0) > (e.t ?? 0) ? `${from} will retry ${what} in ${span((e.at ?? 0) - (e.t ?? 0))}` : `${from} retries ${what} at once`;
    case 'saga.requeue':
      return `${from} sees ${to}’s connection drop and puts ${what} back in line`;
    case 'saga.error-queue':
      return `${from} gives up on ${what} after ${e.attempt ?? 0} attempts: it goes to the error queue`;
    case 'saga.call':
      return `${from} calls ${to} for ${what}${(e.attempt ?? 1) > 1 ? `, attempt ${e.attempt}` : ''}`;
    case 'saga.answer':
      return e.status === 200 ? `${from} answers 200 OK for ${what}` : `${from} answers 500 for ${what}: ${e.why ?? 'it failed'}`;
    case 'saga.call-timeout':
      return `${from} gives up waiting for ${to === 'someone' ? 'the Discount service' : 'its answer'} on ${what}`;
    case 'saga.retry-wait':
      return `${from} will call again in ${span((e.at ?? 0) - (e.t ?? 0))}, from memory`;
    case 'saga.gave-up':
      return `${from} runs out of retries for ${what}: the update is LOST`;
    case 'saga.remind':
      return `${from}’s reminder in memory fires: ${what}`;
    case 'saga.down': {
      const l = e.lost;
      const parts = l ? [l.inHand > 0 ? `${l.inHand} in hand` : '', l.retries > 0 ? `${l.retries} retr${l.retries === 1 ? 'y' : 'ies'} waiting` : '', l.reminders > 0 ? `${l.reminders} reminder${l.reminders === 1 ? '' : 's'}` : ''].filter(Boolean) : [];
      return `${from} crashes${parts.length > 0 ? `, losing from memory: ${parts.join(', ')}` : ''}`;
    }
    case 'saga.up':
      return `${from} is back, with nothing in memory`;
    case 'saga.dropped':
      return `${what} reaches ${to}, which is down`;
    case 'saga.fail-next':
      return `the next ${e.count === 1 ? 'handling' : `${e.count} handlings`} on ${from} will fail`;
  }
}

/**
 * The label on a token in flight.
 * @example tokenLabel({ kind: 'saga.accepted' }) // '202'
 */
export function tokenLabel(e: { kind: string } & Partial<Omit<SagaTraceEvent, 'kind'>>): string {
  const amount = e.order ? `$${e.order.amount}` : '';
  switch (e.kind) {
    case 'saga.order':
      return `${e.order?.buyer ?? ''} ${amount}`.trim();
    case 'saga.accepted':
      return '202';
    case 'saga.confirm':
      return 'stored';
    case 'saga.publish':
    case 'saga.deliver':
    case 'saga.call':
      return e.job === 'TakeOff' ? `\u2212${amount}` : `+${amount}`;
    case 'saga.read':
      return 'read';
    case 'saga.row':
      return `v${e.version ?? 0}`;
    case 'saga.commit':
      return `v${(e.version ?? 0) + 1}?`;
    case 'saga.committed':
      return 'ok';
    case 'saga.conflict':
      return 'conflict';
    case 'saga.ack':
      return 'ack';
    case 'saga.nack':
      return 'nack';
    case 'saga.answer':
      return String(e.status ?? '');
    default:
      return '';
  }
}
