/**
 * The two themes, dark and light, over the Okabe–Ito colour-blind-safe palette. Both have the
 * same keys, so CSS (through lib/theme.ts) and the canvas read one role, such as `deposit`, in
 * either. Every text colour and the surface it sits on is listed in TEXT_ON and every outline,
 * edge or mark and what it is drawn over in GRAPHIC_ON; the unit tests check them in both themes
 * for 7:1 (text) and 3:1 (graphics, WCAG 1.4.11).
 *
 * Each hue has one meaning, the same in both themes (MEANINGS): sky blue a deposit, pink a
 * withdraw, green an ack and a right outcome, vermillion an error and a wrong outcome, yellow
 * (a dark olive on white) work in progress. Everything else is neutral: a highlight is the text
 * colour drawn as a double outline (a shape, not a status), a timer a grey ring, a tweet a pale
 * bubble; the focus ring on controls has a violet of its own. The unit tests check that the
 * meanings stay apart for the three kinds of colour blindness (DISTINCT).
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

export type ThemeName = 'dark' | 'light' | 'projector';

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
  /** Okabe–Ito's reddish purple, lightened to a pink so black text on it keeps 7:1: far from the error's vermillion. */
  withdraw: '#E8B4D0',
  /** A tweet is no money and no status: a pale neutral bubble. */
  tweet: '#e6e6e6',
  /** An ack, an acked message and a right outcome: nothing else is green. */
  ack: okabeIto.bluishGreen,
  /** Work in progress (a listener processing, its progress ring): nothing else is yellow. */
  busy: okabeIto.yellow,
  /** An error, a violated rule, an armed fault and a wrong outcome: nothing else is vermillion. */
  alarm: okabeIto.vermillion,
  /** The badge under an error's word: a dark vermillion so light text stays legible. */
  alarmFill: '#3d1604',
  /** Timers (the ack wait, a spinner): a neutral grey ring, since waiting is not an outcome. */
  wait: '#c9d1d9',
  /** Drawn as a double outline: the text colour, so it never reads as a status. */
  highlight: '#f5f5f5',
  /** The keyboard focus ring on the deck's controls: a violet used for nothing else. */
  focus: '#b9a3ff',
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
 * olive. The error stays a bright vermillion (a mark, never text) so that it does not join
 * `busy` and `withdraw` as one more dark brown.
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
  /** Okabe–Ito reddish purple, darkened. */
  withdraw: '#8a3767',
  /** A neutral dark grey bubble. */
  tweet: '#4b5563',
  ack: '#008a63',
  /** Okabe–Ito yellow can only be text on white as a dark olive. */
  busy: '#4d4200',
  /** Okabe–Ito vermillion, a little redder: 4:1 on white, and apart from `busy` for every colour blindness. */
  alarm: '#e04000',
  /** A pale vermillion, under dark text. */
  alarmFill: '#fff1ea',
  wait: '#3b424d',
  /** The text colour, drawn as a double outline. */
  highlight: '#0b0e13',
  focus: '#5b3fd1',
  crashed: '#6e7784',
  crashedFill: '#e4e7eb',
  tokenText: '#ffffff',
};

/**
 * The projector theme: the dark theme pushed to the ends for a projector in a lit room, which
 * lifts black towards grey. A pure black background, white text, and every hue a little brighter
 * so that marks keep 3:1 and text 4.5:1 even with 3% of white's luminance spilled over everything
 * (PROJECTOR_FLARE; the unit tests check it).
 */
const projector: Palette = {
  background: '#000000',
  surface: '#0a0c10',
  text: '#ffffff',
  textMuted: '#dde3ea',
  outline: '#a3abb6',
  edge: '#8a939f',
  deposit: '#7cc0ff',
  withdraw: '#f4c4de',
  tweet: '#eeeeee',
  ack: '#2bd67b',
  busy: '#f7ed5c',
  alarm: '#ff7a2e',
  alarmFill: '#4a1a04',
  wait: '#dde3ea',
  highlight: '#ffffff',
  focus: '#c9baff',
  crashed: '#8f97a2',
  crashedFill: '#262a31',
  tokenText: '#000000',
};

