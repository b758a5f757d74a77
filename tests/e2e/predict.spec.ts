/**
 * Predictions keep the answer out of sight: with predictions on, every step of chapter 1 that asks
 * is opened in one page (by changing the hash, as a presenter's link or the overview would), and
 * the page's readable text, the choices aside, holds neither the step's title nor any of the
 * prediction's giveaways; once answered, the step's title shows and the verdict says it was right.
 */
import { expect, test, type Page } from '@playwright/test';
import { scenes } from '../../src/chapters/nats/scenes.ts';
import { ASKING_TITLE } from '../../src/deck/asking.ts';
import { SETTINGS_KEY } from '../../src/deck/settings.ts';
import { watchErrors } from './errors.ts';

const asked = scenes.flatMap((scene) => scene.steps.flatMap((step) => (step.predict ? [{ scene, step, predict: step.predict }] : [])));

/**
 * What a person can read on the page, without the prediction's choice buttons: the page's
 * innerText with the stage left out, then the stage's words that are drawn (innerText would also
 * give the words of marks the stage keeps hidden, display="none", for later steps).
 */
async function readableText(page: Page): Promise<string> {
  return page.evaluate(() => {
    // A closed select shows only its chosen option (innerText would give every scene's title).
    const hidden = [...document.querySelectorAll<SVGSVGElement | HTMLSelectElement>('svg, select')];
    const before = hidden.map((el) => el.style.display);
    hidden.forEach((el) => (el.style.display = 'none'));
    let html: string;
    try {
      html = document.body.innerText;
    } finally {
      hidden.forEach((el, i) => (el.style.display = before[i]!));
    }
    const chosen = [...document.querySelectorAll('select')].map((sel) => sel.selectedOptions[0]?.textContent ?? '');
    html = `${html}\n${chosen.join('\n')}`;
    const shown = (el: Element): boolean => {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) return false;
      for (let e: Element | null = el; e; e = e.parentElement) {
        const cs = getComputedStyle(e);
        if (cs.visibility !== 'visible' || Number(cs.opacity) === 0) return false;
      }
      return true;
    };
    const drawn = [...document.querySelectorAll('svg text')].filter(shown).map((t) => t.textContent ?? '');
    let text = `${html}\n${drawn.join('\n')}`;
    for (const b of document.querySelectorAll<HTMLElement>('[data-testid="predict-choice"]')) {
      const own = b.innerText.trim();
      if (own) text = text.split(own).join('');
    }
    return text;
  });
}

// The config turns predictions off for every test; this one turns them back on before the deck loads.
test.use({ reducedMotion: 'reduce' });

test('every prediction of chapter 1 hides the step’s title and its giveaways until it is answered', async ({ page }) => {
  test.setTimeout(120_000);
  expect(asked.length).toBeGreaterThanOrEqual(8);
  const errors = watchErrors(page);
  await page.addInitScript((key) => localStorage.setItem(key, JSON.stringify({ predictions: true })), SETTINGS_KEY);
  await page.goto('/#/nats/happy-path/meet-the-cast');
  await expect(page.getByTestId('step-counter')).toHaveText(`1 / ${scenes[0]!.steps.length}`);
  for (const { scene, step, predict } of asked) {
    const where = `${scene.id}/${step.name}`;
    await page.evaluate((h) => (location.hash = h), `#/nats/${scene.id}/${step.name}`);
    await expect(page.getByTestId('predict'), where).toBeVisible();
    await expect(page.getByTestId('step-counter'), where).toHaveText(`${scene.steps.indexOf(step) + 1} / ${scene.steps.length}`);
    await expect(page.getByTestId('step-title'), where).toHaveText(ASKING_TITLE);
    await expect(page.getByTestId('narration'), where).toHaveText(predict.question);
    await expect(page.getByTestId('predict-choice'), where).toHaveText(predict.choices);
    const text = (await readableText(page)).toLowerCase();
    expect(text, `${where}: the step's title`).not.toContain(step.title.toLowerCase());
    for (const g of predict.giveaway ?? []) expect(text, `${where}: giveaway “${g}”`).not.toContain(g.toLowerCase());
    await page.getByTestId('predict-choice').nth(predict.answer).click();
    await expect(page.getByTestId('predict'), where).toHaveCount(0);
    await expect(page.getByTestId('step-title'), where).toHaveText(step.title);
    await expect(page.getByTestId('narration'), where).toHaveText(step.narration);
    await expect(page.getByTestId('predict-verdict'), where).toContainText('Right.');
  }
  expect(errors).toEqual([]);
});
