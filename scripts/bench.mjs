#!/usr/bin/env node
/**
 * `npm run bench`: measures the budgets of DESIGN.md ("Budgets") and prints one table row per
 * figure: `what | measured | budget | ok/OVER`. A figure that cannot be measured (a module not
 * written yet, a build that fails) shows as `unavailable (reason)`; the bench never gates, so
 * it exits 0. The rows also go to .bench/latest.json.
 *
 * `npm run bench -- --json` prints the same rows as one JSON array on stdout instead of the table
 * (progress goes to stderr): id, what, value, unit, budget, ok, detail, or unavailable. (npm
 * prints its own "> bench" lines first; `npm run -s bench -- --json` leaves only the JSON.) A row
 * with no budget of its own (a figure shown beside others) has budget and ok null, '–' in the table.
 *
 * Probes: scripts/bench/js-size.mjs (gzip of a fresh build in .bench/dist), scenes.ts (jump to
 * the last step), replay.ts (replay cost per message as messages grow), chaos.ts (schedules per
 * second, one process per design), browser.ts (frame time and key latency in headless Chromium
 * against `vite preview` of that build). The .ts probes run under tsx.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDeps } from './ensure-deps.mjs';
import { measureJs } from './bench/js-size.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = join(root, '.bench');
const outDir = join(benchDir, 'dist');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const KiB = 1024;
/** `--json`: the rows as JSON on stdout, and nothing else there. */
const json = process.argv.includes('--json');
/** Progress for the person waiting: stdout for the table, stderr when stdout carries JSON. */
const say = (text) => (json ? console.error(text) : console.log(text));

/** Every row, in print order, with its budget from DESIGN.md (none: a figure shown beside others). `atMost`: smaller is better. */
const rows = [
  { id: 'js-total', what: 'JS shipped, all chunks, gzip', budget: 250, unit: 'KiB', atMost: true },
  { id: 'js-first', what: 'JS on first load, gzip', budget: 100, unit: 'KiB', atMost: true },
  // One row per chapter that is built, added once the build is measured (see chapterRow).
  { id: 'jump', what: 'jump to last step, rebuild + replay', budget: 20, unit: 'ms', atMost: true },
  { id: 'replay:100', what: 'replay cost per message, 100 messages', unit: 'µs' },
  { id: 'replay:1000', what: 'replay cost per message, 1,000 messages', unit: 'µs' },
  { id: 'replay:10000', what: 'replay cost per message, 10,000 messages', unit: 'µs' },
  { id: 'replay-ratio', what: 'replay cost per message, largest ÷ smallest', budget: 2, unit: '×', atMost: true },
  { id: 'flood-10k', what: '10,000 messages to the last step, Node', budget: 300, unit: 'ms', atMost: true },
  { id: 'chaos:naive', what: 'simulated schedules/s, fast host, naive', budget: 10_000, unit: '/s', atMost: false },
  { id: 'chaos:per-user-number', what: 'simulated schedules/s, fast host, per-user number', budget: 10_000, unit: '/s', atMost: false },
  { id: 'chaos-xstate:naive', what: 'schedules/s, XState world, naive', unit: '/s' },
  { id: 'chaos-ratio:naive', what: 'fast host ÷ XState world, naive', unit: '×' },
  { id: 'chaos-threads:naive', what: 'simulated schedules/s, fast host on every core, naive', unit: '/s' },
  { id: 'chaos:future/discount', what: 'schedules/s, chapter 2, fast host', unit: '/s' },
  { id: 'frame-p95', what: 'frame time p95, 500 tokens, 1920×1080', budget: 16.7, unit: 'ms', atMost: true },
  { id: 'frame-p95-10k', what: 'frame time p95, 10,000 messages in the scene, 500 moving, 1920×1080', budget: 16.7, unit: 'ms', atMost: true },
  { id: 'key-latency', what: 'key press → first frame of next step', budget: 50, unit: 'ms', atMost: true },
];
/** Measured figures by row id: { value, detail } or { unavailable }. */
const figures = new Map();

