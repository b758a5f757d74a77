/**
 * The deck's settings, saved in localStorage so they survive a reload: theme, playback speed,
 * whether the learner is asked to predict before a reveal, and whether the inspector is open.
 * Parsing is strict: anything saved that is not exactly what this version writes falls back to
 * the defaults, field by field, and says so once.
 */
import { SPEEDS } from '../lib/playback.svelte.ts';

export type ThemeChoice = 'dark' | 'light' | 'projector';

export interface Settings {
  theme: ThemeChoice;
  /** One of SPEEDS. */
  speed: number;
  /** Ask "what happens next?" at the steps that have a prediction. */
  predictions: boolean;
  inspector: boolean;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = { theme: 'dark', speed: 1, predictions: true, inspector: false };

/** The localStorage key; the version moves on when the shape changes. */
export const SETTINGS_KEY = 'out-of-order.settings.v1';

export interface Loaded {
  settings: Settings;
  /** Set when something saved could not be read and defaults were used instead. */
  notice?: string;
}

/**
 * Reads saved settings. Missing → defaults, silently; malformed JSON or a bad field → defaults for
 * what is bad, with a notice.
 * @example parseSettings('{"theme":"light"}').settings.theme // 'light'
 * @example parseSettings('{oops').notice // 'Your saved settings could not be read…'
 */
export function parseSettings(text: string | null): Loaded {
  if (text === null) return { settings: { ...DEFAULT_SETTINGS } };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    raw = undefined;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { settings: { ...DEFAULT_SETTINGS }, notice: 'Your saved settings could not be read, so the defaults are back (dark theme, 1× speed, predictions on).' };
  }
  const r = raw as Record<string, unknown>;
  const bad: string[] = [];
  const pick = <T>(name: keyof Settings, ok: (v: unknown) => v is T, fallback: T): T => {
    if (!(name in r)) return fallback;
    if (ok(r[name])) return r[name];
    bad.push(name);
    return fallback;
  };
  const settings: Settings = {
    theme: pick('theme', (v): v is ThemeChoice => v === 'dark' || v === 'light' || v === 'projector', DEFAULT_SETTINGS.theme),
    speed: pick('speed', (v): v is number => typeof v === 'number' && (SPEEDS as readonly number[]).includes(v), DEFAULT_SETTINGS.speed),
    predictions: pick('predictions', (v): v is boolean => typeof v === 'boolean', DEFAULT_SETTINGS.predictions),
    inspector: pick('inspector', (v): v is boolean => typeof v === 'boolean', DEFAULT_SETTINGS.inspector),
  };
  return bad.length === 0 ? { settings } : { settings, notice: `Some saved settings were not valid (${bad.join(', ')}), so those are back to their defaults.` };
}

/** What is saved: exactly the settings, nothing else. */
export const serializeSettings = (s: Settings): string => JSON.stringify({ theme: s.theme, speed: s.speed, predictions: s.predictions, inspector: s.inspector });

/** Reads from localStorage, which may be unavailable (private windows, file://): then defaults, quietly. */
export function loadSettings(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): Loaded {
  try {
    return parseSettings(storage?.getItem(SETTINGS_KEY) ?? null);
  } catch {
    return { settings: { ...DEFAULT_SETTINGS } };
  }
}

/** Saves; a full or blocked storage only means the choice is not remembered. */
export function saveSettings(s: Settings, storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(SETTINGS_KEY, serializeSettings(s));
  } catch {
    // Nothing to do: the setting still applies for this visit.
  }
}
