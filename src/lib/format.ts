/**
 * Words and numbers as the audience reads them: money, clocks, message labels, party names.
 * Pure and shared by the stage, the narration log and the tests.
 */
import type { Ms, Party, Payload } from '../actors/nats/types.ts';

/** One formatter for every number the stage writes: toLocaleString makes a new one per call, a cost paid per token per frame. */
const EN_US = new Intl.NumberFormat('en-US');

/** A number with its thousands grouped, as toLocaleString('en-US') writes it: 9995 → "9,995". */
export const grouped = (n: number): string => EN_US.format(n);

/** 70 → "$70", -30 → "−$30" (a true minus sign). */
export function money(dollars: number): string {
  const sign = dollars < 0 ? '\u2212' : '';
  return `${sign}$${grouped(Math.abs(dollars))}`;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * The stage clock: mm:ss.s under an hour (30400 → "00:30.4"); past an hour, hours, minutes and
 * seconds (3 h 05 min → "3:05:00"); past a day, days and hours (7 days → "7 d 00 h"), and years
 * past a year, so a delay of 8.5 years reads as one.
 */
export function clock(t: Ms): string {
  const ms = Math.max(0, t);
  if (ms >= 365 * DAY_MS) {
    const years = Math.floor(ms / (365 * DAY_MS));
    const days = Math.floor((ms - years * 365 * DAY_MS) / DAY_MS);
    return `${years} y ${String(days).padStart(3, '0')} d`;
  }
  if (ms >= DAY_MS) {
    const days = Math.floor(ms / DAY_MS);
    const hours = Math.floor((ms - days * DAY_MS) / HOUR_MS);
    return `${days} d ${String(hours).padStart(2, '0')} h`;
  }
  const tenths = Math.floor(ms / 100);
  if (ms >= HOUR_MS) {
    const h = Math.floor(ms / HOUR_MS);
    const m = Math.floor((ms - h * HOUR_MS) / 60_000);
    const sec = Math.floor((ms - h * HOUR_MS - m * 60_000) / 1000);
    return `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`;
  }
  const m = Math.floor(tenths / 600);
  const s = (tenths % 600) / 10;
  return `${String(m).padStart(2, '0')}:${s.toFixed(1).padStart(4, '0')}`;
}

/** The narration log's time, m:ss.s: 30400 → "0:30.4" (and the clock's long forms past an hour). */
export function logTime(t: Ms): string {
  return clock(t).replace(/^0(\d)/, '$1');
}

/**
 * "deposit $70" (with its per-user number when it has one: "deposit $70 · n3"; with the
 * publisher's Seq and Last Seq in that design: "deposit $40 (Seq 3, Last Seq 1)"), or
 * "tweet “Landed!”". With `withUser`, the user comes first: "Mary's deposit $40".
 */
export function payloadLabel(p: Payload, withUser = false): string {
  if (p.kind === 'tweet') return `tweet \u201C${p.text ?? ''}\u201D`;
  if (p.what !== undefined) return p.what;
  const whose = withUser ? `${p.user}'s ` : '';
  if (p.prev !== undefined) return `${whose}${p.kind} ${money(p.amount)} (Seq ${p.number ?? '?'}, Last Seq ${p.prev || '\u2013'})`;
  const n = p.number !== undefined ? ` · n${p.number}` : '';
  return `${whose}${p.kind} ${money(p.amount)}${n}`;
}

/** "+$70" / "−$100": the short form used in channel cells and tables; "tweet" for a tweet. */
export function signedAmount(p: Payload): string {
  if (p.kind === 'tweet') return 'tweet';
  return `${p.kind === 'deposit' ? '+' : '\u2212'}$${p.amount}`;
}

/** 'listener:A' → "listener A", 'publisher' → "the publisher", 'server' → "the server". */
export function partyName(party: Party | undefined): string {
  if (!party) return 'someone';
  if (party.startsWith('listener:')) return `listener ${party.slice('listener:'.length)}`;
  if (party === 'storage') return 'storage';
  return `the ${party}`;
}

/** Whole seconds, rounded up: 24_100 → "25 s". */
export function secondsLeft(ms: Ms): string {
  return `${Math.max(0, Math.ceil(ms / 1000))} s`;
}

/** Quotes a piece of a link for a notice, shortened so a pasted essay does not fill the screen. */
export function quote(s: string): string {
  const short = s.length > 40 ? `${s.slice(0, 39)}…` : s;
  return `“${short}”`;
}