function format(value, unit) {
  const digits = Number.isInteger(value) ? 0 : unit === 'ms' && value < 10 ? 2 : 1;
  if (unit === 'KiB' || unit === 'ms' || unit === 'µs') return `${value.toFixed(digits)} ${unit}`;
  if (unit === '×') return `${value.toFixed(2)}${unit}`;
  return `${Math.round(value).toLocaleString('en-US')}${unit}`;
}

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Runs a command, collecting its output; resolves { code, out }. Killed after `timeoutMs`. */
function capture(command, args, { timeoutMs = 180_000, echo = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } });
    let out = '';
    const take = (chunk) => {
      out += chunk;
      if (echo) process.stderr.write(chunk);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    const timer = setTimeout(() => {
      out += `\ntimed out after ${timeoutMs / 1000} s`;
      child.kill('SIGTERM');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: 127, out: `${out}\n${error.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, out });
    });
  });
}

/** The most telling line of a failed command's output, without colours or this folder's path. */
function firstError(out) {
  const lines = out
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .map((l) => l.trim().replaceAll(`${root}/`, ''))
    .filter(Boolean);
  const generic = /^(✗ )?build failed|^error during build/i;
  const line =
    lines.find((l) => /^\w*Error:/.test(l)) ??
    lines.find((l) => /error|timed out|cannot|could not/i.test(l) && !generic.test(l)) ??
    lines.at(-1) ??
    'no output';
  return line.slice(0, 160);
}

/** Runs a TypeScript probe and records the `BENCH {json}` figures it prints. */
async function probe(file, ids, args = [], timeoutMs = 180_000) {
  const { code, out } = await capture(bin('tsx'), [join('scripts', 'bench', file), ...args], { timeoutMs });
  for (const line of out.split('\n')) {
    if (!line.startsWith('BENCH ')) continue;
    try {
      const figure = JSON.parse(line.slice('BENCH '.length));
      figures.set(figure.id, figure);
    } catch {
      // a garbled line: the ids it would have filled are reported missing below
    }
  }
  for (const id of ids) {
    if (!figures.has(id)) figures.set(id, { unavailable: code === 0 ? 'probe printed nothing' : firstError(out) });
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts `vite preview` of the bench build; resolves { url, stop } once it answers. */
async function startPreview() {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const child = spawn(
    bin('vite'),
    ['preview', '--outDir', outDir, '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    { cwd: root, stdio: 'ignore' },
  );
  const stop = () => child.exitCode === null && child.kill('SIGTERM');
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`vite preview exited (${child.exitCode})`);
    try {
      if ((await fetch(url)).ok) return { url, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  stop();
  throw new Error('vite preview did not answer within 30 s');
}

async function main() {
  ensureDeps({ toStderr: json });
  mkdirSync(benchDir, { recursive: true });

  say('bench: building into .bench/dist …');
  const build = await capture(bin('vite'), ['build', '--outDir', outDir, '--emptyOutDir', '--manifest', '--logLevel', 'warn']);
  const built = build.code === 0;
  const buildProblem = built ? null : `build failed: ${firstError(build.out)}`;
  if (built) {
    try {
      const js = measureJs(outDir);
      figures.set('js-total', { value: js.totalBytes / KiB, detail: plural(js.chunks, 'chunk') });
      figures.set('js-first', { value: js.firstLoadBytes / KiB, detail: plural(js.firstLoadChunks, 'chunk') });
      for (const c of js.chapters) {
        const id = `js-chapter:${c.id}`;
        rows.splice(rows.findIndex((r) => r.id === 'js-first') + 1 + js.chapters.indexOf(c), 0, { id, what: `JS of chapter ${c.id}'s own chunk, gzip`, budget: 35, unit: 'KiB', atMost: true });
        figures.set(id, { value: c.bytes / KiB, detail: plural(c.chunks, 'chunk') });
      }
    } catch (error) {
      for (const id of ['js-total', 'js-first']) figures.set(id, { unavailable: error.message });
    }
  } else {
    for (const id of ['js-total', 'js-first']) figures.set(id, { unavailable: buildProblem });
  }

  say('bench: scenes …');
  await probe('scenes.ts', ['jump']);
  say('bench: replay cost per message …');
  await probe('replay.ts', ['replay:100', 'replay:1000', 'replay:10000', 'replay-ratio', 'flood-10k']);
  say('bench: chaos explorer …');
  await probe('chaos.ts', ['chaos:naive', 'chaos-xstate:naive', 'chaos-ratio:naive', 'chaos-threads:naive'], ['naive'], 240_000);
  await probe('chaos.ts', ['chaos:per-user-number'], ['per-user-number'], 120_000);
  await probe('chaos.ts', ['chaos:future/discount'], ['future/discount'], 120_000);

  say('bench: browser …');
  if (!built) {
    for (const id of ['frame-p95', 'frame-p95-10k', 'key-latency']) figures.set(id, { unavailable: buildProblem });
  } else {
    let preview;
    try {
      preview = await startPreview();
      await probe('browser.ts', ['frame-p95', 'frame-p95-10k', 'key-latency'], [preview.url]);
    } catch (error) {
      for (const id of ['frame-p95', 'frame-p95-10k', 'key-latency']) figures.set(id, { unavailable: error.message });
    } finally {
      preview?.stop();
    }
  }
  printTable();
}

function printTable() {
  const table = rows.map((row) => {
    const figure = figures.get(row.id) ?? { unavailable: 'not measured' };
    const what = figure.detail ? `${row.what} (${figure.detail})` : row.what;
    const hasBudget = row.budget !== undefined;
    const budget = hasBudget ? `${row.atMost ? '≤' : '≥'} ${format(row.budget, row.unit)}` : '–';
    if ('unavailable' in figure) return { ...row, unavailable: figure.unavailable, cells: [what, `unavailable (${figure.unavailable})`, budget, '–'] };
    const ok = !hasBudget ? null : row.atMost ? figure.value <= row.budget : figure.value >= row.budget;
    const verdict = ok === null ? '–' : ok ? 'ok' : 'OVER';
    return { ...row, value: figure.value, detail: figure.detail, ok, cells: [what, format(figure.value, row.unit), budget, verdict] };
  });
  writeFileSync(
    join(benchDir, 'latest.json'),
    `${JSON.stringify(
      table.map(({ id, what, budget, unit, value, ok, cells }) => ({ id, what, budget: budget ?? null, unit, value, ok, measured: cells[1] })),
      null,
      2,
    )}\n`,
  );
  if (json) {
    const out = table.map(({ id, what, value, unit, budget, ok, detail, unavailable }) =>
      unavailable === undefined
        ? { id, what, value, unit, budget: budget ?? null, ok, detail: detail ?? null }
        : { id, what, unit, budget: budget ?? null, unavailable },
    );
    console.log(JSON.stringify(out, null, 2));
    return;
  }
  const header = ['what', 'measured', 'budget', 'ok/OVER'];
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r.cells[i].length)));
  const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join(' | ').trimEnd();
  console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}`);
  for (const row of table) console.log(line(row.cells));
}

main()
  .catch((error) => console.error(`bench: ${error instanceof Error ? error.message : error}`))
  .finally(() => process.exit(0));
