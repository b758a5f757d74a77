/**
 * "Solution #2 that won't work: handle every error": the chaos explorer embedded in the deck in
 * place of the stage. Its run step shows the wrong count Node gives for the same seed, count and
 * design; the run is kept across steps that preset the same one and its run stops when the
 * viewer leaves; Replay opens a replay scene; the deck's keys still step; nothing logs an error.
 */
import { expect, test, type Page } from '@playwright/test';
import { runRandomSchedules } from '../../src/chapters/nats/chaos.ts';
import { decodeSchedule } from '../../src/chapters/nats/chaos-replay.ts';
import { EVERY_ERROR_RUN, everyErrorCase } from '../../src/chapters/nats/every-error-case.ts';
import { watchErrors } from './errors.ts';


const SCENE = `#/nats/${everyErrorCase.id}`;
const RUN_STEP = everyErrorCase.steps.findIndex((s) => s.name === 'thousand-days');
const REPLAY_STEP = everyErrorCase.steps.findIndex((s) => s.name === 'one-bad-day');
const fmt = (n: number) => n.toLocaleString('en-US');
const counter = (page: Page) => page.getByTestId('step-counter');
const results = (page: Page) => page.getByTestId('chaos-results');
const n = everyErrorCase.steps.length;

/** Node's figures for the run the scene presets. */
const expected = runRandomSchedules(EVERY_ERROR_RUN);

test.use({ reducedMotion: 'reduce' });

test('the run step: the embedded explorer runs by itself and shows Node’s wrong count for the same seed', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = watchErrors(page);
  expect(expected.wrong).toBeGreaterThan(0);
  await page.goto(`/${SCENE}/${RUN_STEP}`);
  const panel = page.getByTestId('chaos-panel');
  await expect(panel).toHaveAttribute('data-mode', 'embedded');
  await expect(panel).not.toHaveAttribute('role', 'dialog');
  // In place of the stage, not over it: no stage, no Close button, the narration still beside it.
  await expect(page.locator('svg.stage')).toHaveCount(0);
  await expect(page.getByTestId('chaos-close')).toHaveCount(0);
  await expect(page.getByTestId('narration')).toHaveText(everyErrorCase.steps[RUN_STEP]!.narration);
  await expect(page.getByTestId('chaos-design')).toHaveValue(EVERY_ERROR_RUN.design);
  await expect(page.getByTestId('chaos-count')).toHaveValue(String(EVERY_ERROR_RUN.count));
  await expect(page.getByTestId('chaos-seed')).toHaveValue(String(EVERY_ERROR_RUN.seed));

  await expect(results(page)).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('chaos-wrong')).toHaveText(fmt(expected.wrong));
  await expect(page.getByTestId('chaos-done')).toHaveText(fmt(EVERY_ERROR_RUN.count));
  await expect(page.getByTestId('chaos-replay')).toHaveCount(expected.examples.length);
  const chart = page.getByTestId('chaos-chart');
  for (const [balance, count] of Object.entries(expected.balances)) {
    const label = Number(balance) < 0 ? `−$${-Number(balance)}` : `$${balance}`;
    await expect(chart).toHaveAttribute('aria-label', new RegExp(`${label.replace('$', '\\$')}: ${count}(,|$)`));
  }
  // The figures agree: the text's right runs are the green ✓ $10 bar; the runs that ended at $10
  // after a refusal are Node's count, a bar of their own; the other bars add up to the big number.
  expect(expected.refusedAtTen).toBeGreaterThan(0);
  const right = expected.runs - expected.wrong;
  await expect(page.getByTestId('chaos-right')).toHaveText(fmt(right));
  await expect(page.getByTestId('chaos-ten-refused')).toHaveText(fmt(expected.refusedAtTen));
  await expect(chart.locator('g.ok text.count')).toHaveText(fmt(right));
  await expect(chart.locator('g[data-bar="10-refused"] text.count')).toHaveText(fmt(expected.refusedAtTen));
  const wrongBars = await chart.locator('g.wrong text.count').allTextContents();
  expect(wrongBars.reduce((sum, t) => sum + Number(t.replace(/,/g, '')), 0)).toBe(expected.wrong);
  await expect(page.getByTestId('step-aside')).toContainText('only ✓ $10 is right');
  await expect(page.getByTestId('step-aside')).toContainText(everyErrorCase.steps[RUN_STEP]!.aside!.title);

  // Readable from the back of the room: no text under 24 px in the explorer or the aside.
  const small = await page.evaluate(() => {
    const found: string[] = [];
    let checked = 0;
    for (const el of document.querySelectorAll<HTMLElement | SVGTextElement>(
      '[data-testid="chaos-panel"] :is(p, li span, button, select, input, label span, h2, h3, figcaption, strong, text), [data-testid="step-aside"] :is(h3, dt, dd)',
    )) {
      const text = el instanceof HTMLInputElement ? el.value : el.textContent?.trim();
      if (!text || el.closest('.visually-hidden')) continue;
      checked++;
      const size = Number.parseFloat(getComputedStyle(el).fontSize);
      const scale = el instanceof SVGTextElement ? (el.getScreenCTM()?.a ?? 1) : 1;
      if (size * scale < 23.5) found.push(`${text} (${(size * scale).toFixed(1)} px)`);
    }
    return { found, checked };
  });
  expect(small.checked).toBeGreaterThan(20);
  expect(small.found).toEqual([]);
  // The main figure is big.
  const big = await page.getByTestId('chaos-wrong').evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
  expect(big).toBeGreaterThanOrEqual(72);
  expect(errors).toEqual([]);
});

