/**
 * The query string: `?stress=N` (the bench's stress page, N clamped to 0..2000), `?seed=N`
 * (replaces the scenes' seeds) and `?mode=present|study|sandbox`. Anything malformed is ignored.
 */

export const MAX_STRESS_TOKENS = 2000;

export type Mode = 'present' | 'study' | 'sandbox';

export interface Query {
  stress?: number;
  seed?: number;
  mode?: Mode;
}

const MODES: readonly Mode[] = ['present', 'study', 'sandbox'];

/** @example parseQuery('?stress=500') → { stress: 500 } */
export function parseQuery(search: string): Query {
  const params = new URLSearchParams(search);
  const q: Query = {};
  const stress = params.get('stress');
  if (stress !== null && /^\d+$/.test(stress.trim())) q.stress = Math.min(MAX_STRESS_TOKENS, Number(stress.trim()));
  const seed = params.get('seed');
  if (seed !== null && /^\d+$/.test(seed.trim()) && Number.isSafeInteger(Number(seed.trim()))) q.seed = Number(seed.trim());
  const mode = params.get('mode');
  if (mode && (MODES as readonly string[]).includes(mode)) q.mode = mode as Mode;
  return q;
}
