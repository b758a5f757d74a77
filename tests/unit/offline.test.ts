/**
 * Offline: what the service worker decides (src/offline/cache.ts) and what the build writes into
 * it (precacheManifest in scripts/offline-plugin.ts). The worker itself runs in tests/e2e/offline.spec.ts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { precacheManifest } from '../../scripts/offline-plugin.ts';
import { cacheName, cachesToDelete, precachedUrl } from '../../src/offline/cache.ts';

const scope = 'https://x.io/deep/path/';
const files = new Set(['index.html', 'favicon.svg', 'assets/index-abc.js', 'assets/chaos.worker-def.js']);

describe('precachedUrl', () => {
  const cases: { url: string; expected: string | undefined }[] = [
    { url: 'https://x.io/deep/path/', expected: `${scope}index.html` },
    { url: 'https://x.io/deep/path/?print', expected: `${scope}index.html` },
    { url: 'https://x.io/deep/path/index.html?embed&theme=light', expected: `${scope}index.html` },
    { url: 'https://x.io/deep/path/assets/index-abc.js', expected: `${scope}assets/index-abc.js` },
    { url: 'https://x.io/deep/path/assets/chaos.worker-def.js', expected: `${scope}assets/chaos.worker-def.js` },
    { url: 'https://x.io/deep/path/favicon.svg', expected: `${scope}favicon.svg` },
    { url: 'https://x.io/deep/path/assets/index-abc.js?v=2', expected: undefined },
    { url: 'https://x.io/deep/path/assets/index-old.js', expected: undefined },
    { url: 'https://x.io/deep/path/sw.js', expected: undefined },
    { url: 'https://x.io/deep/favicon.svg', expected: undefined },
    { url: 'https://x.io/deep/path/%E0%A4%A', expected: undefined },
    { url: 'https://y.io/deep/path/index.html', expected: undefined },
    { url: 'http://x.io/deep/path/', expected: undefined },
  ];
  for (const { url, expected } of cases) {
    it(`${url} → ${expected ?? 'the network'}`, () => {
      expect(precachedUrl(url, scope, files)).toBe(expected);
    });
  }

  it('leaves the page to the network when the build listed no index.html', () => {
    expect(precachedUrl(scope, scope, new Set(['favicon.svg']))).toBeUndefined();
  });
});

describe('cachesToDelete', () => {
  const name = (version: string, at = scope) => cacheName(at, version);
  const cases: { names: string[]; expected: string[] }[] = [
    { names: [name('v3')], expected: [] },
    { names: [name('v2'), name('v3')], expected: [] },
    { names: [name('v1'), name('v2'), name('v3')], expected: [name('v1')] },
    { names: [name('v1'), name('v3'), name('v2')], expected: [name('v1')] },
    { names: [name('v0'), name('v1'), name('v2'), name('v3')], expected: [name('v0'), name('v1')] },
    // Another copy of the deck on the same origin, even in a sub-folder, and other apps' caches stay.
    {
      names: [name('v1', 'https://x.io/deep/'), name('v1', `${scope}more/`), 'other-app', name('v1'), name('v2'), name('v3')],
      expected: [name('v1')],
    },
  ];
  for (const { names, expected } of cases) {
    it(`${names.length} caches → deletes ${expected.length}`, () => {
      const before = [...names];
      expect(cachesToDelete(names, scope, 'v3')).toEqual(expected);
      expect(names).toEqual(before);
    });
  }
});

describe('precacheManifest', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function build(files: Record<string, string>): string {
    dir = mkdtempSync(join(tmpdir(), 'out-of-order-offline-'));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return dir;
  }

  const files = {
    'index.html': '<!doctype html>',
    'sw.js': 'worker',
    'favicon.svg': '<svg/>',
    'assets/index-abc.js': 'main',
    'assets/index-abc.js.map': '{}',
    'assets/chaos.worker-def.js': 'worker',
    '.vite/manifest.json': '{}',
  };

  it('lists every file of the build but the worker, source maps and dot-files, sorted', () => {
    expect(precacheManifest(build(files)).files).toEqual(['assets/chaos.worker-def.js', 'assets/index-abc.js', 'favicon.svg', 'index.html']);
  });

  it('gives the same build the same version, and a changed file a new one', () => {
    const { version } = precacheManifest(build(files));
    expect(version).toMatch(/^[0-9a-f]{16}$/);
    rmSync(dir!, { recursive: true });
    expect(precacheManifest(build(files)).version).toBe(version);
    rmSync(dir!, { recursive: true });
    expect(precacheManifest(build({ ...files, 'index.html': '<!doctype html><p>new' })).version).not.toBe(version);
  });
});
