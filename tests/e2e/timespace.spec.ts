/**
 * The time-space diagram under the stage: storage-fails' last step shows the withdraw's line
 * crossing the $70 deposit's (published in order, applied out of order) in 24 px type; a scene
 * where order is not the story has no diagram; the embed shows it only when asked.
 */
import { expect, test, type Page } from '@playwright/test';
import { watchErrors } from './errors.ts';

const diagram = (page: Page) => page.getByTestId('timespace');

test.use({ reducedMotion: 'reduce' });

test('storage-fails, last step: the diagram shows the withdraw overtaking the $70, in lines that cross', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/#/nats/storage-fails/5');
  await expect(page.locator('svg.stage')).toHaveAttribute('data-playing', 'false', { timeout: 20_000 });
  const svg = diagram(page);
  await expect(svg).toBeVisible();
  await expect(svg).toHaveAttribute('role', 'img');
  await expect(svg).toHaveAttribute('aria-label', /withdraw \$100 overtook Jim's deposit \$70/);
  // A ring where the withdraw's line crosses the deposit's, drawn over the order strip.
  const ring = svg.locator('circle.ts-crossing[data-earlier="1"][data-later="3"]');
  await expect(ring).toBeVisible();
  const sent = await svg.locator('.ts-order-pill[data-row="sent"] text').allTextContents();
  const applied = await svg.locator('.ts-order-pill[data-row="applied"] text').allTextContents();
  expect(sent).toEqual(['+$70', '+$40', '\u2212$100']);
  expect(applied).toEqual(['+$40', '\u2212$100', '+$70']);
  // The two lines really cross on screen: the $70 leaves left of the withdraw and lands right of it.
  const ends = async (msg: string) =>
    svg.locator(`path.ts-order-link[data-msg="${msg}"]`).evaluate((p) => {
      const el = p as SVGPathElement;
      const a = el.getPointAtLength(0);
      const b = el.getPointAtLength(el.getTotalLength());
      return { top: a.x, bottom: b.x };
    });
  const deposit = await ends('1');
  const withdraw = await ends('3');
  expect(deposit.top).toBeLessThan(withdraw.top);
  expect(deposit.bottom).toBeGreaterThan(withdraw.bottom);
  // Hops drawn: publish, deliver, the failed write, the redelivery, the writes, the acks.
  const kinds = await svg.locator('g.ts-arrow').evaluateAll((gs) => [...new Set(gs.map((g) => g.getAttribute('data-kind')))]);
  expect(kinds).toEqual(expect.arrayContaining(['publish', 'deliver', 'fail', 'refuse', 'redeliver', 'write', 'ack']));
  // Every word on it is at least 24 px at 1920×1080.
  const sizes = await svg.locator('text').evaluateAll((ts) => ts.filter((t) => (t.textContent ?? '').trim() !== '').map((t) => parseFloat(getComputedStyle(t).fontSize)));
  expect(sizes.length).toBeGreaterThan(10);
  expect(Math.min(...sizes)).toBeGreaterThanOrEqual(24);
  expect(errors).toEqual([]);
});

test('a scene where order is not the story, the happy path, has no diagram', async ({ page }) => {
  await page.goto('/#/nats/happy-path/0');
  await expect(page.locator('svg.stage')).toBeVisible();
  await expect(diagram(page)).toHaveCount(0);
});

test.describe('the embed', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  test('has no diagram unless asked for', async ({ page }) => {
    await page.goto('/?embed&scene=storage-fails&step=5');
    await expect(page.getByTestId('embed').locator('svg.stage')).toBeVisible();
    await expect(diagram(page)).toHaveCount(0);
  });

  test('&timespace=1 shows it under the stage, with the crossing', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('/?embed&scene=storage-fails&step=5&timespace=1');
    const svg = diagram(page);
    await expect(svg).toBeVisible();
    await expect(svg.locator('circle.ts-crossing[data-earlier="1"][data-later="3"]')).toBeVisible();
    const stage = await page.locator('svg.stage').boundingBox();
    const box = await svg.boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(stage!.y + stage!.height - 1);
    expect(box!.y + box!.height).toBeLessThanOrEqual(720);
    expect(errors).toEqual([]);
  });
});
