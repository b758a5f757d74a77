/**
 * Both themes: every text colour reads at 7:1 or better against what it sits on, and every
 * outline, edge and mark at 3:1 or better against what it is drawn over.
 */
import { describe, expect, it } from 'vitest';
import { paletteProperties } from '../../src/lib/theme.ts';
import { contrast, GRAPHIC_ON, palette, palettes, pairsIn, TEXT_ON, TEXT_PAIRS, type ThemeName } from '../../src/lib/palette.ts';

const THEMES: readonly ThemeName[] = ['dark', 'light'];

describe('palette', () => {
  it.each([
    { args: ['#000000', '#ffffff'], expected: 21 },
    { args: ['#777777', '#777777'], expected: 1 },
  ])('contrast($args) = $expected', ({ args, expected }) => {
    expect(contrast(args[0]!, args[1]!)).toBeCloseTo(expected, 5);
  });

  it('keeps `palette` as the dark theme, and both themes have the same colours named', () => {
    expect(palettes.dark).toBe(palette);
    expect(Object.keys(palettes.light).sort()).toEqual(Object.keys(palettes.dark).sort());
    expect(TEXT_PAIRS).toEqual(pairsIn('dark', TEXT_ON));
  });

  it.each(THEMES.flatMap((theme) => Object.entries(palettes[theme]).map(([name, hex]) => ({ theme, name, hex }))))(
    '$theme $name is #rrggbb',
    ({ hex }) => {
      expect(hex).toMatch(/^#[0-9a-f]{6}$/i);
    },
  );

  it.each(THEMES.flatMap((theme) => TEXT_ON.map(([fg, bg]) => ({ theme, fg, bg, ratio: contrast(palettes[theme][fg], palettes[theme][bg]) }))))(
    '$theme: $fg text on $bg is at least 7:1',
    ({ ratio }) => {
      expect(ratio).toBeGreaterThanOrEqual(7);
    },
  );

  it.each(THEMES.flatMap((theme) => GRAPHIC_ON.map(([fg, bg]) => ({ theme, fg, bg, ratio: contrast(palettes[theme][fg], palettes[theme][bg]) }))))(
    '$theme: $fg marks on $bg are at least 3:1',
    ({ ratio }) => {
      expect(ratio).toBeGreaterThanOrEqual(3);
    },
  );

  it('the light theme is light and the dark theme dark', () => {
    expect(contrast(palettes.light.background, '#ffffff')).toBeLessThan(1.1);
    expect(contrast(palettes.dark.background, '#000000')).toBeLessThan(1.1);
  });
});

describe('paletteProperties', () => {
  it.each([
    { args: 'dark' as const, expected: { '--bg': '#0b0e13', '--text-muted': '#c9d1d9', '--token-text': '#000000' } },
    { args: 'light' as const, expected: { '--bg': '#f6f7f9', '--text-muted': '#3b424d', '--token-text': '#ffffff' } },
  ])('$args', ({ args, expected }) => {
    expect(paletteProperties(args)).toMatchObject(expected);
  });

  it('is the dark theme by default', () => {
    expect(paletteProperties()).toEqual(paletteProperties('dark'));
  });
});
