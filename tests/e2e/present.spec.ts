/**
 * Presenting and studying: the speaker window and a second window stay in sync both ways, the
 * whole deck runs from the keyboard alone, help, overview, blackout, the scrub bar, predictions,
 * the inspector, and settings that persist (and a corrupted one that falls back with a notice).
 * Screenshots of the audience and speaker windows at 1920×1080 and 1024×768 go to screenshots/.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { scenes } from '../../src/chapters/nats/scenes.ts';
import { SETTINGS_KEY } from '../../src/deck/settings.ts';
import { watchErrors } from './errors.ts';


const title = (sceneId: string, step: number) => scenes.find((s) => s.id === sceneId)!.steps[step]!.title;

test('two audience windows and the speaker window follow each other, both ways', async ({ context }) => {
  const errors: string[][] = [];
  const a = await context.newPage();
  const b = await context.newPage();
  errors.push(watchErrors(a));
  errors.push(watchErrors(b));
  await a.goto('/#/nats/happy-path/0');
  await b.goto('/#/nats/happy-path/0');
  // A window hears the others once its deck has mounted (after its chapters load), not at load.
  for (const p of [a, b]) await expect(p.getByTestId('step-title')).toHaveText(title('happy-path', 0));
  await a.keyboard.press('ArrowRight');
  await expect(b.getByTestId('step-title')).toHaveText(title('happy-path', 1));
  await b.keyboard.press('PageDown');
  await expect(a.getByTestId('step-title')).toHaveText(title('happy-path', 2));

  const speaker = await context.newPage();
  errors.push(watchErrors(speaker));
  await speaker.goto('/?speaker#/nats/happy-path/0');
  // The speaker window asks where the deck is and goes there.
  await expect(speaker.getByTestId('speaker-title')).toHaveText(title('happy-path', 2));
  await expect(speaker.getByTestId('speaker-notes')).toHaveText(scenes[0]!.steps[2]!.notes);
  await expect(speaker.getByTestId('speaker-next')).toContainText(title('happy-path', 3));
  // The speaker drives the room.
  await speaker.keyboard.press('ArrowRight');
  await expect(a.getByTestId('step-title')).toHaveText(title('happy-path', 3));
  await expect(b.getByTestId('step-title')).toHaveText(title('happy-path', 3));
  await speaker.getByTestId('speaker-next-button').click();
  await expect(a.getByTestId('step-counter')).toHaveText('5 / 5');
  // A jump in the audience window (the scene menu) reaches the speaker.
  await a.getByTestId('scene-menu').selectOption('duplicate');
  await expect(speaker.getByTestId('speaker-where')).toContainText('The same event twice');
  // Blackout from the speaker window blacks out the room; any key there brings it back.
  await speaker.keyboard.press('b');
  await expect(a.getByTestId('blackout')).toBeVisible();
  await a.keyboard.press('x');
  await expect(a.getByTestId('blackout')).toHaveCount(0);
  expect(errors.flat()).toEqual([]);
});

/** The words a stage shows, in document order: its text elements that are displayed and not faded out. */
const visibleText = (svg: Locator): Promise<string> =>
  svg.evaluate((el) =>
    [...el.querySelectorAll('text')]
      .filter((t) => {
        for (let e: Element | null = t; e && e !== el; e = e.parentElement) {
          const style = getComputedStyle(e);
          if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0) return false;
        }
        return true;
      })
      .map((t) => t.textContent)
      .join(' | '),
  );

/** The first step that asks the room, in a scene with a stage, and not the scene's last step (so its next step is in the same scene). */
const asking = scenes.flatMap((scene) => scene.steps.map((step, k) => ({ scene, step, k }))).find((p) => p.step.predict && !p.scene.panel && p.k < p.scene.steps.length - 1)!;

