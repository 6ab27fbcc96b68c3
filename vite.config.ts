/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { writeServiceWorker } from './src/platform/service-worker-build.js';

/**
 * The built page's Content-Security-Policy: only our own origin; 'wasm-unsafe-eval' because the
 * WASM backend compiles WebAssembly; inline style attributes because KaTeX sets sizes with them.
 * No inline scripts, no eval. (The dev server injects inline scripts, so the policy is build-only.)
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'latent-lab-csp',
    apply: 'build',
    transformIndexHtml: (html) =>
      html.replace('<meta charset="UTF-8" />', `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`),
  };
}

/**
 * Writes sw.js (the offline cache) once the bundle and the public folder (data, weights) are in
 * the output folder: the list of files and a cache version hashed from their contents.
 * Hand-written rather than a PWA library: one small file, no runtime dependency, no inline
 * script (the CSP forbids them), and it precaches public/ files that are not in the bundle.
 */
function serviceWorkerPlugin(): Plugin {
  return {
    name: 'latent-lab-service-worker',
    apply: 'build',
    writeBundle: {
      order: 'post',
      sequential: true,
      handler(options) {
        if (!options.dir) return;
        const { version, files, bytes } = writeServiceWorker(options.dir);
        this.info(`sw.js ${version}: ${files} files, ${(bytes / 1e6).toFixed(2)} MB precached`);
      },
    },
  };
}

// base './': the built site works from any sub-path of a static host.
export default defineConfig({
  base: './',
  plugins: [react(), contentSecurityPolicy(), serviceWorkerPlugin()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  build: { target: 'es2022', chunkSizeWarningLimit: 1500 },
  // ES module workers: the training worker loads its backend (WASM or CPU) with a dynamic import.
  worker: { format: 'es' },
  test: {
    environment: 'node',
    include: ['tests/unit/**/*.test.ts'],
    setupFiles: ['tests/unit/helpers/register-gradients.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
