/**
 * Build-time (Node) half of the service worker: lists the built site's files, derives the cache
 * version from their contents and writes sw.js. Called by the Vite plugin in vite.config.ts
 * after the bundle and the public folder (data, weights) are in the output folder.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { serviceWorkerMain } from './service-worker.js';

/** The worker's own file name (relative to the site's folder). */
export const SW_FILE = 'sw.js';

/** Every file under `dir`, as sorted '/'-separated paths relative to it. */
function walk(dir: string, root = dir): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name), root) : [relative(root, join(dir, e.name)).split(sep).join('/')]))
    .sort();
}

/**
 * The files to precache: everything the site serves except the worker itself, source maps and
 * fonts in an older format (.woff, .ttf) when the same font exists as .woff2 (every browser with
 * service workers reads woff2; KaTeX lists all three).
 */
export function precacheList(files: readonly string[]): string[] {
  // Vite names an asset <name>-<hash>.<ext>; the font's identity is <name>.
  const stem = (f: string) => f.replace(/-[A-Za-z0-9_-]{6,}\.(woff2?|ttf)$/, '');
  const woff2 = new Set(files.filter((f) => f.endsWith('.woff2')).map(stem));
  return files.filter((f) => f !== SW_FILE && !f.endsWith('.map') && !(/\.(woff|ttf)$/.test(f) && woff2.has(stem(f))));
}

/** A short content hash over the files' paths and bytes (and the worker's own code). */
export function cacheVersion(dir: string, files: readonly string[]): string {
  const h = createHash('sha256');
  h.update(serviceWorkerMain.toString());
  for (const f of files) {
    h.update(`${f}\0`);
    h.update(createHash('sha256').update(readFileSync(join(dir, f))).digest());
  }
  return h.digest('hex').slice(0, 16);
}

/** The text of sw.js: the worker's function applied to its version and file list. */
export function serviceWorkerSource(version: string, files: readonly string[]): string {
  return `// Latent Lab offline cache ${version}: written by the build (src/platform/service-worker.ts).\n` +
    `(${serviceWorkerMain.toString()})(self, ${JSON.stringify(version)}, ${JSON.stringify(files)});\n`;
}

/**
 * Writes sw.js into the built site `dir`.
 * @returns the version and the number and total bytes of the precached files (for the build log)
 */
export function writeServiceWorker(dir: string): { version: string; files: number; bytes: number } {
  const files = precacheList(walk(dir));
  const version = cacheVersion(dir, files);
  writeFileSync(join(dir, SW_FILE), serviceWorkerSource(version, files));
  const bytes = files.reduce((n, f) => n + readFileSync(join(dir, f)).length, 0);
  return { version, files: files.length, bytes };
}
