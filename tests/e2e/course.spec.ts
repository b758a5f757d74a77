/**
 * The course around the chapters (issue 12): the landing page at `#/` (title, question, every
 * chapter-1 scene in its act, chapters 2–4 coming soon, Start, and "continue where you left off"
 * after a visit), the recap after the chapter's last step and its links, the ? and O hint on the
 * deck, and the sentence in Live… that says a server of your own is needed.
 */
import { expect, test, type Page } from '@playwright/test';
import { chapters, loadChapter } from '../../src/chapters/index.ts';
import { scenes } from '../../src/chapters/nats/scenes.ts';
import { scenes as futureScenes } from '../../src/chapters/future/scenes.ts';
import { watchErrors } from './errors.ts';

const counter = (page: Page) => page.getByTestId('step-counter');
const first = scenes[0]!;
const last = scenes[scenes.length - 1]!;

test('the landing: title, question, every scene of chapters 1 and 2 in its act, the others coming soon', async ({ page }) => {
  const errors = watchErrors(page);
  const nats = (await loadChapter('nats'))!;
  const future = (await loadChapter('future'))!;
  await page.goto('/');
  await expect(page.getByTestId('landing-title')).toHaveText('Out of Order');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Out of Order');
  await expect(page.getByTestId('landing-question')).toContainText('messages');
  // The map: one group per act, in story order, each holding its scenes in deck order, all 15 linked to their first step.
  const acts = page.locator('[data-chapter="nats"] [data-testid="landing-act"]');
  await expect(acts).toHaveCount(nats.course!.acts.length);
  for (const [i, act] of nats.course!.acts.entries()) {
    await expect(acts.nth(i)).toHaveAttribute('data-act', act.act);
    await expect(acts.nth(i).getByRole('heading', { level: 3 })).toContainText(act.title);
    await expect(acts.nth(i).getByTestId('landing-scene')).toHaveText(act.scenes.map((id) => new RegExp(`${scenes.findIndex((s) => s.id === id) + 1}\\s.*${escape(scenes.find((s) => s.id === id)!.title)}$`)));
  }
  // Chapter 2's map beside it, its scenes numbered within the chapter.
  const futureActs = page.locator('[data-chapter="future"] [data-testid="landing-act"]');
  await expect(futureActs).toHaveCount(future.course!.acts.length);
  for (const [i, act] of future.course!.acts.entries()) {
    await expect(futureActs.nth(i).getByTestId('landing-scene')).toHaveText(act.scenes.map((id) => new RegExp(`${futureScenes.findIndex((s) => s.id === id) + 1}\\s.*${escape(futureScenes.find((s) => s.id === id)!.title)}$`)));
  }
  const links = page.getByTestId('landing-scene');
  await expect(links).toHaveCount(scenes.length + futureScenes.length);
  expect(await links.evaluateAll((els) => els.map((a) => a.getAttribute('data-scene')))).toEqual([...scenes, ...futureScenes].map((s) => s.id));
  for (const s of scenes) await expect(page.locator(`[data-testid="landing-scene"][data-scene="${s.id}"]`)).toHaveAttribute('href', `#/nats/${s.id}/${s.steps[0]!.name}`);
  for (const s of futureScenes) await expect(page.locator(`[data-testid="landing-scene"][data-scene="${s.id}"]`)).toHaveAttribute('href', `#/future/${s.id}/${s.steps[0]!.name}`);
  // Chapters 3 and 4 are listed, not linked.
  const soon = chapters.filter((c) => c.status === 'soon');
  await expect(page.getByTestId('landing-soon')).toHaveCount(soon.length);
  for (const c of soon) await expect(page.locator(`[data-testid="landing-soon"][data-chapter="${c.id}"]`)).toContainText(`${c.title}`);
  await expect(page.getByTestId('landing-soon').first()).toContainText(/coming soon/i);
  await expect(page.getByTestId('landing-soon').locator('a')).toHaveCount(0);
  // No "continue" on a first visit, and the keys say they start.
  await expect(page.getByTestId('landing-continue')).toHaveCount(0);
  await expect(page.getByTestId('landing-keys')).toContainText(': start');
  // A scene of the map opens at its first step.
  await page.locator('[data-testid="landing-scene"][data-scene="duplicate"]').click();
  await expect(counter(page)).toHaveText('1 / 4');
  await expect(page.getByTestId('step-title')).toHaveText(scenes.find((s) => s.id === 'duplicate')!.steps[0]!.title);
  expect(errors).toEqual([]);
});

