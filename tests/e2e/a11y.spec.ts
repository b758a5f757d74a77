/**
 * Accessibility (issue 5). axe-core finds no serious or critical WCAG 2.1 A/AA violation on any
 * step of any scene, in the help, the overview, "what happens next?", the inspector, the chaos
 * explorer, the speaker window, the landing, the recap, or the light theme. With reduced motion every step's end state and
 * every sentence of its log are there at once. Colour is never the only cue: outcome marks carry
 * words and message kinds differ by shape.
 */
import { expect, test, type Page } from '@playwright/test';
import axe from 'axe-core';
import { SETTINGS_KEY } from '../../src/deck/settings.ts';
import { runScene } from '../../src/chapters/engine.ts';
import { scenes } from '../../src/chapters/nats/scenes.ts';
import { scenes as futureScenes } from '../../src/chapters/future/scenes.ts';
import type { Scene } from '../../src/chapters/types.ts';
import { narrateTrace } from '../../src/stage/narrate.ts';
import { settledAt, viewAt, type MarkKind } from '../../src/stage/view.ts';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// Each test has its own page: the two workers share the file.
test.describe.configure({ mode: 'parallel' });

/** Plays steps at 4× (with predictions off, as the config has it): the end state is the same, reached sooner. */
async function fast(page: Page): Promise<void> {
  await page.addInitScript((key) => localStorage.setItem(key, JSON.stringify({ predictions: false, speed: 4 })), SETTINGS_KEY);
}

/**
 * Runs axe on the page as it is now and fails, listing each rule, its targets and its help, on any
 * serious or critical violation. axe-core is put into the page once (again only after a page
 * load) and run there: the page is one document, no frames, and a run then takes about a tenth of
 * what a fresh injection and a blank page to finish in cost each time.
 */
async function expectNoSeriousViolations(page: Page, where: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const violations = await page.evaluate((tags) => (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values: tags } }).then((r) => r.violations), TAGS);
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.helpUrl})\n${v.nodes.map((n) => `    ${n.target.join(' ')}`).join('\n')}`).join('\n');
  expect(bad, `${where}:\n${report}`).toEqual([]);
}

/** The word each outcome mark shows on the stage (render.ts). */
const MARK_WORDS: Record<MarkKind, string> = {
  refused: 'REFUSED',
  'write-failed': 'WRITE FAILED',
  skipped: 'SKIPPED',
  duplicate: 'DUPLICATE',
  ignored: 'IGNORED',
  lost: 'MISSED',
};

/** The outcome marks drawn on the stage: a listener's badge and the marks under a storage row. */
const MARKS = 'svg.stage g.badge[data-mark], svg.stage g.row-mark[data-mark]';

/** Every outcome mark on the stage carries its word: colour and outline are never the only cue. */
async function expectMarksInWords(page: Page, where: string): Promise<void> {
  const marks = await page.locator(MARKS).evaluateAll((els) => els.map((el) => ({ kind: el.getAttribute('data-mark')!, text: el.textContent ?? '', shown: el.getAttribute('display') !== 'none' })));
  for (const m of marks.filter((x) => x.shown)) {
    // Chapter 1's marks have their words; any other family's mark must at least say something.
    const word = MARK_WORDS[m.kind as MarkKind] as string | undefined;
    if (word) expect(m.text, `${where}: a ${m.kind} mark`).toContain(word);
    else expect(m.text.trim(), `${where}: a ${m.kind} mark`).not.toBe('');
  }
}

const hashOf = (scene: Scene, k: number) => `#/${scene.chapter}/${scene.id}/${k}`;

/** Goes to step k of `scene` by its hash, in the page already open, and waits until it is at rest. */
async function visit(page: Page, scene: Scene, k: number): Promise<void> {
  await page.evaluate((h) => {
    if (location.hash !== h) location.hash = h;
  }, hashOf(scene, k));
  await expect(page.getByTestId('step-counter')).toHaveText(`${k + 1} / ${scene.steps.length}`);
  await atRest(page, scene);
}

