/**
 * What a person does with the deck: step through every scene with the keys and back, open deep
 * links, follow bad links, and read the end of each scene. No console error and no page error is
 * allowed anywhere. (Screenshots of every step at every size are fit.spec.ts's.)
 */
import { expect, test, type Page } from '@playwright/test';
import { scenes } from '../../src/chapters/nats/scenes.ts';
import type { Scene } from '../../src/chapters/types.ts';
import { watchErrors } from './errors.ts';


const stage = (page: Page) => page.locator('svg.stage');
const counter = (page: Page) => page.getByTestId('step-counter');
const narration = (page: Page) => page.getByTestId('narration');

/** Waits until the step's animation has finished. */
async function settled(page: Page): Promise<void> {
  await expect(stage(page)).toHaveAttribute('data-playing', 'false', { timeout: 20_000 });
}

/**
 * Waits until a step of `scene` is at rest. A scene with a panel in place of the stage (the chaos
 * explorer) has no stage and no animation: there, until the explorer's run is over, or it has none.
 */
async function atRest(page: Page, scene: Scene): Promise<void> {
  if (!scene.panel) return settled(page);
  await expect(page.locator('[data-testid="chaos-results"]:not([data-state="running"]), [data-testid="chaos-idle"]')).toBeVisible({ timeout: 60_000 });
}

test.describe('stepping with the keys', () => {
  // What is checked is where each step lands and how it ends; the animations have their own tests (motion, present.spec).
  test.use({ reducedMotion: 'reduce' });
  for (const scene of scenes) {
    test(`${scene.id}: → to the end and ← back to the start`, async ({ page }) => {
      const errors = watchErrors(page);
      const n = scene.steps.length;
      await page.goto(`/#/nats/${scene.id}/0`);
      await expect(counter(page)).toHaveText(`1 / ${n}`);
      await expect(narration(page)).toHaveText(scene.steps[0]!.narration);
      for (let k = 1; k < n; k++) {
        await page.keyboard.press('ArrowRight');
        await expect(counter(page)).toHaveText(`${k + 1} / ${n}`);
        await expect(narration(page)).toHaveText(scene.steps[k]!.narration);
        // The address bar names the step: the link survives a step added before it.
        expect(page.url()).toContain(`#/nats/${scene.id}/${scene.steps[k]!.name}`);
      }
      await atRest(page, scene);
      for (let k = n - 2; k >= 0; k--) {
        await page.keyboard.press('ArrowLeft');
        await expect(counter(page)).toHaveText(`${k + 1} / ${n}`);
        await expect(narration(page)).toHaveText(scene.steps[k]!.narration);
        // Going back shows the step's end state at once (a panel scene has no stage to check).
        if (!scene.panel) await expect(stage(page)).toHaveAttribute('data-playing', 'false');
      }
      expect(errors).toEqual([]);
    });
  }

  test('next at the end of a scene crosses into the next one, previous comes back', async ({ page }) => {
    const errors = watchErrors(page);
    const [first, second] = scenes;
    await page.goto(`/#/nats/${first!.id}/${first!.steps.length - 1}`);
    await page.keyboard.press('Space');
    await expect(narration(page)).toHaveText(second!.steps[0]!.narration);
    await expect(counter(page)).toHaveText(`1 / ${second!.steps.length}`);
    await page.keyboard.press('PageUp');
    await expect(narration(page)).toHaveText(first!.steps.at(-1)!.narration);
    await page.keyboard.press('Home');
    await expect(counter(page)).toHaveText(`1 / ${first!.steps.length}`);
    await page.keyboard.press('End');
    await expect(counter(page)).toHaveText(`${first!.steps.length} / ${first!.steps.length}`);
    await page.keyboard.press('p');
    await expect(counter(page)).toHaveText(`${first!.steps.length - 1} / ${first!.steps.length}`);
    await page.keyboard.press('n');
    await expect(counter(page)).toHaveText(`${first!.steps.length} / ${first!.steps.length}`);
    expect(errors).toEqual([]);
  });

  test('the buttons and the scene menu move too', async ({ page }) => {
    const errors = watchErrors(page);
    const [first, second] = scenes;
    await page.goto(`/#/nats/${first!.id}/0`);
    await expect(page.getByRole('button', { name: 'Previous step' })).toBeDisabled();
    await page.getByRole('button', { name: 'Next step' }).click();
    await expect(counter(page)).toHaveText(`2 / ${first!.steps.length}`);
    await page.getByTestId('scene-menu').selectOption(second!.id);
    await expect(narration(page)).toHaveText(second!.steps[0]!.narration);
    expect(page.url()).toContain(`#/nats/${second!.id}/${second!.steps[0]!.name}`);
    await page.keyboard.press('ArrowRight');
    await expect(counter(page)).toHaveText(`2 / ${second!.steps.length}`);
    expect(errors).toEqual([]);
  });
});