/** How much of white a projector in a lit room spills over every colour, as added luminance. */
export const PROJECTOR_FLARE = 0.03;

/** Contrast as a projector with `flare` shows it: both colours lifted by the spill. */
export function contrastWithFlare(a: string, b: string, flare: number): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + flare + 0.05) / (lo + flare + 0.05);
}

/** Every theme, by name. `palettes.light.deposit` → '#00578a'. */
export const palettes: Readonly<Record<ThemeName, Palette>> = { dark, light, projector };

/** The themes' names, in the order the settings offer them. */
export const THEME_NAMES: readonly ThemeName[] = ['dark', 'light', 'projector'];

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
  ['busy', 'surface'],
  ['focus', 'background'],
  ['focus', 'surface'],
];

/**
 * What each hue means. A status colour is used for its meaning only; a highlight is drawn in
 * `highlight` (a neutral) as a shape.
 */
export const MEANINGS = {
  deposit: 'a deposit',
  withdraw: 'a withdraw',
  ack: 'an ack, an acked message, a right outcome',
  alarm: 'an error, a violated rule, an armed fault, a wrong outcome',
  busy: 'work in progress',
} as const satisfies Partial<Record<ColourName, string>>;

/**
 * Colours that must stay apart for everyone, colour-blind or not, because they meet on the
 * stage with different meanings: the test asks for a CIELAB distance of at least
 * MIN_DISTINCT_DELTA_E between each pair under normal vision and simulated protanopia,
 * deuteranopia and tritanopia (Machado et al. 2009, full severity).
 */
export const DISTINCT: readonly (readonly [ColourName, ColourName])[] = [
  ['deposit', 'withdraw'],
  ['withdraw', 'alarm'],
  ['deposit', 'alarm'],
  ['ack', 'alarm'],
  ['busy', 'alarm'],
  ['busy', 'ack'],
  ['busy', 'withdraw'],
  ['deposit', 'ack'],
  ['withdraw', 'ack'],
  ['deposit', 'busy'],
  ['focus', 'alarm'],
  ['focus', 'ack'],
  ['focus', 'busy'],
  ['focus', 'withdraw'],
];

/** The least CIELAB ΔE (1976) two DISTINCT colours keep under every vision simulated. */
export const MIN_DISTINCT_DELTA_E = 12;

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

/** The kinds of vision the palette is checked for. */
export type Vision = 'normal' | 'protanopia' | 'deuteranopia' | 'tritanopia';
export const VISIONS: readonly Vision[] = ['normal', 'protanopia', 'deuteranopia', 'tritanopia'];

/** Machado, Oliveira & Fernandes (2009), severity 1, on linear RGB. */
const CVD: Record<Exclude<Vision, 'normal'>, readonly (readonly [number, number, number])[]> = {
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
};

const linear = (hex: string): [number, number, number] => {
  const n = Number.parseInt(hex.slice(1), 16);
  const c = (v: number): number => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return [c((n >> 16) & 255), c((n >> 8) & 255), c(n & 255)];
};

/** CIELAB (D65) of a colour as a person with `vision` sees it: `lab('#ffffff')` → [100, 0, 0]. */
export function lab(hex: string, vision: Vision = 'normal'): [number, number, number] {
  const rgb = linear(hex);
  const [r, g, b] = vision === 'normal' ? rgb : CVD[vision].map((row) => Math.min(1, Math.max(0, row[0] * rgb[0] + row[1] * rgb[1] + row[2] * rgb[2])));
  const x = (0.4124 * r! + 0.3576 * g! + 0.1805 * b!) / 0.95047;
  const y = 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  const z = (0.0193 * r! + 0.1192 * g! + 0.9505 * b!) / 1.08883;
  const f = (t: number): number => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

/** CIELAB ΔE (1976) between two colours for one kind of vision. */
export function deltaE(a: string, b: string, vision: Vision = 'normal'): number {
  const [p, q] = [lab(a, vision), lab(b, vision)];
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

/** Chroma (colourfulness) of a colour in CIELAB: near 0 for a grey. */
export const chroma = (hex: string): number => Math.hypot(lab(hex)[1], lab(hex)[2]);
