/**
 * Links reproduce runs: fast-check draws random injected faults for a scene, encodes them into a
 * link, and Chromium opened on that link ends with the storage Node computes for the same link.
 * The same for the sandbox: random settings (fresh, or forked from a random step of a random
 * scene) with random faults, encoded in a link, end in Chromium as they do in Node.
 * And links are safe: 500 fuzzed, malformed links never produce a console error or a blank page.
 */
import fc from 'fast-check';
import { expect, test } from '@playwright/test';
import { runScene, type Injection } from '../../src/chapters/engine.ts';
import { encodeFaults } from '../../src/chapters/faults.ts';
import { scenes } from '../../src/chapters/nats/scenes.ts';
import { formatSandbox, sandboxScene } from '../../src/chapters/nats/sandbox.ts';
import { parseScreen } from '../../src/deck/route.ts';
import { sandboxParams } from '../arbitraries.ts';
import { watchErrors } from './errors.ts';

test.use({ reducedMotion: 'reduce' });

/** Scenes with a stage and a broker: the ones faults can be injected into (not the HTTP family's worlds, scene.kernel). */
const breakable = scenes.filter((s) => !s.panel && !s.kernel);

test('a link with random injected faults shows the run Node computes for it (15 random runs)', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  const cases = fc.sample(
    fc.constantFrom(...breakable).chain((scene) =>
      fc.record({
        scene: fc.constant(scene),
        faults: fc.array(
          fc.record({
            step: fc.integer({ min: 0, max: scene.steps.length - 1 }),
            atMs: fc.integer({ min: 0, max: 40_000 }),
            command: fc.oneof(
              fc.record({ do: fc.constant('crash' as const), listener: fc.constantFrom(...scene.world.listeners.map((l) => l.id)) }),
              fc.record({ do: fc.constant('restart' as const), listener: fc.constantFrom(...scene.world.listeners.map((l) => l.id)) }),
              fc.record({ do: fc.constant('slow' as const), listener: fc.constantFrom(...scene.world.listeners.map((l) => l.id)), processMs: fc.integer({ min: 200, max: 12_000 }) }),
              fc.record({ do: fc.constantFrom('fail-writes' as const, 'lose-acks' as const), listener: fc.constantFrom(...scene.world.listeners.map((l) => l.id)), count: fc.integer({ min: 1, max: 3 }) }),
            ),
          }) as fc.Arbitrary<Injection>,
          { minLength: 1, maxLength: 4 },
        ),
      }),
    ),
    { seed: 20261121, numRuns: 15 },
  );
  for (const { scene, faults } of cases) {
    const last = scene.steps.length - 1;
    const node = runScene(scene, last, { faults });
    await page.goto('about:blank');
    await page.goto(`/#/nats/${scene.id}/${last}?f=${encodeFaults(faults)}`);
    await expect(page.getByTestId('notice')).toHaveCount(0);
    for (const [user, row] of Object.entries(node.storage)) {
      await expect(page.locator(`svg.stage g.row[data-user="${user}"]`), `${scene.id} ${JSON.stringify(faults)}`).toHaveAttribute('data-balance', String(row.balance));
    }
    // The crashes the link holds are the crashes on the stage.
    const crashedAtEnd = new Set<string>();
    for (const e of node.trace) {
      if (e.kind === 'crash' && e.from) crashedAtEnd.add(e.from);
      if ((e.kind === 'restart' || e.kind === 'leave') && e.from) crashedAtEnd.delete(e.from);
    }
    for (const party of crashedAtEnd) await expect(page.locator(`svg.stage g.listener[data-party="${party}"]`)).toHaveAttribute('data-state', 'crashed');
  }
  expect(errors).toEqual([]);
});

/** Random injected faults for a scene: any of the six, at any moment of any step. */
const faultsFor = (scene: { steps: readonly unknown[]; world: { listeners: readonly { id: string }[] } }) => {
  const who = fc.constantFrom(...scene.world.listeners.map((l) => l.id));
  return fc.array(
    fc.record({
      step: fc.integer({ min: 0, max: scene.steps.length - 1 }),
      atMs: fc.integer({ min: 0, max: 40_000 }),
      command: fc.oneof(
        fc.record({ do: fc.constantFrom('crash' as const, 'restart' as const), listener: who }),
        fc.record({ do: fc.constant('slow' as const), listener: who, processMs: fc.integer({ min: 200, max: 12_000 }) }),
        fc.record({ do: fc.constantFrom('fail-writes' as const, 'lose-acks' as const), listener: who, count: fc.integer({ min: 1, max: 3 }) }),
        fc.record({ do: fc.constant('delay' as const), listener: who, ms: fc.integer({ min: 100, max: 45_000 }) }),
      ),
    }) as fc.Arbitrary<Injection>,
    { maxLength: 4 },
  );
};

