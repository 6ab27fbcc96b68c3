/**
 * A tiny static file server for the built site, like a plain static host: no rewrites, no
 * compression, files served under an optional sub-path (e.g. /sub/path/). Used by the
 * sub-path browser test and by `npm run lighthouse`.
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  // The data files are gzip files the app unpacks itself: no Content-Encoding.
  '.gz': 'application/gzip',
  '.bin': 'application/octet-stream',
};

export interface StaticServer {
  /** The site's URL, ending in '/'. */
  url: string;
  close(): Promise<void>;
}

/**
 * @param root the folder to serve (e.g. dist)
 * @param opts.prefix the sub-path it appears under, '/' or like '/sub/path/'
 * @param opts.port 0 for any free port
 */
export function serveStatic(root: string, opts: { prefix?: string; port?: number; host?: string } = {}): Promise<StaticServer> {
  const prefix = opts.prefix ?? '/';
  const host = opts.host ?? '127.0.0.1';
  const base = resolve(root);
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (!path.startsWith(prefix) || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404).end('not found');
      return;
    }
    let file = normalize(join(base, path.slice(prefix.length)));
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      const size = statSync(file).size;
      res.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Length': size,
        'Cache-Control': 'no-cache',
      });
      if (req.method === 'HEAD') res.end();
      else createReadStream(file).pipe(res);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, host, () => {
      const { port } = server.address() as AddressInfo;
      ok({
        url: `http://${host}:${port}${prefix}`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
