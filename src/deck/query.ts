/**
 * The query string: `?stress=N` (the bench's stress page, N clamped to 0..2000), `?seed=N`
 * (replaces the scenes' seeds), `?mode=present|study|sandbox`, `?print` (the printable handout)
 * and `?embed` (one scene for an iframe), the last two with `&scene=<id>` and, for embed,
 * `&step=<name or k>`. Anything malformed is ignored; scene and step are kept as given, for pick.ts to
 * check against the scenes and explain on screen. `?theme=light|dark` picks the colours; any other
 * value is ignored, which leaves the default (dark).
 */
import type { ThemeName } from '../lib/palette.ts';

export const MAX_STRESS_TOKENS = 2000;

export type Mode = 'present' | 'study' | 'sandbox';

export interface Query {
  stress?: number;
  seed?: number;
  mode?: Mode;
  /** `?print`: the printable handout. */
  print?: true;
  /** `?embed`: one scene without the shell. */
  embed?: true;
  /** `&scene=<id>`, trimmed, as given. */
  scene?: string;
  /** `&step=<name or k>`, trimmed, as given (a step's name, or its 0-based number, as in the hash). */
  step?: string;
  /** `?theme=light|dark`. */
  theme?: ThemeName;
  /** `?speaker`: the speaker window (opened by S). */
  speaker?: true;
  /** `?compare=<schedule>`: one fault schedule against two designs, side by side (checked by the view). */
  compare?: string;
}

const MODES: readonly Mode[] = ['present', 'study', 'sandbox'];
const THEMES: readonly ThemeName[] = ['dark', 'light'];

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
  if (isOn(params.get('print'))) q.print = true;
  if (isOn(params.get('embed'))) q.embed = true;
  if (isOn(params.get('speaker'))) q.speaker = true;
  const compare = params.get('compare');
  if (compare !== null) q.compare = compare.trim();
  const scene = params.get('scene')?.trim();
  if (scene) q.scene = scene;
  const step = params.get('step')?.trim();
  if (step) q.step = step;
  const theme = params.get('theme')?.trim().toLowerCase();
  if (theme && (THEMES as readonly string[]).includes(theme)) q.theme = theme as ThemeName;
  return q;
}

/** A switch such as `?print`: on when present (`?print`, `?print=1`), off when absent or `=0|false|no|off`. */
function isOn(value: string | null): boolean {
  return value !== null && !/^(0|false|no|off)$/i.test(value.trim());
}
