#!/usr/bin/env node
/**
 * `npm test`: installs what is missing, then runs every check in order and stops at the first
 * that fails. Stages: npm packages (ensure-deps) → Chromium, nats-server and rabbitmq-server (system-deps) →
 * svelte-check → Vitest (unit, property, model-based: tests/ minus tests/e2e and tests/conformance)
 * → conformance (tests/conformance, against real nats-server and rabbitmq-server, on its own so
 * the timing it compares is not crowded by the rest of the suite) → vite build → Playwright
 * (tests/e2e against `vite preview` of the build).
 *
 * Output streams live. The last line is always `tests: N passed, M failed[, K skipped]`,
 * counting Vitest and Playwright tests from their JSON reports, even when a stage failed;
 * the exit code is non-zero if anything failed. Node builtins only (node_modules may be missing).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { constants, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDeps } from './ensure-deps.mjs';
import { ensureSystemDeps } from './system-deps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const reportDir = mkdtempSync(join(tmpdir(), 'out-of-order-test-'));
const vitestJson = join(reportDir, 'vitest.json');
const conformanceJson = join(reportDir, 'conformance.json');
const playwrightJson = join(reportDir, 'playwright.json');
/** Strict like CI: a stray `.only` fails the run instead of skipping the rest. */
const strictEnv = { CI: process.env.CI || '1' };

let current = null; // the running child process, to pass signals on to
let interrupted = null;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    interrupted = signal;
    current?.kill(signal);
  });
}

/** Runs a command with inherited stdio; resolves to its exit code (signals count as failure). */
function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    current = child;
    child.on('error', (error) => {
      console.error(`could not start ${command}: ${error.message}`);
      current = null;
      resolve(127);
    });
    child.on('exit', (code, signal) => {
      current = null;
      resolve(code ?? 128 + (constants.signals[signal] ?? 0));
    });
  });
}

/** Runs an in-process step; resolves to 0 or 1. */
async function inProcess(step) {
  try {
    await step();
    return 0;
  } catch (error) {
    if (error instanceof Error && error.message) console.error(error.message);
    return 1;
  }
}

/** A free TCP port on 127.0.0.1, preferring `preferred` (so a running `npm run preview` is never reused). */
function freePort(preferred) {
  const tryPort = (port) =>
    new Promise((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : port));
      });
    });
  return tryPort(preferred).catch(() => tryPort(0));
}

const stages = [
  { name: 'npm packages', label: 'ensure-deps', run: () => inProcess(ensureDeps) },
  {
    name: 'system deps',
    label: 'Chromium, nats-server, rabbitmq-server',
    run: () =>
      inProcess(() => {
        const found = ensureSystemDeps();
        // The tests and Playwright find the programs through these.
        process.env.CHROMIUM_PATH = found.chromium;
        process.env.NATS_SERVER_PATH = found.natsServer;
        process.env.RABBITMQ_SERVER_PATH = found.rabbitmqServer;
      }),
  },
  { name: 'svelte-check', label: 'npm run check', run: () => run('npm', ['run', 'check']) },
  {
    name: 'vitest',
    label: 'vitest run',
    run: () =>
      run(bin('vitest'), ['run', '--exclude', 'tests/conformance/**', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`], strictEnv),
  },
  {
    name: 'conformance',
    label: 'vitest run tests/conformance',
    run: () => run(bin('vitest'), ['run', 'tests/conformance', '--no-file-parallelism', '--reporter=default', '--reporter=json', `--outputFile.json=${conformanceJson}`], strictEnv),
  },
  { name: 'vite build', label: 'vite build', run: () => run(bin('vite'), ['build']) },
  {
    name: 'playwright',
    label: 'playwright test',
    run: async () => {
      const port = await freePort(4173);
      return run(bin('playwright'), ['test'], {
        ...strictEnv,
        E2E_PORT: String(port),
        PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson,
      });
    },
  },
];

function readJson(path) {
  try {
    return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null;
  } catch {
    return null;
  }
}

/** Test counts from the JSON reports that exist. A test file that failed to load counts as one failure. */
function counts() {
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const vitest of [readJson(vitestJson), readJson(conformanceJson)]) {
    if (!vitest) continue;
    total.passed += vitest.numPassedTests ?? 0;
    total.failed += vitest.numFailedTests ?? 0;
    total.skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
    for (const file of vitest.testResults ?? []) {
      if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) total.failed += 1;
    }
  }
  const playwright = readJson(playwrightJson);
  if (playwright?.stats) {
    const s = playwright.stats;
    total.passed += (s.expected ?? 0) + (s.flaky ?? 0);
    total.failed += s.unexpected ?? 0;
    total.skipped += s.skipped ?? 0;
  }
  return total;
}

const results = [];
let failed = false;
for (const stage of stages) {
  if (failed || interrupted) {
    results.push({ stage, status: 'not run' });
    continue;
  }
  console.log(`\n▶ ${stage.name} (${stage.label})`);
  const started = performance.now();
  const code = await stage.run();
  const seconds = (performance.now() - started) / 1000;
  const ok = code === 0 && !interrupted;
  results.push({ stage, status: ok ? 'ok' : `failed (exit ${code})`, seconds });
  if (!ok) failed = true;
}

const width = Math.max(...stages.map((s) => s.name.length));
console.log('\n── npm test ──');
for (const { stage, status, seconds } of results) {
  const mark = status === 'ok' ? '✓' : status === 'not run' ? '–' : '✗';
  const time = seconds === undefined ? '' : `  ${seconds.toFixed(1)} s`;
  console.log(`${mark} ${stage.name.padEnd(width)}  ${status}${time}`);
}
const { passed, failed: failedTests, skipped } = counts();
rmSync(reportDir, { recursive: true, force: true });
console.log(`tests: ${passed} passed, ${failedTests} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exit(interrupted ? 130 : failed || failedTests > 0 ? 1 : 0);
