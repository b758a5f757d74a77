/**
 * The HTTP family's words: one plain sentence per trace kind for the narration log, the label on
 * a token in flight, and how its actors are named when nobody names them otherwise. Money and
 * payloads are written as chapter 1 writes them (src/lib/format.ts), so "deposit $70" reads the
 * same in every chapter. Pure: no DOM.
 */
import { money, payloadLabel, signedAmount } from '../../lib/format.ts';
import type { Namer } from '../family.ts';
import type { HttpTraceEvent, HttpTraceKind, Party, Status } from './types.ts';

/** Every trace kind this family writes. */
export const HTTP_TRACE_KINDS: readonly HttpTraceKind[] = [
  'ready',
  'request',
  'forward',
  'dispatch',
  'handle-start',
  'query',
  'db-write',
  'db-refuse',
  'db-fail',
  'reply',
  'thread-done',
  'respond',
  'response',
  'timeout',
  'slowed',
  'instance-down',
  'instance-up',
  'dropped',
];

const KNOWN = new Set<string>(HTTP_TRACE_KINDS);

/** Whether an event is one of this family's. */
export const isHttpEvent = (e: { kind: string }): e is HttpTraceEvent => KNOWN.has(e.kind);

/** Names for the actors of the HTTP scenes, when the caller of `say` has none of its own. */
const NAMES: Readonly<Record<string, string>> = {
  web: 'the web app',
  clients: 'a client',
  lb: 'the load balancer',
  pool: 'the thread pool',
  storage: 'the database',
};

/**
 * An actor as a sentence says it.
 * @example httpName('service:A') // 'instance A'
 * @example httpName('lb') // 'the load balancer'
 */
export const httpName: Namer = (party) => {
  if (party === undefined) return 'someone';
  const named = NAMES[party];
  if (named) return named;
  const [kind, id] = party.split(':');
  if (id !== undefined && kind === 'service') return `instance ${id}`;
  if (id !== undefined && kind === 'thread') return `thread ${id}`;
  return party;
};

/** 'service:A' → 'A', 'thread:1' → '1', 'lb' → 'lb': the short name a tag shows. */
export const shortName = (party: Party): string => party.slice(party.indexOf(':') + 1);

/** Each status as the log says it, and why, when it is not plain 200 OK. */
const STATUS_WORDS: Readonly<Record<Status, { code: string; why: string }>> = {
  200: { code: '200 OK', why: '' },
  422: { code: '422', why: 'insufficient funds' },
  500: { code: '500', why: 'the database write failed' },
  503: { code: '503', why: 'there is nobody to hand it to' },
  504: { code: '504', why: 'the instance did not answer in time' },
};

/** "answers 422 for withdraw $100: insufficient funds". */
const answer = (status: Status | undefined, what: string): string => {
  if (status === undefined) return `answers ${what}`;
  const w = STATUS_WORDS[status];
  return `answers ${w.code} for ${what}${w.why ? `: ${w.why}` : ''}`;
};

/**
 * A status as a token's label says it.
 * @example statusLabel(422) // '422 refused'
 */
export function statusLabel(status: Status): string {
  return { 200: '200 OK', 422: '422 refused', 500: '500 error', 503: '503 unavailable', 504: '504 timeout' }[status];
}

/** "1 s", "8 s", "1.5 s". */
export const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(1))} s`;

/**
 * One event as a sentence, without its time; undefined for kinds this family does not write.
 * @example sayHttp({ t: 0, kind: 'request', msg: 1, from: 'web', to: 'lb', payload: deposit('Jim', 70) }) // 'the web app sends deposit $70 to the load balancer'
 */
export function sayHttp(e: { kind: string } & Partial<Omit<HttpTraceEvent, 'kind'>>, name: Namer = httpName): string | undefined {
  if (!isHttpEvent(e)) return undefined;
  const what = e.payload ? payloadLabel(e.payload) : e.msg !== undefined ? `request ${e.msg}` : 'a request';
  const whose = e.payload ? `${e.payload.user}'s` : 'the';
  const from = name(e.from);
  const to = name(e.to);
  const status = e.status;
  switch (e.kind) {
    case 'ready':
      if (e.balances) return `${from} opens with ${Object.entries(e.balances).map(([u, b]) => `${u} at ${money(b)}`).join(', ') || 'no accounts'}`;
      return `${from} is up: ${seconds(e.processMs ?? 0)} a request`;
    case 'request':
      return `${from} sends ${what} to ${to}`;
    case 'forward':
      return `${from} forwards ${what} to ${to}, the one with the fewest requests in flight`;
    case 'dispatch':
      return `${from} hands ${what} to ${to}, the least busy thread`;
    case 'handle-start':
      return `${from} starts on ${what}: ${seconds(e.processMs ?? 0)} of work before it touches the database`;
    case 'query':
      return `${from} asks ${to} to apply ${what}`;
    case 'db-write':
      return `${from} applies ${what} for ${to}: ${whose} balance is now ${money(e.balance ?? 0)}`;
    case 'db-refuse':
      return `${from} REFUSES ${what} for ${to}: ${whose} balance is only ${money(e.balance ?? 0)}`;
    case 'db-fail':
      return `${from} fails to write ${what} for ${to}: no balance changes`;
    case 'reply':
      return `${from} ${answer(status, what)}`;
    case 'thread-done':
      return `${from} is done with ${what}: ${status === undefined ? 'no answer' : [STATUS_WORDS[status].code, STATUS_WORDS[status].why].filter(Boolean).join(', ')}`;
    case 'respond':
      if (status === 504 || status === 503) return `${from} ${answer(status, what)}`;
      return `${from} passes ${status === undefined ? 'the answer' : statusLabel(status)} for ${what} back to ${to}`;
    case 'response':
      if (e.late) return `${to} gets ${status === undefined ? 'an answer' : statusLabel(status)} for ${what}, after it had given up on it`;
      return `${to} gets ${status === undefined ? 'an answer' : statusLabel(status)} for ${what}`;
    case 'timeout':
      return `${from} gives up waiting for ${what}`;
    case 'slowed':
      return `${from} slows down: ${seconds(e.processMs ?? 0)} a request`;
    case 'instance-down': {
      const n = e.lost?.length ?? 0;
      return `${from} crashes${n === 0 ? '' : n === 1 ? ', losing the request in its hands' : `, losing the ${n} requests in its hands`}`;
    }
    case 'instance-up':
      return `${from} is back, with nothing in its hands`;
    case 'dropped':
      return `${what} reaches ${to}, which is down: nobody answers it`;
  }
}

/**
 * The label on a token in flight: the payload for a request ("+$70"), the status for an answer
 * ("200 OK", "422 refused"), the outcome for the database's answer ("$110", "refused").
 * @example tokenLabel({ kind: 'reply', status: 422 }) // '422 refused'
 */
export function tokenLabel(e: { kind: string } & Partial<Omit<HttpTraceEvent, 'kind'>>): string {
  switch (e.kind) {
    case 'reply':
    case 'thread-done':
    case 'respond':
      return e.status === undefined ? 'answer' : statusLabel(e.status);
    case 'db-write':
      return money(e.balance ?? 0);
    case 'db-refuse':
      return 'refused';
    case 'db-fail':
      return 'failed';
    default:
      return e.payload ? signedAmount(e.payload) : e.msg !== undefined ? `#${e.msg}` : '';
  }
}
