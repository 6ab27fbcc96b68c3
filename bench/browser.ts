/**
 * The Chromium part of `npm run bench`: builds the app and the bench page into one folder,
 * serves it, and with Debian's Chromium (the e2e flags: WebGL on SwiftShader)
 *  - runs the bench page on WebGL and on WASM (matMul peak, every case, the naive baseline);
 *  - loads the real app and trains: longest main-thread task, frame rate, time from navigation to
 *    the first training step, the app's own images/s, and the initial JavaScript and data sizes;
 *    each run records where the steps ran (window.latentLab.trainingThread: a Web Worker on WASM
 *    and CPU, the page's thread on WebGL or with ?worker=off).
 */
import { chromium, type Browser } from '@playwright/test';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { CHROMIUM_ARGS } from '../playwright.config';
import { chromiumCpuMs } from './lib/proc-cpu';
import type { PagePlan, PageResult } from './page/main';
import { appRun, type PageRun, type PageTarget, type SizeRow } from './page-figures';
import { spread, type Spread } from './lib/stats';
import { defaultSettings } from '@/settings/settings';

export interface BrowserOptions {
  dist: string;
  port: number;
  chromiumPath: string;
  /** Build the app and the page (else reuse `dist`). */
  build: boolean;
  /** Copy this existing app build instead of building the app (the bench page is still built). */
  appDist?: string;
  backends: ('webgl' | 'wasm')[];
  plan: Omit<PagePlan, 'cpu'>;
  /** Page figures: which model on which backend ('auto' = the app's own choice), seconds of training, runs of each. */
  page: { targets: PageTarget[]; seconds: number; runs: number };
  log: (line: string) => void;
}

export interface PageFigures {
  model: string;
  requested: string;
  init: string;
  /** 'off': the link carried ?worker=off; 'default': the app chose where to train. */
  worker: 'off' | 'default';
  /** Where the training steps ran (window.latentLab.trainingThread), per run joined when they differ: 'worker' or 'main'. */
  thread: string;
  runs: PageRun[];
  fps: Spread;
  longestTaskMs: Spread;
  firstStepMs: Spread;
  firstTermsMs: Spread;
  trainReadyMs: Spread;
  imagesPerSecond: Spread;
}

export interface BrowserResult {
  chromium: string;
  pages: Record<string, PageResult>;
  figures: PageFigures[];
  /** Sizes at the first view and at train-ready, from the first auto run. */
  sizes: { ready: SizeRow[]; trainReady: SizeRow[]; lazy: string[] };
  seconds: number;
}

function buildAll(o: BrowserOptions): void {
  const npx = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    execFileSync('npx', args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
  if (o.appDist) {
    if (!existsSync(o.appDist)) throw new Error(`--app-dist ${o.appDist} does not exist`);
    rmSync(o.dist, { recursive: true, force: true });
    cpSync(o.appDist, o.dist, { recursive: true });
  } else {
    o.log(`building the app into ${o.dist}`);
    npx(['vite', 'build', '--outDir', o.dist, '--logLevel', 'warn']);
  }
  o.log(`building the bench page into ${o.dist}/bench`);
  npx(['vite', 'build', '--config', 'bench/page/vite.config.ts'], { BENCH_PAGE_OUT: `${process.cwd()}/${o.dist}/bench` });
}

async function serve(o: BrowserOptions): Promise<ChildProcess> {
  const child = spawn('npx', ['vite', 'preview', '--outDir', o.dist, '--port', String(o.port), '--strictPort', '--host', '127.0.0.1'], {
    stdio: ['ignore', 'pipe', 'pipe'], detached: true,
  });
  const url = `http://127.0.0.1:${o.port}/`;
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) throw new Error(`vite preview exited (${child.exitCode}); is port ${o.port} taken?`);
    try {
      if ((await fetch(url)).ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`vite preview did not answer on ${url}`);
}

function stop(child: ChildProcess): void {
  // The server was started in its own process group: end exactly that group.
  if (child.pid && child.exitCode === null) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

async function benchPage(browser: Browser, base: string, backend: string, o: BrowserOptions): Promise<PageResult> {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.text().startsWith('[bench]')) o.log(`chromium ${m.text().slice(8)}`);
  });
  const cpu = existsSync('/proc/self/stat');
  if (cpu) await page.exposeFunction('benchCpuMs', () => chromiumCpuMs());
  try {
    await page.goto(`${base}bench/?backend=${backend}`);
    await page.waitForFunction(() => typeof window.runBench === 'function');
    const plan: PagePlan = { ...o.plan, cpu };
    const result = await page.evaluate((p) => window.runBench(p), plan);
    if (result.tfBackend !== backend) throw new Error(`bench page: asked for ${backend}, tfjs runs ${result.tfBackend}`);
    return result;
  } finally {
    await context.close();
  }
}

export async function runBrowserSection(o: BrowserOptions): Promise<BrowserResult> {
  const t0 = performance.now();
  if (o.build || !existsSync(`${o.dist}/bench/index.html`)) buildAll(o);
  const server = await serve(o);
  const base = `http://127.0.0.1:${o.port}/`;
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({ executablePath: o.chromiumPath, args: CHROMIUM_ARGS });
    const result: BrowserResult = { chromium: browser.version(), pages: {}, figures: [], sizes: { ready: [], trainReady: [], lazy: [] }, seconds: 0 };
    for (const backend of o.backends) {
      o.log(`chromium: bench page on ${backend}`);
      result.pages[backend] = await benchPage(browser, base, backend, o);
    }
    for (const target of o.page.targets) {
      const { model, requested } = target;
      {
        const runs: PageRun[] = [];
        for (let r = 0; r < (target.untilSeconds ? 1 : o.page.runs); r++) {
          const { run, sizes } = await appRun(browser, base, target, o.page.seconds);
          if (result.sizes.ready.length === 0 && requested === 'auto' && !target.init && !target.worker) result.sizes = sizes;
          runs.push(run);
          o.log(`chromium: app ${model} (${requested} -> ${run.tfBackend}, training on the ${run.trainingThread} thread${target.worker ? ` (?worker=${target.worker})` : ''}${target.init ? `, ${target.init}` : ''}) ${run.fps.toFixed(0)} fps, longest task ${run.longestTaskMs.toFixed(0)} ms, first step at ${run.firstStepMs?.toFixed(0)} ms, recon ${run.reconFirst?.toFixed(0)} -> ${run.reconLast?.toFixed(0)}`);
        }
        const batch = defaultSettings().batchSize;
        result.figures.push({
          model, requested, init: target.init ?? 'default', worker: target.worker ?? 'default',
          thread: [...new Set(runs.map((r) => r.trainingThread ?? '?'))].join(' / '), runs,
          fps: spread(runs.map((r) => r.fps)),
          longestTaskMs: spread(runs.map((r) => r.longestTaskMs)),
          firstStepMs: spread(runs.map((r) => r.firstStepMs ?? NaN)),
          firstTermsMs: spread(runs.map((r) => r.firstTermsMs ?? NaN)),
          trainReadyMs: spread(runs.map((r) => r.trainReadyMs ?? NaN)),
          imagesPerSecond: spread(runs.map((r) => r.appStepsPerSecond * batch)),
        });
      }
    }
    result.seconds = (performance.now() - t0) / 1000;
    return result;
  } finally {
    await browser?.close();
    stop(server);
  }
}
