/**
 * The chaos explorer's bar chart as data: one bar per final balance, at most MAX_BARS so each
 * label stays readable at 1920×1080. Pure, no DOM.
 */
import { EXPECTED_BALANCE } from '../chapters/nats/chaos.ts';
import { money } from '../lib/format.ts';

export const MAX_BARS = 9;

export interface Bar {
  key: string;
  label: string;
  /** A second word under (or after) the label: "refused" on the bar of runs that ended at $10 after refusing a withdraw. */
  note?: string;
  count: number;
  /** The right outcome ($10 with nothing refused): drawn in another colour and with a check. */
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
 * The bars, lowest balance first. The $10 runs split in two: "✓ $10" (right: nothing refused) and,
 * beside it, "$10 refused" (`refusedAtTen` runs that got there only after refusing a withdraw,
 * wrong), so the green bar is the count of right runs and the others add up to the wrong ones.
 * With more than MAX_BARS bars, $10 and the most frequent others keep a bar each and the rest share
 * one last bar labelled "others" (`folded` says how many balances it holds).
 */
export function chartBars(balances: { balance: number; count: number }[], refusedAtTen = 0): Bar[] {
  const bars = (b: { balance: number; count: number }): Bar[] => {
    if (b.balance !== EXPECTED_BALANCE) return [{ key: String(b.balance), label: money(b.balance), count: b.count, ok: false }];
    const refused = Math.min(refusedAtTen, b.count);
    const split: Bar[] = [];
    if (b.count > refused) split.push({ key: String(b.balance), label: money(b.balance), count: b.count - refused, ok: true });
    if (refused > 0) split.push({ key: `${b.balance}-refused`, label: money(b.balance), note: 'refused', count: refused, ok: false });
    return split;
  };
  const ten = balances.find((b) => b.balance === EXPECTED_BALANCE);
  const tenBars = ten ? bars(ten).length : 0;
  const others = balances.filter((b) => b !== ten);
  if (others.length + tenBars <= MAX_BARS) return balances.flatMap(bars);
  // Room for the $10 bars, the "others" bar and the most frequent of the rest.
  const kept = others.sort((a, b) => b.count - a.count || a.balance - b.balance).slice(0, MAX_BARS - 1 - tenBars);
  const shown = new Set([...kept.map((b) => b.balance), EXPECTED_BALANCE]);
  const rest = balances.filter((b) => !shown.has(b.balance));
  return [
    ...balances.filter((b) => shown.has(b.balance)).flatMap(bars),
    { key: 'others', label: 'others', count: rest.reduce((sum, b) => sum + b.count, 0), ok: false, folded: rest.length },
  ];
}
