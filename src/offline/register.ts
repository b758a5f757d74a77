/**
 * Registers the service worker that keeps a built deck working offline (`sw.js`, written beside
 * index.html by the build; see sw.ts). The URL is relative, so its scope is the folder the deck is
 * served from, whatever the sub-path. Production builds only: main.ts calls it under
 * `import.meta.env.PROD`.
 *
 * Nothing happens where a service worker cannot run (file://, plain http on a host that is not
 * this machine, a sandboxed frame, a browser without them), and a failure is silent: the deck
 * works the same, only not offline.
 */
export function registerServiceWorker(): void {
  try {
    if (!window.isSecureContext || !/^https?:$/.test(location.protocol) || !('serviceWorker' in navigator)) return;
    // After the page has loaded, so that fetching the whole build never slows the first scene down.
    const register = (): void => {
      navigator.serviceWorker.register('./sw.js').catch(() => undefined);
    };
    if (document.readyState === 'complete') register();
    else window.addEventListener('load', register, { once: true });
  } catch {
    // Touching navigator.serviceWorker throws in some sandboxed frames; offline is optional there.
  }
}
