/**
 * The chaos explorer's form fields, read the way the deck reads any input: never failing, a safe
 * fallback or a clamped value, and a sentence saying what happened. Pure, no DOM.
 */

export const COUNT_MIN = 100;
export const COUNT_MAX = 20_000;
export const COUNT_DEFAULT = 1_000;
export const SEED_DEFAULT = 1;
import { SEED_MAX } from '../chapters/chaos.ts';

export { SEED_MAX };

export interface Read {
  value: number;
  /** Set when the input was not used as typed. */
  message?: string;
}

const fmt = (n: number) => n.toLocaleString('en-US');
const quote = (s: string) => `“${s.length > 20 ? `${s.slice(0, 19)}…` : s}”`;

/** A whole number, allowing thousands separators ("1,000", "20 000"), or undefined. */
function whole(text: string): number | undefined {
  const t = text.trim().replace(/[,_\s]/g, '');
  if (!/^-?\d+$/.test(t)) return undefined;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : undefined;
}

/**
 * @example readCount('50000') → { value: 20000, message: 'At most 20,000 schedules: running 20,000.' }
 */
export function readCount(text: string): Read {
  const n = whole(text);
  if (n === undefined) return { value: COUNT_DEFAULT, message: `${quote(text)} is not a whole number of schedules: running ${fmt(COUNT_DEFAULT)}.` };
  if (n < COUNT_MIN) return { value: COUNT_MIN, message: `At least ${fmt(COUNT_MIN)} schedules: running ${fmt(COUNT_MIN)}.` };
  if (n > COUNT_MAX) return { value: COUNT_MAX, message: `At most ${fmt(COUNT_MAX)} schedules: running ${fmt(COUNT_MAX)}.` };
  return { value: n };
}

/** @example readSeed('abc') → { value: 1, message: '“abc” is not a whole number from 0 to 2,147,483,647: using seed 1.' } */
export function readSeed(text: string): Read {
  const n = whole(text);
  if (n === undefined || n < 0 || n > SEED_MAX) return { value: SEED_DEFAULT, message: `${quote(text)} is not a whole number from 0 to ${fmt(SEED_MAX)}: using seed ${SEED_DEFAULT}.` };
  return { value: n };
}
