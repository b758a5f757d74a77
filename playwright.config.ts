/**
 * Playwright: end-to-end tests in tests/e2e against the production build served by
 * `vite preview` (run `npm run build` first; `npm test` does). Chromium comes from the system
 * (Debian's package), never from a Playwright download. Tests that save screenshots write them
 * to screenshots/ (gitignored), e.g. `page.screenshot({ path: 'screenshots/happy-path-0.png' })`.
 *
 * Environment: CHROMIUM_PATH (default /usr/bin/chromium); E2E_PORT (default 4173, set by
 * scripts/test.mjs to a free port); PLAYWRIGHT_JSON_OUTPUT_NAME adds a JSON report there.
 */
import { defineConfig } from '@playwright/test';
import { SETTINGS_KEY } from './src/deck/settings.ts';

/** The system Chromium and the flags it runs with, shared with scripts/bench/browser.ts. */
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
};

const port = Number(process.env.E2E_PORT) || 4173;
const baseURL = `http://127.0.0.1:${port}/`;

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  workers: 2,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : [['list']],
  use: {
    baseURL,
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1920, height: 1080 },
    launchOptions: chromiumLaunchOptions,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    // The build registers a service worker that serves it from its cache; every test but
    // offline.spec.ts (which allows it) sees the build as `vite preview` serves it now.
    serviceWorkers: 'block',
    // "What happens next?" holds a step until it is answered: tests that step through scenes see
    // them as a presenter who turned predictions off does. predict.spec.ts turns them on.
    storageState: { cookies: [], origins: [{ origin: baseURL.replace(/\/$/, ''), localStorage: [{ name: SETTINGS_KEY, value: JSON.stringify({ predictions: false }) }] }] },
  },
  projects: [{ name: 'chromium' }],
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${port} --strictPort`,
    url: baseURL,
    reuseExistingServer: !process.env.CI,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
