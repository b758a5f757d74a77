/**
 * Choosing a theme: `?theme=` in the URL (bad values leave the default, dark) and applyTheme,
 * which sets the custom properties, data-theme and color-scheme, and tells the canvas.
 */
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/deck/query.ts';
import { applyPalette, applyTheme, currentPalette, currentTheme, onThemeChange } from '../../src/lib/theme.ts';
import { palettes } from '../../src/lib/palette.ts';

describe('parseQuery: theme', () => {
  it.each([
    { args: '?theme=light', expected: 'light' },
    { args: '?theme=dark', expected: 'dark' },
    { args: '?theme=%20Light%20', expected: 'light' },
    { args: '?theme=', expected: undefined },
    { args: '?theme', expected: undefined },
    { args: '?theme=neon', expected: undefined },
    { args: '?theme=light-ish', expected: undefined },
    { args: '?theme=<script>', expected: undefined },
    { args: '?theme=constructor', expected: undefined },
    { args: '', expected: undefined },
  ])('$args → $expected', ({ args, expected }) => {
    expect(parseQuery(args).theme).toBe(expected);
  });
});

/** Enough of an element for applyTheme, in Node: a style that records properties, a dataset. */
function fakeElement(isRoot: boolean): HTMLElement & { props: Map<string, string> } {
  const props = new Map<string, string>();
  const el = {
    props,
    style: { setProperty: (name: string, value: string) => props.set(name, value) },
    dataset: {} as DOMStringMap,
    ownerDocument: {} as Document,
  };
  (el.ownerDocument as { documentElement: unknown }).documentElement = isRoot ? el : {};
  return el as unknown as HTMLElement & { props: Map<string, string> };
}

describe('applyTheme', () => {
  it('sets the colours, data-theme and color-scheme, and makes the theme current', () => {
    const root = fakeElement(true);
    const heard: string[] = [];
    const stop = onThemeChange((name) => heard.push(name));
    applyTheme('light', root);
    expect(root.props.get('--bg')).toBe(palettes.light.background);
    expect(root.props.get('--highlight')).toBe(palettes.light.highlight);
    expect(root.props.get('color-scheme')).toBe('light');
    expect(root.dataset.theme).toBe('light');
    expect(currentTheme()).toBe('light');
    expect(currentPalette()).toBe(palettes.light);
    applyTheme('light', root);
    applyPalette(root);
    expect(root.props.get('--bg')).toBe(palettes.dark.background);
    expect(root.props.get('color-scheme')).toBe('dark');
    expect(root.dataset.theme).toBe('dark');
    expect(currentPalette()).toBe(palettes.dark);
    expect(heard).toEqual(['light', 'dark']);
    stop();
    applyTheme('light', root);
    expect(heard).toEqual(['light', 'dark']);
    applyTheme('dark', root);
  });

  it('on a part of the page, colours only that part and leaves the current theme', () => {
    const part = fakeElement(false);
    applyTheme('light', part);
    expect(part.dataset.theme).toBe('light');
    expect(part.props.get('--text')).toBe(palettes.light.text);
    expect(currentTheme()).toBe('dark');
  });
});
