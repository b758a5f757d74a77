/**
 * Both themes: every text colour reads at 7:1 or better against what it sits on, every outline,
 * edge and mark at 3:1 or better against what it is drawn over, and each colour keeps one
 * meaning: the status colours stay apart for the colour-blind, and a highlight is no status.
 */
import { describe, expect, it } from 'vitest';
import { paletteProperties } from '../../src/lib/theme.ts';
import { chroma, contrast, contrastWithFlare, deltaE, PROJECTOR_FLARE, THEME_NAMES, DISTINCT, GRAPHIC_ON, lab, MEANINGS, MIN_DISTINCT_DELTA_E, palette, palettes, pairsIn, TEXT_ON, TEXT_PAIRS, VISIONS, type ColourName, type ThemeName } from '../../src/lib/palette.ts';

const THEMES: readonly ThemeName[] = THEME_NAMES;

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

  it('offers the dark, light and projector themes', () => {
    expect([...THEME_NAMES].sort()).toEqual(['dark', 'light', 'projector']);
  });

  it.each([
    { args: ['#ffffff', '#000000', 0], expected: 21 },
    { args: ['#ffffff', '#000000', 0.05], expected: 1.1 / 0.1 },
  ])('contrastWithFlare($args) = $expected', ({ args, expected }) => {
    expect(contrastWithFlare(args[0] as string, args[1] as string, args[2] as number)).toBeCloseTo(expected, 5);
  });

  // A projector in a lit room spills light over everything: the projector theme keeps text at
  // 4.5:1 and marks at 3:1 even so (the dark theme's quiet edges would not).
  it.each(TEXT_ON.map(([fg, bg]) => ({ fg, bg, ratio: contrastWithFlare(palettes.projector[fg], palettes.projector[bg], PROJECTOR_FLARE) })))(
    'projector, washed out: $fg text on $bg is at least 4.5:1',
    ({ ratio }) => {
      expect(ratio).toBeGreaterThanOrEqual(4.5);
    },
  );
  it.each(GRAPHIC_ON.map(([fg, bg]) => ({ fg, bg, ratio: contrastWithFlare(palettes.projector[fg], palettes.projector[bg], PROJECTOR_FLARE) })))(
    'projector, washed out: $fg marks on $bg are at least 3:1',
    ({ ratio }) => {
      expect(ratio).toBeGreaterThanOrEqual(3);
    },
  );
  it('the dark theme would not survive the same wash (so the check above can fail)', () => {
    expect(Math.min(...GRAPHIC_ON.map(([fg, bg]) => contrastWithFlare(palettes.dark[fg], palettes.dark[bg], PROJECTOR_FLARE)))).toBeLessThan(3);
  });

  it('the light theme is light and the dark theme dark', () => {
    expect(contrast(palettes.light.background, '#ffffff')).toBeLessThan(1.1);
    expect(contrast(palettes.dark.background, '#000000')).toBeLessThan(1.1);
    expect(palettes.projector.background).toBe('#000000');
  });
});

describe('one colour, one meaning', () => {
  it.each([
    { args: ['#ffffff', 'normal'] as const, expected: [100, 0, 0] },
    { args: ['#000000', 'deuteranopia'] as const, expected: [0, 0, 0] },
  ])('lab($args) = $expected', ({ args, expected }) => {
    lab(args[0], args[1]).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 0));
  });

  it('simulated colour blindness merges red and green, as it should', () => {
    // The check would pass anything if the simulation did nothing: pure red and green are far apart
    // for normal vision and close for deuteranopia.
    expect(deltaE('#ff0000', '#00ff00')).toBeGreaterThan(80);
    expect(deltaE('#ff0000', '#00ff00', 'deuteranopia')).toBeLessThan(deltaE('#ff0000', '#00ff00') / 2);
  });

  it.each(THEMES.flatMap((theme) => DISTINCT.flatMap(([a, b]) => VISIONS.map((vision) => ({ theme, a, b, vision, d: deltaE(palettes[theme][a], palettes[theme][b], vision) })))))(
    '$theme, $vision: $a and $b stay apart',
    ({ d }) => {
      expect(d).toBeGreaterThanOrEqual(MIN_DISTINCT_DELTA_E);
    },
  );

  it.each(THEMES)('%s: every meaning has a colour of its own', (theme) => {
    const p = palettes[theme];
    const used = Object.keys(MEANINGS).map((k) => p[k as ColourName].toLowerCase());
    expect(new Set(used).size).toBe(used.length);
    // …and no neutral or other role borrows one of them.
    const others = (Object.keys(p) as ColourName[]).filter((k) => !(k in MEANINGS) && k !== 'alarmFill');
    for (const k of others) expect(used, `${theme} ${k}`).not.toContain(p[k].toLowerCase());
  });

  it.each(THEMES)('%s: a highlight is a neutral (drawn as a shape), not a status colour', (theme) => {
    const p = palettes[theme];
    expect(chroma(p.highlight)).toBeLessThan(5);
    for (const k of Object.keys(MEANINGS) as ColourName[]) expect(deltaE(p.highlight, p[k]), k).toBeGreaterThan(MIN_DISTINCT_DELTA_E);
  });

  it.each(THEMES)('%s: withdraw is far from the error colour, whatever the vision', (theme) => {
    const p = palettes[theme];
    for (const v of VISIONS) expect(deltaE(p.withdraw, p.alarm, v), v).toBeGreaterThan(30);
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
