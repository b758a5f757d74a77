/**
 * The printable handout (?print) and the embed (?embed). The handout: one page per step with the
 * step's narration and the stage, light on paper, and a PDF with as many pages as steps. The embed:
 * one scene without the shell in a 16:9 frame, stepped with the arrow keys, inside a real iframe
 * too. Bad scene ids get a notice. No console or page error anywhere. Screenshots of both go to
 * screenshots/ for a person to look at.
 */
import { expect, test, type Page } from '@playwright/test';
import { findScene, scenes } from '../../src/chapters/nats/scenes.ts';
import { scenes as futureScenes } from '../../src/chapters/future/scenes.ts';
import { watchErrors } from './errors.ts';

/** Relative luminance (0 black … 1 white) of a computed 'rgb(r, g, b)' colour. */
function luminanceOf(rgb: string): number {
  const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((c) => {
    const s = Number(c) / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

test.use({ reducedMotion: 'reduce', serviceWorkers: 'block' });

test.describe('handout', () => {
  test.use({ viewport: { width: 1600, height: 1000 } });

  test('?print&scene=happy-path: a page per step, light on paper, a stage on each, a PDF of as many pages', async ({ page }) => {
    const errors = watchErrors(page);
    const scene = findScene('happy-path')!;
    await page.goto('/?print&scene=happy-path');
    const pages = page.getByTestId('page');
    await expect(pages).toHaveCount(scene.steps.length);
    for (const [k, step] of scene.steps.entries()) {
      await expect(pages.nth(k).getByTestId('narration')).toHaveText(step.narration);
      await expect(pages.nth(k).locator('h2')).toHaveText(step.title);
      await expect(pages.nth(k)).toContainText(step.notes);
      await expect(pages.nth(k).getByTestId('state-table')).toBeVisible();
    }
    await expect(page.getByRole('button', { name: 'Print…' })).toBeVisible();
    await expect(page.getByText('Print or save as PDF from your browser')).toBeVisible();
    await expect(page.getByTestId('notice')).toHaveCount(0);
    // The last step's still carries the balance check, as the deck's does at the end.
    await expect(pages.last().locator('svg.stage')).toContainText('$10');
    await page.screenshot({ path: 'screenshots/handout-happy-path-screen-1600x1000.png' });

    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('button', { name: 'Print…' })).toBeHidden();
    const looks = await pages.evaluateAll((els) =>
      els.map((el) => ({
        page: getComputedStyle(el).backgroundColor,
        text: getComputedStyle(el.querySelector('[data-testid="narration"]')!).color,
        stage: el.querySelector('svg.stage') ? getComputedStyle(el.querySelector('svg.stage')!).backgroundColor : null,
        breakAfter: getComputedStyle(el).breakAfter,
        layers: el.querySelectorAll('svg.stage > g').length,
        canvas: el.querySelectorAll('canvas').length,
      })),
    );
    for (const look of looks) {
      expect(luminanceOf(look.page)).toBeGreaterThan(0.8);
      expect(luminanceOf(look.stage ?? '')).toBeGreaterThan(0.8);
      expect(luminanceOf(look.text)).toBeLessThan(0.05);
      expect(look.breakAfter).toBe('page');
      expect(look.layers).toBeGreaterThan(3);
      expect(look.canvas).toBe(0);
    }
    const body = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(luminanceOf(body)).toBeGreaterThan(0.8);
    // On paper the state tables are 11 pt or larger (11 pt = 14.67 px), and a design without numbers has no number column.
    const tableText = await page.locator('[data-testid="state-table"] :is(th, td, caption)').evaluateAll((els) => els.map((el) => Number.parseFloat(getComputedStyle(el).fontSize)));
    expect(tableText.length).toBeGreaterThan(scene.steps.length * 5);
    expect(Math.min(...tableText)).toBeGreaterThanOrEqual((11 * 96) / 72 - 0.01);
    await expect(page.getByTestId('state-table').first()).toContainText('Balance');
    await expect(page.getByTestId('state-table').filter({ hasText: /Last (number|ID) processed/ })).toHaveCount(0);
    // Message pills are outlined over a pale tint, not solid fills: light inside, dark words on them.
    // (A colour-mix() fill computes to color(srgb …): a canvas reads any CSS colour back as rgb.)
    const pills = await page.locator('svg.stage .pill-shape:is(.deposit, .withdraw)').evaluateAll((els) => {
      const ctx = document.createElement('canvas').getContext('2d')!;
      return els.map((el) => {
        ctx.clearRect(0, 0, 1, 1);
        ctx.fillStyle = getComputedStyle(el).fill;
        ctx.fillRect(0, 0, 1, 1);
        const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
        return `rgb(${r}, ${g}, ${b})`;
      });
    });
    expect(pills.length).toBeGreaterThan(scene.steps.length);
    for (const fill of pills) expect(luminanceOf(fill)).toBeGreaterThan(0.6);
    const labels = await page.locator('svg.stage .pill-label').evaluateAll((els) => els.map((el) => getComputedStyle(el).fill));
    for (const fill of labels) expect(luminanceOf(fill)).toBeLessThan(0.05);
    await page.screenshot({ path: 'screenshots/handout-happy-path-print-1600x1000.png' });
    for (let k = 0; k < scene.steps.length; k++) await pages.nth(k).screenshot({ path: `screenshots/handout-happy-path-page-${k}.png` });

    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(20_000);
    const count = (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
    expect(count).toBe(scene.steps.length);
    expect(errors).toEqual([]);
  });

  test('?print&scene=redesign: the design that numbers events has a column of the last ID processed, as the stage does', async ({ page }) => {
    const scene = findScene('redesign')!;
    await page.goto('/?print&scene=redesign');
    await expect(page.getByTestId('page')).toHaveCount(scene.steps.length);
    await page.emulateMedia({ media: 'print' });
    const last = page.getByTestId('page').last().getByTestId('state-table');
    await expect(last.locator('thead th')).toContainText(['User', 'Balance', 'Last ID processed']);
    await expect(last.locator('tbody tr').first()).toContainText(/Jim\s*\$10\s*\d+/);
    await page.getByTestId('page').last().screenshot({ path: 'screenshots/handout-redesign-last-page-print.png' });
  });

  test('?print: the whole deck, a chaos scene with its list in place of the stage; a bad scene id: a notice and the whole deck', async ({ page }) => {
    test.setTimeout(120_000);
    const errors = watchErrors(page);
    // The whole deck: every built chapter's steps.
    const total = [...scenes, ...futureScenes].reduce((n, s) => n + s.steps.length, 0);
    await page.goto('/?print');
    await expect(page.getByTestId('page')).toHaveCount(total);
    const chaos = scenes.find((s) => s.panel === 'chaos')!;
    const chaosPages = page.locator(`[data-testid="page"][data-scene="${chaos.id}"]`);
    await expect(chaosPages).toHaveCount(chaos.steps.length);
    await expect(chaosPages.locator('svg.stage')).toHaveCount(0);
    await expect(chaosPages.getByTestId('step-aside')).toHaveCount(chaos.steps.filter((s) => s.aside).length);
    await page.emulateMedia({ media: 'print' });
    await chaosPages.nth(1).screenshot({ path: `screenshots/handout-${chaos.id}-page-1.png` });
    const pdf = await page.pdf({ preferCSSPageSize: true });
    expect((pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length).toBe(total);

    await page.emulateMedia({ media: 'screen' });
    await page.goto('/?print&scene=nope');
    await expect(page.getByTestId('notice')).toHaveText('There is no scene called “nope”, so this handout has the whole deck.');
    await expect(page.getByTestId('page')).toHaveCount(total);
    expect(errors).toEqual([]);
  });
});

test.describe('embed', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  /** Everything fits the frame: nothing scrolls, and the stage ends above the narration. */
  async function fits(page: Page, width: number, height: number): Promise<void> {
    const box = await page.evaluate(() => {
      const stage = document.querySelector('svg.stage')?.getBoundingClientRect();
      const words = document.querySelector('[data-testid="narration"]')!.getBoundingClientRect();
      const controls = document.querySelector('[data-testid="step-counter"]')!.getBoundingClientRect();
      return {
        scrollW: document.documentElement.scrollWidth,
        scrollH: document.documentElement.scrollHeight,
        stageBottom: stage?.bottom ?? 0,
        stageWidth: stage?.width ?? 0,
        wordsTop: words.top,
        wordsBottom: words.bottom,
        controlsBottom: controls.bottom,
        fontPx: Number.parseFloat(getComputedStyle(document.querySelector('[data-testid="narration"]')!).fontSize),
      };
    });
    expect(box.scrollW).toBeLessThanOrEqual(width);
    expect(box.scrollH).toBeLessThanOrEqual(height);
    expect(box.stageBottom).toBeLessThanOrEqual(box.wordsTop);
    expect(box.wordsBottom).toBeLessThanOrEqual(height);
    expect(box.controlsBottom).toBeLessThanOrEqual(height);
    expect(box.stageWidth).toBeGreaterThan(width * 0.75);
    expect(box.fontPx).toBeGreaterThanOrEqual(width < 1000 ? 14 : 20);
  }

  test('?embed&scene=slow-listener&step=2: the stage, the narration and the step controls only; the arrows step within the scene', async ({ page }) => {
    const errors = watchErrors(page);
    const scene = findScene('slow-listener')!;
    await page.goto('/?embed&scene=slow-listener&step=2');
    await expect(page.getByTestId('step-counter')).toHaveText(`Step 3 of ${scene.steps.length}`);
    await expect(page.getByTestId('narration')).toHaveText(scene.steps[2]!.narration);
    await expect(page.locator('svg.stage')).toHaveAttribute('data-playing', 'false');
    for (const gone of ['scene-menu', 'live-open', 'chaos-open', 'notice']) await expect(page.getByTestId(gone)).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'What happened' })).toHaveCount(0);
    await fits(page, 1280, 720);
    await page.screenshot({ path: 'screenshots/embed-slow-listener-2-1280x720.png' });

    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('step-counter')).toHaveText(`Step 4 of ${scene.steps.length}`);
    await expect(page.getByTestId('narration')).toHaveText(scene.steps[3]!.narration);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect(page.getByTestId('step-counter')).toHaveText(`Step 2 of ${scene.steps.length}`);
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('step-counter')).toHaveText(`Step ${scene.steps.length} of ${scene.steps.length}`);
    await expect(page.getByRole('button', { name: 'Next step' })).toBeDisabled();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowLeft');
    await expect(page.getByTestId('step-counter')).toHaveText(`Step 1 of ${scene.steps.length}`);
    await expect(page.getByRole('button', { name: 'Previous step' })).toBeDisabled();
    await page.getByRole('button', { name: 'Next step' }).click();
    await expect(page.getByTestId('step-counter')).toHaveText(`Step 2 of ${scene.steps.length}`);
    expect(errors).toEqual([]);
  });

  test('a bad scene id or step: a notice and a safe place; the deck’s hash works too', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('/?embed&scene=nope&step=2');
    await expect(page.getByTestId('notice')).toContainText('There is no scene called “nope”');
    await expect(page.getByTestId('step-counter')).toHaveText(`Step 1 of ${scenes[0]!.steps.length}`);
    await expect(page.locator('svg.stage')).toBeVisible();
    await page.getByRole('button', { name: 'Dismiss this notice' }).click();
    await expect(page.getByTestId('notice')).toHaveCount(0);

    await page.goto('/?embed&scene=duplicate&step=99');
    await expect(page.getByTestId('notice')).toContainText('past the end');
    await expect(page.getByTestId('step-counter')).toHaveText(`Step 4 of 4`);

    await page.goto('/?embed#/nats/redesign/1');
    await expect(page.getByTestId('notice')).toHaveCount(0);
    await expect(page.getByTestId('step-title')).toContainText(findScene('redesign')!.steps[1]!.title);

    // Steps by name, in step= and in the hash, as the deck now writes its links.
    await page.goto('/?embed&scene=duplicate&step=redelivered');
    await expect(page.getByTestId('notice')).toHaveCount(0);
    await expect(page.getByTestId('step-counter')).toHaveText('Step 3 of 4');
    await expect(page.getByTestId('step-title')).toContainText(findScene('duplicate')!.steps[2]!.title);
    await page.goto('/?embed#/nats/redesign/in-order');
    await expect(page.getByTestId('step-counter')).toHaveText(`Step 4 of ${findScene('redesign')!.steps.length}`);
    await page.goto('/?embed&scene=duplicate&step=no-such-step');
    await expect(page.getByTestId('notice')).toContainText('has no step called “no-such-step”');
    await expect(page.getByTestId('step-counter')).toHaveText('Step 1 of 4');
    expect(errors).toEqual([]);
  });

  for (const size of [
    { width: 800, height: 450 },
    { width: 1280, height: 720 },
  ]) {
    test(`fits a ${size.width}×${size.height} iframe, and the arrows work once the frame has focus`, async ({ page, baseURL }) => {
      const errors = watchErrors(page);
      await page.setViewportSize(size);
      for (const scene of scenes) {
        await page.goto(`/?embed&scene=${scene.id}&step=${scene.steps.length - 1}`);
        await expect(page.getByTestId('narration')).toHaveText(scene.steps[scene.steps.length - 1]!.narration);
        if (!scene.panel) await fits(page, size.width, size.height);
      }
      await page.goto('/?embed&scene=slow-listener&step=2');
      await expect(page.locator('svg.stage')).toHaveAttribute('data-playing', 'false');
      await page.screenshot({ path: `screenshots/embed-slow-listener-2-${size.width}x${size.height}.png` });

      await page.setViewportSize({ width: size.width + 40, height: size.height + 40 });
      await page.setContent(`<iframe src="${baseURL}?embed&scene=slow-listener&step=2" width="${size.width}" height="${size.height}" style="border:0;margin:20px" title="Out of Order"></iframe>`);
      const frame = page.frameLocator('iframe');
      await expect(frame.getByTestId('step-counter')).toHaveText('Step 3 of 5');
      await frame.locator('svg.stage').click();
      await page.keyboard.press('ArrowRight');
      await expect(frame.getByTestId('step-counter')).toHaveText('Step 4 of 5');
      await page.keyboard.press('ArrowLeft');
      await expect(frame.getByTestId('step-counter')).toHaveText('Step 3 of 5');
      expect(errors).toEqual([]);
    });
  }
});