test.describe('deep links', () => {
  // What is checked is where each step lands and how it ends; the animations have their own tests (motion, present.spec).
  test.use({ reducedMotion: 'reduce' });
  // A fresh load on the first, a middle and the last step of every scene; every other step is
  // reached by its link in fit.spec.ts and a11y.spec.ts (as a change of hash).
  for (const scene of scenes) {
    test(`#/nats/${scene.id}/<k> shows step k, on a fresh load`, async ({ page }) => {
      const errors = watchErrors(page);
      const n = scene.steps.length;
      for (const k of [...new Set([0, Math.floor(n / 2), n - 1])]) {
        const step = scene.steps[k]!;
        await page.goto('about:blank');
        await page.goto(`/#/nats/${scene.id}/${k}`);
        await expect(page.getByTestId('step-title')).toHaveText(step.title);
        await expect(narration(page)).toHaveText(step.narration);
        await expect(counter(page)).toHaveText(`${k + 1} / ${scene.steps.length}`);
        await expect(page.getByTestId('notice')).toHaveCount(0);
      }
      expect(errors).toEqual([]);
    });
  }
});

test.describe('links name the step', () => {
  test.use({ reducedMotion: 'reduce' });
  const fails = scenes.find((s) => s.id === 'storage-fails')!;

  test('a named link lands on its step, an old numbered one where it always did, and Next writes the next name', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('/#/nats/storage-fails/withdraw-refused');
    await expect(counter(page)).toHaveText(`4 / ${fails.steps.length}`);
    await expect(page.getByTestId('step-title')).toHaveText(fails.steps[3]!.title);
    await expect(page.getByTestId('notice')).toHaveCount(0);
    expect(new URL(page.url()).hash).toBe('#/nats/storage-fails/withdraw-refused');
    await page.keyboard.press('ArrowRight');
    await expect(counter(page)).toHaveText(`5 / ${fails.steps.length}`);
    expect(new URL(page.url()).hash).toBe(`#/nats/storage-fails/${fails.steps[4]!.name}`);
    await page.getByRole('button', { name: 'Next step' }).click();
    await expect(counter(page)).toHaveText(`6 / ${fails.steps.length}`);
    expect(new URL(page.url()).hash).toBe(`#/nats/storage-fails/${fails.steps[5]!.name}`);
    // An old link counts from 0: #…/3 is still the fourth step, and the address bar then names it.
    await page.evaluate(() => (location.hash = '#/nats/storage-fails/3'));
    await expect(counter(page)).toHaveText(`4 / ${fails.steps.length}`);
    await expect(page.getByTestId('step-title')).toHaveText(fails.steps[3]!.title);
    await expect(page.getByTestId('notice')).toHaveCount(0);
    await expect.poll(() => new URL(page.url()).hash).toBe('#/nats/storage-fails/withdraw-refused');
    // A name no step has: the scene's first step, with a notice saying so.
    await page.evaluate(() => (location.hash = '#/nats/storage-fails/no-such-step'));
    await expect(page.getByTestId('notice')).toContainText('has no step called “no-such-step”');
    await expect(counter(page)).toHaveText(`1 / ${fails.steps.length}`);
    await expect.poll(() => new URL(page.url()).hash).toBe(`#/nats/storage-fails/${fails.steps[0]!.name}`);
    expect(errors).toEqual([]);
  });
});

