#!/usr/bin/env node
/**
 * Makes sure the programs `npm test` needs outside node_modules are present: Chromium (for
 * Playwright; no browser is ever downloaded), nats-server and rabbitmq-server (for the
 * conformance tests; rabbitmq-server's wrapper runs the node as the `rabbitmq` user the package
 * creates).
 * On Debian as root it installs what is missing with apt-get; anywhere else it says what to
 * install and exits 1. Node builtins only. Prints nothing when everything is there.
 *
 *   node scripts/system-deps.mjs
 *   import { ensureSystemDeps } from './system-deps.mjs'
 *   ensureSystemDeps() // → { chromium: '/usr/bin/chromium', natsServer: '/usr/sbin/nats-server', rabbitmqServer: '/usr/sbin/rabbitmq-server' }
 *
 * Environment:
 *   CHROMIUM_PATH, NATS_SERVER_PATH, RABBITMQ_SERVER_PATH   use these binaries instead of looking for them
 *   SYSTEM_DEPS_PRETEND_MISSING=chromium,nats-server,rabbitmq-server,fonts   treat those as missing (to test this script)
 *   SYSTEM_DEPS_DRY_RUN=1             print the apt-get commands instead of running them
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where Debian's chromium package puts its launcher. */
export const defaultChromiumPath = '/usr/bin/chromium';
/** Where Debian's nats-server package puts its binary (not on a normal user's PATH). */
const debianNatsServerPath = '/usr/sbin/nats-server';
/** Where Debian's rabbitmq-server package puts its launcher (rabbitmqctl sits beside it). */
const debianRabbitmqServerPath = '/usr/sbin/rabbitmq-server';
/** A font with wide Unicode coverage, so screenshots look the same on every machine. */
const fontPath = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

const aptPackages = ['chromium', 'nats-server', 'rabbitmq-server', 'fonts-dejavu-core'];
const pretendMissing = new Set(
  (process.env.SYSTEM_DEPS_PRETEND_MISSING ?? '').split(',').map((s) => s.trim()).filter(Boolean),
);
const dryRun = Boolean(process.env.SYSTEM_DEPS_DRY_RUN);

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return null;
}

/**
 * What is needed, where it was found (or null), and the apt package that provides it.
 * A path given in the environment is final: if it is wrong we say so rather than install.
 */
function survey() {
  const chromiumFromEnv = process.env.CHROMIUM_PATH;
  const natsFromEnv = process.env.NATS_SERVER_PATH;
  const chromium = chromiumFromEnv || defaultChromiumPath;
  const nats = natsFromEnv || onPath('nats-server') || debianNatsServerPath;
  const rabbitFromEnv = process.env.RABBITMQ_SERVER_PATH;
  const rabbit = rabbitFromEnv || (isExecutable(debianRabbitmqServerPath) ? debianRabbitmqServerPath : onPath('rabbitmq-server') || debianRabbitmqServerPath);
  return [
    {
      id: 'chromium',
      what: 'Chromium',
      pkg: 'chromium',
      path: chromium,
      fromEnv: chromiumFromEnv ? 'CHROMIUM_PATH' : null,
      found: !pretendMissing.has('chromium') && isExecutable(chromium),
    },
    {
      id: 'nats-server',
      what: 'nats-server',
      pkg: 'nats-server',
      path: nats,
      fromEnv: natsFromEnv ? 'NATS_SERVER_PATH' : null,
      found: !pretendMissing.has('nats-server') && isExecutable(nats),
    },
    {
      id: 'rabbitmq-server',
      what: 'rabbitmq-server',
      pkg: 'rabbitmq-server',
      path: rabbit,
      fromEnv: rabbitFromEnv ? 'RABBITMQ_SERVER_PATH' : null,
      found: !pretendMissing.has('rabbitmq-server') && isExecutable(rabbit),
    },
    {
      id: 'fonts',
      what: 'DejaVu fonts',
      pkg: 'fonts-dejavu-core',
      path: fontPath,
      fromEnv: null,
      found: !pretendMissing.has('fonts') && existsSync(fontPath),
    },
  ];
}

function isDebian() {
  if (!existsSync('/etc/debian_version')) return false;
  try {
    const osRelease = readFileSync('/etc/os-release', 'utf8');
    return /^ID=("?)debian\1$/m.test(osRelease) || /^ID_LIKE=.*\bdebian\b/m.test(osRelease);
  } catch {
    return true;
  }
}

function run(command, args) {
  console.log(`[system-deps] $ ${[command, ...args].join(' ')}`);
  if (dryRun) return true;
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return !result.error && result.status === 0;
}

function explain(missing, headline) {
  const pkgs = missing.map((m) => m.pkg);
  const listed = missing.map(
    (m) => `  - ${m.what} (Debian package ${m.pkg}): not found at ${m.path}${m.fromEnv ? ` (from ${m.fromEnv})` : ''}`,
  );
  if (missing.every((m) => m.fromEnv)) {
    console.error([`[system-deps] ${headline}`, ...listed, 'Fix or unset those variables, then run npm test again.'].join('\n'));
    return;
  }
  const lines = [
    `[system-deps] ${headline}`,
    ...listed,
    '',
    'On Debian (bookworm or later), install them as root with:',
    `  apt-get update && apt-get install -y --no-install-recommends ${pkgs.join(' ')}`,
    'Elsewhere, install Chromium, nats-server (v2.9 or later) and RabbitMQ (3.10 or later, with its',
    'rabbitmq-server and rabbitmqctl, run as a `rabbitmq` user) with your package manager and point the',
    'tests at them: CHROMIUM_PATH=/path/to/chromium NATS_SERVER_PATH=/path/to/nats-server',
    'RABBITMQ_SERVER_PATH=/path/to/rabbitmq-server RABBITMQCTL_PATH=/path/to/rabbitmqctl npm test',
  ];
  console.error(lines.join('\n'));
}

/**
 * Finds or installs Chromium, nats-server, rabbitmq-server and fonts. Returns the paths of the programs;
 * throws (after printing what to do) when something is missing and cannot be installed here.
 */
export function ensureSystemDeps() {
  let items = survey();
  const missing = items.filter((i) => !i.found);
  if (missing.length > 0) {
    const misdirected = missing.filter((m) => m.fromEnv);
    if (misdirected.length > 0) {
      explain(misdirected, 'a path given in the environment does not point at a program:');
      throw new Error('system dependencies missing');
    }
    const root = typeof process.getuid === 'function' && process.getuid() === 0;
    if (!isDebian() || !root || !onPath('apt-get')) {
      const why = !isDebian()
        ? 'this is not Debian, so they are not installed automatically.'
        : 'installing them needs root: run the command below as root (or with sudo).';
      explain(missing, `The tests need programs that are missing here; ${why}`);
      throw new Error('system dependencies missing');
    }
    const pkgs = missing.map((m) => m.pkg);
    console.log(`[system-deps] installing from Debian: ${pkgs.join(', ')}`);
    const ok =
      run('apt-get', ['update']) &&
      run('apt-get', ['install', '-y', '--no-install-recommends', ...pkgs]);
    items = survey();
    const still = dryRun ? [] : items.filter((i) => !i.found);
    if (!ok || still.length > 0) {
      explain(still.length > 0 ? still : missing, 'apt-get could not install everything:');
      throw new Error('system dependencies missing');
    }
  }
  const path = (id) => items.find((i) => i.id === id)?.path ?? '';
  return { chromium: path('chromium'), natsServer: path('nats-server'), rabbitmqServer: path('rabbitmq-server') };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    ensureSystemDeps();
  } catch {
    process.exit(1);
  }
}
