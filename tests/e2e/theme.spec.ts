/**
 * The themes: `?theme=light` at 1920×1080 and 1024×768 (and the dark default at 1920×1080 for
 * comparison). The page wears the theme, nothing logs an error, every piece of text on the stage
 * reads at 7:1 or better against what is painted behind it, and the tokens on the canvas wear the
 * theme's colours. Screenshots go to screenshots/.
 */
import { expect, test, type Page } from '@playwright/test';
import { scenes } from '../../src/chapters/nats/scenes.ts';
import { contrast, luminance, palettes, type ThemeName } from '../../src/lib/palette.ts';

/** Collects console errors and uncaught page errors. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}

/** '#0b0e13' → 'rgb(11, 14, 19)', as getComputedStyle writes it. */
const cssRgb = (hex: string): string => `rgb(${[1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

const lastStep = (id: string): number => scenes.find((s) => s.id === id)!.steps.length - 1;

/** [scene, step] places with boxes, pills, tables, badges and a crashed listener among them. */
const PLACES: readonly (readonly [string, number])[] = [
  ['happy-path', 4],
  ['storage-fails', lastStep('storage-fails')],
  ['redesign', lastStep('redesign')],
  ['who-publishes', lastStep('who-publishes')],
  ['does-order-matter', 2],
  ['dead-listener', lastStep('dead-listener')],
];

const CASES: readonly { theme: ThemeName; width: number; height: number }[] = [
  { theme: 'light', width: 1920, height: 1080 },
  { theme: 'light', width: 1024, height: 768 },
  { theme: 'dark', width: 1920, height: 1080 },
];

/** A text on the stage, its fill and the fill of what is painted right behind its centre. */
interface TextSample {
  text: string;
  cls: string;
  fg: string;
  bg: string;
}

/**
 * Every visible text on the stage with its colour and the colour behind it: the topmost filled
 * shape under the text's centre (a box, a pill, a badge), else the stage's own background.
 * Colours come back as '#rrggbb'.
 */
async function stageTexts(page: Page): Promise<TextSample[]> {
  return page.evaluate(() => {
    const hex = (css: string): string | undefined => {
      const m = /^rgba?\((\d+),\s*(\d+),\s*(\d+)(?:,\s*([\d.]+))?\)$/.exec(css);
      if (!m || (m[4] !== undefined && Number(m[4]) === 0)) return undefined;
      return `#${[m[1], m[2], m[3]].map((c) => Number(c).toString(16).padStart(2, '0')).join('')}`;
    };
    const svg = document.querySelector('svg.stage')!;
    const stageBg = hex(getComputedStyle(svg).backgroundColor)!;
    const out: { text: string; cls: string; fg: string; bg: string }[] = [];
    for (const t of svg.querySelectorAll('text')) {
      const r = t.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || !t.textContent?.trim()) continue;
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
      const stack = document.elementsFromPoint(x, y);
      const below = stack.includes(t) ? stack.slice(stack.indexOf(t) + 1) : stack;
      let bg = stageBg;
      for (const el of below) {
        if (el === svg) break;
        if (!(el instanceof SVGGeometryElement)) continue;
        const style = getComputedStyle(el);
        const fill = style.fill.startsWith('rgb') ? hex(style.fill) : undefined;
        if (fill && Number(style.opacity) > 0) {
          bg = fill;
          break;
        }
      }
      out.push({ text: t.textContent.trim(), cls: t.getAttribute('class') ?? '', fg: hex(getComputedStyle(t).fill)!, bg });
    }
    return out;
  });
}

for (const { theme, width, height } of CASES) {
  test.describe(`${theme} theme at ${width}×${height}`, () => {
    // Colours are checked on each step as it ends, which reduced motion shows at once.
    test.use({ viewport: { width, height }, reducedMotion: 'reduce' });
    const colours = palettes[theme];

    for (const [scene, step] of PLACES) {
      test(`${scene} step ${step}: the theme's page, readable text, no errors`, async ({ page }) => {
        const errors = watchErrors(page);
        await page.goto(`/?theme=${theme}#/nats/${scene}/${step}`);
        const stage = page.locator('svg.stage');
        await expect(stage).toHaveAttribute('data-playing', 'false', { timeout: 20_000 });
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);

        const look = await page.evaluate(() => ({
          background: getComputedStyle(document.body).backgroundColor,
          scheme: getComputedStyle(document.body).colorScheme,
        }));
        expect(look.background).toBe(cssRgb(colours.background));
        if (theme === 'light') expect(luminance(colours.background)).toBeGreaterThan(0.9);
        expect(look.scheme).toBe(theme);

        const texts = await stageTexts(page);
        expect(texts.length).toBeGreaterThan(5);
        const poor = texts.filter((s) => contrast(s.fg, s.bg) < 7).map((s) => `${s.cls} "${s.text}": ${s.fg} on ${s.bg} = ${contrast(s.fg, s.bg).toFixed(2)}`);
        expect(poor).toEqual([]);

        const narration = await page.getByTestId('narration').evaluate((el) => getComputedStyle(el).color);
        expect(narration).toBe(cssRgb(colours.text));

        await page.screenshot({ path: `screenshots/${theme}-${scene}-${step}-${width}.png` });
        expect(errors).toEqual([]);
      });
    }
  });
}

test('tokens in flight are drawn in the light theme’s colours', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?theme=light#/nats/happy-path/0');
  const canvas = page.locator('canvas.stage-tokens');
  await expect(page.locator('svg.stage')).toHaveAttribute('data-playing', 'false', { timeout: 20_000 });
  await page.keyboard.press('ArrowRight');
  /** Pixels of the light and the dark deposit colour on the canvas, read while it shows tokens. */
  const count = () =>
    canvas.evaluate(
      (el: HTMLCanvasElement, colours) => {
        if (el.dataset.tokens === '0') return undefined;
        const data = el.getContext('2d')!.getImageData(0, 0, el.width, el.height).data;
        const pixels = (h: string): number => {
          const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(h.slice(i, i + 2), 16));
          let n = 0;
          for (let i = 0; i < data.length; i += 4) if (data[i] === r && data[i + 1] === g && data[i + 2] === b && data[i + 3] === 255) n++;
          return n;
        };
        return { light: pixels(colours.light), dark: pixels(colours.dark) };
      },
      { light: palettes.light.deposit, dark: palettes.dark.deposit },
    );
  let seen: { light: number; dark: number } | undefined;
  /** The most light-deposit pixels seen while the step's tokens fly (a busy machine may draw few frames of them: the step is played again, up to three times). */
  let most = 0;
  for (let attempt = 0; attempt < 3 && most <= 100; attempt++) {
    if (attempt > 0) {
      await page.keyboard.press('ArrowLeft');
      await expect(page.locator('svg.stage')).toHaveAttribute('data-playing', 'false', { timeout: 20_000 });
      await page.keyboard.press('ArrowRight');
    }
    const until = Date.now() + 8_000;
    while (Date.now() < until && most <= 100) {
      seen = await count();
      if (seen) {
        most = Math.max(most, seen.light);
        expect(seen.dark, 'no token in the dark theme’s colour').toBe(0);
      }
      await page.waitForTimeout(50);
    }
  }
  expect(most).toBeGreaterThan(100);
  expect(errors).toEqual([]);
});

test('a bad ?theme= falls back to the dark theme', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?theme=neon#/nats/happy-path/0');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).toBe(cssRgb(palettes.dark.background));
  expect(errors).toEqual([]);
});
