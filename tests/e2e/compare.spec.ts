/**
 * Side by side: a bad schedule the chaos explorer found, run against the naive design and the
 * redesign at once. The naive side ends wrong and the redesign at $10, as Node computes for the
 * same schedule; a damaged link gets a notice.
 */
import { expect, test } from '@playwright/test';
import { runRandomSchedules, runSchedule } from '../../src/chapters/nats/chaos.ts';
import { encodeSchedule } from '../../src/chapters/nats/chaos-replay.ts';
import { watchErrors } from './errors.ts';

test.use({ reducedMotion: 'reduce' });

test('the same faults: the naive design ends wrong, the redesign at $10, as in Node', async ({ page }) => {
  const errors = watchErrors(page);
  const bad = runRandomSchedules({ seed: 7, count: 100, design: 'naive' }).examples.slice(0, 3);
  expect(bad.length).toBeGreaterThan(0);
  for (const s of bad) {
    const naive = runSchedule(s);
    const redesign = runSchedule({ ...s, design: 'per-user-number' });
    expect(naive.correct).toBe(false);
    expect(redesign.correct).toBe(true);
    await page.goto('about:blank');
    await page.goto(`/?compare=${encodeSchedule(s)}`);
    await expect(page.getByTestId('compare-naive')).toHaveAttribute('data-balance', String(naive.balance));
    await expect(page.getByTestId('compare-per-user-number')).toHaveAttribute('data-balance', '10');
    await expect(page.locator('[data-testid="compare-naive"] svg.stage')).toBeVisible();
  }
  expect(errors).toEqual([]);
});

test('a damaged comparison link: a notice and a way back', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?compare=nonsense!');
  await expect(page.getByTestId('notice')).toContainText('does not hold a schedule');
  await expect(page.getByRole('link', { name: 'Back to the explainer' })).toBeVisible();
  expect(errors).toEqual([]);
});
