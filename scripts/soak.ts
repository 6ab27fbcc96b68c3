/**
 * `npm run soak`: leaves the built page training in Chromium for 20 minutes (issue 8) and checks
 * that nothing grows: every --sample-seconds it pauses training, waits until no work is in flight (a count steady for 10 s),
 * reads tf.memory().numTensors (window.latentLab) and the JS heap after a forced GC (CDP), then
 * resumes. After the warm-up the tensor count must not change at all and the heap must grow by
 * less than 10%. Writes reports/soak.json and reports/soak.md; exits 1 when a check fails.
 *
 * Usage: npx tsx scripts/soak.ts [--minutes 20] [--warmup-minutes M] [--sample-seconds 60]
 *   [--backend webgl|wasm|auto] [--model gvae] [--hash 'hiddenWidth=64'] [--dist dist] [--port 4341]
 * Run `npm run build` first (or pass --dist for another build).
 */
import { chromium, type Page } from '@playwright/test';
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
  stepsPerSecond: number;
  backend: string | null;
  pauseReason: string | null;
}

/** Pauses, waits until the tensor count is steady (no readback, recon or evaluation in flight), samples, resumes. */
async function sample(page: Page, heap: () => Promise<number>, t0: number): Promise<Sample> {
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  // Steady for 10 s: on SwiftShader the GPU can take several seconds to finish the queued steps,
  // during which the count holds still before it drops.
  let last = -1;
  for (let same = 0, i = 0; same < 20 && i < 240; i++) {
    await page.waitForTimeout(500);
    const n = await page.evaluate(() => window.latentLab.numTensors);
    same = n === last ? same + 1 : 0;
    last = n;
  }
  const s = await page.evaluate(() => ({ step: window.latentLab.step, sps: window.latentLab.stepsPerSecond, backend: window.latentLab.tfBackend, pauseReason: window.latentLab.pauseReason }));
  const heapMB = (await heap()) / 2 ** 20;
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  return { minute: (Date.now() - t0) / 60_000, step: s.step, numTensors: last, heapMB, stepsPerSecond: s.sps, backend: s.backend, pauseReason: s.pauseReason };
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
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    console.log(`soak: ${o.minutes} min of ${o.model} on ${await page.evaluate(() => window.latentLab.tfBackend)}, warm-up ${o.warmupMinutes} min, a sample every ${o.sampleSeconds} s`);
    for (let next = 0; ; next += o.sampleSeconds * 1000) {
      const wait = t0 + next - Date.now();
      if (wait > 0) await page.waitForTimeout(wait);
      if (Date.now() - t0 > o.minutes * 60_000) break;
      const s = await sample(page, heap, t0);
      samples.push(s);
      console.log(`  ${s.minute.toFixed(1)} min  step ${s.step}  tensors ${s.numTensors}  heap ${s.heapMB.toFixed(2)} MB  ${s.stepsPerSecond.toFixed(1)} steps/s${s.pauseReason ? `  PAUSED: ${s.pauseReason}` : ''}`);
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
    steps: { afterWarmup: first.step, end: lastS.step }, backend: lastS.backend, errors, samples,
  };
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
    'The loss history (plain arrays, one number per term per step) grows with the step count by design; it is part of the heap figure.', '',
    '| minute | step | tensors | heap (MB) | steps/s |', '|---|---|---|---|---|',
    ...samples.map((s) => `| ${f(s.minute, 1)} | ${s.step} | ${s.numTensors} | ${f(s.heapMB)} | ${f(s.stepsPerSecond, 1)} |`), '',
  ].join('\n'));
  console.log(`soak ${pass ? 'passed' : 'FAILED'}: tensors ${tensors.afterWarmup} -> ${tensors.end}, heap ${f(first.heapMB)} -> ${f(lastS.heapMB)} MB (${f(100 * heapGrowth, 1)}%); ${o.out}/soak.md`);
  if (!pass) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
