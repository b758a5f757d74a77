/**
 * Bench probe: what a person feels in the browser, measured in headless Chromium at 1920×1080
 * against a served production build.
 *   - frame-p95: open `?stress=500#/nats/happy-path/0` and read the page's own frame durations
 *     from `window.__stress = { frames: number[], work?: number[], done?: boolean }` (p95 of
 *     frames; the detail adds dropped frames and the p95 of `work`, the script time per frame).
 *   - frame-p95-10k: the same page with `&messages=10000`: 10,000 messages in the scene and 500
 *     hops in flight, each frame's view computed by viewAt over a chapter-1 trace (its work included).
 *   - key-latency: on `#/nats/happy-path/0`, from a performance.now() taken in a keydown listener
 *     to the first requestAnimationFrame callback after the URL hash changed; median of 20
 *     ArrowRight presses, going back with ArrowLeft in between.
 * Run by scripts/bench.mjs: `tsx scripts/bench/browser.ts <base-url>`.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { chromiumLaunchOptions } from '../../playwright.config.ts';
import { median, percentile, reason, report } from './report.ts';

const viewport = { width: 1920, height: 1080 };
const stressTokens = 500;
const stressMessages = 10_000;
const stressTimeoutMs = 20_000;
const presses = 20;
const stepTimeoutMs = 3_000;

/** What the stress page leaves on window (`work`: script time per frame, optional). */
interface StressResult {
  frames?: unknown;
  work?: unknown;
  done?: unknown;
}
/** A gap between animation frames longer than this means at least one frame was dropped at 60 Hz. */
const droppedFrameMs = 1.5 * (1000 / 60);

function numbers(value: unknown): number[] {
  return Array.isArray(value) ? value.filter((x): x is number => typeof x === 'number') : [];
}

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until the page's frame list is complete: `done` is set, or it stops growing. */
async function readStress(page: Page): Promise<{ frames: number[]; work: number[] }> {
  const deadline = Date.now() + stressTimeoutMs;
  let lastLength = -1;
  let steady = 0;
  while (Date.now() < deadline) {
    const stress = await page.evaluate(
      () => (window as unknown as { __stress?: StressResult }).__stress ?? null,
    );
    const frames = numbers(stress?.frames);
    const result = { frames, work: numbers(stress?.work) };
    if (stress?.done === true && frames.length > 0) return result;
    steady = frames.length > 0 && frames.length === lastLength ? steady + 1 : 0;
    if (steady >= 3) return result;
    lastLength = frames.length;
    await sleep(250);
  }
  throw new Error(
    lastLength > 0 ? 'window.__stress.frames kept growing' : `no window.__stress.frames within ${stressTimeoutMs / 1000} s`,
  );
}

/** Opens the stress page at `query` and reports the p95 of its frames as `id`. */
async function measureFrames(browser: Browser, base: string, id: string, query: string): Promise<void> {
  const page = await browser.newPage({ viewport });
  try {
    await page.goto(`${base}?${query}#/nats/happy-path/0`);
    const { frames, work } = await readStress(page);
    const dropped = frames.filter((ms) => ms > droppedFrameMs).length;
    const script = work.length > 0 ? `, script p95 ${percentile(work, 0.95).toFixed(1)} ms` : '';
    report({
      id,
      value: percentile(frames, 0.95),
      detail: `${frames.length} frames, ${dropped} over ${droppedFrameMs.toFixed(0)} ms${script}`,
    });
  } catch (error) {
    report({ id, unavailable: reason(error) });
  } finally {
    await page.close();
  }
}

/**
 * Adds the keydown → next-frame probe to the page (a string, so no bundler helper leaks into
 * it); samples, in ms, land in window.__keyLatency. A sample is taken in the first animation
 * frame whose callback sees a different location.hash than the one at the key press.
 */
const keyProbe = `(() => {
  const samples = [];
  window.__keyLatency = samples;
  window.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowRight') return;
    const start = performance.now();
    const before = location.hash;
    const check = () => {
      if (location.hash !== before) samples.push(performance.now() - start);
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  }, { capture: true });
})()`;

async function measureKeys(browser: Browser, base: string): Promise<void> {
  const page = await browser.newPage({ viewport });
  try {
    const start = `${base}#/nats/happy-path/0`;
    await page.goto(start);
    await page.waitForFunction(() => (document.getElementById('app')?.childElementCount ?? 0) > 0, null, {
      timeout: 10_000,
    });
    const firstHash = await page.evaluate(() => location.hash);
    await page.evaluate(keyProbe);
    const samples = (): Promise<number> =>
      page.evaluate(() => (window as unknown as { __keyLatency: number[] }).__keyLatency.length);
    for (let i = 0; i <= presses; i++) {
      const before = await samples();
      await page.keyboard.press('ArrowRight');
      await page
        .waitForFunction((n) => (window as unknown as { __keyLatency: number[] }).__keyLatency.length > n, before, {
          timeout: stepTimeoutMs,
        })
        .catch(() => {
          throw new Error(`the URL hash did not change within ${stepTimeoutMs / 1000} s of ArrowRight`);
        });
      await page.keyboard.press('ArrowLeft');
      await page.waitForFunction((hash) => location.hash === hash, firstHash, { timeout: stepTimeoutMs }).catch(() => {
        throw new Error(`ArrowLeft did not return to ${firstHash}`);
      });
      await page.evaluate(
        () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
      );
    }
    const all = await page.evaluate(() => (window as unknown as { __keyLatency: number[] }).__keyLatency);
    const measured = all.slice(1); // the first press warms up
    report({ id: 'key-latency', value: median(measured), detail: `median of ${measured.length}` });
  } catch (error) {
    report({ id: 'key-latency', unavailable: reason(error) });
  } finally {
    await page.close();
  }
}

async function main(): Promise<void> {
  const base = process.argv[2];
  if (!base) throw new Error('usage: tsx scripts/bench/browser.ts <base-url>');
  // Unthrottled frames: without these flags headless Chromium paces requestAnimationFrame to a
  // 60 Hz vsync, so every gap is a multiple of 16.7 ms whatever the page costs. Unthrottled, the
  // gap between frames is the time it took to produce one.
  const args = [...chromiumLaunchOptions.args, '--disable-gpu-vsync', '--disable-frame-rate-limit'];
  const browser = await chromium.launch({ ...chromiumLaunchOptions, args, headless: true });
  try {
    await measureFrames(browser, base, 'frame-p95', `stress=${stressTokens}`);
    await measureFrames(browser, base, 'frame-p95-10k', `stress=${stressTokens}&messages=${stressMessages}`);
    await measureKeys(browser, base);
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  for (const id of ['frame-p95', 'frame-p95-10k', 'key-latency']) report({ id, unavailable: reason(error) });
});
