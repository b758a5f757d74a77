/**
 * Live mode: the deck plays a scene on a real nats-server (started here, on loopback) over
 * WebSocket, and draws the real deliveries. A server that is down gives a clear notice and the
 * simulation stays on screen.
 */
import { createServer, type Server } from 'node:net';
import { expect, test } from '@playwright/test';
import { freePort, startNatsServer, type RunningServer } from '../../scripts/lib/nats-server.ts';

let server: RunningServer;
test.beforeAll(async () => {
  server = await startNatsServer();
});
test.afterAll(async () => {
  await server?.stop();
});

test('storage-fails on a real server: the redelivered deposit is applied after the withdraw was refused', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    // nats-server 2.9 answers a client's WebSocket close with a status code Chromium calls
    // reserved, and Chromium logs that; it is the server's close frame, not the page.
    if (m.type() === 'error' && !/broken close frame/.test(m.text())) errors.push(m.text());
  });
  await page.goto(`/?live=${encodeURIComponent(server.wsUrl)}#/nats/storage-fails/0`);
  await page.keyboard.press('l');
  await expect(page.getByTestId('live-url')).toHaveValue(server.wsUrl);
  await page.getByTestId('live-run').click();
  await expect(page.locator('[data-live]')).toHaveAttribute('data-live', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('live-status')).toContainText('Done on the real server: Jim $110');
  const log = await page.locator('.log').innerText();
  const refused = log.indexOf('REFUSES withdraw $100');
  // Which member gets which deposit is the real server's choice, so the deposit whose write fails
  // (and comes back) may be the $70 or the $40: find the one that was redelivered.
  const again = /redelivers deposit \$(70|40) to listener [AB], attempt 2/.exec(log);
  expect(refused).toBeGreaterThan(-1);
  expect(again, log).not.toBeNull();
  // It is applied only after the withdraw was refused. (On a busy machine the redelivery itself may
  // reach its listener a moment before the refusal is logged; what matters is when it is applied.)
  const applied = log.search(new RegExp(`listener [AB] writes deposit \\$${again![1]}`));
  expect(applied).toBeGreaterThan(refused);
  expect(applied).toBeGreaterThan(again!.index);
  await page.screenshot({ path: 'screenshots/live-storage-fails-done-1920x1080.png' });
  expect(errors).toEqual([]);
});

test('a server that is down: a clear notice, and the simulation stays', async ({ page }) => {
  const port = await freePort();
  await page.goto('/#/nats/happy-path/1');
  await page.getByTestId('live-open').click();
  await page.getByTestId('live-url').fill(`ws://127.0.0.1:${port}`);
  await page.getByTestId('live-run').click();
  await expect(page.getByTestId('notice')).toContainText('Showing the simulation instead', { timeout: 15_000 });
  await expect(page.getByTestId('live-status')).toContainText('Could not reach a NATS server');
  await expect(page.locator('[data-live]')).toHaveCount(0);
  await expect(page.getByTestId('step-counter')).toHaveText('2 / 5');
});

test('a URL that is not allowed is refused before any connection', async ({ page }) => {
  await page.goto('/#/nats/happy-path/0');
  await page.keyboard.press('L');
  await page.getByTestId('live-url').fill('ws://example.com:8080');
  await page.getByTestId('live-run').click();
  await expect(page.getByTestId('live-status')).toContainText('only connects to a server on this machine');
  await page.getByTestId('live-url').press('Escape');
  await expect(page.getByTestId('live-panel')).toHaveCount(0);
});

test('a server that accepts but never answers: the attempt times out with a message, nothing hangs', async ({ page }) => {
  const sockets: import('node:net').Socket[] = [];
  const silent: Server = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { port } = silent.address() as { port: number };
  try {
    await page.goto('/#/nats/storage-fails/2');
    await page.keyboard.press('l');
    await page.getByTestId('live-url').fill(`ws://127.0.0.1:${port}`);
    await page.getByTestId('live-run').click();
    await expect(page.getByTestId('live-status')).toContainText('did not answer within 3 s', { timeout: 15_000 });
    await expect(page.getByTestId('notice')).toContainText('Showing the simulation instead');
    await expect(page.getByTestId('step-counter')).toHaveText('3 / 6');
  } finally {
    for (const s of sockets) s.destroy();
    silent.close();
  }
});

test('a URL that is not a NATS server (the explainer itself): a message and the simulation stays', async ({ page, baseURL }) => {
  await page.goto('/#/nats/happy-path/2');
  await page.keyboard.press('l');
  await page.getByTestId('live-url').fill(baseURL!.replace(/^http/, 'ws').replace(/\/$/, ''));
  await page.getByTestId('live-run').click();
  await expect(page.getByTestId('notice')).toContainText('Showing the simulation instead', { timeout: 15_000 });
  await expect(page.getByTestId('live-status')).toContainText('Could not reach a NATS server');
  await expect(page.locator('[data-live]')).toHaveCount(0);
  await expect(page.getByTestId('step-counter')).toHaveText('3 / 5');
});
