/**
 * Whoever deploys it: the built dist/ folder, copied under a deep sub-path of a plain static
 * server, works there; after the first visit its service worker has the whole build, and the deck
 * still works offline (a reload, a deep link in a new tab, the chaos explorer's worker). Every
 * request the deck makes stays on its own origin and inside its folder. No console or page error.
 *
 * The static server is this file's own (node:http, a free port on 127.0.0.1), not `vite preview`;
 * run `npm run build` first. Only this file lets service workers run (playwright.config.ts blocks
 * them for the rest).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, sep } from 'node:path';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { SETTINGS_KEY } from '../../src/deck/settings.ts';
import { findScene, scenes } from '../../src/chapters/nats/scenes.ts';
import { watchErrors } from './errors.ts';

const dist = join(import.meta.dirname, '..', '..', 'dist');
const subPath = '/some/deep/path/';
const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/**
 * The build as deployed: dist/ read once (others may rebuild it while the tests run), as it is in
 * deploy 1. A later deploy has a new version in sw.js, says its number in index.html, and has
 * renamed live mode's chunk (loaded only when used), so that the old name is gone from the server
 * as after a real deploy.
 */
class Deploys {
  readonly files = new Map<string, Buffer>();
  readonly lazyChunk: string;
  private readonly version: string;
  deploy = 1;

  constructor() {
    if (!existsSync(join(dist, 'index.html')) || !existsSync(join(dist, 'sw.js'))) throw new Error('no build in dist/: run `npm run build` first');
    for (const file of readdirSync(dist, { recursive: true, encoding: 'utf8' })) {
      if (statSync(join(dist, file)).isFile()) this.files.set(file.split(sep).join('/'), readFileSync(join(dist, file)));
    }
    this.lazyChunk = [...this.files.keys()].find((file) => /^assets\/browser-.*\.js$/.test(file)) ?? '';
    this.version = /"version":"(\w+)"/.exec(this.text('sw.js'))?.[1] ?? '';
    if (!this.lazyChunk || !this.version) throw new Error('dist/ has no live-mode chunk or no precache manifest in sw.js: rebuild it');
  }

  private text(file: string): string {
    return this.files.get(file)!.toString('utf8');
  }

  /** The live-mode chunk's name in the current deploy. */
  get lazyChunkNow(): string {
    return this.deploy === 1 ? this.lazyChunk : this.lazyChunk.replace(/\.js$/, `-${this.deploy}.js`);
  }

  /** The bytes of `file` (relative to the folder) in the current deploy, or undefined. */
  get(file: string): Buffer | undefined {
    if (this.deploy === 1) return this.files.get(file);
    if (file === this.lazyChunkNow) return this.files.get(this.lazyChunk);
    if (file === this.lazyChunk) return undefined;
    if (file === 'sw.js') return Buffer.from(this.text(file).replace(`"version":"${this.version}"`, `"version":"${this.version}d${this.deploy}"`).replace(this.lazyChunk, this.lazyChunkNow));
    if (file === 'index.html') return Buffer.from(this.text(file).replace('<title>', `<meta name="deploy" content="${this.deploy}" />\n    <title>`));
    return this.files.get(file);
  }
}

/** Serves `deploys` at `subPath` as a plain static host would; anything outside it is a 404. */
function serve(deploys: Deploys): Promise<Server> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://host').pathname);
    // Like `npx serve`: the folder without its slash, and index.html, redirect to the folder.
    if (path === subPath.slice(0, -1) || path === `${subPath}index.html`) {
      res.writeHead(301, { location: subPath }).end();
      return;
    }
    const file = path.startsWith(subPath) ? path.slice(subPath.length) || 'index.html' : undefined;
    const body = file === undefined ? undefined : deploys.get(file);
    if (file === undefined || body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}


const counter = (page: Page) => page.getByTestId('step-counter');
const narration = (page: Page) => page.getByTestId('narration');