test('the speaker window shows the notes, this step and the next as the room will see them, and the answer even with predictions off', async ({ context }) => {
  const errors: string[][] = [];
  const deck = await context.newPage();
  errors.push(watchErrors(deck));
  await deck.goto(`/#/nats/${asking.scene.id}/${asking.k}`);
  const speaker = await context.newPage();
  errors.push(watchErrors(speaker));
  await speaker.goto(`/?speaker#/nats/${asking.scene.id}/${asking.k}`);
  await expect(speaker.getByTestId('speaker-title')).toHaveText(asking.step.title);
  await expect(speaker.getByTestId('speaker-notes')).toHaveText(asking.step.notes);
  // Predictions are off in this browser: the room is not asked, but the presenter still sees the answer and why.
  await expect(deck.getByTestId('predict')).toHaveCount(0);
  const predict = asking.step.predict!;
  await expect(speaker.getByTestId('speaker-predict')).toContainText(predict.question);
  await expect(speaker.getByTestId('speaker-answer')).toHaveCount(1);
  await expect(speaker.getByTestId('speaker-answer')).toContainText(predict.choices[predict.answer]!);
  await expect(speaker.getByTestId('speaker-answer')).toContainText('the answer');
  await expect(speaker.getByTestId('speaker-explain')).toContainText(predict.explain);
  // The picture of this step is the room's at the end of the step, drawn from the same run.
  await expect(deck.locator('svg.stage')).toHaveAttribute('data-playing', 'false', { timeout: 20_000 });
  const nowStill = speaker.locator('[data-testid="speaker-now-still"] svg.stage');
  const nextStill = speaker.locator('[data-testid="speaker-next-still"] svg.stage');
  const room = deck.locator('svg.stage');
  await expect(nowStill).toHaveAttribute('data-scene', asking.scene.id);
  const nowText = await visibleText(nowStill);
  expect(nowText).toContain(asking.scene.title);
  // (The deck's exits fade out: its text is awaited until it settles on the still's.)
  await expect.poll(() => visibleText(room)).toBe(nowText);
  await expect(speaker.getByTestId('speaker-next')).toContainText(asking.scene.steps[asking.k + 1]!.title);
  const nextText = await visibleText(nextStill);
  expect(nextText).not.toEqual(nowText);
  // The picture of the next step is what the room sees once the presenter moves on.
  await speaker.keyboard.press('ArrowRight');
  await expect(deck.getByTestId('step-title')).toHaveText(asking.scene.steps[asking.k + 1]!.title);
  await expect(room).toHaveAttribute('data-playing', 'false', { timeout: 30_000 });
  await expect.poll(() => visibleText(room)).toBe(nextText);
  await expect.poll(() => visibleText(nowStill)).toBe(nextText);
  // Both pictures are drawn large enough to read: the stage's 26 px labels at 15 px or more on a 1920×1080 screen.
  for (const still of [nowStill, nextStill]) {
    const labelPx = await still.evaluate((svg) => (svg.getBoundingClientRect().width / (svg as SVGSVGElement).viewBox.baseVal.width) * 26);
    expect(labelPx).toBeGreaterThanOrEqual(15);
  }
  expect(errors.flat()).toEqual([]);
});

test('the speaker window’s timer runs, pauses, resumes and resets, beside the time of day', async ({ browser }) => {
  const context = await browser.newContext({ timezoneId: 'UTC', locale: 'en-GB' });
  const page = await context.newPage();
  const errors = watchErrors(page);
  // The page's clock stands still at 09:00 and moves only when the test says.
  await page.clock.install({ time: Date.UTC(2026, 2, 2, 8, 59, 0) });
  await page.clock.pauseAt(Date.UTC(2026, 2, 2, 9, 0, 0));
  await page.goto('/?speaker#/nats/happy-path/0');
  const elapsed = page.getByTestId('speaker-elapsed');
  await expect(elapsed).toHaveText('00:00');
  await expect(page.getByTestId('speaker-clock')).toHaveText('09:00');
  await page.clock.runFor(61_000);
  await expect(elapsed).toHaveText('01:01');
  await page.getByTestId('speaker-pause').click();
  await expect(page.getByTestId('speaker-pause')).toHaveText('Resume');
  await page.clock.runFor(30_000);
  await expect(elapsed).toHaveText('01:01');
  await page.getByTestId('speaker-pause').click();
  await page.clock.runFor(2_000);
  await expect(elapsed).toHaveText('01:03');
  await page.getByTestId('speaker-reset').click();
  await expect(elapsed).toHaveText('00:00');
  await page.clock.fastForward(3_700_000);
  await expect(elapsed).toHaveText('1:01:40');
  await expect(page.getByTestId('speaker-clock')).toHaveText('10:03');
  expect(errors).toEqual([]);
  await context.close();
});

