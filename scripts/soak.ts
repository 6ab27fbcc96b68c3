/**
 * `npm run soak`: leaves the built page training in Chromium for 20 minutes (issue 8) and checks
 * that nothing grows: every --sample-seconds it pauses training, waits until no work is in flight (a count steady for 10 s),
 * reads tf.memory().numTensors (window.latentLab) and the JS heap after a forced GC (CDP), then
 * resumes. After the warm-up the tensor count must not change at all and the heap must grow by
 * less than 10%. Writes reports/soak.json and reports/soak.md; exits 1 when a check fails.
 * At the first sample after the warm-up and at the last one it also takes a heap snapshot and
 * reports the heap by kind (compiled code, JS objects, arrays, strings, ...), so that growth can be
 * told apart: V8 keeps compiling hot functions for minutes (code), which is not a leak.
 *
 * Usage: npx tsx scripts/soak.ts [--minutes 20] [--warmup-minutes M] [--sample-seconds 60]
 *   [--backend webgl|wasm|auto] [--model gvae] [--hash 'hiddenWidth=64'] [--dist dist] [--port 4341]
 * Run `npm run build` first (or pass --dist for another build).
 */
import { chromium, type CDPSession, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM_ARGS } from '../playwright.config';

const HEAP_LIMIT = 0.1;

function options() {
  const o = { minutes: 20, warmupMinutes: NaN, sampleSeconds: 60, backend: 'webgl', model: 'gvae', hash: '', dist: 'dist', port: 4341, out: 'reports' };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '').replace(/-(\w)/g, (_, c: string) => c.toUpperCase()) as keyof typeof o;
    if (!(key in o) || argv[i + 1] === undefined) throw new Error(`unknown or incomplete option ${argv[i]}`);
    (o as Record<string, unknown>)[key] = typeof o[key] === 'number' ? Number(argv[i + 1]) : argv[i + 1];
  }
  // Warm-up: the first model build, shader compilation, the first test evaluations.
  if (!Number.isFinite(o.warmupMinutes)) o.warmupMinutes = Math.min(2, o.minutes / 4);
  if (!(o.minutes > 0) || o.warmupMinutes >= o.minutes) throw new Error('--minutes must exceed the warm-up');
  return o;
}

interface Sample {
  minute: number;
  step: number;
  numTensors: number;
  heapMB: number;
  /** Steps since the previous sample over the training time between them (the page's own figure is smoothed). */
  stepsPerSecond: number;
  /** Entries in the loss history (bounded: old steps merge into bins). */
  historyEntries: number;
  backend: string | null;
  pauseReason: string | null;
}

/** Heap snapshot sizes (self sizes, bytes) by kind of node. */
type HeapKinds = Record<string, number>;

/** Takes a heap snapshot over CDP and sums the self sizes by kind (V8's node types, grouped). */
async function heapByKind(cdp: CDPSession): Promise<HeapKinds> {
  const chunks: string[] = [];
  const onChunk = (p: { chunk: string }) => chunks.push(p.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  }
  const snap = JSON.parse(chunks.join('')) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[]; strings: string[] };
  const { node_fields: fields, node_types: [types] } = snap.snapshot.meta;
  const [iType, iName, iSize] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const kinds: HeapKinds = {};
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    const type = types[snap.nodes[i + iType]];
    const name = snap.strings[snap.nodes[i + iName]];
    // 'code' holds compiled code, bytecode and feedback; blink's own objects are not in the V8 heap figure
    const kind = type === 'native' ? (name.startsWith('system /') ? 'V8 internal' : 'DOM (Blink, outside the JS heap figure)')
      : ['object', 'closure', 'regexp'].includes(type) ? 'JS objects'
      : type.includes('string') ? 'strings'
      : type === 'array' ? 'arrays (elements)'
      : type === 'code' ? 'code (compiled code, bytecode, feedback)'
      : 'other';
    kinds[kind] = (kinds[kind] ?? 0) + snap.nodes[i + iSize];
  }
  return kinds;
}