test('steps keep the run they share, the first step runs nothing, and leaving stops the run', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = watchErrors(page);
  await page.goto(`/${SCENE}/0`);
  await expect(page.getByTestId('chaos-idle')).toBeVisible();
  await expect(results(page)).toHaveCount(0);

  await page.keyboard.press('ArrowRight');
  await expect(counter(page)).toHaveText(`${RUN_STEP + 1} / ${n}`);
  await expect(results(page)).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  const run = await results(page).getAttribute('data-run');
  // The next steps preset the same run: it stays on screen, the same run, not a second one.
  for (let k = RUN_STEP + 1; k < n; k++) {
    await page.keyboard.press('ArrowRight');
    await expect(counter(page)).toHaveText(`${k + 1} / ${n}`);
    await expect(results(page)).toHaveAttribute('data-state', 'done');
    await expect(results(page)).toHaveAttribute('data-run', run!);
    await expect(page.getByTestId('chaos-wrong')).toHaveText(fmt(expected.wrong));
  }
  // Back to the first step: the run is stopped and the results cleared.
  await page.keyboard.press('Home');
  await expect(counter(page)).toHaveText(`1 / ${n}`);
  await expect(page.getByTestId('chaos-idle')).toBeVisible();

  // Leaving the scene in the middle of a run: the page answers at once and the run stops with
  // the panel (chaosTask's own tests show a cancelled run does no more work). The run's 1,000
  // schedules can end before a look at the panel on a fast machine, so the page's CPU runs 20
  // times slower meanwhile: the run is still going when the test leaves.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 20 });
  await page.keyboard.press('ArrowRight');
  await expect(results(page)).toHaveAttribute('data-state', 'running');
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('svg.stage')).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId('chaos-panel')).toHaveCount(0);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  expect(errors).toEqual([]);
});