for (const size of [
  { width: 1920, height: 1080 },
  { width: 1280, height: 720 },
]) {
  test(`the speaker window fits ${size.width}×${size.height}: two pictures, and every step’s words in view without scrolling`, async ({ browser }) => {
    const context = await browser.newContext({ viewport: size, reducedMotion: 'reduce' });
    const speaker = await context.newPage();
    await speaker.goto(`/?speaker#/nats/${asking.scene.id}/${asking.k}`);
    await expect(speaker.getByTestId('speaker-predict')).toBeVisible();
    await expect(speaker.locator('[data-testid="speaker-next-still"] svg.stage > g').first()).toBeAttached();
    const fit = await speaker.evaluate(() => {
      const words = document.querySelector('.speaker .words')!;
      const stills = [...document.querySelectorAll('.speaker figure svg.stage')].map((s) => s.getBoundingClientRect());
      return {
        scrollH: document.documentElement.scrollHeight,
        scrollW: document.documentElement.scrollWidth,
        wordsHidden: words.scrollHeight - words.clientHeight,
        stillWidths: stills.map((r) => r.width),
        stillBottoms: stills.map((r) => r.bottom),
        notesPx: Number.parseFloat(getComputedStyle(document.querySelector('[data-testid="speaker-notes"]')!).fontSize),
      };
    });
    expect(fit.scrollH).toBeLessThanOrEqual(size.height);
    expect(fit.scrollW).toBeLessThanOrEqual(size.width);
    expect(fit.wordsHidden).toBeLessThanOrEqual(1);
    expect(fit.stillWidths).toHaveLength(2);
    // Each picture takes more than half the screen's width.
    for (const w of fit.stillWidths) expect(w).toBeGreaterThan(size.width * 0.55);
    for (const b of fit.stillBottoms) expect(b).toBeLessThanOrEqual(size.height);
    // The notes are large: 34 px at 1920 and 24 px at 1280, shrunk by at most a quarter for a step with many words.
    expect(fit.notesPx).toBeGreaterThanOrEqual(size.width >= 1920 ? 25.5 : 18);
    await speaker.screenshot({ path: `screenshots/present-speaker-asks-${size.width}x${size.height}.png` });
    // Every step's words fit too: none has to be scrolled to.
    const hidden: string[] = [];
    for (const scene of scenes) {
      for (let k = 0; k < scene.steps.length; k++) {
        await speaker.evaluate((h) => (location.hash = h), `#/nats/${scene.id}/${k}`);
        await expect(speaker.getByTestId('speaker-title')).toHaveText(scene.steps[k]!.title);
        const over = await speaker.evaluate(() => {
          const words = document.querySelector('.speaker .words')!;
          return words.scrollHeight - words.clientHeight;
        });
        if (over > 1) hidden.push(`${scene.id}/${k}: ${over} px`);
      }
    }
    expect(hidden).toEqual([]);
    await context.close();
  });
}

