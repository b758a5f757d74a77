/**
 * The sandbox in the browser: a fresh one from the help, settings changed in the dialog (a value
 * out of range shows what it becomes before it is applied), settings out of range or from another
 * version in a link (a notice, clamped values, never a broken page), fork from here with the
 * scene's exact state and its injected faults, delaying a delivery, and a second window following.
 * Screenshots at 1920×1080 and 390×844 go to screenshots/sandbox-*.png.
 */
import { expect, test } from '@playwright/test';
import { runScene, type Injection } from '../../src/chapters/engine.ts';
import { encodeFaults } from '../../src/chapters/faults.ts';
import { findScene, scenes } from '../../src/chapters/nats/scenes.ts';
import { DEFAULT_PARAMS, formatSandbox, parseSandbox, sandboxScene } from '../../src/chapters/nats/sandbox.ts';
import { watchErrors } from './errors.ts';

test.use({ reducedMotion: 'reduce' });

const hashQuery = (url: string) => new URLSearchParams(decodeURIComponent(new URL(url).hash.split('?')[1] ?? ''));

test('a fresh sandbox from the help, its settings changed in the dialog, clamped with a sentence before they apply', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/#/nats/happy-path/0');
  await page.keyboard.press('?');
  await page.getByTestId('open-sandbox').click();
  await expect(page.getByTestId('step-title')).toHaveText('Your sandbox');
  expect(hashQuery(page.url()).get('listeners')).toBe('2');
  await expect(page.locator('svg.stage g.listener')).toHaveCount(2);

  await page.keyboard.press('e');
  const dialog = page.getByTestId('sandbox-settings');
  await expect(dialog).toBeVisible();
  await page.getByTestId('sandbox-listeners').fill('9');
  await page.getByTestId('sandbox-ackwait').fill('0.2');
  await page.getByTestId('sandbox-users').fill('2');
  await page.getByTestId('sandbox-queue').uncheck();
  await expect(page.getByTestId('sandbox-adjusted')).toContainText('Listeners 9 is more than 3');
  await expect(page.getByTestId('sandbox-adjusted')).toContainText('Ack wait 0.2 s is under 1 s');
  await expect(page.getByTestId('sandbox-preview')).toContainText('3 copies of Account Srv each get every message');
  await page.getByTestId('sandbox-apply').click();
  await expect(dialog).toHaveCount(0);

  const q = hashQuery(page.url());
  expect([q.get('listeners'), q.get('ackwait'), q.get('queue'), q.get('users')]).toEqual(['3', '1', 'off', '2']);
  await expect(page.locator('svg.stage g.listener')).toHaveCount(3);
  await expect(page.locator('svg.stage g.row')).toHaveCount(2);
  // Played to the end, the page shows what Node computes for the same settings.
  await page.keyboard.press('End');
  const scene = sandboxScene(parseSandbox(q, scenes).params, scenes);
  const node = runScene(scene, scene.steps.length - 1);
  for (const [user, row] of Object.entries(node.storage)) await expect(page.locator(`svg.stage g.row[data-user="${user}"]`)).toHaveAttribute('data-balance', String(row.balance));
  await page.screenshot({ path: 'screenshots/sandbox-settings-applied-1920.png' });
  expect(errors).toEqual([]);
});

test('settings out of range or from another version in a link: a notice, clamped values, the sandbox still runs', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/#/nats/sandbox/0?v=0&listeners=12&process=-3&design=quantum&durable=perhaps&colour=red');
  const notice = page.getByTestId('notice');
  await expect(notice).toContainText('older or unknown version');
  await expect(notice).toContainText('Listeners 12 is more than 3');
  await expect(notice).toContainText('Time per event -3 s is under 0.1 s');
  await expect(notice).toContainText('no design called “quantum”');
  await expect(notice).toContainText('Durable “perhaps” is neither on nor off');
  await expect(notice).toContainText('“colour” is not a sandbox setting');
  await expect(page.locator('svg.stage g.listener')).toHaveCount(3);
  // The address bar now holds the settings as they were used, so sharing it shares this run.
  const q = hashQuery(page.url());
  expect([q.get('v'), q.get('listeners'), q.get('process'), q.get('design'), q.get('colour')]).toEqual(['1', '3', '0.1', 'naive', null]);
  await page.screenshot({ path: 'screenshots/sandbox-notice-1920.png' });
  // A sandbox forked from a scene this version does not have starts fresh.
  await page.goto('about:blank');
  await page.goto('/#/nats/sandbox/3?from=tomorrows-scene.2');
  await expect(page.getByTestId('notice')).toContainText('not a scene of this version');
  await expect(page.getByTestId('step-title')).not.toBeEmpty();
  expect(errors).toEqual([]);
});