/** Waits until the page is controlled by an active service worker; returns that worker's scope. */
async function controlled(page: Page): Promise<string> {
  await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated', undefined, { timeout: 30_000 });
  return page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
}

/** Runs a few schedules in the chaos explorer, which starts its Web Worker (a lazily loaded chunk). */
/** Live mode's code loads only when a scene is first run live: a URL it refuses is enough to load it. */
async function loadLiveChunk(page: Page): Promise<void> {
  await page.keyboard.press('l');
  await page.getByTestId('live-url').fill('ws://192.0.2.1:4222');
  await page.getByTestId('live-run').click();
  await expect(page.getByTestId('live-status')).toContainText(/./);
  await page.keyboard.press('Escape');
}

async function runChaos(page: Page): Promise<void> {
  await page.keyboard.press('c');
  await expect(page.getByTestId('chaos-panel')).toBeVisible();
  await page.getByTestId('chaos-count').fill('100');
  await page.getByTestId('chaos-run').click();
  await expect(page.getByTestId('chaos-results')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('chaos-done')).toHaveText('100');
}

let deploys: Deploys;
let server: Server;
let base: string;

test.use({ serviceWorkers: 'allow', reducedMotion: 'reduce' });

test.beforeAll(async () => {
  deploys = new Deploys();
  server = await serve(deploys);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}${subPath}`;
});

// As playwright.config.ts does for `vite preview`'s origin: no "What happens next?" holding a step.
test.beforeEach(async ({ context }) => {
  await context.addInitScript(([key, value]) => {
    if (localStorage.getItem(key) === null) localStorage.setItem(key, value);
  }, [SETTINGS_KEY, JSON.stringify({ predictions: false })] as const);
});

test.afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

test('from a deep sub-path, then offline: a reload, a deep link in a new tab and the chaos explorer all work', async ({ context, page }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  const happy = findScene('happy-path')!;
  await page.goto(`${base}#/nats/happy-path/0`);
  await expect(counter(page)).toHaveText(`1 / ${happy.steps.length}`);
  await expect(page.locator('svg.stage')).toBeVisible();
  await page.keyboard.press('ArrowRight');
  await expect(counter(page)).toHaveText(`2 / ${happy.steps.length}`);
  await expect(narration(page)).toHaveText(happy.steps[1]!.narration);

  // The worker's scope is the folder the deck is served from, and its cache holds the whole build.
  expect(await controlled(page)).toBe(base);
  const files = [...deploys.files.keys()].filter((file) => file !== 'sw.js' && !file.endsWith('.map'));
  expect(files).toEqual(expect.arrayContaining(['index.html', 'favicon.svg', deploys.lazyChunk]));
  const cached = await page.evaluate(async (scope) => {
    const names = (await caches.keys()).filter((name) => name.includes(` ${scope} `));
    const cache = await caches.open(names[0]!);
    return { names, urls: (await cache.keys()).map((r) => r.url).sort() };
  }, base);
  expect(cached.names).toHaveLength(1);
  expect(cached.urls).toEqual(files.map((file) => new URL(file, base).href).sort());

  await context.setOffline(true);
  await page.reload();
  await expect(counter(page)).toHaveText(`2 / ${happy.steps.length}`);
  await page.keyboard.press('ArrowRight');
  await expect(counter(page)).toHaveText(`3 / ${happy.steps.length}`);
  await expect(narration(page)).toHaveText(happy.steps[2]!.narration);

  // A link to another scene's step, opened in a new tab while offline.
  const duplicate = findScene('duplicate')!;
  const tab = await context.newPage();
  errors.push(...watchErrors(tab));
  await tab.goto(`${base}#/nats/duplicate/3`);
  await expect(counter(tab)).toHaveText(`4 / ${duplicate.steps.length}`);
  await expect(narration(tab)).toHaveText(duplicate.steps[3]!.narration);
  await expect(tab.locator('svg.stage')).toHaveAttribute('data-playing', 'false', { timeout: 20_000 });
  await tab.screenshot({ path: 'screenshots/offline-duplicate-3.png' });
  await runChaos(tab);
  await tab.keyboard.press('Escape');
  await expect(tab.getByTestId('chaos-panel')).toHaveCount(0);
  await loadLiveChunk(tab);

  expect(errors).toEqual([]);
});