test('a failure injected in one window shows in the other, and its link reproduces the run', async ({ context, page }) => {
  const errors: string[][] = [];
  errors.push(watchErrors(page));
  const other = await context.newPage();
  errors.push(watchErrors(other));
  await page.goto('/#/nats/happy-path/1');
  await other.goto('/#/nats/happy-path/1');
  // The second window's arrival restarts the step in both; wait for it to end in both.
  await expect(other.locator('svg.stage')).toHaveAttribute('data-playing', 'false', { timeout: 20_000 });
  await expect(page.locator('svg.stage')).toHaveAttribute('data-playing', 'false', { timeout: 20_000 });
  // Click listener A on the stage: the panel opens with A chosen; crash it now.
  await page.locator('svg.stage g.listener[data-party="listener:A"]').click();
  await expect(page.getByTestId('fault-listener')).toHaveValue('A');
  await page.getByTestId('fault-crash').click();
  await expect(page.locator('svg.stage g.listener[data-party="listener:A"]')).toHaveAttribute('data-state', 'crashed');
  // The other window runs the same faults.
  await expect(other.locator('svg.stage g.listener[data-party="listener:A"]')).toHaveAttribute('data-state', 'crashed');
  await expect(other.getByTestId('event-log')).toContainText('You inject a fault: listener A crashes');
  // The link holds the fault: a fresh window opened on it shows the same run.
  const link = page.url();
  expect(link).toContain('?f=');
  const fresh = await context.browser()!.newPage();
  await fresh.goto(link);
  // It plays the step from its start, and the crash comes at the moment it was injected: the end.
  await expect(fresh.locator('svg.stage')).toHaveAttribute('data-playing', 'false', { timeout: 20_000 });
  await expect(fresh.locator('svg.stage g.listener[data-party="listener:A"]')).toHaveAttribute('data-state', 'crashed');
  await fresh.close();
  // Undo all: both windows are back to the clean run.
  await page.getByTestId('fault-clear').click();
  await expect(other.locator('svg.stage g.listener[data-party="listener:A"]')).not.toHaveAttribute('data-state', 'crashed');
  expect(errors.flat()).toEqual([]);
});

test('a link with damaged faults plays the scene without them, with a notice', async ({ page }) => {
  await page.goto('/#/nats/happy-path/2?f=not-a-valid-fault-list');
  await expect(page.getByTestId('notice')).toContainText('could not be read');
  await expect(page.getByTestId('step-title')).toHaveText(title('happy-path', 2));
});

test('a chaos replay opened in one window (a run with its faults) shows in the other', async ({ context }) => {
  const a = await context.newPage();
  const b = await context.newPage();
  await a.goto('/#/nats/happy-path/0');
  await b.goto('/#/nats/happy-path/0');
  for (const p of [a, b]) await expect(p.getByTestId('step-title')).toHaveText(title('happy-path', 0));
  // Run the explorer in one window and replay its first bad run there.
  await a.keyboard.press('c');
  await a.getByTestId('chaos-count').fill('60');
  await a.getByTestId('chaos-run').click();
  await a.getByTestId('chaos-replay').first().click();
  await expect(a.getByTestId('step-title')).toHaveText('A schedule the explorer found');
  // The other window shows the same schedule: same scene, same faults in its narration.
  await expect(b.getByTestId('step-title')).toHaveText('A schedule the explorer found');
  await expect(b.getByTestId('narration')).toHaveText((await a.getByTestId('narration').textContent())!);
});

test('the whole deck, from the first step to the last, with the keyboard alone', async ({ page }) => {
  test.setTimeout(90_000);
  const errors: string[][] = [];
  errors.push(watchErrors(page));
  await page.goto(`/#/nats/${scenes[0]!.id}/0`);
  const total = scenes.reduce((n, s) => n + s.steps.length, 0);
  for (let i = 1; i < total; i++) await page.keyboard.press(i % 3 === 0 ? 'Space' : i % 3 === 1 ? 'ArrowRight' : 'n');
  const last = scenes[scenes.length - 1]!;
  await expect(page.getByTestId('step-title')).toHaveText(last.steps[last.steps.length - 1]!.title);
  await page.keyboard.press('PageUp');
  await expect(page.getByTestId('step-title')).toHaveText(last.steps[last.steps.length - 2]!.title);
  await page.keyboard.press('Home');
  await expect(page.getByTestId('step-counter')).toHaveText(`1 / ${last.steps.length}`);
  // Overview by keyboard: O opens it on the current step; Tab to another scene's step, Enter goes.
  await page.keyboard.press('o');
  await expect(page.getByTestId('overview')).toBeVisible();
  await expect(page.locator('[data-testid="overview"] button[aria-current="step"]')).toBeFocused();
  await page.getByRole('button', { name: `${scenes[0]!.title}, step 2:` }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('overview')).toHaveCount(0);
  await expect(page.getByTestId('step-title')).toHaveText(title('happy-path', 1));
  // Help by keyboard, closed with Esc.
  await page.keyboard.press('?');
  await expect(page.getByTestId('help')).toBeVisible();
  await expect(page.getByTestId('help')).toContainText('Speaker window');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('help')).toHaveCount(0);
  // Blackout with '.', back with any key; the step did not move.
  await page.keyboard.press('.');
  await expect(page.getByTestId('blackout')).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('blackout')).toHaveCount(0);
  await expect(page.getByTestId('step-title')).toHaveText(title('happy-path', 1));
  expect(errors.flat()).toEqual([]);
});

