/**
 * Bench probe: how much JavaScript a build ships, gzipped (level 9).
 *   - total: every dist/assets/*.js
 *   - first load: what index.html loads before anything is clicked: its module scripts and
 *     modulepreload links, plus everything those reach through static `import`/`export … from`
 *     (dynamic `import()` excluded: that is what loads later).
 *   - per chapter: with a Vite manifest in the build (`vite build --manifest`), each chapter's
 *     own chunk, src/chapters/<id>/index.ts and what it alone imports statically (what the first
 *     load already has is not counted again).
 * Node builtins only.
 *
 *   measureJs('.bench/dist') // → { totalBytes, firstLoadBytes, chunks: 7, firstLoadChunks: 3 }
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/** `<script type="module" src="…">` and `<link rel="modulepreload" href="…">` in the page. */
const htmlEntry = /<(?:script\b[^>]*\bsrc|link\b[^>]*\brel=["']?modulepreload["']?[^>]*\bhref)=["']?([^"'\s>]+)/gi;
/** Static imports and re-exports of a relative module, as minified output writes them. */
const staticImport = /(?<![\w$.])(?:import|export)\s*(?:[\w$*{}\s,]*?\bfrom\s*)?(["'])(\.{1,2}\/[^"']+?\.js)\1/g;

/** Gzipped size in bytes, as a server compressing at level 9 would send it. */
export function gzipSize(buffer) {
  return gzipSync(buffer, { level: 9 }).length;
}

/** Files that `file` imports statically (absolute paths). */
export function staticImportsOf(file) {
  const code = readFileSync(file, 'utf8');
  return [...code.matchAll(staticImport)].map((m) => resolve(dirname(file), m[2]));
}

export function measureJs(distDir) {
  distDir = resolve(distDir);
  const assets = join(distDir, 'assets');
  const jsFiles = existsSync(assets)
    ? readdirSync(assets).filter((f) => f.endsWith('.js')).map((f) => join(assets, f))
    : [];
  if (jsFiles.length === 0) throw new Error(`no JavaScript in ${relative(process.cwd(), assets)}`);
  const sizes = new Map(jsFiles.map((f) => [f, gzipSize(readFileSync(f))]));

  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const entries = [...html.matchAll(htmlEntry)]
    .map((m) => m[1])
    .filter((src) => src.endsWith('.js') && !/^[a-z]+:/i.test(src))
    .map((src) => join(distDir, src.replace(/^\//, '')));
  if (entries.length === 0) throw new Error('index.html loads no module script');
  const firstLoad = new Set();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop();
    if (firstLoad.has(file) || !existsSync(file)) continue;
    firstLoad.add(file);
    queue.push(...staticImportsOf(file));
  }

  const sum = (files) => [...files].reduce((bytes, f) => bytes + (sizes.get(f) ?? gzipSize(readFileSync(f))), 0);
  return {
    totalBytes: sum(jsFiles),
    firstLoadBytes: sum(firstLoad),
    chunks: jsFiles.length,
    firstLoadChunks: firstLoad.size,
    chapters: chapterChunks(distDir, firstLoad).map((c) => ({ id: c.id, bytes: sum(c.files), chunks: c.files.size })),
  };
}

/** Each chapter's chunk files, from the build's manifest: its entry and its static imports, less the first load. */
function chapterChunks(distDir, firstLoad) {
  const path = join(distDir, '.vite', 'manifest.json');
  if (!existsSync(path)) return [];
  const manifest = JSON.parse(readFileSync(path, 'utf8'));
  return Object.entries(manifest)
    .flatMap(([src, entry]) => {
      const m = /^src\/chapters\/([^/]+)\/index\.ts$/.exec(src);
      return m ? [{ id: m[1], key: src, entry }] : [];
    })
    .map(({ id, key }) => {
      const files = new Set();
      const queue = [key];
      const seen = new Set();
      while (queue.length > 0) {
        const k = queue.pop();
        if (seen.has(k)) continue;
        seen.add(k);
        const e = manifest[k];
        if (!e) continue;
        const file = join(distDir, e.file);
        if (!firstLoad.has(file) && file.endsWith('.js')) files.add(file);
        queue.push(...(e.imports ?? []));
      }
      return { id, files };
    });
}
