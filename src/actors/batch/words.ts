/**
 * The batch family's words: one plain sentence per trace kind for the narration log, the label on
 * a token in flight, how its actors are named, and how its times read ("Mon 10:00": day 0 of a
 * world is a Monday, and a story's week starts at its midnight). Pure: no DOM.
 */
import type { Namer } from '../family.ts';
import type { BatchTraceEvent, BatchTraceKind, Ms } from './types.ts';

/** Every trace kind this family writes. */
export const BATCH_TRACE_KINDS: readonly BatchTraceKind[] = [
  'batch-open',
  'job-scheduled',
  'batch-grown',
  'batch-order',
  'batch-status-read',
  'batch-status-reply',
  'batch-insert',
  'batch-stored',
  'stale-read',
  'window-drop',
  'batch-scan',
  'batch-scan-reply',
  'job-start',
  'job-end',
  'batch-status-write',
  'status-updated',
];

const KNOWN = new Set<string>(BATCH_TRACE_KINDS);

/** Whether an event is one of this family's. */
export const isBatchEvent = (e: { kind: string }): e is BatchTraceEvent => KNOWN.has(e.kind);

const HOUR: Ms = 3_600_000;
const DAY: Ms = 24 * HOUR;
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/**
 * A virtual instant as a weekday and a time, day 0 being a Monday.
 * @example dayTime(10 * 3_600_000) // 'Mon 10:00'
 * @example dayTime(-6 * 86_400_000 + 12 * 3_600_000) // 'Tue 12:00'
 */
export function dayTime(t: Ms): string {
  const day = Math.floor(t / DAY);
  const inDay = t - day * DAY;
  const h = Math.floor(inDay / HOUR);
  const m = Math.floor((inDay - h * HOUR) / 60_000);
  return `${WEEKDAYS[((day % 7) + 7) % 7]} ${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/**
 * A duration in hours, to a tenth where it has one.
 * @example hours(7_200_000) // '2 h' (with a no-break space)
 * @example hours(27_000_000) // '7.5 h'
 */
export function hours(ms: Ms): string {
  const h = Math.round((ms / HOUR) * 10) / 10;
  return `${h.toLocaleString('en-US')}\u00a0h`;
}

/** 12000 → "12,000". */
export const count = (n: number): string => n.toLocaleString('en-US');

/** "10 off" or "no discount". */
export const off = (discount: number | undefined): string => (discount ? `${count(discount)} off` : 'no discount');

/** A status as the table says it. */
export const statusWord = (discount: boolean | undefined): string => (discount ? 'discount' : 'none');

/** Names for the actors of the batch scenes. */
const NAMES: Readonly<Record<string, string>> = {
  api: 'the Order API',
  orders: 'the orders database',
  status: 'the status table',
  job: 'the batch job',
};

/** An actor as a sentence says it. */
export const batchName: Namer = (party) => (party === undefined ? 'someone' : (NAMES[party] ?? party));

const possessive = (who: string | undefined): string => (who ? `${who}\u2019s` : 'an');

/**
 * One event as a sentence, without its time.
 * @example sayBatch({ t: 0, kind: 'stale-read', from: 'api', buyer: 'Bob', amount: 100, discount: 0, ruleDiscount: 10, total: 550, asOf: 7_200_000 }, batchName)
 *   // 'Bob’s order of 100 was priced from the status of Mon 02:00: no discount, where the rule now gives 10 off (550 over the last 7 days)'
 */
export function sayBatch(e: BatchTraceEvent, name: Namer): string | undefined {
  const who = name(e.from);
  switch (e.kind) {
    case 'batch-open':
      return e.orders ? `${who} holds ${e.orders.length} earlier order${e.orders.length === 1 ? '' : 's'}` : `${who} holds the statuses of the last run`;
    case 'job-scheduled':
      return `${who} runs every ${hours(e.everyMs ?? 0)}, first at ${dayTime(e.firstRunAt ?? 0)}, over ${count(e.accounts ?? 0)} accounts`;
    case 'batch-grown':
      return `the platform now has ${count(e.accounts ?? 0)} accounts for ${who} to go through`;
    case 'batch-order':
      return `${e.buyer} orders ${e.amount} on ${possessive(e.account)} account`;
    case 'batch-status-read':
      return `${who} reads ${possessive(e.account)} status to price ${possessive(e.buyer)} order`;
    case 'batch-status-reply':
      return `${who} answers: ${statusWord(e.status)}${e.asOf === undefined ? '' : `, as of ${dayTime(e.asOf)}`}`;
    case 'batch-insert':
      return `${who} prices ${possessive(e.buyer)} order of ${e.amount}: ${off(e.discount)}`;
    case 'batch-stored':
      return `${who} stores ${possessive(e.buyer)} order; the rule at that instant gives ${off(e.ruleDiscount)} (${e.total} over the last 7 days)`;
    case 'stale-read':
      return `${possessive(e.buyer)} order of ${e.amount} was priced from the status of ${e.asOf === undefined ? 'no run' : dayTime(e.asOf)}: ${off(e.discount)}, where the rule now gives ${off(e.ruleDiscount)} (${e.total} over the last 7 days)`;
    case 'window-drop':
      return `${possessive(e.buyer === 'earlier' ? undefined : e.buyer)} order of ${e.amount} is now 7 days old and stops counting: ${possessive(e.account)} week is down to ${e.total}`;
    case 'batch-scan':
      return `${who} starts run ${e.run}: it reads every order`;
    case 'batch-scan-reply':
      return `${who} hands over ${e.orders?.length ?? 0} orders`;
    case 'job-start':
      return `${who} works through ${count(e.accounts ?? 0)} accounts: ${hours(e.runMs ?? 0)}, until ${dayTime(e.ends ?? 0)}`;
    case 'job-end':
      return `${who} finishes run ${e.run} after ${hours(e.runMs ?? 0)}${e.overran ? `, past the end of the night at ${dayTime(e.nightEnds ?? 0)}` : ''}`;
    case 'batch-status-write':
      return `${who} writes the statuses it computed as of ${dayTime(Object.values(e.statuses ?? {})[0]?.asOf ?? e.t)}`;
    case 'status-updated':
      return e.status === e.was
        ? `${possessive(e.account)} status stays ${statusWord(e.status)} (${e.total} as of ${dayTime(e.asOf ?? 0)})`
        : `${possessive(e.account)} status changes to ${statusWord(e.status)} (${e.total} as of ${dayTime(e.asOf ?? 0)})`;
    default:
      return undefined;
  }
}

/** The label on a token in flight. */
export function tokenLabel(e: BatchTraceEvent): string {
  switch (e.kind) {
    case 'batch-status-read':
      return 'status?';
    case 'batch-status-reply':
      return statusWord(e.status);
    case 'batch-insert':
      return `${e.buyer} ${e.amount}`;
    case 'batch-scan':
      return 'all orders';
    case 'batch-scan-reply':
      return `${e.orders?.length ?? 0} orders`;
    case 'batch-status-write':
      return 'statuses';
    default:
      return e.kind;
  }
}
