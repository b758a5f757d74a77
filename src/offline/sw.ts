/**
 * The service worker that keeps a built deck working offline, from whatever folder it is served.
 * The build (scripts/offline-plugin.ts) bundles this file into `sw.js` beside index.html and
 * writes the list of the build's files and its version in place of `__PRECACHE_MANIFEST__`.
 *
 * install: fetch every file of the build, bypassing the HTTP cache, into this build's cache;
 *          then take over at once (skipWaiting), since a new build's cache is already complete.
 * activate: control the open pages (clients.claim) and delete older builds' caches (cache.ts).
 * fetch: a GET inside the scope is answered from the cache (cache-first), else from the network.
 *
 * It runs as a classic script (registered without `type: 'module'`), so the bundle must not import.
 */
import { cacheName, cachesToDelete, precachedUrl, type PrecacheManifest } from './cache.ts';

/** The parts of a service worker's global scope this file uses (the project's types are the DOM's). */
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface ServiceWorkerScope {
  readonly registration: ServiceWorkerRegistration;
  readonly clients: { claim(): Promise<void> };
  readonly caches: CacheStorage;
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
}

declare const __PRECACHE_MANIFEST__: PrecacheManifest;

const worker = self as unknown as ServiceWorkerScope;
const manifest = __PRECACHE_MANIFEST__;
const files = new Set(manifest.files);
const scope = worker.registration.scope;
const currentCache = cacheName(scope, manifest.version);

/**
 * A response that may be stored and served to a navigation: a host that redirects `index.html` to
 * its folder (`npx serve` does) gives a redirected response, which a page load refuses.
 */
async function storable(response: Response): Promise<Response> {
  if (!response.redirected) return response;
  return new Response(await response.blob(), { status: response.status, statusText: response.statusText, headers: response.headers });
}

/** Fetches every file of the build into its cache; any failure fails the install and removes the partial cache. */
async function precache(): Promise<void> {
  try {
    const cache = await worker.caches.open(currentCache);
    await Promise.all(
      manifest.files.map(async (file) => {
        const url = new URL(file, scope).href;
        const response = await fetch(url, { cache: 'reload' });
        if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
        await cache.put(url, await storable(response));
      }),
    );
  } catch (error) {
    // Left in place, a partial cache would look like the previous build's to the next update.
    await worker.caches.delete(currentCache);
    throw error;
  }
}

async function deleteOldCaches(): Promise<void> {
  const names = await worker.caches.keys();
  await Promise.all(cachesToDelete(names, scope, manifest.version).map((name) => worker.caches.delete(name)));
}

/**
 * A request inside the scope, answered from the cache if it can be: a file of this build from its
 * cache; anything else from an older build's cache still kept (a page opened before an update asks
 * for that build's lazy chunks); failing both, from the network.
 */
async function answer(request: Request): Promise<Response> {
  const url = precachedUrl(request.url, scope, files);
  const cached =
    url === undefined
      ? await worker.caches.match(request, { ignoreVary: true })
      : await (await worker.caches.open(currentCache)).match(url, { ignoreVary: true });
  return cached ?? fetch(request);
}

worker.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => worker.skipWaiting()));
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(Promise.all([worker.clients.claim(), deleteOldCaches()]));
});

worker.addEventListener('fetch', (event) => {
  if (event.request.method === 'GET' && event.request.url.startsWith(scope)) event.respondWith(answer(event.request));
});