test.describe('bad links land somewhere valid, with a notice', () => {
  // What is checked is where each step lands and how it ends; the animations have their own tests (motion, present.spec).
  test.use({ reducedMotion: 'reduce' });
  const happy = scenes.find((s) => s.id === 'happy-path')!;
  const cases = [
    { hash: '#/nats/nope/0', expected: { scene: scenes[0]!, step: 0, says: /no scene called “nope”/ } },
    { hash: '#/nats/happy-path/99', expected: { scene: happy, step: happy.steps.length - 1, says: /past the end/ } },
    { hash: '#/garbage', expected: { scene: scenes[0]!, step: 0, says: /does not name a scene/ } },
    { hash: '#/nats/happy-path/-1', expected: { scene: happy, step: 0, says: /start at 0/ } },
    { hash: '#/nats/happy-path/abc', expected: { scene: happy, step: 0, says: /has no step called “abc”/ } },
    { hash: '#/nats/storage-fails/withdraw-accepted', expected: { scene: scenes[1]!, step: 0, says: /has no step called “withdraw-accepted”, so here is step 1 of 6/ } },
    { hash: '#/nats/%E0%A4%A/2', expected: { scene: scenes[0]!, step: 0, says: /no scene called/ } },
  ];
  for (const { hash, expected } of cases) {
    test(hash, async ({ page }) => {
      const errors = watchErrors(page);
      await page.goto(`/${hash}`);
      const notice = page.getByTestId('notice');
      await expect(notice).toBeVisible();
      await expect(notice).toHaveAttribute('role', 'status');
      await expect(notice).toContainText(expected.says);
      await expect(counter(page)).toHaveText(`${expected.step + 1} / ${expected.scene.steps.length}`);
      await expect(narration(page)).toHaveText(expected.scene.steps[expected.step]!.narration);
      expect(page.url()).toContain(`#/nats/${expected.scene.id}/${expected.scene.steps[expected.step]!.name}`);
      expect(errors).toEqual([]);
    });
  }

  test('an empty hash is the landing, without a notice; Start is the first step of the first scene', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('/');
    await expect(page.getByTestId('landing')).toBeVisible();
    await expect(page.getByTestId('notice')).toHaveCount(0);
    await page.getByTestId('landing-start').click();
    await expect(counter(page)).toHaveText(`1 / ${scenes[0]!.steps.length}`);
    await expect(page.getByTestId('notice')).toHaveCount(0);
    expect(errors).toEqual([]);
  });

  test('editing the hash by hand is followed, bad or good', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('/#/nats/happy-path/1');
    await page.evaluate(() => (location.hash = '#/nats/storage-fails/2'));
    await expect(narration(page)).toHaveText(scenes[1]!.steps[2]!.narration);
    await page.evaluate(() => (location.hash = '#/nats/storage-fails/42'));
    await expect(page.getByTestId('notice')).toBeVisible();
    await page.keyboard.press('ArrowLeft');
    await expect(page.getByTestId('notice')).toHaveCount(0);
    expect(errors).toEqual([]);
  });
});

test.describe('the end of each scene', () => {
  // What is checked is where each step lands and how it ends; the animations have their own tests (motion, present.spec).
  test.use({ reducedMotion: 'reduce' });
  test('happy path: Jim at $10, checked', async ({ page }) => {
    const errors = watchErrors(page);
    const scene = scenes.find((s) => s.id === 'happy-path')!;
    await page.goto(`/#/nats/${scene.id}/${scene.steps.length - 1}`);
    await settled(page);
    await expect(page.locator('g.row[data-user="Jim"]')).toHaveAttribute('data-balance', '10');
    await expect(page.locator('g.row[data-user="Jim"] .td-balance')).toHaveText('$10');
    await expect(page.locator('.verdict-item[data-ok="true"]')).toContainText('as expected');
    await expect(page.locator('.verdict-item[data-ok="false"]')).toHaveCount(0);
    expect(errors).toEqual([]);
  });

  for (const id of ['storage-fails', 'slow-listener']) {
    test(`${id}: a refused withdraw, Jim at $110, a wrong balance`, async ({ page }) => {
      const errors = watchErrors(page);
      const scene = scenes.find((s) => s.id === id)!;
      await page.goto(`/#/nats/${id}/${scene.steps.length - 1}`);
      await settled(page);
      await expect(page.locator('g.row[data-user="Jim"]')).toHaveAttribute('data-balance', '110');
      await expect(page.locator('g.row-mark.refused').first()).toBeVisible();
      await expect(page.locator('g.row-mark.refused').first()).toContainText('REFUSED');
      const wrong = page.locator('.verdict-item[data-ok="false"]');
      await expect(wrong).toBeVisible();
      await expect(wrong).toContainText('WRONG · Jim');
      await expect(wrong.locator('text.verdict-balance')).toHaveText('$110');
      await expect(wrong).toContainText('expected $10');
      await expect(wrong).toContainText('a withdraw was refused');
      expect(errors).toEqual([]);
    });
  }
});