test('a sandbox link with random settings and random faults shows the run Node computes for it (20 random runs)', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = watchErrors(page);
  const paramsArb = sandboxParams('short');
  const cases = fc.sample(
    paramsArb.chain((params) => fc.record({ params: fc.constant(params), faults: faultsFor(sandboxScene(params, scenes)) })),
    { seed: 20261122, numRuns: 20 },
  );
  for (const { params, faults } of cases) {
    const scene = sandboxScene(params, scenes);
    const last = scene.steps.length - 1;
    const node = runScene(scene, last, { faults });
    const link = `/#/nats/sandbox/${last}?${formatSandbox(params)}${faults.length > 0 ? `&f=${encodeFaults(faults)}` : ''}`;
    await page.goto('about:blank');
    await page.goto(link);
    await expect(page.getByTestId('notice'), link).toHaveCount(0);
    await expect(page.locator('svg.stage g.listener'), link).toHaveCount(scene.world.listeners.length);
    for (const [user, row] of Object.entries(node.storage)) {
      await expect(page.locator(`svg.stage g.row[data-user="${user}"]`), link).toHaveAttribute('data-balance', String(row.balance));
    }
    const crashedAtEnd = new Set<string>();
    for (const e of node.trace) {
      if (e.kind === 'crash' && e.from) crashedAtEnd.add(e.from);
      if ((e.kind === 'restart' || e.kind === 'leave') && e.from) crashedAtEnd.delete(e.from);
    }
    for (const party of crashedAtEnd) await expect(page.locator(`svg.stage g.listener[data-party="${party}"]`), link).toHaveAttribute('data-state', 'crashed');
  }
  expect(errors).toEqual([]);
});

test('500 fuzzed, malformed links: never a console error, never a blank page', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = watchErrors(page);
  const piece = fc.oneof(
    fc.constantFrom('nats', 'happy-path', 'chaos-replay', 'storage-fails', 'sandbox', '..', '%', '%E0%A4%A', '?f=', '?s=', '?f=W1sw', '-1', '99', '1e9', 'NaN', '<script>', '#', '/', ''),
    fc.constantFrom('?v=0', '?v=99&listeners=7', '?listeners=abc&ackwait=-1', '?design=x&from=nope.3', '?from=slow-listener.99&users=3', '?events=1e3&seed=-5', '?queue=maybe&durable=', '?from=sandbox.1', '&f=W1sw'),
    fc.string({ maxLength: 12 }),
    fc.integer({ min: -5, max: 200 }).map(String),
    fc.base64String({ maxLength: 40 }),
  );
  const hashes = fc.sample(fc.array(piece, { minLength: 0, maxLength: 5 }).map((parts) => `#/${parts.join('/')}`), { seed: 7, numRuns: 500 });
  let i = 0;
  for (const hash of hashes) {
    // Every 25th link is a fresh load; the others arrive as hash changes, as a person editing the address does.
    // A hash with no path is the landing, and `#/nats/recap` the recap: those show their own screen instead of a step.
    const screen = parseScreen(hash, ['nats']);
    if (i++ % 25 === 0) {
      await page.goto('about:blank');
      await page.goto(`/${hash}`);
      if (screen) {
        await expect(page.getByTestId(screen.kind), hash).toBeVisible();
        continue;
      }
      await expect(page.getByTestId('step-title'), hash).not.toBeEmpty();
      await expect(page.getByTestId('narration'), hash).not.toBeEmpty();
      continue;
    }
    // The others arrive as hash changes, as a person editing the address does: set it, let the
    // deck answer (the hashchange event, then two frames), and read what is on screen, in one go.
    const shown = await page.evaluate(async (h) => {
      location.hash = h;
      await new Promise((r) => setTimeout(r, 0));
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const text = (id: string) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() ?? '';
      return {
        title: text('step-title'),
        narration: text('narration'),
        stage: document.querySelector('svg.stage, [data-testid="chaos-panel"], [data-testid="chaos-idle"], [data-testid="chaos-results"]') !== null,
        screen: ['landing', 'recap'].find((id) => document.querySelector(`[data-testid="${id}"]`) !== null),
      };
    }, hash);
    // The landing and the recap load as chunks of their own: the first time, they may take a moment more.
    if (screen && shown.screen !== screen.kind) await expect(page.getByTestId(screen.kind), hash).toBeVisible();
    else expect(shown.screen, hash).toBe(screen?.kind);
    if (screen) continue;
    expect(shown.title, hash).not.toBe('');
    expect(shown.narration, hash).not.toBe('');
    expect(shown.stage, hash).toBe(true);
  }
  expect(errors).toEqual([]);
});
