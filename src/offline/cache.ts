/**
 * What the service worker (sw.ts) decides, as pure functions the tests can run in Node: the name
 * of a build's cache, which old caches go when a new build takes over, and which precached file
 * answers a request. No DOM and no service worker APIs here.
 */

/** What the build writes into sw.js: a version derived from the build's files, and those files. */
export interface PrecacheManifest {
  /** A hash of every precached file's path and bytes: a new deploy gets a new one. */
  version: string;
  /** Paths relative to the folder the deck is served from: `index.html`, `assets/index-….js`, … */
  files: string[];
}

const cachePrefix = 'out-of-order';

/**
 * The cache of one build at one scope. The scope is part of the name so that two copies of the
 * deck on one origin (`/a/` and `/b/`) never delete each other's files.
 *
 *   cacheName('https://x.io/a/', '3f9c') // → 'out-of-order https://x.io/a/ 3f9c'
 */
export function cacheName(scope: string, version: string): string {
  return `${cachePrefix} ${scope} ${version}`;
}

/** Is `name` a cache of this app at this scope, of any build? (Scope URLs hold no spaces.) */
function isScopeCache(name: string, scope: string): boolean {
  return name.startsWith(`${cachePrefix} ${scope} `);
}

/**
 * The caches to delete when build `version` takes over at `scope`, given every cache name in the
 * order they were created (as `caches.keys()` lists them): the older builds' caches at this scope,
 * except the newest of them. A page opened just before the update still runs that build and may yet
 * load one of its lazy chunks (live mode, the chaos explorer's worker); the next update deletes it.
 * Other scopes' and other apps' caches are never touched.
 *
 *   cachesToDelete(['out-of-order s v1', 'out-of-order s v2', 'out-of-order s v3'], 's', 'v3')
 *   // → ['out-of-order s v1']
 */
export function cachesToDelete(names: readonly string[], scope: string, version: string): string[] {
  const current = cacheName(scope, version);
  return names.filter((name) => name !== current && isScopeCache(name, scope)).slice(0, -1);
}

/**
 * The URL of the precached file that answers a GET of `url`, or undefined to leave the request to
 * the network. The folder itself and `index.html`, with any query (`?print`, `?embed`, …), are
 * index.html; any other file only when it was precached and asked for without a query.
 *
 *   precachedUrl('https://x.io/a/?print', 'https://x.io/a/', files) // → 'https://x.io/a/index.html'
 */
export function precachedUrl(url: string, scope: string, files: ReadonlySet<string>): string | undefined {
  const requested = new URL(url);
  const root = new URL(scope);
  if (requested.origin !== root.origin || !requested.pathname.startsWith(root.pathname)) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(requested.pathname.slice(root.pathname.length));
  } catch {
    return undefined; // a malformed escape: not one of ours
  }
  if (path === '' || path === 'index.html') return files.has('index.html') ? new URL('index.html', root).href : undefined;
  if (requested.search !== '' || !files.has(path)) return undefined;
  return new URL(path, root).href;
}
