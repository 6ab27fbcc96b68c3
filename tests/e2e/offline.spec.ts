/**
 * Hosting: after the first visit the built site loads and trains offline (the service worker's
 * cache holds the app, the data and the weights), and it works from a sub-path of a plain
 * static host (no server of ours, no rewrites).
 */
import { readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { serveStatic } from '../../scripts/static-server';

const DIST = resolve(process.env.E2E_DIST ?? 'dist');

/** Every file of the build on disk, relative to it. */
function builtFiles(dir = DIST): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? builtFiles(join(dir, e.name)) : [relative(DIST, join(dir, e.name)).split(sep).join('/')]);
}

/** Waits for the worker to be active and in control; @returns the paths (from the scope) in its cache. */
async function cachedPaths(page: Page): Promise<{ scope: string; paths: string[] }> {
  return page.evaluate(async () => {
    const reg = await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
    }
    const names = (await caches.keys()).filter((n) => n.startsWith('latent-lab-'));
    const keys = (await Promise.all(names.map(async (n) => (await caches.open(n)).keys()))).flat();
    return { scope: reg.scope, paths: keys.map((r) => r.url.slice(reg.scope.length)).sort() };
  });
}

async function stepThrice(page: Page) {
  await page.waitForFunction(() => window.latentLab?.trainReady === true, null, { timeout: 120_000 });
  const before = await page.evaluate(() => window.latentLab.history().steps.length);
  for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Step', exact: true }).click();
  await page.waitForFunction((n) => window.latentLab.history().steps.length >= n + 3, before);
  const losses = await page.evaluate(() => window.latentLab.losses);
  expect(Object.values(losses!).every(Number.isFinite)).toBe(true);
}

test('after the first visit the site loads and trains offline, from a cache of every built file', async ({ page, context }) => {
  await page.goto('./?backend=cpu#v=1&model=gvae&hiddenWidth=64');
  await page.waitForFunction(() => window.latentLab?.trainReady === true, null, { timeout: 120_000 });
  const { paths } = await cachedPaths(page);
  // Every file of the build (app shell, data, weights) is cached; only the worker itself and the
  // older font formats (.woff, .ttf) that browsers with service workers never ask for may be left out.
  const expected = builtFiles().filter((f) => f !== 'sw.js' && !/\.(woff|ttf)$/.test(f));
  for (const f of expected) expect(paths).toContain(f);
  expect(paths.some((p) => p.startsWith('data/'))).toBe(true);

  await context.setOffline(true);
  await page.reload();
  await stepThrice(page);
  expect(await page.evaluate(() => window.latentLab.tfBackend)).toBe('cpu');
  expect(page.url()).toContain('hiddenWidth=64');
  // Really offline: a file that is not in the cache cannot be fetched.
  const uncached = await page.evaluate(() => fetch('./not-in-the-cache.txt').then(() => 'fetched', () => 'failed'));
  expect(uncached).toBe('failed');
  await context.setOffline(false);
});

test('the build works from a sub-path of a plain static host', async ({ page }) => {
  const server = await serveStatic(DIST, { prefix: '/sub/path/' });
  try {
    const outside: string[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.origin === new URL(server.url).origin && !u.pathname.startsWith('/sub/path/')) outside.push(u.pathname);
    });
    const failed: string[] = [];
    page.on('response', (r) => r.status() >= 400 && failed.push(r.url().slice(server.url.length)));
    await page.goto(`${server.url}?backend=cpu#v=1&model=rae&seed=3&hiddenWidth=64`);
    await stepThrice(page);
    expect(await page.evaluate(() => window.latentLab.model)).toBe('rae');
    const { scope, paths } = await cachedPaths(page);
    expect(scope).toBe(server.url);
    expect(paths).toContain('index.html');
    expect(outside).toEqual([]);
    // Every file of the build was found under the sub-path (a 404 may only be an optional file
    // that this build does not have, such as pretrained weights not yet built).
    const built = builtFiles();
    expect(failed.filter((f) => built.includes(f))).toEqual([]);
  } finally {
    await server.close();
  }
});
