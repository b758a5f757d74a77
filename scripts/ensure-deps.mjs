#!/usr/bin/env node
/**
 * Makes sure node_modules matches package-lock.json, running `npm ci` when it does not.
 * Runs before `npm start` (prestart) and first thing in `npm test`, so it may use Node builtins
 * only: node_modules may not exist yet. Prints nothing when there is nothing to do.
 *
 *   node scripts/ensure-deps.mjs          # install if needed; exit code of npm ci otherwise 0
 *   import { ensureDeps } from './ensure-deps.mjs'; ensureDeps() // → true if it installed
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lockPath = join(root, 'package-lock.json');
const modulesPath = join(root, 'node_modules');
/** npm's record of what it installed, written at the end of every install. */
const installedLockPath = join(modulesPath, '.package-lock.json');

/**
 * Why node_modules needs installing, or null when it is up to date.
 * Stale means the lockfile is newer than npm's record of the install; a lockfile that is merely
 * touched (a checkout, a copy) but lists the same packages does not count.
 */
export function whyInstall() {
  if (!existsSync(modulesPath)) return 'node_modules is missing';
  if (!existsSync(installedLockPath)) return 'node_modules was not installed by npm';
  if (!existsSync(lockPath)) return null; // nothing to compare with; npm ci would refuse anyway
  if (statSync(lockPath).mtimeMs <= statSync(installedLockPath).mtimeMs) return null;
  return samePackages(readJson(lockPath), readJson(installedLockPath))
    ? null
    : 'package-lock.json changed since the last install';
}

/** True when every package the lockfile needs is installed at the locked version, and no other. */
function samePackages(lock, installed) {
  const wanted = lock?.packages ?? {};
  const have = installed?.packages ?? {};
  for (const [path, entry] of Object.entries(wanted)) {
    if (path === '' || entry.optional) continue; // the root itself; optional = other platforms
    if (have[path]?.version !== entry.version) return false;
  }
  for (const [path, entry] of Object.entries(have)) {
    if (wanted[path]?.version !== entry.version) return false;
  }
  return true;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Runs `npm ci` if needed. Returns true if it installed; throws if npm ci failed. With
 * `toStderr`, everything it says goes to stderr (for a caller whose stdout is JSON).
 * @example ensureDeps({ toStderr: true }) // false: node_modules is up to date
 */
export function ensureDeps({ toStderr = false } = {}) {
  const reason = whyInstall();
  if (!reason) return false;
  (toStderr ? console.error : console.log)(`[ensure-deps] ${reason}: running npm ci`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: toStderr ? ['inherit', 2, 'inherit'] : 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.error) throw new Error(`[ensure-deps] could not run npm: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`[ensure-deps] npm ci failed (exit ${result.status ?? result.signal})`);
  return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    ensureDeps();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