test('Start by button or by key opens the first step of the first scene; Back returns to the landing', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/');
  await page.getByTestId('landing-start').click();
  await expect(counter(page)).toHaveText(`1 / ${first.steps.length}`);
  await expect(page.getByTestId('step-title')).toHaveText(first.steps[0]!.title);
  await page.goBack();
  await expect(page.getByTestId('landing')).toBeVisible();
  for (const key of ['ArrowRight', 'Space', 'Enter']) {
    await page.evaluate(() => (location.hash = '#/'));
    await expect(page.getByTestId('landing')).toBeVisible();
    // From the page itself, not from a focused link (whose Enter is its own).
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press(key);
    await expect(counter(page), key).toHaveText(`1 / ${first.steps.length}`);
    await expect(page.getByTestId('landing')).toHaveCount(0);
  }
  expect(errors).toEqual([]);
});

test('after visiting a scene, the landing offers to continue there, by button or by key', async ({ page }) => {
  const errors = watchErrors(page);
  const duplicate = scenes.find((s) => s.id === 'duplicate')!;
  await page.goto('/#/nats/duplicate/1');
  await expect(counter(page)).toHaveText('2 / 4');
  await page.keyboard.press('ArrowRight');
  await expect(counter(page)).toHaveText('3 / 4');
  // A reload of the landing, as a returning visitor opens it.
  await page.goto('/');
  await page.reload();
  const resume = page.getByTestId('landing-continue');
  await expect(resume).toBeVisible();
  await expect(resume).toContainText('Continue where you left off');
  await expect(resume).toContainText(`${duplicate.title}, step 3 of 4`);
  await expect(page.getByTestId('landing-start')).toContainText('Start from the beginning');
  await expect(page.getByTestId('landing-keys')).toContainText(': continue');
  await resume.click();
  await expect(counter(page)).toHaveText('3 / 4');
  await expect(page.getByTestId('step-title')).toHaveText(duplicate.steps[2]!.title);
  // The keys continue too, and Start still starts from the top.
  await page.goto('/');
  await page.keyboard.press('ArrowRight');
  await expect(counter(page)).toHaveText('3 / 4');
  await expect(page.getByTestId('narration')).toHaveText(duplicate.steps[2]!.narration);
  await page.goto('/');
  await page.getByTestId('landing-start').click();
  await expect(page.getByTestId('step-title')).toHaveText(first.steps[0]!.title);
  expect(errors).toEqual([]);
});