/** Pauses, waits until the tensor count is steady (no readback, recon or evaluation in flight), samples, resumes. */
async function sample(page: Page, heap: () => Promise<number>, t0: number, last: { step: number; playAt: number }): Promise<Sample> {
  const pauseAt = Date.now();
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  // Steady for 10 s: on SwiftShader the GPU can take several seconds to finish the queued steps,
  // during which the count holds still before it drops.
  let n = -1;
  for (let same = 0, i = 0; same < 20 && i < 240; i++) {
    await page.waitForTimeout(500);
    const now = await page.evaluate(() => window.latentLab.numTensors);
    same = now === n ? same + 1 : 0;
    n = now;
  }
  const s = await page.evaluate(() => ({
    step: window.latentLab.step, backend: window.latentLab.tfBackend, pauseReason: window.latentLab.pauseReason, historyEntries: window.latentLab.history().steps.length,
  }));
  const heapMB = (await heap()) / 2 ** 20;
  const stepsPerSecond = (s.step - last.step) / Math.max(1e-3, (pauseAt - last.playAt) / 1000);
  last.step = s.step;
  last.playAt = Date.now();
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  return { minute: (Date.now() - t0) / 60_000, step: s.step, numTensors: n, heapMB, stepsPerSecond, historyEntries: s.historyEntries, backend: s.backend, pauseReason: s.pauseReason };
}

/** Least-squares slope of y over x. */
function slope(x: number[], y: number[]): number {
  const mx = x.reduce((a, v) => a + v, 0) / x.length;
  const my = y.reduce((a, v) => a + v, 0) / y.length;
  const num = x.reduce((a, v, i) => a + (v - mx) * (y[i] - my), 0);
  const den = x.reduce((a, v) => a + (v - mx) ** 2, 0);
  return den > 0 ? num / den : 0;
}