/** A stage scene: until its animation ends. A panel scene (the chaos explorer): until its run is over, or it has none. */
async function atRest(page: Page, scene: Scene): Promise<void> {
  if (scene.panel) {
    await expect(page.locator('[data-testid="chaos-results"]:not([data-state="running"]), [data-testid="chaos-idle"]')).toBeVisible({ timeout: 60_000 });
  } else {
    await expect(page.locator('svg.stage')).toHaveAttribute('data-playing', 'false', { timeout: 20_000 });
  }
}

test.describe('every step of every scene', () => {
  // Each step is checked at rest, as it ends; with reduced motion it is shown that way at once.
  test.use({ reducedMotion: 'reduce' });
  for (const scene of [...scenes, ...futureScenes]) {
    test(`${scene.chapter}/${scene.id}: no serious or critical violation on any of its ${scene.steps.length} steps`, async ({ page }) => {
      test.setTimeout(120_000);
      await fast(page);
      await page.goto(`/${hashOf(scene, 0)}`);
      for (let k = 0; k < scene.steps.length; k++) {
        await visit(page, scene, k);
        await expectNoSeriousViolations(page, hashOf(scene, k));
        if (!scene.panel) await expectMarksInWords(page, hashOf(scene, k));
      }
    });
  }
});

test('the light theme, on a sample of steps', async ({ page }) => {
  await fast(page);
  const sample: [string, number][] = [
    ['happy-path', 3],
    ['storage-fails', 3],
    ['dead-listener', 1],
    ['does-order-matter', 2],
    ['redesign', 1],
    ['every-error-case', 0],
  ];
  for (const [id, k] of sample) {
    const scene = scenes.find((s) => s.id === id)!;
    await page.goto(`/?theme=light${hashOf(scene, k)}`);
    await expect(page.getByTestId('step-counter')).toHaveText(`${k + 1} / ${scene.steps.length}`);
    await atRest(page, scene);
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe('rgb(11, 14, 19)');
    await expectNoSeriousViolations(page, `light ${hashOf(scene, k)}`);
  }
});

test('the help, the overview, the inspector, the chaos explorer and live mode', async ({ page }) => {
  test.setTimeout(90_000);
  await fast(page);
  const happy = scenes.find((s) => s.id === 'happy-path')!;
  await page.goto(`/${hashOf(happy, 2)}`);
  await atRest(page, happy);

  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keys and settings' })).toBeVisible();
  await expectNoSeriousViolations(page, 'help (?)');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('help')).toHaveCount(0);

  await page.keyboard.press('o');
  await expect(page.getByRole('dialog', { name: 'Overview' })).toBeVisible();
  await expectNoSeriousViolations(page, 'overview (O)');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('overview')).toHaveCount(0);

  await page.keyboard.press('i');
  await expect(page.getByTestId('inspector')).toBeVisible();
  await expectNoSeriousViolations(page, `inspector (I) on ${hashOf(happy, 2)}`);
  for (const [id, k] of [['storage-fails', 3], ['duplicate', 3], ['sync-http', 2], ['redesign', 3]] as const) {
    const scene = scenes.find((s) => s.id === id)!;
    await visit(page, scene, k);
    await expect(page.getByTestId('inspector')).toBeVisible();
    await expectNoSeriousViolations(page, `inspector (I) on ${hashOf(scene, k)}`);
  }
  // The inspector scrolls from the keyboard: focused, ↓ scrolls it and does not step.
  const inspector = page.getByTestId('inspector');
  await inspector.focus();
  const counter = await page.getByTestId('step-counter').textContent();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('step-counter')).toHaveText(counter!);
  await page.keyboard.press('i');
  await expect(page.getByTestId('inspector')).toHaveCount(0);

  await page.keyboard.press('c');
  await expect(page.getByRole('dialog', { name: /chaos/i })).toBeVisible();
  await expectNoSeriousViolations(page, 'chaos explorer (C), before a run');
  await page.getByTestId('chaos-count').fill('60');
  await page.getByTestId('chaos-run').click();
  await expect(page.getByTestId('chaos-results')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expectNoSeriousViolations(page, 'chaos explorer (C), after a run');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('chaos-panel')).toHaveCount(0);

  await page.keyboard.press('l');
  await expect(page.getByTestId('live-panel')).toBeVisible();
  await expectNoSeriousViolations(page, 'live mode (L)');
});

