/**
 * Puts the palette on the page as CSS custom properties (--bg, --text, --deposit…), so that CSS
 * files say which part wears which colour and palette.ts stays the one place colours are chosen.
 * Uses the CSSOM (style.setProperty), which the Content-Security-Policy allows.
 */
import { palette } from '../stage/palette.ts';

/** camelCase key → --kebab-case property. */
const cssName = (key: string): string => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** The custom properties for the palette: { '--bg': '#0b0e13', '--text': … }. */
export function paletteProperties(): Record<string, string> {
  const props: Record<string, string> = { '--bg': palette.background };
  for (const [key, value] of Object.entries(palette)) props[cssName(key)] = value;
  return props;
}

/** Applies the palette to an element (the document root by default). */
export function applyPalette(el: HTMLElement = document.documentElement): void {
  for (const [name, value] of Object.entries(paletteProperties())) el.style.setProperty(name, value);
}
