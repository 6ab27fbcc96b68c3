/**
 * The service worker's logic: after the first visit the site works offline. The build
 * (vite.config.ts, serviceWorkerPlugin) writes sw.js as `(serviceWorkerMain)(self, version,
 * files)`, with every file of the built site (app shell, data, weights) and a version derived
 * from their contents, so this function must stay self-contained: no imports, no outer names.
 *
 * - install: caches every listed file (revalidated against the server, not the HTTP cache) in
 *   `latent-lab-<version>`; one failure fails the install, so a cache is complete or absent.
 * - activate: deletes the caches of older versions and takes control of open pages.
 * - fetch: same-origin GETs inside the scope are answered from the cache first (a navigation to
 *   the folder, with any ?query, gets index.html); everything else goes to the network.
 * A new version waits until every tab of the old one is closed (no skipWaiting): an open page
 * keeps the files it was built with, including chunks it has not loaded yet.
 */

/** The parts of ServiceWorkerGlobalScope used here (so that tests can pass a fake). */
export interface WorkerScope {
  registration: { scope: string };
  caches: CacheStorage;
  clients: { claim(): Promise<void> };
  fetch: typeof fetch;
  addEventListener(type: 'install' | 'activate', fn: (e: { waitUntil(p: Promise<unknown>): void }) => void): void;
  addEventListener(type: 'fetch', fn: (e: { request: Request; respondWith(r: Promise<Response>): void }) => void): void;
}

/** Prefix of every cache this app creates (older versions are found by it). */
export const CACHE_PREFIX = 'latent-lab-';

/**
 * @param scope the worker's global scope (`self`)
 * @param version content hash of the files; names the cache
 * @param files paths relative to the scope, e.g. "index.html", "assets/index-abc.js", "data/manifest.json"
 */
export function serviceWorkerMain(scope: WorkerScope, version: string, files: readonly string[]): void {
  const cacheName = 'latent-lab-' + version;
  const base = scope.registration.scope;
  const urls = files.map((f) => new URL(f, base).href);
  const known = new Set(urls);

  scope.addEventListener('install', (e) => {
    e.waitUntil(scope.caches.open(cacheName).then((cache) => cache.addAll(urls.map((u) => new Request(u, { cache: 'no-cache' })))));
  });

  scope.addEventListener('activate', (e) => {
    e.waitUntil(
      scope.caches.keys()
        .then((names) => Promise.all(names.filter((n) => n.startsWith('latent-lab-') && n !== cacheName).map((n) => scope.caches.delete(n))))
        .then(() => scope.clients.claim()),
    );
  });

  scope.addEventListener('fetch', (e) => {
    const req = e.request;
    if (req.method !== 'GET') return;
    const url = new URL(req.url);
    url.search = '';
    url.hash = '';
    if (req.mode === 'navigate' && url.href.endsWith('/')) url.href += 'index.html';
    if (!known.has(url.href)) return; // not ours (another origin, outside the scope, not built): the network
    e.respondWith(
      scope.caches.open(cacheName)
        .then((cache) => cache.match(url.href))
        .then((hit) => hit ?? scope.fetch(req)),
    );
  });
}
