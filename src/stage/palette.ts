/**
 * The projector theme: a dark background, light text and the Okabe–Ito colour-blind-safe palette.
 * Every pair of text colour and the surface it sits on is listed in TEXT_PAIRS and checked for a
 * contrast ratio of at least 7:1 by the unit tests.
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

export const palette = {
  background: '#0b0e13',
  surface: '#151a22',
  text: '#f5f5f5',
  textMuted: '#c9d1d9',
  outline: '#8b949e',
  edge: '#4a5361',
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
  crashed: '#5b636e',
  /** A crashed listener's box. */
  crashedFill: '#23272e',
  tokenText: '#000000',
} as const;

/** [text colour, surface] pairs used on the stage and in the shell. */
export const TEXT_PAIRS: readonly (readonly [string, string])[] = [
  [palette.text, palette.background],
  [palette.text, palette.surface],
  [palette.textMuted, palette.background],
  [palette.textMuted, palette.surface],
  [palette.busy, palette.surface],
  [palette.deposit, palette.surface],
  [palette.withdraw, palette.surface],
  [palette.tokenText, palette.deposit],
  [palette.tokenText, palette.withdraw],
  [palette.tokenText, palette.tweet],
  [palette.tweet, palette.surface],
  [palette.text, palette.alarmFill],
  [palette.text, palette.crashedFill],
  [palette.textMuted, palette.crashedFill],
];

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