test('the sandbox, its settings dialog with a value being clamped, and the fault panel', async ({ page }) => {
  await fast(page);
  await page.goto('/#/nats/sandbox/2?v=1&users=2&listeners=3');
  await expect(page.getByTestId('step-title')).toHaveText(/^Event 2 of 3/);
  await expectNoSeriousViolations(page, 'sandbox, event 2');
  await page.keyboard.press('e');
  await expect(page.getByRole('dialog', { name: 'Sandbox settings' })).toBeVisible();
  await page.getByTestId('sandbox-ackwait').fill('0');
  await expect(page.getByTestId('sandbox-adjusted')).toBeVisible();
  await expectNoSeriousViolations(page, 'sandbox settings (E), with a clamped value');
  await page.keyboard.press('Escape');
  await page.keyboard.press('x');
  await expect(page.getByTestId('fault-panel')).toBeVisible();
  await expectNoSeriousViolations(page, 'sandbox, fault panel (X)');
});

test('the landing and the recap, dark and light, and the landing by keyboard', async ({ page }) => {
  test.setTimeout(120_000);
  await fast(page);
  for (const theme of ['dark', 'light']) {
    await page.goto(`/?theme=${theme}#/`);
    await expect(page.getByTestId('landing')).toBeVisible();
    await expectNoSeriousViolations(page, `landing (${theme})`);
    await page.goto(`/?theme=${theme}#/nats/recap`);
    await expect(page.getByTestId('recap')).toBeVisible();
    await expectNoSeriousViolations(page, `recap (${theme})`);
  }
  // With a last place: Continue comes first, and Tab reaches it, then Start, then the map's scenes in order.
  await page.goto('/#/nats/duplicate/2');
  await expect(page.getByTestId('step-counter')).toHaveText('3 / 4');
  await page.goto('/');
  await expect(page.getByTestId('landing-continue')).toBeVisible();
  await expectNoSeriousViolations(page, 'landing with continue');
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('landing-continue')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('landing-start')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.locator(`[data-testid="landing-scene"][data-scene="${scenes[0]!.id}"]`)).toBeFocused();
  // Enter on a focused scene opens that scene, not the place to continue.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('step-title')).toHaveText(scenes[1]!.steps[0]!.title);
});

test('the speaker window', async ({ page }) => {
  await page.goto('/?speaker#/nats/happy-path/1');
  await expect(page.getByTestId('speaker-title')).toHaveText(scenes[0]!.steps[1]!.title);
  await expectNoSeriousViolations(page, 'speaker window');
  // A step that asks the room, with its answer, and the last step of a scene (the next picture is another scene's), in both themes.
  await page.goto('/?speaker#/nats/storage-fails/3');
  await expect(page.getByTestId('speaker-answer')).toBeVisible();
  await expectNoSeriousViolations(page, 'speaker window, a step that asks');
  await page.goto('/?speaker&theme=light#/nats/happy-path/4');
  await expect(page.getByTestId('speaker-next')).toContainText('new scene');
  await expectNoSeriousViolations(page, 'speaker window, light theme, the last step of a scene');
});

test.describe('with predictions on', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('"what happens next?" and its verdict', async ({ page }) => {
    const scene = scenes.find((s) => s.id === 'storage-fails')!;
    await page.goto(`/${hashOf(scene, 3)}`);
    await expect(page.getByTestId('predict')).toBeVisible();
    await expectNoSeriousViolations(page, 'what happens next?');
    await page.getByTestId('predict-choice').first().click();
    await expect(page.getByTestId('predict-verdict')).toBeVisible();
    await atRest(page, scene);
    await expectNoSeriousViolations(page, 'the verdict after a prediction');
  });
});

