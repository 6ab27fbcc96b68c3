/**
 * The offline cache: which built files are precached, the content-derived version, and the
 * worker's install / activate / fetch behaviour against an in-memory CacheStorage, with the
 * site under a sub-path.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheVersion, precacheList, serviceWorkerSource } from '@/platform/service-worker-build';
import { CACHE_PREFIX, serviceWorkerMain, type WorkerScope } from '@/platform/service-worker';

const SCOPE = 'https://example.org/sub/path/';

/** A CacheStorage in memory; the network answers "net:<url>" and records what it was asked. */
function fakeScope() {
  const stores = new Map<string, Map<string, Response>>();
  const network: string[] = [];
  const handlers: Record<string, (e: never) => void> = {};
  const fetchFn = async (input: RequestInfo | URL) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    network.push(url);
    return new Response(`net:${url}`);
  };
  const caches = {
    open: async (name: string) => {
      if (!stores.has(name)) stores.set(name, new Map());
      const store = stores.get(name)!;
      return {
        addAll: async (reqs: Request[]) => {
          for (const r of reqs) store.set(r.url, await fetchFn(r));
        },
        match: async (url: string) => store.get(url)?.clone(),
      };
    },
    keys: async () => [...stores.keys()],
    delete: async (name: string) => stores.delete(name),
  } as unknown as CacheStorage;
  let claimed = false;
  const scope = {
    registration: { scope: SCOPE },
    caches,
    clients: { claim: async () => { claimed = true; } },
    fetch: fetchFn as typeof fetch,
    addEventListener: (type: string, fn: (e: never) => void) => { handlers[type] = fn; },
  } as unknown as WorkerScope;
  /** Fires an extendable event and waits for its promise. */
  const fire = async (type: 'install' | 'activate') => {
    let p: Promise<unknown> = Promise.resolve();
    handlers[type]({ waitUntil: (x: Promise<unknown>) => { p = x; } } as never);
    await p;
  };
  /** Fires a fetch; @returns the response text, or null when the worker let the network have it. */
  const request = async (url: string, init: { method?: string; mode?: 'navigate' | 'cors' } = {}) => {
    let answer: Promise<Response> | null = null;
    const req = { url, method: init.method ?? 'GET', mode: init.mode ?? 'cors' } as Request;
    handlers.fetch({ request: req, respondWith: (r: Promise<Response>) => { answer = r; } } as never);
    return answer ? (await answer as Response).text() : null;
  };
  return { scope, stores, network, fire, request, claimed: () => claimed };
}

describe('precache list and version', () => {
  it('keeps every served file but the worker, source maps and fonts that also exist as woff2', () => {
    const files = ['index.html', 'sw.js', 'assets/index-abc123.js', 'assets/index-abc123.js.map', 'data/manifest.json',
      'weights/gvae.bin', 'assets/KaTeX_Main-Regular-B22Nviop.woff2', 'assets/KaTeX_Main-Regular-C5JkGWo-.ttf',
      'assets/KaTeX_Main-Regular-Dr94JaBh.woff', 'assets/KaTeX_Size3-Regular-CTq5MqoE.woff'];
    expect(precacheList(files)).toEqual(['index.html', 'assets/index-abc123.js', 'data/manifest.json', 'weights/gvae.bin',
      'assets/KaTeX_Main-Regular-B22Nviop.woff2', 'assets/KaTeX_Size3-Regular-CTq5MqoE.woff']);
  });

  it('the version changes with one byte of any file and only then', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-'));
    writeFileSync(join(dir, 'a.txt'), 'hello');
    writeFileSync(join(dir, 'b.bin'), new Uint8Array([1, 2, 3]));
    const v1 = cacheVersion(dir, ['a.txt', 'b.bin']);
    expect(cacheVersion(dir, ['a.txt', 'b.bin'])).toBe(v1);
    writeFileSync(join(dir, 'b.bin'), new Uint8Array([1, 2, 4]));
    const v2 = cacheVersion(dir, ['a.txt', 'b.bin']);
    expect(v2).not.toBe(v1);
    expect(v1).toMatch(/^[0-9a-f]{16}$/);
  });

  it('sw.js is the worker applied to its version and files, with no import', () => {
    const src = serviceWorkerSource('0123abcd', ['index.html', 'data/x.gz']);
    expect(src).toContain('(self, "0123abcd", ["index.html","data/x.gz"])');
    expect(src).not.toMatch(/\bimport\b|\brequire\(/);
  });
});

describe('the worker', () => {
  const FILES = ['index.html', 'assets/app-1.js', 'data/mnist-test-images.bits.gz'];

  it('install caches every file under the scope (a sub-path), revalidated', async () => {
    const f = fakeScope();
    serviceWorkerMain(f.scope, 'v2', FILES);
    await f.fire('install');
    const store = f.stores.get(`${CACHE_PREFIX}v2`)!;
    expect([...store.keys()].sort()).toEqual(FILES.map((p) => `${SCOPE}${p}`).sort());
  });

  it('activate deletes older versions of this cache only, then claims the open pages', async () => {
    const f = fakeScope();
    for (const n of [`${CACHE_PREFIX}v1`, `${CACHE_PREFIX}v2`, 'someone-else']) await f.scope.caches.open(n);
    serviceWorkerMain(f.scope, 'v2', FILES);
    await f.fire('activate');
    expect([...f.stores.keys()].sort()).toEqual([`${CACHE_PREFIX}v2`, 'someone-else']);
    expect(f.claimed()).toBe(true);
  });

  it('answers from the cache offline: a navigation with a query and a hash gets index.html', async () => {
    const f = fakeScope();
    serviceWorkerMain(f.scope, 'v2', FILES);
    await f.fire('install');
    f.network.length = 0;
    expect(await f.request(`${SCOPE}?backend=cpu#v=1&model=rae`, { mode: 'navigate' })).toBe(`net:${SCOPE}index.html`);
    expect(await f.request(`${SCOPE}data/mnist-test-images.bits.gz`)).toBe(`net:${SCOPE}data/mnist-test-images.bits.gz`);
    expect(f.network).toEqual([]); // both came from the cache (filled at install)
  });

  it('leaves other requests to the network: POST, other origins, outside the scope, unknown files', async () => {
    const f = fakeScope();
    serviceWorkerMain(f.scope, 'v2', FILES);
    await f.fire('install');
    expect(await f.request(`${SCOPE}index.html`, { method: 'POST' })).toBeNull();
    expect(await f.request('https://other.example/sub/path/index.html')).toBeNull();
    expect(await f.request('https://example.org/index.html', { mode: 'navigate' })).toBeNull();
    expect(await f.request(`${SCOPE}data/not-built.gz`)).toBeNull();
  });

  it('falls back on the network when a listed file is missing from the cache', async () => {
    const f = fakeScope();
    serviceWorkerMain(f.scope, 'v2', FILES); // never installed: the cache is empty
    expect(await f.request(`${SCOPE}assets/app-1.js`)).toBe(`net:${SCOPE}assets/app-1.js`);
    expect(f.network).toEqual([`${SCOPE}assets/app-1.js`]);
  });
});