test('the scrub bar moves through the whole scene and holds the picture there', async ({ page }) => {
  await page.goto('/#/nats/storage-fails/0');
  const scrub = page.getByTestId('scrub');
  const max = Number(await scrub.getAttribute('max'));
  expect(max).toBeGreaterThan(30_000);
  await scrub.fill(String(max));
  await expect(page.getByTestId('step-counter')).toHaveText('6 / 6');
  await expect(page.locator('svg.stage')).toHaveAttribute('data-playing', 'false');
  await scrub.fill('2000');
  await expect(page.getByTestId('step-counter')).toHaveText('2 / 6');
});

test.describe('predictions on', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('asks before the reveal, keeps the answer out of sight, and says whether the guess was right', async ({ page }) => {
    await page.goto('/#/nats/storage-fails/3');
    const predict = page.getByTestId('predict');
    await expect(predict).toBeVisible();
    const step = scenes[1]!.steps[3]!;
    await expect(page.getByTestId('narration')).toHaveText(step.predict!.question);
    // Nothing has happened yet: the withdraw is not refused on the stage.
    await expect(page.locator('svg.stage g.badge.refused')).toBeHidden();
    // The first choice has the focus: the keyboard alone can answer.
    await expect(page.getByTestId('predict-choice').first()).toBeFocused();
    await page.getByTestId('predict-choice').nth(step.predict!.answer).click();
    await expect(page.getByTestId('predict-verdict')).toContainText('Right.');
    await expect(page.getByTestId('narration')).toHaveText(step.narration);
    await expect(page.locator('svg.stage g.badge.refused')).toBeVisible({ timeout: 15_000 });
    // Going back shows the end of the previous step; going forward again asks again.
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowRight');
    await expect(predict).toBeVisible();
    await page.keyboard.press('k');
    await expect(predict).toHaveCount(0);
  });

  test('a presenter turns predictions off in the help, and the choice is remembered', async ({ page }) => {
    await page.goto('/#/nats/storage-fails/2');
    await page.keyboard.press('?');
    await page.getByTestId('setting-predictions').uncheck();
    await page.keyboard.press('Escape');
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('predict')).toHaveCount(0);
    await page.reload();
    await page.goto('/#/nats/storage-fails/3');
    await expect(page.getByTestId('narration')).toHaveText(scenes[1]!.steps[3]!.narration);
    expect(JSON.parse((await page.evaluate((k) => localStorage.getItem(k), SETTINGS_KEY))!)).toMatchObject({ predictions: false });
  });
});

test('a corrupted saved setting falls back to the defaults with a notice, and nothing breaks', async ({ page }) => {
  const errors: string[][] = [];
  errors.push(watchErrors(page));
  await page.addInitScript((k) => localStorage.setItem(k, '{"theme": "purple", "speed": 99'), SETTINGS_KEY);
  await page.goto('/#/nats/happy-path/1');
  await expect(page.getByTestId('notice')).toContainText('could not be read');
  await expect(page.getByTestId('step-title')).toHaveText(title('happy-path', 1));
  expect(errors.flat()).toEqual([]);
});

