/**
 * What the bench's TypeScript probes share: how they hand a figure back to scripts/bench.mjs (one
 * `BENCH {json}` line on stdout per figure), small statistics, and loading project modules
 * that may not exist yet without breaking the type check.
 */
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

/** A figure one probe measured, or why it could not. `id` matches a row in scripts/bench.mjs. */
export type Figure =
  | { id: string; value: number; detail?: string }
  | { id: string; unavailable: string };

/** Prints one figure for the orchestrator to pick up. */
export function report(figure: Figure): void {
  console.log(`BENCH ${JSON.stringify(figure)}`);
}

const root = join(import.meta.dirname, '..', '..');

/** The first line of an error's message, paths relative to the repository, for an `unavailable (reason)` cell. */
export function reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? '').replaceAll(`${root}/`, '').slice(0, 160);
}

/** The value at quantile q (0..1) by nearest rank: percentile([1, 2, 3, 4], 0.5) === 2. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

/** The median by nearest rank. */
export function median(values: readonly number[]): number {
  return percentile(values, 0.5);
}

/**
 * Imports a project module by its path from the repository root. The specifier is computed, so
 * a module that is not written yet fails here at run time (a row marked unavailable) instead of
 * failing svelte-check; the caller states the shape it expects.
 */
export async function importFromRoot<T>(pathFromRoot: string): Promise<T> {
  return (await import(pathToFileURL(join(root, pathFromRoot)).href)) as T;
}
