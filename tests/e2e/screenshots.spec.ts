/**
 * One screenshot per step of every scene, at 1920×1080 (projector) and 390×844 (phone), at the
 * end of the step's animation, saved under screenshots/ for a person to look at.
 */
import { expect, test } from '@playwright/test';
import { scenes } from '../../src/chapters/nats/scenes.ts';

const sizes = [
  { name: 'projector', width: 1920, height: 1080 },
  { name: 'phone', width: 390, height: 844 },
];

for (const size of sizes) {
  test.describe(`${size.name} ${size.width}×${size.height}`, () => {
    test.use({ viewport: { width: size.width, height: size.height }, reducedMotion: 'reduce' });
    for (const scene of scenes) {
      test(scene.id, async ({ page }) => {
        const errors: string[] = [];
        page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
        page.on('pageerror', (e) => errors.push(e.message));
        for (let k = 0; k < scene.steps.length; k++) {
          await page.goto(`/#/nats/${scene.id}/${k}`);
          await expect(page.getByTestId('narration')).toHaveText(scene.steps[k]!.narration);
          // A scene with a panel in place of the stage (the chaos explorer) has no animation: wait for its run instead.
          if (scene.panel) await expect(page.locator('[data-testid="chaos-results"]:not([data-state="running"]), [data-testid="chaos-idle"]')).toBeVisible({ timeout: 60_000 });
          else await expect(page.locator('svg.stage')).toHaveAttribute('data-playing', 'false');
          await page.screenshot({ path: `screenshots/${size.name}-${scene.id}-${k}.png`, fullPage: size.name === 'phone', animations: 'disabled' });
        }
        expect(errors).toEqual([]);
      });
    }
  });
}