test.describe('reduced motion', () => {
  test.use({ reducedMotion: 'reduce' });

  test('storage-fails: each step’s end state and every sentence of its log are there at once', async ({ page }) => {
    const scene = scenes.find((s) => s.id === 'storage-fails')!;
    await page.goto(`/${hashOf(scene, 0)}`);
    const log = page.getByTestId('event-log');
    // The log is a live region a screen reader reads as lines are added.
    await expect(log).toHaveAttribute('aria-live', 'polite');
    await expect(log).toHaveAccessibleName('What happened');
    // It scrolls back from the keyboard too.
    await expect(log).toHaveAttribute('tabindex', '0');
    for (let k = 0; k < scene.steps.length; k++) {
      if (k > 0) await page.keyboard.press('ArrowRight');
      await expect(page.getByTestId('step-counter')).toHaveText(`${k + 1} / ${scene.steps.length}`);
      const r = runScene(scene, k);
      const sentences = narrateTrace(r.trace, r.stepStart).map((l) => l.text);
      const end = viewAt(scene, r.trace, settledAt(r.trace, r.t1), { step: k, verdict: k === scene.steps.length - 1 });
      const marks = [...new Set([...end.listeners.flatMap((l) => (l.mark ? [l.mark.kind] : [])), ...end.storage.flatMap((row) => row.marks.map((m) => m.kind))])].sort();
      // One frame after the step changes, with no waiting for an animation: read it all at once.
      const shown = await page.evaluate(
        () =>
          new Promise<{ playing: string | null; lines: string[]; balances: Record<string, string | null>; marks: string[] }>((resolve) =>
            requestAnimationFrame(() => {
              const svg = document.querySelector('svg.stage')!;
              resolve({
                playing: svg.getAttribute('data-playing'),
                lines: [...document.querySelectorAll('[data-testid="event-log"] li:not(.empty)')].map((li) => li.textContent ?? ''),
                balances: Object.fromEntries([...svg.querySelectorAll('[data-user][data-balance]')].map((g) => [g.getAttribute('data-user')!, g.getAttribute('data-balance')])),
                marks: [...new Set([...svg.querySelectorAll('g.badge[data-mark], g.row-mark[data-mark]')].filter((m) => m.getAttribute('display') !== 'none').map((m) => m.getAttribute('data-mark')!))].sort(),
              });
            }),
          ),
      );
      expect(shown.playing, `step ${k}: no animation`).toBe('false');
      expect(shown.lines, `step ${k}: every sentence of the step in the log`).toEqual(sentences);
      expect(shown.balances, `step ${k}: the step's end balances`).toEqual(Object.fromEntries(Object.entries(r.storage).map(([u, row]) => [u, String(row.balance)])));
      expect(shown.marks, `step ${k}: the step's outcome marks`).toEqual(marks);
    }
  });
});

test('colour is never the only cue: outcome marks carry words, message kinds differ by shape', async ({ page }) => {
  const cases: [string, number, MarkKind[]][] = [
    ['storage-fails', 3, ['refused', 'write-failed']],
    ['redesign', 1, ['skipped', 'write-failed']],
    ['dead-listener', 1, ['lost']],
    ['duplicate', 3, ['duplicate']],
  ];
  await fast(page);
  for (const [id, k, kinds] of cases) {
    const scene = scenes.find((s) => s.id === id)!;
    await page.goto(`/${hashOf(scene, k)}`);
    await atRest(page, scene);
    for (const kind of kinds) await expect(page.locator(`svg.stage g[data-mark="${kind}"]:not([data-party])`).first()).toContainText(MARK_WORDS[kind]);
    await expectMarksInWords(page, hashOf(scene, k));
  }
  // A deposit is a capsule (arcs), a withdraw a hexagon (straight lines only).
  await page.goto('/#/nats/storage-fails/3');
  await atRest(page, scenes.find((s) => s.id === 'storage-fails')!);
  const deposit = await page.locator('svg.stage path.pill-shape.deposit').first().getAttribute('d');
  const withdraw = await page.locator('svg.stage path.pill-shape.withdraw').first().getAttribute('d');
  expect(deposit).toMatch(/A/);
  expect(withdraw).not.toMatch(/A/);
});