test('keys: arrows step while the explorer is on screen, Tab reaches its controls, arrows in a field are the field’s', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = watchErrors(page);
  await page.goto(`/${SCENE}/${RUN_STEP}`);
  await expect(results(page)).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  // Nothing in the explorer took the focus: the arrows step the deck.
  await page.keyboard.press('ArrowLeft');
  await expect(counter(page)).toHaveText(`${RUN_STEP} / ${n}`);
  await page.keyboard.press('ArrowRight');
  await expect(counter(page)).toHaveText(`${RUN_STEP + 1} / ${n}`);
  await expect(results(page)).toHaveAttribute('data-state', 'done', { timeout: 60_000 });

  // Tab walks into the explorer's controls, in order.
  const focused = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid ?? document.activeElement?.tagName);
  const reached: string[] = [];
  for (let i = 0; i < 12 && !reached.includes('chaos-replay'); i++) {
    await page.keyboard.press('Tab');
    reached.push(String(await focused()));
  }
  const order = ['chaos-design', 'chaos-count', 'chaos-seed', 'chaos-run', 'chaos-replay'].map((id) => reached.indexOf(id));
  expect(order.every((i) => i >= 0)).toBe(true);
  expect([...order].sort((a, b) => a - b)).toEqual(order);
  // On a button, the arrows still step.
  await page.keyboard.press('ArrowRight');
  await expect(counter(page)).toHaveText(`${RUN_STEP + 2} / ${n}`);
  // In a field they are the field's own.
  await page.getByTestId('chaos-seed').focus();
  await page.keyboard.press('ArrowLeft');
  await expect(counter(page)).toHaveText(`${RUN_STEP + 2} / ${n}`);
  // C takes the focus to the explorer here rather than opening a second one.
  await page.getByTestId('chaos-seed').blur();
  await page.keyboard.press('c');
  await expect(page.getByTestId('chaos-panel')).toHaveCount(1);
  await expect(page.getByTestId('chaos-design')).toBeFocused();
  expect(errors).toEqual([]);
});

test('Replay from the embedded explorer opens the bad day as a replay scene that ends wrong', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = watchErrors(page);
  await page.goto(`/${SCENE}/${REPLAY_STEP}`);
  await expect(results(page)).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await page.getByTestId('chaos-replay').first().click();
  await expect(page.getByTestId('chaos-panel')).toHaveCount(0);
  await expect(page.locator('svg.stage')).toBeVisible();
  await expect(counter(page)).toHaveText('1 / 2');
  expect(page.url()).toContain('#/nats/chaos-replay/setup?s=');
  // The replay is the first bad day Node finds for the same run.
  expect(decodeSchedule(page.url().split('?s=')[1]!)).toEqual(expected.examples[0]);
  await page.keyboard.press('ArrowRight');
  await expect(counter(page)).toHaveText('2 / 2');
  await expect(page.locator('svg.stage')).toHaveAttribute('data-playing', 'false', { timeout: 30_000 });
  await expect(page.locator('.verdict-item[data-ok="false"], g.row-mark.refused').first()).toBeVisible();
  expect(errors).toEqual([]);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });
  test('the embedded explorer is shown (the dialog is not offered on phones) and its run finishes', async ({ page }) => {
    test.setTimeout(90_000);
    const errors = watchErrors(page);
    await page.goto(`/${SCENE}/${RUN_STEP}`);
    await expect(page.getByTestId('chaos-panel')).toBeVisible();
    await expect(results(page)).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect(page.getByTestId('chaos-wrong')).toHaveText(fmt(expected.wrong));
    await expect(page.getByTestId('chaos-ten-refused')).toHaveText(fmt(expected.refusedAtTen));
    // Nothing sticks out sideways: not the page, nor anything in the panel past its edges.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const outside = await page.getByTestId('chaos-panel').evaluate((panel) => {
      const edge = panel.getBoundingClientRect();
      return [...panel.querySelectorAll('*')]
        .filter((el) => {
          const b = el.getBoundingClientRect();
          return b.width > 0 && (b.left < edge.left - 0.5 || b.right > edge.right + 0.5);
        })
        .map((el) => `${el.tagName} ${el.textContent?.slice(0, 30)}`);
    });
    expect(outside).toEqual([]);
    // The panel scrolls: the whole chart, every bar at once, and the last Replay button can be brought into view.
    const chart = page.getByTestId('chaos-chart');
    await chart.scrollIntoViewIfNeeded();
    await expect(chart).toBeInViewport({ ratio: 1 });
    const lastReplay = page.getByTestId('chaos-replay').last();
    await lastReplay.scrollIntoViewIfNeeded();
    await expect(lastReplay).toBeInViewport({ ratio: 1 });
    expect(errors).toEqual([]);
  });
});
