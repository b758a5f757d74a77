/**
 * Chapter 2 in the browser, with everything chapter 1 has: links by step name (and a chapter
 * crossing from chapter 1's recap), the delay a learner types (refused values get a sentence and
 * change nothing), the speaker window, the handout, the embed, the inspector and fault links on a
 * chapter-2 scene. Every step's fit at four sizes and axe are in fit.spec.ts and a11y.spec.ts,
 * which cover every built chapter. No console or page error anywhere.
 */
import { expect, test, type Page } from '@playwright/test';
import { ChaosBatch } from '../../src/chapters/chaos.ts';
import { discount } from '../../src/chapters/future/chaos.ts';
import { scenes } from '../../src/chapters/future/scenes.ts';
import { scenes as natsScenes } from '../../src/chapters/nats/scenes.ts';
import type { Scene } from '../../src/chapters/types.ts';
import { watchErrors } from './errors.ts';

test.use({ reducedMotion: 'reduce' });

const scene = (id: string): Scene => scenes.find((s) => s.id === id)!;
const atRest = (page: Page) => expect(page.locator('svg.stage')).toHaveAttribute('data-playing', 'false', { timeout: 20_000 });

test('every scene of chapter 2 opens by its link and its steps by name; the chapter follows chapter 1’s recap', async ({ page }) => {
  const errors = watchErrors(page);
  const last = natsScenes.at(-1)!;
  await page.goto(`/#/nats/${last.id}/${last.steps.length - 1}`);
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('recap')).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('step-title')).toHaveText(scenes[0]!.steps[0]!.title);
  await expect(page.getByTestId('where')).toHaveText(`Chapter 2 · Scene 1 of ${scenes.length} · ${scenes[0]!.title}`);
  expect(page.url()).toContain(`#/future/${scenes[0]!.id}/`);
  for (const s of scenes) {
    const k = s.steps.length - 1;
    await page.evaluate((h) => (location.hash = h), `#/future/${s.id}/${s.steps[k]!.name}`);
    await expect(page.getByTestId('step-title')).toHaveText(s.steps[k]!.title);
    await expect(page.getByTestId('step-counter')).toHaveText(`${k + 1} / ${s.steps.length}`);
  }
  await expect(page.getByTestId('notice')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test.describe('a delay the learner types', () => {
  for (const id of scenes.filter((s) => s.inputs).map((s) => s.id)) {
    test(`${id}: a typed delay remakes the scene and its link; a negative, a word or one too large is refused with a sentence and nothing changes`, async ({ page }) => {
      const errors = watchErrors(page);
      const s = scene(id);
      const field = s.inputs!.fields[0]!;
      await page.goto(`/#/future/${id}/0`);
      await atRest(page);
      const input = page.getByTestId(`input-${field.name}`);
      await expect(input).toHaveValue(String(field.value));
      // A preset, then a value typed in: the link carries it, and a fresh page on the link shows the same.
      const other = field.presets.find((p) => p.value !== field.value)!;
      await page.getByTestId(`preset-${field.name}`).filter({ hasText: other.label }).click();
      await expect(input).toHaveValue(String(other.value));
      await expect.poll(() => new URL(page.url()).hash).toContain(`${field.name}=${other.value}`);
      await input.fill('7');
      await input.press('Enter');
      await expect.poll(() => new URL(page.url()).hash).toContain(`${field.name}=7`);
      const link = page.url();
      const narration = await page.getByTestId('narration').textContent();
      // The arrow keys are the deck's again after Enter.
      const made = s.inputs!.apply({ [field.name]: '7' }).scene!;
      await page.keyboard.press('ArrowRight');
      await expect(page.getByTestId('step-counter')).toHaveText(`2 / ${made.steps.length}`);
      await page.keyboard.press('ArrowLeft');
      await expect(page.getByTestId('narration')).toHaveText(narration!);
      for (const bad of ['-5', 'soon', String(field.max + 1)]) {
        await input.fill(bad);
        await input.press('Enter');
        await expect(page.getByTestId('notice')).toBeVisible();
        await expect(page.getByTestId('notice')).not.toBeEmpty();
        expect(page.url()).toBe(link);
        await expect(input).toHaveValue('7');
        await expect(page.getByTestId('narration')).toHaveText(narration!);
      }
      // The same refusal from a link: a sentence, and the scene as it is made by default.
      await page.goto(`/#/future/${id}/0?${field.name}=-1`);
      await expect(page.getByTestId('notice')).toBeVisible();
      await expect(page.getByTestId(`input-${field.name}`)).toHaveValue(String(field.value));
      await page.goto(link);
      await expect(page.getByTestId(`input-${field.name}`)).toHaveValue('7');
      await expect(page.getByTestId('notice')).toHaveCount(0);
      expect(errors).toEqual([]);
    });
  }
});

test('the speaker window follows a chapter-2 scene and drives it', async ({ context }) => {
  const errors: string[][] = [];
  const s = scenes[1]!;
  const deck = await context.newPage();
  errors.push(watchErrors(deck));
  await deck.goto(`/#/future/${s.id}/0`);
  await expect(deck.getByTestId('step-title')).toHaveText(s.steps[0]!.title);
  const speaker = await context.newPage();
  errors.push(watchErrors(speaker));
  await speaker.goto(`/?speaker#/future/${s.id}/0`);
  await expect(speaker.getByTestId('speaker-title')).toHaveText(s.steps[0]!.title);
  await expect(speaker.getByTestId('speaker-notes')).toHaveText(s.steps[0]!.notes);
  await speaker.keyboard.press('ArrowRight');
  await expect(deck.getByTestId('step-title')).toHaveText(s.steps[1]!.title);
  expect(errors.flat()).toEqual([]);
});

test('the handout of a chapter-2 scene: a page per step with its narration, notes and stage', async ({ page }) => {
  const errors = watchErrors(page);
  const s = scenes[1]!;
  await page.goto(`/?print&scene=${s.id}`);
  const pages = page.getByTestId('page');
  await expect(pages).toHaveCount(s.steps.length);
  for (const [k, step] of s.steps.entries()) {
    await expect(pages.nth(k).getByTestId('narration')).toHaveText(step.narration);
    await expect(pages.nth(k)).toContainText(`Chapter 2 · Scene 2 of ${scenes.length}`);
    await expect(pages.nth(k).locator('svg.stage')).toBeVisible();
  }
  await page.screenshot({ path: `screenshots/handout-future-${s.id}.png`, fullPage: false });
  expect(errors).toEqual([]);
});

test('the embed of a chapter-2 scene steps with the arrows', async ({ page }) => {
  const errors = watchErrors(page);
  const s = scenes[1]!;
  await page.goto(`/?embed&scene=${s.id}&step=${s.steps[0]!.name}`);
  await expect(page.getByTestId('step-title')).toContainText(s.steps[0]!.title);
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('step-title')).toContainText(s.steps[1]!.title);
  await expect(page.locator('svg.stage')).toBeVisible();
  expect(errors).toEqual([]);
});

