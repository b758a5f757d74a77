/**
 * The chaos explorer's bar chart as data: one bar per final balance, at most MAX_BARS so each
 * label stays readable at 1920×1080. Pure, no DOM.
 */
import { EXPECTED_BALANCE } from '../machines/chaos.ts';
import { money } from '../lib/format.ts';

export const MAX_BARS = 9;

export interface Bar {
  key: string;
  label: string;
  count: number;
  /** The correct balance ($10): drawn in another colour and with a check. */
  ok: boolean;
  /** On the "others" bar: how many balances it stands for. */
  folded?: number;
}

/** `{ '110': 3, '10': 5 }` → `[{ balance: 10, count: 5 }, { balance: 110, count: 3 }]`, lowest first. */
export function balanceList(balances: Record<string, number>): { balance: number; count: number }[] {
  return Object.entries(balances)
    .map(([b, n]) => ({ balance: Number(b), count: n }))
    .sort((a, b) => a.balance - b.balance);
}

/**
 * The bars, lowest balance first. With more than MAX_BARS balances, $10 and the most frequent
 * others keep a bar each and the rest share one last bar labelled "others" (`folded` says how many
 * balances it holds).
 */
export function chartBars(balances: { balance: number; count: number }[]): Bar[] {
  const bar = (b: { balance: number; count: number }): Bar => ({ key: String(b.balance), label: money(b.balance), count: b.count, ok: b.balance === EXPECTED_BALANCE });
  if (balances.length <= MAX_BARS) return balances.map(bar);
  const others = balances.filter((b) => b.balance !== EXPECTED_BALANCE).sort((a, b) => b.count - a.count || a.balance - b.balance);
  const shown = new Set([...others.slice(0, MAX_BARS - 2).map((b) => b.balance), EXPECTED_BALANCE]);
  const rest = balances.filter((b) => !shown.has(b.balance));
  return [
    ...balances.filter((b) => shown.has(b.balance)).map(bar),
    { key: 'others', label: 'others', count: rest.reduce((sum, b) => sum + b.count, 0), ok: false, folded: rest.length },
  ];
}