test('the inspector (I) tells every actor’s state in text, and the light theme is remembered', async ({ page }) => {
  await page.goto('/#/nats/storage-fails/1');
  await page.keyboard.press('i');
  const inspector = page.getByRole('region', { name: 'World inspector' });
  await expect(inspector).toBeVisible();
  await expect(inspector).toContainText('attempt 1');
  await page.keyboard.press('?');
  await page.getByTestId('setting-light').check();
  await page.keyboard.press('Escape');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(page.getByRole('region', { name: 'World inspector' })).toBeVisible();
  // The projector theme is one more choice, remembered the same way.
  await page.keyboard.press('?');
  await page.getByTestId('setting-projector').check();
  await expect(page.getByTestId('setting-light')).not.toBeChecked();
  await page.keyboard.press('Escape');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'projector');
  await expect(page.locator('html')).toHaveCSS('color-scheme', 'dark');
});

test('the inspector’s tables fit its panel at 1920×1080: every heading and every value whole', async ({ page }) => {
  const errors = watchErrors(page);
  const places = [
    { hash: '/#/nats/storage-fails/4', says: 'not acked, held by B' },
    { hash: '/#/nats/redesign/3', says: 'Last ID processed' },
    { hash: '/#/nats/shared-sequence/2', says: 'Last sequence processed' },
    { hash: '/#/nats/sync-http/2', says: 'Load balancer' },
  ];
  for (const [i, place] of places.entries()) {
    await page.goto(place.hash);
    const inspector = page.getByTestId('inspector');
    if (i === 0) await page.keyboard.press('i');
    await expect(inspector).toBeVisible();
    await expect(inspector).toContainText(place.says);
    const cut = await inspector.evaluate((panel) => {
      const edge = panel.getBoundingClientRect().right - Number.parseFloat(getComputedStyle(panel).paddingRight);
      return [...panel.querySelectorAll('th, td, caption, dt, dd, h3, h4')]
        .filter((el) => el.scrollWidth > el.clientWidth + 1 || el.getBoundingClientRect().right > edge + 1)
        .map((el) => el.textContent?.trim());
    });
    expect(cut, place.hash).toEqual([]);
    expect(await inspector.evaluate((panel) => panel.scrollWidth - panel.clientWidth), place.hash).toBeLessThanOrEqual(0);
    if (i === 0) await inspector.screenshot({ path: 'screenshots/present-inspector-storage-fails-4-1920x1080.png' });
  }
  expect(errors).toEqual([]);
});

for (const size of [
  { width: 1920, height: 1080 },
  { width: 1024, height: 768 },
]) {
  test(`screenshots of the audience and speaker windows at ${size.width}×${size.height}`, async ({ browser }) => {
    // Five full-page screenshots of two windows, one of them drawing two stills: slow on a shared machine.
    test.setTimeout(60_000);
    const context = await browser.newContext({ viewport: size, storageState: { cookies: [], origins: [] } });
    const deck = await context.newPage();
    await deck.goto('/#/nats/storage-fails/2');
    await expect(deck.locator('svg.stage')).toHaveAttribute('data-playing', 'false');
    const speaker = await context.newPage();
    await speaker.goto('/?speaker#/nats/storage-fails/2');
    await deck.keyboard.press('ArrowRight');
    await expect(deck.getByTestId('predict')).toBeVisible();
    await expect(speaker.getByTestId('speaker-title')).toHaveText(title('storage-fails', 3));
    await deck.screenshot({ path: `screenshots/present-audience-predict-${size.width}x${size.height}.png` });
    await speaker.screenshot({ path: `screenshots/present-speaker-${size.width}x${size.height}.png` });
    await deck.getByTestId('predict-choice').first().click();
    await expect(deck.locator('svg.stage')).toHaveAttribute('data-playing', 'false', { timeout: 15_000 });
    await deck.screenshot({ path: `screenshots/present-audience-answered-${size.width}x${size.height}.png` });
    await deck.keyboard.press('o');
    await deck.screenshot({ path: `screenshots/present-overview-${size.width}x${size.height}.png` });
    await deck.keyboard.press('Escape');
    await deck.keyboard.press('?');
    await deck.screenshot({ path: `screenshots/present-help-${size.width}x${size.height}.png` });
    await context.close();
  });
}
