/**
 * The real app in Chromium while it trains (part of `npm run bench`, driven by browser.ts): the
 * longest main-thread task (PerformanceObserver "longtask"), frames per second
 * (requestAnimationFrame), time from navigation to the first training step, the app's own
 * training rate, the reconstruction term's trend, and the sizes of what the page loaded.
 */
import type { Browser } from '@playwright/test';
import { gzipSync } from 'node:zlib';

/** One load-and-train of the app. */
export interface PageRun {
  model: string;
  requested: string;
  init: string;
  /** 'off' when the link carried ?worker=off (training kept on the page's thread); else 'default'. */
  worker: 'off' | 'default';
  /** window.latentLab.trainingThread during the window: 'worker' (a Web Worker trained) or 'main'. */
  trainingThread: string | null;
  backend: string | null;
  tfBackend: string | null;
  readyMs: number | null;
  trainReadyMs: number | null;
  clickMs: number;
  /**
   * The app's firstStepAt: on the page's thread when the first step was issued; with a worker,
   * when Play was posted to it (the step itself runs there).
   */
  firstStepMs: number | null;
  /** ms from navigation start until the page first showed a step >= 1 (its first read-back terms), polled every frame. */
  firstTermsMs: number | null;
  /** ms from navigation start to the end of the measured window. */
  windowEndMs: number;
  seconds: number;
  frames: number;
  fps: number;
  maxFrameGapMs: number;
  longTasks: number;
  longestTaskMs: number;
  longestLoadTaskMs: number;
  /**
   * From the long animation frames (> 50 ms) of the window: the three script entry points
   * ("invokers", e.g. Worker.onmessage, FrameRequestCallback) with the longest single run, [invoker, ms].
   */
  longestScripts: [string, number][];
  steps: number;
  appStepsPerSecond: number;
  /** The reconstruction term (recon, or bce for GNCN-PDH): mean of the first and of the last 10 read back. */
  reconFirst: number | null;
  reconLast: number | null;
  errors: string[];
}

export interface SizeRow {
  group: string;
  files: number;
  bytes: number;
  gzipBytes: number;
  /** Each response of the group: its path and gzip bytes (a path twice = fetched twice, e.g. by the page and by the training worker). */
  items: { path: string; gzipBytes: number }[];
}

type Resp = { url: string; type: string; bytes: number; gzipBytes: number };

function groupOf(r: Resp): string {
  const path = new URL(r.url).pathname;
  if (path.endsWith('.wasm')) return 'WASM';
  if (path.includes('/data/')) return 'MNIST data';
  if (path.includes('/weights/')) return 'weights';
  if (r.type === 'script' || path.endsWith('.js')) return 'JavaScript';
  if (r.type === 'stylesheet' || path.endsWith('.css')) return 'CSS';
  if (r.type === 'font' || /\.(woff2?|ttf)$/.test(path)) return 'fonts';
  if (r.type === 'document') return 'HTML';
  return 'other';
}

function sizeRows(list: Resp[]): SizeRow[] {
  const rows = new Map<string, SizeRow>();
  for (const r of list) {
    const g = groupOf(r);
    const row = rows.get(g) ?? { group: g, files: 0, bytes: 0, gzipBytes: 0, items: [] };
    row.files += 1;
    row.items.push({ path: new URL(r.url).pathname, gzipBytes: r.gzipBytes });
    row.bytes += r.bytes;
    row.gzipBytes += r.gzipBytes;
    rows.set(g, row);
  }
  return [...rows.values()].sort((a, b) => b.gzipBytes - a.gzipBytes);
}

/**
 * In-page code, as strings: functions passed to page.evaluate would carry the __name() calls that
 * tsx's transform adds, which do not exist in the page.
 */
const LONGTASK_OBSERVER = `
  window.__longtasks = [];
  window.__loaf = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  try {
    // Long animation frames (Chromium 123+) name the scripts that ran in them: which callback held the thread.
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        window.__loaf.push({ start: e.startTime, duration: e.duration, scripts: (e.scripts || []).map((s) => ({ invoker: s.invoker, duration: s.duration })) });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch (err) {
    // not supported: no attribution
  }`;

/** Counts frames for `sec` seconds while the app trains; then reads the long tasks and the app's status. */
const MEASURE_WINDOW = `async (sec) => {
  const lab = window.latentLab;
  const t0 = performance.now();
  const step0 = lab.step;
  let frames = 0, maxGap = 0, last = t0;
  await new Promise((resolve) => {
    requestAnimationFrame(function frame(t) {
      frames += 1;
      maxGap = Math.max(maxGap, t - last);
      last = t;
      if (t - t0 < sec * 1000) requestAnimationFrame(frame);
      else resolve();
    });
  });
  const t1 = performance.now();
  const during = window.__longtasks.filter((e) => e.start >= t0 && e.start < t1);
  const before = window.__longtasks.filter((e) => e.start < t0);
  // Script time inside long animation frames of the window, per invoker (e.g. "Worker.onmessage").
  const byInvoker = {};
  for (const f of window.__loaf.filter((e) => e.start >= t0 && e.start < t1)) {
    for (const s of f.scripts) byInvoker[s.invoker] = Math.max(byInvoker[s.invoker] || 0, s.duration);
  }
  return {
    longestScripts: Object.entries(byInvoker).sort((a, b) => b[1] - a[1]).slice(0, 3),
    seconds: (t1 - t0) / 1000, frames, maxGap, steps: lab.step - step0,
    longTasks: during.length, longest: Math.max(0, ...during.map((e) => e.duration)),
    longestLoad: Math.max(0, ...before.map((e) => e.duration)),
    windowEnd: t1, thread: lab.trainingThread ?? null,
    backend: lab.backend, tfBackend: lab.tfBackend, readyMs: lab.readyMs, trainReadyMs: lab.trainReadyMs,
    firstStepMs: lab.firstStepMs, error: lab.error, history: lab.history().terms,
  };
}`;

