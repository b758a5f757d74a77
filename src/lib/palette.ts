/**
 * The two themes, dark and light, over the Okabe–Ito colour-blind-safe palette. Both have the
 * same keys, so CSS (through lib/theme.ts) and the canvas read one role, such as `deposit`, in
 * either. Every text colour and the surface it sits on is listed in TEXT_ON and every outline,
 * edge or mark and what it is drawn over in GRAPHIC_ON; the unit tests check them in both themes
 * for 7:1 (text) and 3:1 (graphics, WCAG 1.4.11).
 */

/** Okabe & Ito (2008), "Color Universal Design". */
export const okabeIto = {
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
  black: '#000000',
} as const;

export type ThemeName = 'dark' | 'light';

/** The dark theme: a near-black background, light text, message colours as pills under black text. */
const dark = {
  background: '#0b0e13',
  surface: '#151a22',
  text: '#f5f5f5',
  textMuted: '#c9d1d9',
  outline: '#8b949e',
  /** Dashed lines between actors; light enough for 3:1 against the background and a box. */
  edge: '#636c79',
  deposit: okabeIto.skyBlue,
  withdraw: okabeIto.orange,
  /** Okabe–Ito's reddish purple, lightened so black text on it keeps 7:1. */
  tweet: '#E8B4D0',
  ack: okabeIto.bluishGreen,
  busy: okabeIto.yellow,
  alarm: okabeIto.vermillion,
  /** The badge under a violated rule's word: a dark vermillion so light text stays legible. */
  alarmFill: '#3d1604',
  wait: okabeIto.reddishPurple,
  highlight: okabeIto.yellow,
  /** A crashed listener's dashed outline and cross: grey, but 3:1 against its box. */
  crashed: '#7a828d',
  /** A crashed listener's box. */
  crashedFill: '#23272e',
  tokenText: '#000000',
} as const;

/** The names of the colours every theme defines. */
export type ColourName = keyof typeof dark;
export type Palette = Readonly<Record<ColourName, string>>;

/**
 * The light theme: a near-white background and near-black text. The Okabe–Ito hues are darkened
 * until they read as text at 7:1 on white, so message pills are dark fills under white text (the
 * dark theme's arrangement turned over). Yellow cannot reach 7:1 on white: `busy` is a dark
 * ochre and `highlight`, which is only ever an outline, a brighter amber at 3:1 or better.
 */
const light: Palette = {
  background: '#f6f7f9',
  surface: '#ffffff',
  text: '#0b0e13',
  textMuted: '#3b424d',
  outline: '#59626e',
  edge: '#7d8694',
  /** Okabe–Ito blue, darkened. */
  deposit: '#00578a',
  /** Okabe–Ito orange, darkened to a burnt orange. */
  withdraw: '#8a4200',
  /** Okabe–Ito reddish purple, darkened. */
  tweet: '#8a3767',
  ack: '#008a63',
  /** Okabe–Ito yellow can only be text on white as a dark ochre. */
  busy: '#6b4f00',
  /** Okabe–Ito vermillion, darker and redder: red–green colour blindness still tells it from `highlight`. */
  alarm: '#b03800',
  /** A pale vermillion, under dark text. */
  alarmFill: '#fde3d4',
  wait: '#a8508a',
  /** An amber outline (Okabe–Ito yellow on white would be 1.2:1), lighter than `alarm`. */
  highlight: '#b87c00',
  crashed: '#6e7784',
  crashedFill: '#e4e7eb',
  tokenText: '#ffffff',
};

/** Both themes, by name. `palettes.light.deposit` → '#00578a'. */
export const palettes: Readonly<Record<ThemeName, Palette>> = { dark, light };

/** The dark theme, the default (what the stage wore before there were themes). */
export const palette = dark;

/** [text colour, what it sits on] by role: the stage's and the shell's text. */
export const TEXT_ON: readonly (readonly [ColourName, ColourName])[] = [
  ['text', 'background'],
  ['text', 'surface'],
  ['textMuted', 'background'],
  ['textMuted', 'surface'],
  ['busy', 'surface'],
  ['busy', 'background'],
  ['deposit', 'surface'],
  ['withdraw', 'surface'],
  ['tweet', 'surface'],
  ['tokenText', 'deposit'],
  ['tokenText', 'withdraw'],
  ['tokenText', 'tweet'],
  ['text', 'alarmFill'],
  ['text', 'crashedFill'],
  ['textMuted', 'crashedFill'],
];

/** [mark, what it is drawn over] by role: outlines, edges, rings and chart bars, which need 3:1. */
export const GRAPHIC_ON: readonly (readonly [ColourName, ColourName])[] = [
  ['outline', 'background'],
  ['outline', 'surface'],
  ['edge', 'background'],
  ['edge', 'surface'],
  ['highlight', 'background'],
  ['highlight', 'surface'],
  ['alarm', 'background'],
  ['alarm', 'surface'],
  ['alarm', 'alarmFill'],
  ['ack', 'background'],
  ['ack', 'surface'],
  ['wait', 'surface'],
  ['crashed', 'crashedFill'],
  ['deposit', 'background'],
  ['withdraw', 'background'],
  ['tweet', 'background'],
];

/** The colour pairs of `roles` in one theme: `pairsIn('light', TEXT_ON)[0]` → ['#0b0e13', '#f6f7f9']. */
export function pairsIn(theme: ThemeName, roles: readonly (readonly [ColourName, ColourName])[]): [string, string][] {
  const p = palettes[theme];
  return roles.map(([fg, bg]) => [p[fg], p[bg]]);
}

/** The dark theme's text pairs as colours. */
export const TEXT_PAIRS: readonly (readonly [string, string])[] = pairsIn('dark', TEXT_ON);

/** Relative luminance of '#rrggbb' (WCAG 2). */
export function luminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  const channel = (c: number): number => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

/** WCAG contrast ratio between two '#rrggbb' colours, 1..21. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