/** Checks the server for a new sw.js now (browsers do on each visit) and waits until its worker controls the page. */
async function takeUpdate(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    const changed = new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    await registration.update();
    await changed;
  });
}

/** This scope's caches, oldest first. */
const scopeCaches = (page: Page) => page.evaluate(async (scope) => (await caches.keys()).filter((name) => name.includes(` ${scope} `)), base);

test('a new deploy takes over: its files on the next load, the open page keeps its lazy chunks, and old caches go', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchErrors(page);
  try {
    await page.goto(`${base}#/nats/happy-path/0`);
    await controlled(page);
    const [first] = await scopeCaches(page);
    expect(first).toBeDefined();

    deploys.deploy = 2;
    await takeUpdate(page);
    // The page still runs deploy 1, whose live-mode chunk the server no longer has: the cache kept it.
    await loadLiveChunk(page);
    await page.reload();
    await expect(page.locator('meta[name="deploy"]')).toHaveAttribute('content', '2');
    await expect(counter(page)).toHaveText(`1 / ${scenes[0]!.steps.length}`);
    const second = await scopeCaches(page);
    expect(second).toHaveLength(2);
    expect(second[0]).toBe(first);

    deploys.deploy = 3;
    await takeUpdate(page);
    await page.reload();
    await expect(page.locator('meta[name="deploy"]')).toHaveAttribute('content', '3');
    await page.keyboard.press('ArrowRight');
    await expect(counter(page)).toHaveText(`2 / ${scenes[0]!.steps.length}`);
    // Deploy 1's cache is gone; deploy 2's stays until the next deploy, for pages still running it.
    const third = await scopeCaches(page);
    expect(third).toHaveLength(2);
    expect(third[0]).toBe(second[1]);
    expect(third).not.toContain(first);
  } finally {
    deploys.deploy = 1;
  }
  expect(errors).toEqual([]);
});

/** Records every request of `context` (its pages', workers' and service worker's), and every one that failed. */
function recordTraffic(context: BrowserContext): { urls: string[]; bad: string[] } {
  const traffic = { urls: [] as string[], bad: [] as string[] };
  context.on('request', (request) => traffic.urls.push(request.url()));
  context.on('requestfailed', (request) => traffic.bad.push(`${request.url()}: ${request.failure()?.errorText}`));
  context.on('response', (response) => {
    if (response.status() >= 400) traffic.bad.push(`${response.url()}: HTTP ${response.status()}`);
  });
  return traffic;
}

test('stepping through every scene and running the chaos explorer, no request leaves the deck’s origin and folder', async ({ context, page }) => {
  test.setTimeout(300_000);
  const traffic = recordTraffic(context);
  page.on('websocket', (ws) => traffic.urls.push(ws.url()));
  const errors = watchErrors(page);
  for (const scene of scenes) {
    const n = scene.steps.length;
    await page.goto(`${base}#/nats/${scene.id}/0`);
    await expect(counter(page)).toHaveText(`1 / ${n}`);
    for (let k = 1; k < n; k++) {
      await page.keyboard.press('ArrowRight');
      await expect(counter(page)).toHaveText(`${k + 1} / ${n}`);
    }
  }
  await page.goto(`${base}#/nats/happy-path/0`);
  await expect(counter(page)).toHaveText(`1 / ${scenes[0]!.steps.length}`);
  await runChaos(page);
  await controlled(page);

  const origin = new URL(base).origin;
  expect(traffic.urls.length).toBeGreaterThan(0);
  expect(traffic.urls.filter((url) => !url.startsWith('data:') && !(new URL(url).origin === origin && new URL(url).pathname.startsWith(subPath)))).toEqual([]);
  expect(traffic.bad).toEqual([]);
  expect(errors).toEqual([]);
});
