/**
 * The query string: `?stress=N` (the bench's stress page, N clamped to 0..2000; `&messages=M` puts
 * M messages in its scene), `?seed=N`
 * (replaces the scenes' seeds), `?mode=present|study|sandbox`, `?print` (the printable handout)
 * and `?embed` (one scene for an iframe), the last two with `&scene=<id>` and, for embed,
 * `&step=<name or k>`. Anything malformed is ignored; scene and step are kept as given, for pick.ts to
 * check against the scenes and explain on screen. `?theme=light|dark` picks the colours; any other
 * value is ignored, which leaves the default (dark). `&timespace=1` turns the time-space diagram
 * on in the embed, where it is off unless asked for.
 */
import { THEME_NAMES, type ThemeName } from '../lib/palette.ts';

export const MAX_STRESS_TOKENS = 2000;
export const MAX_STRESS_MESSAGES = 100_000;

export type Mode = 'present' | 'study' | 'sandbox';

export interface Query {
  stress?: number;
  /** `&messages=M` with `?stress`: M messages in the scene, drawn through viewAt (clamped to 0..MAX_STRESS_MESSAGES). */
  messages?: number;
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
  /** `?theme=light|dark|projector`. */
  theme?: ThemeName;
  /** `?speaker`: the speaker window (opened by S). */
  speaker?: true;
  /** `?compare=<schedule>`: one fault schedule against two designs, side by side (checked by the view). */
  compare?: string;
  /** `&timespace=1` with `?embed`: show the scene's time-space diagram under the stage (off by default there). */
  timespace?: true;
}

const MODES: readonly Mode[] = ['present', 'study', 'sandbox'];
const THEMES: readonly ThemeName[] = THEME_NAMES;

/** @example parseQuery('?stress=500') → { stress: 500 } */
export function parseQuery(search: string): Query {
  const params = new URLSearchParams(search);
  const q: Query = {};
  const stress = params.get('stress');
  if (stress !== null && /^\d+$/.test(stress.trim())) q.stress = Math.min(MAX_STRESS_TOKENS, Number(stress.trim()));
  const messages = params.get('messages');
  if (messages !== null && /^\d+$/.test(messages.trim())) q.messages = Math.min(MAX_STRESS_MESSAGES, Number(messages.trim()));
  const seed = params.get('seed');
  if (seed !== null && /^\d+$/.test(seed.trim()) && Number.isSafeInteger(Number(seed.trim()))) q.seed = Number(seed.trim());
  const mode = params.get('mode');
  if (mode && (MODES as readonly string[]).includes(mode)) q.mode = mode as Mode;
  if (isOn(params.get('print'))) q.print = true;
  if (isOn(params.get('embed'))) q.embed = true;
  if (isOn(params.get('speaker'))) q.speaker = true;
  if (isOn(params.get('timespace'))) q.timespace = true;
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