test.describe('readable from the back of the room', () => {
  test.use({ reducedMotion: 'reduce' });
  test('no text under 24 px at 1920×1080, on any step', async ({ page }) => {
    test.setTimeout(120_000);
    const errors = watchErrors(page);
    for (const scene of scenes) {
      for (let k = 0; k < scene.steps.length; k++) {
        await page.goto(`/#/nats/${scene.id}/${k}`);
        await atRest(page, scene);
        const small = await page.evaluate(() => {
          const found: string[] = [];
          let checked = 0;
          for (const el of document.querySelectorAll<SVGTextElement | HTMLElement>('svg.stage text, main p, main li, main button, main select, main h2, main h3, main span, main label, main dt, main dd, [data-testid="chaos-panel"] text')) {
            const text = el.textContent?.trim();
            if (!text || el.closest('.visually-hidden')) continue;
            checked++;
            const size = Number.parseFloat(getComputedStyle(el).fontSize);
            const scale = el instanceof SVGTextElement ? (el.getScreenCTM()?.a ?? 1) : 1;
            if (size * scale < 23.5) found.push(`${text} (${(size * scale).toFixed(1)} px)`);
          }
          return { found, checked };
        });
        expect(small.checked, `${scene.id}/${k}`).toBeGreaterThan(30);
        expect(small.found, `${scene.id}/${k}`).toEqual([]);
      }
    }
    expect(errors).toEqual([]);
  });
});

test.describe('motion', () => {
  test('the step animation plays forward, then rests at its end', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('/#/nats/happy-path/1');
    await expect(stage(page)).toHaveAttribute('data-playing', 'true');
    const early = Number(await page.locator('svg.stage .clock').getAttribute('data-t'));
    await settled(page);
    const late = Number(await page.locator('svg.stage .clock').getAttribute('data-t'));
    expect(late).toBeGreaterThan(early);
    expect(errors).toEqual([]);
  });

  test('reduced motion jumps straight to the end of the step', async ({ browser }) => {
    const context = await browser.newContext({ reducedMotion: 'reduce' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto('/#/nats/storage-fails/3');
    await expect(stage(page)).toHaveAttribute('data-playing', 'false');
    await expect(page.locator('g.badge.refused')).toBeVisible();
    expect(errors).toEqual([]);
    await context.close();
  });
});

test('the stress page records frame times', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/?stress=200');
  const frames = await page.waitForFunction(() => window.__stress?.frames, undefined, { timeout: 20_000 });
  const list = (await frames.jsonValue()) as number[];
  expect(list.length).toBeGreaterThan(10);
  await expect(page.locator('canvas.stage-tokens')).toHaveAttribute('data-tokens', '200');
  expect(errors).toEqual([]);
});

test('chapters not built yet are listed as coming soon, and a link to one lands somewhere with a notice', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/#/sync-async/load-spike/3');
  await expect(page.getByTestId('notice')).toContainText('Chapter 3, “Sync or async?”, is coming soon');
  await expect(page.getByTestId('step-title')).toHaveText(scenes[0]!.steps[0]!.title);
  // The scene menu names every chapter; the ones not built offer nothing to pick.
  const groups = page.getByTestId('scene-menu').locator('optgroup');
  await expect(groups).toHaveCount(4);
  await expect(groups.nth(1)).toHaveAttribute('label', 'Chapter 2 · A message from the future');
  await expect(groups.nth(2)).toHaveAttribute('label', /Chapter 3 · Sync or async\? \(coming soon\)/);
  await expect(groups.nth(3).locator('option')).toHaveAttribute('disabled', '');
  // The overview lists them with the question each will answer, and no step to open.
  await page.keyboard.press('o');
  await expect(page.getByTestId('coming-soon')).toHaveCount(2);
  await expect(page.getByTestId('overview').locator('h3[data-chapter="sync-async"]')).toContainText('coming soon');
  await expect(page.getByTestId('overview').getByRole('button', { name: /^Sync or async/ })).toHaveCount(0);
  expect(errors).toEqual([]);
});

