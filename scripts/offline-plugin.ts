/**
 * Vite plugin, build only: the service worker that makes the built deck work offline.
 *   - bundles src/offline/sw.ts into `sw.js` at the top of the build, beside index.html (a service
 *     worker's scope is its own folder, so it cannot live in assets/);
 *   - once every file is written, lists the build (index.html, every chunk including the lazy ones,
 *     the CSS, what public/ holds) and writes that list and a
 *     version hashed from it into sw.js, in place of `__PRECACHE_MANIFEST__`.
 * A new deploy thus changes sw.js, the browser installs it, and its cache replaces the old one.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Plugin } from 'vite';
import type { PrecacheManifest } from '../src/offline/cache.ts';

const workerFile = 'sw.js';
const placeholder = '__PRECACHE_MANIFEST__';

/** Every file under `dir`, as sorted '/'-separated paths relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

/**
 * What the service worker precaches from a build folder: every file but the worker itself, source
 * maps and dot-files; the version hashes every file's path and bytes, the worker's included.
 *
 *   precacheManifest('dist') // → { version: '5d41402abc4b2a76', files: ['assets/index-….js', …, 'index.html'] }
 */
export function precacheManifest(dir: string): PrecacheManifest {
  const all = filesUnder(dir);
  const hash = createHash('sha256');
  for (const file of all) hash.update(file).update('\0').update(readFileSync(join(dir, file))).update('\0');
  const files = all.filter((file) => file !== workerFile && !file.endsWith('.map') && !file.split('/').some((part) => part.startsWith('.')));
  return { version: hash.digest('hex').slice(0, 16), files };
}

/** The plugin; `entry` is the service worker's source, relative to the project root. */
export function offline(entry = 'src/offline/sw.ts'): Plugin {
  return {
    name: 'out-of-order:offline',
    apply: 'build',
    buildStart() {
      this.emitFile({ type: 'chunk', id: entry, fileName: workerFile });
    },
    generateBundle(_options, bundle) {
      const chunk = bundle[workerFile];
      if (chunk?.type !== 'chunk') this.error(`${workerFile} was not built`);
      else if (chunk.imports.length > 0 || chunk.dynamicImports.length > 0)
        this.error(`${workerFile} runs as a classic script and must not import (it imports ${[...chunk.imports, ...chunk.dynamicImports].join(', ')})`);
    },
    writeBundle(options) {
      if (!options.dir) this.error('the offline plugin needs an output folder');
      const dir = options.dir;
      const path = join(dir, workerFile);
      const code = readFileSync(path, 'utf8');
      const uses = code.split(placeholder).length - 1;
      if (uses !== 1) this.error(`${workerFile} should name ${placeholder} once, not ${uses} times`);
      writeFileSync(path, code.replace(placeholder, JSON.stringify(precacheManifest(dir))));
    },
  };
}
