/**
 * Every step of every scene fits every screen it is shown on (and leaves a screenshot of each in
 * screenshots/, for a person to look at, unless SCREENSHOTS=0 as in CI): the full-HD projector, the common
 * 1280×720 one, a 4:3 beamer and a phone. In one page per scene (the viewport and the hash change,
 * the page is never reloaded), each step is audited in the browser (audit.ts):
 *   - no text and no control lies outside the viewport;
 *   - none is clipped by a container that does not scroll (a scrolling log may hide lines; the
 *     log itself must fit), and no select cuts the name it shows;
 *   - no two of them overlap;
 *   - the stage's smallest text is at least 24 px at 1920×1080, and on the scaled deck never
 *     smaller than the deck's body text scaled by the same factor. A phone's layout is unscaled and
 *     its own: there, at least 11 px (the smallest size phone platforms recommend for any text).
 */
import { expect, test, type Page } from '@playwright/test';
import { scenes as natsScenes } from '../../src/chapters/nats/scenes.ts';
import { scenes as futureScenes } from '../../src/chapters/future/scenes.ts';
import { auditPage, type Audit } from './audit.ts';

/** Whether to leave the screenshots: yes, unless SCREENSHOTS=0 (.ci/run sets it: nobody looks at CI's, and they cost a fifth of this file's time). */
const SHOTS = process.env.SCREENSHOTS !== '0';

const sizes = [
  { name: '1920×1080', width: 1920, height: 1080 },
  { name: '1280×720', width: 1280, height: 720 },
  { name: '1024×768', width: 1024, height: 768 },
  { name: '390×844', width: 390, height: 844 },
];

test.use({ reducedMotion: 'reduce' });

async function settle(page: Page, panel: boolean): Promise<void> {
  if (panel) await expect(page.locator('[data-testid="chaos-results"]:not([data-state="running"]), [data-testid="chaos-idle"]')).toBeVisible({ timeout: 60_000 });
  else await expect(page.locator('svg.stage')).toHaveAttribute('data-playing', 'false');
  // Let layout and fonts settle after a resize.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** Every scene of every built chapter. */
const scenes = [...natsScenes, ...futureScenes];

for (const scene of scenes) {
  test(`${scene.chapter}/${scene.id}: every step fits at every size`, async ({ page }) => {
    test.setTimeout(180_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const problems: string[] = [];
    let first = true;
    for (const size of sizes) {
      await page.setViewportSize({ width: size.width, height: size.height });
      for (let k = 0; k < scene.steps.length; k++) {
        const hash = `#/${scene.chapter}/${scene.id}/${k}`;
        if (first) {
          await page.goto(`/${hash}`);
          first = false;
        } else await page.evaluate((h) => (location.hash = h), hash);
        await expect(page.getByTestId('step-counter')).toHaveText(`${k + 1} / ${scene.steps.length}`);
        await settle(page, scene.panel !== undefined);
        const audit: Audit = await auditPage(page);
        // The picture a person reviews: screenshots/<size>-<scene>-<step from 1>.png (gitignored).
        if (SHOTS) await page.screenshot({ path: `screenshots/${size.width}x${size.height}-${scene.id}-${k + 1}.png`, animations: 'disabled' });
        for (const p of audit.problems) problems.push(`${size.name} step ${k + 1}: ${p}`);
        if (!scene.panel && audit.stageMinPx !== undefined) {
          const floor = size.width < 500 ? 11 : Math.max(audit.bodyPx, 24 * audit.scale) - 0.01;
          if (audit.stageMinPx < floor) problems.push(`${size.name} step ${k + 1}: the stage's smallest text is ${audit.stageMinPx.toFixed(1)} px, under ${floor.toFixed(1)} px`);
        }
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
    expect(errors).toEqual([]);
  });
}

test('the landing page and the recap fit every size', async ({ page }) => {
  test.setTimeout(120_000);
  const problems: string[] = [];
  await page.goto('/#/');
  for (const size of sizes) {
    await page.setViewportSize({ width: size.width, height: size.height });
    for (const [hash, root] of [['#/', 'main.landing'], ['#/nats/recap', 'main.recap'], ['#/future/recap', 'main.recap']] as const) {
      await page.evaluate((h) => (location.hash = h), hash);
      await expect(page.locator(root)).toBeVisible();
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      // On a phone these are pages of their own, read by scrolling down.
      const audit = await auditPage(page, root, size.width < 500);
      for (const p of audit.problems) problems.push(`${size.name} ${hash}: ${p}`);
    }
  }
  expect(problems, problems.join('\n')).toEqual([]);
});