test.describe('the log and the scene menu', () => {
  test.use({ reducedMotion: 'reduce' });

  test('the log shows whole lines only, says how many are above, and opens with one line for the subscriptions', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('/#/nats/happy-path/0');
    await settled(page);
    const log = page.getByTestId('event-log');
    await expect(log.locator('li')).toHaveCount(1);
    await expect(log).toHaveText('0:00.9 — listeners A and B subscribe to account:deposit and account:withdraw in queue group myQueueGroup');
    await expect(page.getByTestId('log-earlier')).toHaveCount(0);
    for (const size of [
      { width: 1920, height: 1080 },
      { width: 1280, height: 720 },
    ]) {
      await page.setViewportSize(size);
      // A step with more lines than the log has room for, at its end and after the window changes size
      // (a scene without the time-space diagram, whose log is on show).
      await page.goto('/#/nats/single-copy/3');
      await settled(page);
      await expect(log.locator('li').first()).toBeAttached();
      const view = await log.evaluate((ol) => {
        const box = ol.getBoundingClientRect();
        const seen = [...ol.children].map((li) => li.getBoundingClientRect()).filter((r) => r.bottom > box.top + 0.5 && r.top < box.bottom - 0.5);
        return { total: ol.children.length, seen: seen.length, topCut: box.top - seen[0]!.top, bottomCut: seen[seen.length - 1]!.bottom - box.bottom, mask: getComputedStyle(ol).maskImage };
      });
      expect(view.total, `${size.width}`).toBeGreaterThan(view.seen);
      expect(view.seen, `${size.width}`).toBeGreaterThan(0);
      // The first line in view starts at the top edge or below it, and the newest ends at the bottom edge or above it: none is cut.
      expect(view.topCut, `${size.width}`).toBeLessThanOrEqual(0.5);
      expect(view.bottomCut, `${size.width}`).toBeLessThanOrEqual(0.5);
      expect(view.mask).toBe('none');
      await expect(page.getByTestId('log-earlier')).toHaveText(`↑ ${view.total - view.seen}${view.total - view.seen} earlier lines above`);
      // The heading, the count and the tools share one row: the count costs the log no line.
      const offRow = await page.locator('.log .head').evaluate((head) => {
        const middle = (el: Element) => (el.getBoundingClientRect().top + el.getBoundingClientRect().bottom) / 2;
        const row = middle(head.querySelector('h3')!);
        return [...head.querySelectorAll('.earlier, button')].filter((el) => Math.abs(middle(el) - row) > 8).map((el) => el.textContent);
      });
      expect(offRow, `${size.width}`).toEqual([]);
    }
    expect(errors).toEqual([]);
  });

  test('the scene menu shows every scene’s whole title at 1920×1080', async ({ page }) => {
    await page.goto('/#/nats/happy-path/0');
    const menu = page.getByTestId('scene-menu');
    for (const scene of scenes) {
      await menu.selectOption(scene.id);
      await expect(page.getByTestId('step-title')).toHaveText(scene.steps[0]!.title);
      const fit = await menu.evaluate((sel: HTMLSelectElement) => {
        const style = getComputedStyle(sel);
        const ctx = document.createElement('canvas').getContext('2d')!;
        ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const text = sel.selectedOptions[0]!.textContent!;
        // The arrow takes about one em at the right.
        const room = sel.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight) - Number.parseFloat(style.fontSize);
        return { text, width: ctx.measureText(text).width, room };
      });
      expect(fit.text).toContain(scene.title);
      expect(fit.width, fit.text).toBeLessThanOrEqual(fit.room);
    }
  });
});
