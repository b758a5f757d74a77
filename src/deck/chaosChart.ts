/**
 * The chaos explorer's bar chart as data: one bar per bucket of a scenario (chapter 1: Jim's
 * final balance), at most MAX_BARS so each label stays readable at 1920×1080. The buckets come
 * labelled and ordered from the scenario (bucketList in chapters/chaos.ts). Pure, no DOM.
 */
import type { Bucket } from '../chapters/chaos.ts';

export const MAX_BARS = 9;

export interface Bar {
  key: string;
  label: string;
  /** A second word under (or after) the label: "refused" on the bar of runs that ended at $10 after refusing a withdraw. */
  note?: string;
  count: number;
  /** The right outcome ($10 with nothing refused): drawn in another colour and with a check. */
  ok: boolean;
  /** On the "others" bar: how many buckets it stands for. */
  folded?: number;
}

/**
 * The bars, in the buckets' order. The right bucket splits in two: "✓ $10" (right) and, beside
 * it, "$10 refused" (the `split` runs that landed there yet are wrong, keyed `<key>-<note>`), so
 * the green bar is the count of right runs and the others add up to the wrong ones. With more
 * than MAX_BARS bars, the right bucket and the most frequent others keep a bar each and the rest
 * share one last bar labelled "others" (`folded` says how many buckets it holds).
 * @example chartBars(balanceList({ '10': 5, '110': 3 }), 2).map((b) => b.key) // ['10', '10-refused', '110']
 */
export function chartBars(buckets: readonly Bucket[], split = 0): Bar[] {
  const bars = (b: Bucket): Bar[] => {
    if (!b.right) return [{ key: b.key, label: b.label, count: b.count, ok: false }];
    const wrong = Math.min(split, b.count);
    const note = b.note ?? 'wrong';
    const out: Bar[] = [];
    if (b.count > wrong) out.push({ key: b.key, label: b.label, count: b.count - wrong, ok: true });
    if (wrong > 0) out.push({ key: `${b.key}-${note}`, label: b.label, note, count: wrong, ok: false });
    return out;
  };
  const right = buckets.find((b) => b.right);
  const rightBars = right ? bars(right).length : 0;
  const others = buckets.filter((b) => b !== right);
  if (others.length + rightBars <= MAX_BARS) return buckets.flatMap(bars);
  // Room for the right bars, the "others" bar and the most frequent of the rest (ties: in the buckets' order; the sort is stable).
  const kept = [...others].sort((a, b) => b.count - a.count).slice(0, MAX_BARS - 1 - rightBars);
  const shown = new Set([...kept, ...(right ? [right] : [])]);
  const rest = buckets.filter((b) => !shown.has(b));
  return [
    ...buckets.filter((b) => shown.has(b)).flatMap(bars),
    { key: 'others', label: 'others', count: rest.reduce((sum, b) => sum + b.count, 0), ok: false, folded: rest.length },
  ];
}