test('fork from here: the sandbox carries on from the scene’s exact state, injected faults included', async ({ page }) => {
  const errors = watchErrors(page);
  const slow = findScene('slow-listener')!;
  const step = 3;
  const at = runScene(slow, 2).t0 + 400;
  const faults: Injection[] = [{ step: 2, atMs: at, command: { do: 'lose-acks', listener: 'B', count: 1 } }];
  const scene = runScene(slow, step, { faults });
  await page.goto(`/#/nats/slow-listener/${step}?f=${encodeFaults(faults)}`);
  await page.keyboard.press('x');
  await page.getByTestId('fork-here').click();
  await expect(page.getByTestId('step-title')).toHaveText(slow.steps[step]!.title);
  await expect(page.getByTestId('scene-menu')).toContainText('Sandbox: One listener is slower, from step 4');
  const q = hashQuery(page.url());
  expect(q.get('from')).toBe(`slow-listener.${step}`);
  expect(q.get('f')).toBe(encodeFaults(faults));
  for (const [user, row] of Object.entries(scene.storage)) await expect(page.locator(`svg.stage g.row[data-user="${user}"]`)).toHaveAttribute('data-balance', String(row.balance));
  await page.screenshot({ path: 'screenshots/sandbox-fork-1920.png' });

  // In the fork the story goes on: three more events with one more listener, played to the end, as Node has it.
  await page.keyboard.press('e');
  await page.getByTestId('sandbox-events').fill('3');
  await page.getByTestId('sandbox-listeners').fill('3');
  await page.getByTestId('sandbox-apply').click();
  await expect(page.locator('svg.stage g.listener')).toHaveCount(3);
  await page.keyboard.press('End');
  const params = parseSandbox(hashQuery(page.url()), scenes).params;
  expect(params.from).toEqual({ sceneId: 'slow-listener', step });
  const fork = sandboxScene(params, scenes);
  const node = runScene(fork, fork.steps.length - 1, { faults });
  await expect(page.getByTestId('step-counter')).toHaveText(`${fork.steps.length} / ${fork.steps.length}`);
  for (const [user, row] of Object.entries(node.storage)) await expect(page.locator(`svg.stage g.row[data-user="${user}"]`)).toHaveAttribute('data-balance', String(row.balance));
  expect(errors).toEqual([]);
});

test('delay a delivery: the next delivery to a listener is held up on the network, and the link keeps it', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`/#/nats/sandbox/0?${formatSandbox(DEFAULT_PARAMS)}`);
  await page.keyboard.press('x');
  await page.getByTestId('fault-listener').selectOption('A');
  await page.getByTestId('fault-delay').click();
  await expect(page.getByTestId('fault-panel')).toContainText('the next delivery to listener A is held up 20 s on the network');
  const f = hashQuery(page.url()).get('f');
  expect(f).not.toBeNull();
  await page.keyboard.press('Escape');
  await page.keyboard.press('End');
  const scene = sandboxScene(DEFAULT_PARAMS, scenes);
  const injected = (await import('../../src/chapters/faults.ts')).decodeFaults(f!, scene)!;
  expect(injected.map((x) => x.command)).toEqual([{ do: 'delay', listener: 'A', ms: 20_000 }]);
  const node = runScene(scene, scene.steps.length - 1, { faults: injected });
  const held = node.trace.find((e) => e.kind === 'deliver' && e.to === 'listener:A')!;
  expect(held.arrives! - held.t).toBeGreaterThanOrEqual(20_000);
  await expect(page.locator('svg.stage g.row[data-user="Jim"]')).toHaveAttribute('data-balance', String(node.storage.Jim!.balance));
  expect(errors).toEqual([]);
});

test('side by side from the sandbox: its settings and faults against the naive design and the redesign, as Node has them', async ({ page, context }) => {
  const errors = [watchErrors(page)];
  const params = DEFAULT_PARAMS;
  // At the end of the set-up, before the first event: Jim's $70 deposit will be held up on its way to A.
  await page.goto(`/#/nats/sandbox/0?${formatSandbox(params)}`);
  await page.keyboard.press('x');
  await page.getByTestId('fault-listener').selectOption('A');
  await page.getByTestId('fault-delay').click();
  const f = hashQuery(page.url()).get('f')!;
  const [compare] = await Promise.all([context.waitForEvent('page'), page.getByTestId('sandbox-compare').click()]);
  errors.push(watchErrors(compare));
  await compare.waitForLoadState();
  await compare.keyboard.press('End');
  const { decodeFaults } = await import('../../src/chapters/faults.ts');
  for (const design of ['naive', 'per-user-number'] as const) {
    const scene = sandboxScene({ ...params, design }, scenes);
    const node = runScene(scene, scene.steps.length - 1, { faults: decodeFaults(f, scene)! });
    await expect(compare.getByTestId(`compare-${design}-balance`)).toHaveText(`$${node.storage.Jim!.balance}`);
    if (design === 'naive') expect(node.storage.Jim!.balance, 'the delay breaks the naive design').not.toBe(10);
  }
  // The held-up delivery breaks the naive design; the redesign ends where a correct run does.
  await expect(compare.getByTestId('compare-per-user-number')).toContainText('Jim has $10; a correct run ends at $10');
  await expect(compare.getByTestId('compare-naive-balance')).not.toHaveText('$10');
  await compare.screenshot({ path: 'screenshots/sandbox-compare-1920.png' });
  expect(errors.flat()).toEqual([]);
});

