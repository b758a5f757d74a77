/**
 * The chaos explorer: thousands of random fault schedules on the page, in time slices, on the fast host. The count of wrong runs
 * on screen is the one `runRandomSchedules` gives in Node for the same seed, the redesign shows
 * none, and a bad schedule replays as a scene that ends wrong. No console or page error anywhere.
 */
import { expect, test, type Page } from '@playwright/test';
import { runRandomSchedules } from '../../src/chapters/nats/chaos.ts';
import { watchErrors } from './errors.ts';


async function runExplorer(page: Page, design: string, count: string, seed: string): Promise<void> {
  await page.getByTestId('chaos-design').selectOption(design);
  await page.getByTestId('chaos-count').fill(count);
  await page.getByTestId('chaos-seed').fill(seed);
  await page.getByTestId('chaos-run').click();
  await expect(page.getByTestId('chaos-results')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
}

test.use({ reducedMotion: 'reduce' });

test('300 naive schedules with seed 7: the same wrong count as in Node; the redesign: none; a replay ends wrong', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  const naive = runRandomSchedules({ seed: 7, count: 300, design: 'naive' });
  expect(naive.wrong).toBeGreaterThan(0);

  await page.goto('/#/nats/happy-path/0');
  await page.getByTestId('chaos-open').click();
  await expect(page.getByTestId('chaos-panel')).toBeVisible();
  await runExplorer(page, 'naive', '300', '7');
  await expect(page.getByTestId('chaos-wrong')).toHaveText(String(naive.wrong));
  await expect(page.getByTestId('chaos-done')).toHaveText('300');
  await expect(page.getByTestId('chaos-replay')).toHaveCount(Math.min(5, naive.wrong));
  // Every final balance is a labelled bar; the correct $10 is marked with a check as well as a colour.
  const chart = page.getByTestId('chaos-chart');
  for (const [balance, n] of Object.entries(naive.balances)) {
    const label = Number(balance) < 0 ? `−$${-Number(balance)}` : `$${balance}`;
    await expect(chart).toHaveAttribute('aria-label', new RegExp(`${label.replace('$', '\\$')}: ${n}(,|$)`));
  }
  if (naive.balances['10']) await expect(chart.locator('g.ok text.label')).toHaveText('✓ $10');
  // The right runs are the green bar; those that ended at $10 after a refusal are Node's count.
  await expect(page.getByTestId('chaos-right')).toHaveText(String(naive.runs - naive.wrong));
  if (naive.runs > naive.wrong) await expect(chart.locator('g.ok text.count')).toHaveText(String(naive.runs - naive.wrong));
  if (naive.refusedAtTen > 0) {
    await expect(page.getByTestId('chaos-ten-refused')).toHaveText(String(naive.refusedAtTen));
    await expect(chart.locator('g[data-bar="10-refused"] text.count')).toHaveText(String(naive.refusedAtTen));
  } else await expect(page.getByTestId('chaos-ten-refused')).toHaveCount(0);
  // Readable from the back of the room: no text under 24 px in the panel, the chart's included.
  const small = await page.evaluate(() => {
    const found: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement | SVGTextElement>('[data-testid="chaos-panel"] :is(p, li span, button, select, input, label span, h2, h3, figcaption, strong, text)')) {
      const text = el instanceof HTMLInputElement ? el.value : el.textContent?.trim();
      if (!text || el.closest('.visually-hidden')) continue;
      const size = Number.parseFloat(getComputedStyle(el).fontSize);
      const scale = el instanceof SVGTextElement ? (el.getScreenCTM()?.a ?? 1) : 1;
      if (size * scale < 23.5) found.push(`${text} (${(size * scale).toFixed(1)} px)`);
    }
    return found;
  });
  expect(small).toEqual([]);
  await page.screenshot({ path: 'screenshots/chaos-naive-300-seed7-1920x1080.png' });

  await runExplorer(page, 'per-user-number', '300', '7');
  await expect(page.getByTestId('chaos-wrong')).toHaveText('0');
  await expect(page.getByTestId('chaos-replay')).toHaveCount(0);
  await page.screenshot({ path: 'screenshots/chaos-redesign-300-seed7-1920x1080.png' });

  await runExplorer(page, 'naive', '300', '7');
  await page.getByTestId('chaos-replay').first().click();
  await expect(page.getByTestId('chaos-panel')).toHaveCount(0);
  await expect(page.getByTestId('step-counter')).toHaveText('1 / 2');
  expect(page.url()).toContain('#/nats/chaos-replay/setup?s=');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('step-counter')).toHaveText('2 / 2');
  await expect(page.locator('svg.stage')).toHaveAttribute('data-playing', 'false', { timeout: 30_000 });
  // A wrong balance, or a refused withdraw (some runs end at $10 only after refusing Jim).
  const wrong = page.locator('.verdict-item[data-ok="false"], g.row-mark.refused');
  await expect(wrong.first()).toBeVisible();
  await expect(page.getByTestId('narration')).toContainText(/instead of \$10|refused/);
  await page.screenshot({ path: 'screenshots/chaos-replay-end-1920x1080.png' });

  // The link reproduces the run.
  const link = page.url();
  await page.goto('/#/nats/happy-path/0');
  await page.goto(link);
  await expect(page.getByTestId('step-counter')).toHaveText('2 / 2');
  await expect(page.getByTestId('notice')).toHaveCount(0);
  await expect(page.locator('svg.stage')).toHaveAttribute('data-playing', 'false', { timeout: 30_000 });
  await expect(wrong.first()).toBeVisible();
  expect(errors).toEqual([]);
});

test('bad input: clamped or replaced, with a message; Cancel stops a long run; Escape closes', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/#/nats/happy-path/0');
  await page.keyboard.press('c');
  await page.getByTestId('chaos-count').fill('99999999');
  await page.getByTestId('chaos-seed').fill('seven');
  // 20,000 schedules take a few seconds here, less on a fast machine: the page's CPU runs 10 times
  // slower until Cancel, so the run is still going when it is pressed.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 10 });
  await page.getByTestId('chaos-run').click();
  await expect(page.getByTestId('chaos-message')).toContainText('At most 20,000 schedules');
  await expect(page.getByTestId('chaos-message')).toContainText('using seed 1');
  await expect(page.getByTestId('chaos-count')).toHaveValue('20000');
  await page.getByTestId('chaos-cancel').click();
  await expect(page.getByTestId('chaos-results')).toHaveAttribute('data-state', 'cancelled');
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  const done = Number((await page.getByTestId('chaos-done').innerText()).replace(/,/g, ''));
  expect(done).toBeLessThan(20_000);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('chaos-panel')).toHaveCount(0);
  await expect(page.getByTestId('step-counter')).toHaveText('1 / 5');
  expect(errors).toEqual([]);
});

test('a damaged replay link: a notice and the start of the deck', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/#/nats/chaos-replay/1?s=bm90LWEtc2NoZWR1bGU');
  await expect(page.getByTestId('notice')).toContainText('does not hold a schedule');
  await expect(page.getByTestId('step-counter')).toHaveText('1 / 5');
  expect(errors).toEqual([]);
});
