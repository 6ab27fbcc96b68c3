/**
 * Builds the benchmark page (bench/page) into dist-bench/bench, next to the app build that
 * bench/browser.ts serves from dist-bench (the page reads ../data/ from it).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: './',
  publicDir: false,
  resolve: { alias: { '@': here('../../src') } },
  build: { outDir: process.env.BENCH_PAGE_OUT ?? here('../../dist-bench/bench'), emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 4000 },
  logLevel: 'warn',
});