test('a second window follows into the sandbox, settings and all', async ({ context, page }) => {
  const errors = [watchErrors(page)];
  const other = await context.newPage();
  errors.push(watchErrors(other));
  await page.goto('/#/nats/happy-path/0');
  await other.goto('/#/nats/happy-path/0');
  await page.goto(`/#/nats/happy-path/0`);
  // Each window loads its chapter before it takes part: wait until the other window's arrival has
  // played out in both, so it cannot move this one back after the sandbox opens.
  await expect(other.locator('svg.stage')).toHaveAttribute('data-playing', 'false', { timeout: 20_000 });
  await expect(page.locator('svg.stage')).toHaveAttribute('data-playing', 'false', { timeout: 20_000 });
  await page.keyboard.press('?');
  await page.getByTestId('open-sandbox').click();
  await page.keyboard.press('e');
  await page.getByTestId('sandbox-listeners').fill('1');
  await page.getByTestId('sandbox-apply').click();
  await expect(other.getByTestId('step-title')).toHaveText('Your sandbox');
  await expect(other.locator('svg.stage g.listener')).toHaveCount(1);
  expect(hashQuery(other.url()).get('listeners')).toBe('1');
  expect(errors.flat()).toEqual([]);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  test('the sandbox’s settings and faults are a tap away', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto(`/#/nats/sandbox/1?${formatSandbox({ ...DEFAULT_PARAMS, users: 2 })}`);
    await page.getByTestId('sandbox-settings-open').tap();
    await expect(page.getByTestId('sandbox-settings')).toBeVisible();
    await page.screenshot({ path: 'screenshots/sandbox-settings-390.png' });
    await page.getByRole('button', { name: 'Cancel' }).tap();
    await page.getByTestId('break-open').tap();
    await expect(page.getByTestId('fault-panel')).toBeVisible();
    await page.screenshot({ path: 'screenshots/sandbox-faults-390.png' });
    expect(errors).toEqual([]);
  });
});

test('chapter 2: the sandbox’s settings in its link, changed in the dialog, a bad value clamped with a sentence', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('/#/future/sandbox/0?v=1&design=saga&threshold=500&window=7&backoff=10&buyers=2&orders=6&seed=1');
  await expect(page.getByTestId('step-title')).toHaveText('Your sandbox');
  await expect(page.locator('svg.stage')).toHaveAttribute('data-playing', 'false', { timeout: 20_000 });

  await page.keyboard.press('e');
  const dialog = page.getByTestId('sandbox-settings');
  await expect(dialog).toBeVisible();
  await page.getByTestId('sandbox-design').selectOption('in-process');
  await page.getByTestId('sandbox-orders').fill('3');
  await page.getByTestId('sandbox-window').fill('45');
  await expect(page.getByTestId('sandbox-adjusted')).toContainText('Window (days) 45 is more than 30');
  await expect(page.getByTestId('sandbox-preview')).toContainText('In-process retries');
  await page.getByTestId('sandbox-apply').click();
  await expect(dialog).toHaveCount(0);

  // The link now holds the settings as they were used, the clamped window included.
  await expect.poll(() => hashQuery(page.url()).get('orders')).toBe('3');
  const q = hashQuery(page.url());
  expect([q.get('v'), q.get('design'), q.get('window'), q.get('threshold')]).toEqual(['1', 'in-process', '30', '500']);
  await expect(page.getByTestId('step-counter')).toHaveText('1 / 5');

  // A bad value in a link: a notice with the sentence, and the sandbox still runs.
  await page.goto('about:blank');
  await page.goto('/#/future/sandbox/0?v=1&design=saga&buyers=9&backoff=soon');
  await expect(page.getByTestId('notice')).toContainText('Buyers 9 is more than 4');
  await expect(page.getByTestId('notice')).toContainText('First retry after “soon” is not a number, so it is 10 s.');
  expect(hashQuery(page.url()).get('buyers')).toBe('4');
  await expect(page.getByTestId('step-title')).toHaveText('Your sandbox');
  await page.screenshot({ path: 'screenshots/sandbox-future-notice-1920.png' });
  expect(errors).toEqual([]);
});