interface WindowFigures {
  longestScripts: [string, number][];
  windowEnd: number; thread: string | null;
  seconds: number; frames: number; maxGap: number; steps: number; longTasks: number; longest: number; longestLoad: number;
  backend: string | null; tfBackend: string | null; readyMs: number | null; trainReadyMs: number | null;
  firstStepMs: number | null; error: string | null; history: Record<string, number[]>;
}

function reconTrend(terms: Record<string, number[]>): { reconFirst: number | null; reconLast: number | null } {
  const v = terms.recon ?? terms.bce ?? [];
  const mean = (a: number[]) => (a.length ? a.reduce((x, y) => x + y, 0) / a.length : null);
  return { reconFirst: mean(v.slice(0, 10)), reconLast: mean(v.slice(-10)) };
}

/** A page run: the model, `?backend=` ('auto' = none: the app's own choice), the starting weights. */
export interface PageTarget {
  model: string;
  requested: string;
  /** 'off' adds ?worker=off: training stays on the page's thread even on WASM and CPU (the path before the worker). */
  worker?: 'off';
  /** 'scratch' adds init=scratch to the link (random weights instead of the pretrained ones). */
  init?: 'scratch';
  /** Train until this many seconds after navigation (instead of a fixed window). */
  untilSeconds?: number;
}

export async function appRun(browser: Browser, base: string, t: PageTarget, windowSeconds: number) {
  const { model, requested } = t;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const responses: Resp[] = [];
  const pending: Promise<void>[] = [];
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('response', (r) => {
    pending.push((async () => {
      try {
        // body() is the decoded body; a Content-Encoding'd response's wire size is its gzip size,
        // a file stored gzipped (the MNIST .gz) is its own gzip size.
        const body = await r.body();
        const encoded = /gzip|br|deflate/.test(r.headers()['content-encoding'] ?? '');
        const wire = encoded ? (await r.request().sizes()).responseBodySize : body.length;
        const stored = body.length > 2 && body[0] === 0x1f && body[1] === 0x8b;
        // (A worker's own script reports no sizes(): 0; then it is gzipped here like an unencoded body.)
        const gz = encoded && wire > 0 ? wire : stored ? body.length : gzipSync(body).length;
        responses.push({ url: r.url(), type: r.request().resourceType(), bytes: body.length, gzipBytes: gz });
      } catch {
        // redirects and aborted requests have no body
      }
    })());
  });
  await page.addInitScript(LONGTASK_OBSERVER);
  try {
    const params = new URLSearchParams();
    if (requested !== 'auto') params.set('backend', requested);
    if (t.worker) params.set('worker', t.worker);
    const query = params.toString() ? `?${params.toString()}` : '';
    await page.goto(`${base}${query}#v=1&model=${model}${t.init ? `&init=${t.init}` : ''}`);
    await page.waitForFunction(() => window.latentLab?.ready === true, null, { timeout: 120_000 });
    await Promise.all(pending);
    const atReady = [...responses];
    await page.waitForFunction(() => window.latentLab.trainReady === true, null, { timeout: 120_000 });
    await Promise.all(pending);
    const atTrainReady = [...responses];
    const clickMs = await page.evaluate(() => performance.now());
    if (!(await page.evaluate(() => window.latentLab.playing))) await page.getByRole('button', { name: 'Play', exact: true }).click();
    // The moment the page first shows a step (its first read-back terms), checked every frame.
    const firstTermsMs = (await (
      await page.waitForFunction(() => window.latentLab.firstStepMs !== null && window.latentLab.step >= 1 && performance.now(), null, { timeout: 120_000, polling: 'raf' })
    ).jsonValue()) as number;
    const now = await page.evaluate(() => performance.now());
    const seconds = t.untilSeconds ? Math.max(2, t.untilSeconds - now / 1000) : windowSeconds;
    const m = (await page.evaluate(`(${MEASURE_WINDOW})(${seconds})`)) as WindowFigures;
    await Promise.all(pending);
    if (m.error) errors.push(m.error);
    if (requested !== 'auto' && m.tfBackend !== requested) errors.push(`asked for ${requested}, tfjs runs ${m.tfBackend}`);
    if (t.worker === 'off' && m.thread !== 'main') errors.push(`?worker=off, yet training ran on the ${m.thread} thread`);
    const run: PageRun = {
      model, requested, init: t.init ?? 'default', worker: t.worker ?? 'default', trainingThread: m.thread,
      backend: m.backend, tfBackend: m.tfBackend, readyMs: m.readyMs, trainReadyMs: m.trainReadyMs, clickMs,
      firstStepMs: m.firstStepMs, firstTermsMs, windowEndMs: m.windowEnd, seconds: m.seconds, frames: m.frames, fps: m.frames / m.seconds, maxFrameGapMs: m.maxGap,
      longTasks: m.longTasks, longestTaskMs: m.longest, longestLoadTaskMs: m.longestLoad, longestScripts: m.longestScripts, steps: m.steps,
      appStepsPerSecond: m.steps / m.seconds, ...reconTrend(m.history), errors,
    };
    const lazy = responses.filter((r) => !atTrainReady.includes(r)).map((r) => new URL(r.url).pathname);
    return { run, sizes: { ready: sizeRows(atReady), trainReady: sizeRows(atTrainReady), lazy } };
  } finally {
    await context.close();
  }
}