test('Next at the last step of the chapter opens its recap, and the recap links work', async ({ page }) => {
  const errors = watchErrors(page);
  const nats = (await loadChapter('nats'))!;
  await page.goto(`/#/nats/${last.id}/${last.steps.length - 1}`);
  await expect(counter(page)).toHaveText(`${last.steps.length} / ${last.steps.length}`);
  const next = page.getByRole('button', { name: 'Next step' });
  await expect(next).toBeEnabled();
  await next.click();
  await expect(page.getByTestId('recap')).toBeVisible();
  expect(new URL(page.url()).hash).toBe('#/nats/recap');
  await expect(page.getByTestId('recap-title')).toHaveText(chapters[0]!.title);
  await expect(page.getByTestId('recap-showed')).toHaveText(nats.course!.recap.showed);
  await expect(page.getByTestId('recap-fail')).toHaveCount(nats.course!.recap.fails.length);
  await expect(page.getByTestId('recap-holds')).toContainText(nats.course!.recap.holds.design);
  // Chapter 2 is built: the recap leads on to it.
  await expect(page.getByTestId('recap-next')).toContainText(`Chapter 2 · ${chapters[1]!.title}`);
  // Every scene can be replayed from here: it opens at its first step.
  await expect(page.getByTestId('recap-scene')).toHaveCount(scenes.length);
  await page.locator('[data-testid="recap-scene"][data-scene="storage-fails"]').click();
  await expect(counter(page)).toHaveText(`1 / ${scenes[1]!.steps.length}`);
  await expect(page.getByTestId('step-title')).toHaveText(scenes[1]!.steps[0]!.title);
  // The link of the design that holds opens its scene.
  await page.goto('/#/nats/recap');
  await page.getByTestId('recap-holds').getByRole('link').click();
  await expect(page.getByTestId('step-title')).toHaveText(scenes.find((s) => s.id === nats.course!.recap.holds.scene)!.steps[0]!.title);
  // ← and the back link return to the chapter's last step.
  await page.goto('/#/nats/recap');
  await page.keyboard.press('ArrowLeft');
  await expect(counter(page)).toHaveText(`${last.steps.length} / ${last.steps.length}`);
  await expect(page.getByTestId('step-title')).toHaveText(last.steps[last.steps.length - 1]!.title);
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('recap')).toBeVisible();
  await page.getByTestId('recap-back').click();
  await expect(page.getByTestId('step-title')).toHaveText(last.steps[last.steps.length - 1]!.title);
  // The landing, which now offers to continue at the recap.
  await page.goto('/#/nats/recap');
  await page.getByTestId('recap-landing').click();
  await expect(page.getByTestId('landing')).toBeVisible();
  await expect(page.getByTestId('landing-continue')).toContainText('the recap of chapter 1');
  // The overview (O) reaches the recap too, and closes on the way.
  await page.goto(`/#/nats/${first.id}/0`);
  await page.keyboard.press('o');
  await page.getByTestId('overview-recap').first().click();
  await expect(page.getByTestId('recap')).toBeVisible();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('step-title')).toHaveText(last.steps[last.steps.length - 1]!.title);
  await expect(page.getByTestId('overview')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('the deck shows the ? and O keys, readable, clear of the rest, and they open the help and the overview', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`/#/nats/${first.id}/0`);
  const hint = page.getByTestId('key-hint');
  await expect(hint).toBeVisible();
  await expect(hint).toContainText('?');
  await expect(hint).toContainText('O');
  const size = await hint.locator('button').first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(size).toBeGreaterThanOrEqual(24);
  // Inside the window and overlapping nothing else that is drawn there.
  const box = (await hint.boundingBox())!;
  const viewport = page.viewportSize()!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
  expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
  for (const other of ['step-title', 'narration', 'step-counter', 'scene-menu']) {
    const b = (await page.getByTestId(other).boundingBox())!;
    const apart = box.x + box.width <= b.x || b.x + b.width <= box.x || box.y + box.height <= b.y || b.y + b.height <= box.y;
    expect(apart, `the hint overlaps ${other}`).toBe(true);
  }
  const where = (await page.locator('.where').boundingBox())!;
  expect(box.x >= where.x + where.width || box.y >= where.y + where.height, 'the hint overlaps the line that says where we are').toBe(true);
  await page.getByTestId('hint-help').click();
  await expect(page.getByTestId('help')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('help')).toHaveCount(0);
  await page.getByTestId('hint-overview').click();
  await expect(page.getByTestId('overview')).toBeVisible();
  expect(errors).toEqual([]);
});

test('Live… says that it needs a server of your own, and how to start one', async ({ page }) => {
  await page.goto(`/#/nats/${first.id}/0`);
  await page.getByTestId('live-open').click();
  await expect(page.getByTestId('live-needs')).toContainText('a NATS server of your own');
  await expect(page.getByTestId('live-needs')).toContainText('npm run broker');
});

/** A string as a literal inside a RegExp. */
function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
