/**
 * Puts a theme on the page as CSS custom properties (--bg, --text, --deposit…), so that CSS files
 * say which part wears which colour and palette.ts stays the one place colours are chosen. Also
 * remembers which theme is on, for what draws colours from script (the token canvas).
 * Uses the CSSOM (style.setProperty), which the Content-Security-Policy allows.
 */
import { palettes, type Palette, type ThemeName } from './palette.ts';

/** camelCase key → --kebab-case property. */
const cssName = (key: string): string => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** The custom properties for a theme: { '--bg': '#0b0e13', '--text': … }. */
export function paletteProperties(name: ThemeName = 'dark'): Record<string, string> {
  const colours = palettes[name];
  const props: Record<string, string> = { '--bg': colours.background };
  for (const [key, value] of Object.entries(colours)) props[cssName(key)] = value;
  return props;
}

let active: ThemeName = 'dark';
const listeners = new Set<(name: ThemeName) => void>();

/** The theme applyTheme last put on the page's root element ('dark' until then). */
export function currentTheme(): ThemeName {
  return active;
}

/** The colours of the current theme, for drawing from script. */
export function currentPalette(): Palette {
  return palettes[active];
}

/**
 * Calls `fn` whenever applyTheme switches to another theme; returns the unsubscribe function.
 * @example $effect(() => onThemeChange(() => redraw()))
 */
export function onThemeChange(fn: (name: ThemeName) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/**
 * Applies a theme to an element (the document root by default): its colours as custom
 * properties, `data-theme="light|dark"` for CSS that needs to tell them apart, and `color-scheme`
 * so native controls and scrollbars match. Only a theme applied to the root element becomes the
 * current theme; one applied to a part of the page (a handout) stays there.
 * @example applyTheme('light')
 */
export function applyTheme(name: ThemeName, el: HTMLElement = document.documentElement): void {
  for (const [prop, value] of Object.entries(paletteProperties(name))) el.style.setProperty(prop, value);
  // The projector theme is a dark one, as far as native controls go.
  el.style.setProperty('color-scheme', name === 'light' ? 'light' : 'dark');
  el.dataset.theme = name;
  if (el !== el.ownerDocument.documentElement || name === active) return;
  active = name;
  for (const fn of listeners) fn(name);
}

/** Applies the dark theme (the default). */
export function applyPalette(el: HTMLElement = document.documentElement): void {
  applyTheme('dark', el);
}