test('the inspector tells a chapter-2 scene’s actors in text, and a fault injected there lives in the link', async ({ page, context }) => {
  const errors = watchErrors(page);
  const s = scenes[1]!;
  await page.goto(`/#/future/${s.id}/0`);
  await atRest(page);
  await page.keyboard.press('i');
  const inspector = page.getByTestId('inspector');
  await expect(inspector).toBeVisible();
  for (const node of s.stage!.columns.flat().filter((n) => !n.kind.startsWith('stage.'))) await expect(inspector).toContainText(node.title);
  await page.keyboard.press('i');
  // The fault panel offers this chapter's faults; the first one goes into the run and the link.
  await page.keyboard.press('x');
  await expect(page.getByTestId('fault-panel')).toBeVisible();
  const buttons = page.getByTestId('fault-panel').locator('.buttons button[data-testid^="fault-"]:not([data-testid="fault-clear"])');
  if ((await buttons.count()) > 0) {
    await buttons.first().click();
    await expect.poll(() => page.url()).toContain('f=');
    const fresh = await context.newPage();
    await fresh.goto(page.url());
    await expect(fresh.getByTestId('event-log')).toContainText('You inject a fault');
    await fresh.close();
  }
  expect(errors).toEqual([]);
});

test('chapter 2’s chaos explorer: 300 in-process schedules from seed 7 give Node’s wrong count; the saga none; a bad run replays', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  const node = new ChaosBatch(discount, { seed: 7, design: 'in-process' });
  node.next(300);
  expect(node.report.wrong).toBeGreaterThan(0);
  await page.goto(`/#/future/${scenes[1]!.id}/0`);
  await page.getByTestId('chaos-open').click();
  await expect(page.getByTestId('chaos-panel')).toBeVisible();
  const run = async (design: string) => {
    await page.getByTestId('chaos-design').selectOption(design);
    await page.getByTestId('chaos-count').fill('300');
    await page.getByTestId('chaos-seed').fill('7');
    await page.getByTestId('chaos-run').click();
    await expect(page.getByTestId('chaos-results')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  };
  await run('in-process');
  await expect(page.getByTestId('chaos-wrong')).toHaveText(String(node.report.wrong));
  await page.screenshot({ path: 'screenshots/future-chaos-in-process-300-seed7-1920x1080.png' });
  await run('saga');
  await expect(page.getByTestId('chaos-wrong')).toHaveText('0');
  await run('in-process');
  await page.getByTestId('chaos-replay').first().click();
  await expect(page.getByTestId('chaos-panel')).toHaveCount(0);
  expect(page.url()).toContain('#/future/chaos-replay/');
  await expect(page.getByTestId('step-title')).toBeVisible();
  expect(errors).toEqual([]);
});

test('side by side: Ann and Bob’s race on one Order API after another, and on the saga', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?compare=future/two-buyers,future/what-messaging-bought');
  await expect(page.getByTestId('compare')).toBeVisible();
  await expect(page.locator('[data-testid^="compare-"][aria-label]')).toHaveCount(2);
  await expect(page.getByTestId('compare-two-buyers')).toHaveAttribute('data-wrong', 'true', { timeout: 30_000 });
  await expect(page.getByTestId('compare-what-messaging-bought')).toHaveAttribute('data-wrong', 'false');
  await page.screenshot({ path: 'screenshots/future-compare-1920x1080.png' });
  expect(errors).toEqual([]);
});