async function main(): Promise<void> {
  const o = options();
  if (!existsSync(join(o.dist, 'index.html'))) throw new Error(`${o.dist}/index.html is missing: run npm run build first`);
  const server = spawn('npx', ['vite', 'preview', '--outDir', o.dist, '--port', String(o.port), '--strictPort', '--host', '127.0.0.1'], { stdio: 'ignore', detached: true });
  const base = `http://127.0.0.1:${o.port}/`;
  for (let i = 0; i < 100; i++) {
    if (await fetch(base).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 300));
  }
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const samples: Sample[] = [];
  const errors: string[] = [];
  const kinds: { afterWarmup: HeapKinds | null; end: HeapKinds | null } = { afterWarmup: null, end: null };
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    const cdp = await page.context().newCDPSession(page);
    const heap = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      return (await cdp.send('Runtime.getHeapUsage')).usedSize;
    };
    const search = o.backend === 'auto' ? '' : `?backend=${o.backend}`;
    await page.goto(`${base}${search}#v=1&model=${o.model}${o.hash ? `&${o.hash}` : ''}`);
    await page.waitForFunction(() => window.latentLab?.trainReady === true, null, { timeout: 180_000 });
    const t0 = Date.now();
    const last = { step: await page.evaluate(() => window.latentLab.step), playAt: t0 };
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    console.log(`soak: ${o.minutes} min of ${o.model} on ${await page.evaluate(() => window.latentLab.tfBackend)}, warm-up ${o.warmupMinutes} min, a sample every ${o.sampleSeconds} s`);
    for (let next = 0; ; next += o.sampleSeconds * 1000) {
      const wait = t0 + next - Date.now();
      if (wait > 0) await page.waitForTimeout(wait);
      if (Date.now() - t0 > o.minutes * 60_000) break;
      const lastOne = Date.now() + o.sampleSeconds * 1000 - t0 > o.minutes * 60_000;
      const firstAfterWarmup = !kinds.afterWarmup && (Date.now() - t0) / 60_000 >= o.warmupMinutes;
      const s = await sample(page, async () => {
        const used = await heap();
        // the snapshot is taken after the heap figure, while training is paused
        if (firstAfterWarmup) kinds.afterWarmup = await heapByKind(cdp);
        else if (lastOne) kinds.end = await heapByKind(cdp);
        return used;
      }, t0, last);
      samples.push(s);
      console.log(`  ${s.minute.toFixed(1)} min  step ${s.step}  tensors ${s.numTensors}  heap ${s.heapMB.toFixed(2)} MB  ${s.stepsPerSecond.toFixed(1)} steps/s  history ${s.historyEntries} entries${s.pauseReason ? `  PAUSED: ${s.pauseReason}` : ''}`);
      if (s.pauseReason) break; // diverged or hidden: the soak is over
    }
  } finally {
    await browser.close();
    try {
      process.kill(-server.pid!); // the preview server's process group (started above)
    } catch { /* already gone */ }
  }

  const after = samples.filter((s) => s.minute >= o.warmupMinutes);
  if (after.length < 2) throw new Error('too few samples after the warm-up: lengthen --minutes or shorten --sample-seconds');
  const first = after[0];
  const lastS = after[after.length - 1];
  const tensors = { afterWarmup: first.numTensors, end: lastS.numTensors, min: Math.min(...after.map((s) => s.numTensors)), max: Math.max(...after.map((s) => s.numTensors)) };
  const heapGrowth = (lastS.heapMB - first.heapMB) / first.heapMB;
  const heapSlopeMBPerMin = slope(after.map((s) => s.minute), after.map((s) => s.heapMB));
  const ok = { tensorsFlat: tensors.min === tensors.max, heapUnder10pct: heapGrowth < HEAP_LIMIT, noPause: !lastS.pauseReason, noPageErrors: errors.length === 0 };
  const pass = Object.values(ok).every(Boolean);
  const report = {
    options: o, pass, checks: ok, tensors, heap: { afterWarmupMB: first.heapMB, endMB: lastS.heapMB, growth: heapGrowth, slopeMBPerMin: heapSlopeMBPerMin },
    steps: { afterWarmup: first.step, end: lastS.step }, backend: lastS.backend, errors, heapByKind: kinds, samples,
  };
  const kindRows = kinds.afterWarmup && kinds.end
    ? Object.keys({ ...kinds.afterWarmup, ...kinds.end }).sort((a, b) => (kinds.end![b] ?? 0) - (kinds.end![a] ?? 0)).map((k) => {
      const a = (kinds.afterWarmup![k] ?? 0) / 2 ** 20;
      const b = (kinds.end![k] ?? 0) / 2 ** 20;
      return `| ${k} | ${a.toFixed(3)} | ${b.toFixed(3)} | ${b >= a ? '+' : ''}${((b - a) * 1024).toFixed(0)} |`;
    })
    : [];
  mkdirSync(o.out, { recursive: true });
  writeFileSync(join(o.out, 'soak.json'), JSON.stringify(report, null, 2));
  const f = (x: number, d = 2) => x.toFixed(d);
  writeFileSync(join(o.out, 'soak.md'), [
    `# Soak: ${o.minutes} min of ${o.model} training in Chromium (${lastS.backend})`, '',
    `Result: **${pass ? 'pass' : 'FAIL'}** (${new Date().toISOString()}). Warm-up ${f(o.warmupMinutes, 1)} min; then a sample every ${o.sampleSeconds} s ` +
    '(training paused until no work was in flight; heap measured after a forced GC).', '',
    '| check | after warm-up | end | verdict |', '|---|---|---|---|',
    `| tf.memory().numTensors | ${tensors.afterWarmup} | ${tensors.end} (range ${tensors.min}–${tensors.max}) | ${ok.tensorsFlat ? 'flat' : 'CHANGED'} |`,
    `| JS heap (MB) | ${f(first.heapMB)} | ${f(lastS.heapMB)} (${f(100 * heapGrowth, 1)}%, ${f(heapSlopeMBPerMin, 3)} MB/min) | ${ok.heapUnder10pct ? '< 10%' : '≥ 10%'} |`,
    `| training steps | ${first.step} | ${lastS.step} | ${ok.noPause ? 'still training' : `paused: ${lastS.pauseReason}`} |`,
    `| page errors | | ${errors.length} | ${ok.noPageErrors ? 'none' : errors.slice(0, 3).join('; ')} |`, '',
    'The loss history is bounded (src/core/train/loss-history.ts: the latest 2,000 steps one entry each, older steps merged into ' +
    'at most 600 bins, at most 3,000 entries), so its part of the heap stops growing once a run passes that size.', '',
    ...(kindRows.length ? [
      `Heap snapshot by kind (self sizes, MB) at the first sample after the warm-up and at the end (snapshot totals differ a little from the heap figure):`, '',
      '| kind | after warm-up | end | change (kB) |', '|---|---|---|---|', ...kindRows, '',
    ] : []),
    '| minute | step | tensors | heap (MB) | steps/s | history entries |', '|---|---|---|---|---|---|',
    ...samples.map((s) => `| ${f(s.minute, 1)} | ${s.step} | ${s.numTensors} | ${f(s.heapMB)} | ${f(s.stepsPerSecond, 1)} | ${s.historyEntries} |`), '',
  ].join('\n'));
  console.log(`soak ${pass ? 'passed' : 'FAILED'}: tensors ${tensors.afterWarmup} -> ${tensors.end}, heap ${f(first.heapMB)} -> ${f(lastS.heapMB)} MB (${f(100 * heapGrowth, 1)}%); ${o.out}/soak.md`);
  if (!pass) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
