/**
 * Writes reports/bench.md (tables) and reports/bench.json (every raw number) from one run, and
 * checks the measurements against the targets of the performance issue (reported, never asserted).
 * Every rate exists on two bases: wall clock (what a user sees on an idle machine) and per
 * CPU-second of the processes doing the work (what other processes' load changes much less).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserResult, PageFigures } from '../browser';
import type { BackendRun } from '../node-train';
import type { BenchCase } from './configs';
import type { MachineInfo, SectionLoad } from './machine';
import type { PeakResult, RateResult } from './measure';
import { fmtSpread, spread, type Spread } from './stats';
import { limits } from './targets-text';

/** What bench/torch_peer.py prints. */
export interface TorchResult {
  error?: string;
  torch?: string;
  python?: string;
  blas?: { name: string; config: string | null; threads: number | null; libraries: string[] };
  torchThreads?: number;
  cpuCapability?: string | null;
  peak?: Record<string, number[]>;
  peakCpu?: Record<string, number[]>;
  cases?: Record<string, { stepsPerSecond: number[]; stepsPerCpuSecond: number[]; stepsPerRepeat: number }>;
}

export interface BenchRun {
  mode: 'full' | 'quick';
  argv: string[];
  machine: MachineInfo;
  versions: Record<string, string>;
  load: SectionLoad[];
  cases: BenchCase[];
  node: BackendRun[];
  browser: BrowserResult | null;
  browserSkipped: string | null;
  torch: TorchResult | null;
  torchSkipped: string | null;
  seconds: number;
}

type Basis = 'wall' | 'cpu';

/** A column of the tables: one backend somewhere, with its peaks and its case results. */
interface Column {
  key: string;
  title: string;
  peak: PeakResult;
  cases: Record<string, RateResult>;
  naive: Record<string, RateResult>;
}

function torchColumn(t: TorchResult | null): Column | null {
  if (!t?.cases || !t.peak) return null;
  const shapes = Object.fromEntries(Object.entries(t.peak).map(([k, v]) => [k, spread(v)]));
  const [peakShape, best] = Object.entries(shapes).reduce((a, e) => (e[1].median > a[1].median ? e : a));
  const cpuPeaks = Object.values(t.peakCpu ?? {}).map((v) => spread(v).median);
  const cases: Record<string, RateResult> = {};
  for (const [id, r] of Object.entries(t.cases)) {
    cases[id] = { stepsPerSecond: spread(r.stepsPerSecond), stepsPerCpuSecond: spread(r.stepsPerCpuSecond), stepsPerRepeat: r.stepsPerRepeat, tensorGrowth: 0 };
  }
  const peak: PeakResult = { shapes, peakGflops: best.median, peakShape, ...(cpuPeaks.length ? { cpuPeakGflops: Math.max(...cpuPeaks) } : {}) };
  return { key: 'torch', title: `PyTorch CPU (${t.blas?.name ?? '?'})`, peak, cases, naive: {} };
}

function columns(run: BenchRun): Column[] {
  const cols: Column[] = run.node.map((n) => ({ key: `node-${n.backend}`, title: `Node ${n.backend.toUpperCase()}`, peak: n.peak, cases: n.cases, naive: n.naive }));
  for (const [backend, p] of Object.entries(run.browser?.pages ?? {})) {
    cols.push({ key: `chromium-${backend}`, title: `Chromium ${backend === 'webgl' ? 'WebGL' : 'WASM'}`, peak: p.peak, cases: p.cases, naive: p.naive });
  }
  const t = torchColumn(run.torch);
  if (t) cols.push(t);
  return cols;
}

const rateOf = (r: RateResult | undefined, basis: Basis): Spread | undefined => (basis === 'wall' ? r?.stepsPerSecond : r?.stepsPerCpuSecond);
const med = (r: RateResult | undefined, basis: Basis) => rateOf(r, basis)?.median ?? NaN;
const scaled = (x: Spread | undefined, k: number): Spread | undefined =>
  x && { median: x.median * k, min: x.min * k, max: x.max * k, values: x.values.map((v) => v * k) };
const peakOf = (col: Column, basis: Basis) => (basis === 'wall' ? col.peak.peakGflops : col.peak.cpuPeakGflops ?? NaN);
/** Achieved FLOP/s over the backend's own peak, on one basis. */
const fraction = (c: BenchCase, col: Column, basis: Basis) => (c.flopsPerStep * med(col.cases[c.id], basis)) / 1e9 / peakOf(col, basis);
const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(0)}%` : '–');
const ratio = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)}x` : '–');
const kb = (b: number) => `${(b / 1024).toFixed(0)} KB`;
const both = (wall: string, cpu: string) => (cpu === '–' ? wall : `${wall} / ${cpu}`);

export interface TargetRow {
  target: string;
  measured: string;
  met: boolean | null;
  limit: string;
}

const threadText = (f: PageFigures) =>
  f.thread === 'worker' ? 'in a Web Worker' : f.thread === 'main' ? 'on the page\'s thread' : `on: ${f.thread}`;

/** "gvae (auto -> wasm, worker)": the model, the backend asked for and used, where it trained, ?worker=off. */
function pageLabel(f: PageFigures): string {
  const used = f.runs[0]?.tfBackend ?? '?';
  return `${f.model} (${f.requested} -> ${used}, ${f.thread === 'worker' ? 'worker' : f.thread === 'main' ? 'page\'s thread' : f.thread}${f.worker === 'off' ? ', ?worker=off' : ''})`;
}

/** The GNCN-PDH step, and what it costs the page on the thread it ran on. */
function gncnLimit(f: PageFigures): string {
  const where = f.thread === 'worker' ? limits.gncnInWorker : f.thread === 'main' ? limits.gncnOnPage : '';
  return `${limits.gncnStep} ${where}`.trim();
}

/** "What limits it" for a page target: from where the steps ran (trainingThread) and on which backend. */
function pageLimit(f: PageFigures): string {
  const backend = f.runs[0]?.tfBackend ?? '?';
  const parts: string[] = [];
  const runs = `${f.runs.length} run${f.runs.length === 1 ? '' : 's'}`;
  if (f.thread === 'worker') parts.push(`latentLab.trainingThread was 'worker' (${runs}): the steps ran in a Web Worker.`, limits.worker);
  else if (f.thread === 'main') {
    parts.push(`latentLab.trainingThread was 'main' (${runs}): the steps ran on the page's thread${f.worker === 'off' ? ' because the link said ?worker=off' : backend === 'webgl' ? ', as on every WebGL run' : ''}.`);
    parts.push(backend === 'webgl' ? limits.webgl : limits.pageThreadSync);
  } else parts.push(`latentLab.trainingThread differed between runs (${f.thread}).`);
  parts.push(f.longestTaskMs.max === 0
    ? 'No task over 50 ms on the page\'s thread in any window.'
    : `Longest page-thread task in the windows: ${fmtSpread(f.longestTaskMs)} ms (${f.runs.map((r) => r.longTasks).join(', ')} long tasks per run).`);
  const scripts = new Map<string, number>();
  for (const r of f.runs) for (const [invoker, ms] of r.longestScripts ?? []) scripts.set(invoker, Math.max(scripts.get(invoker) ?? 0, ms));
  if (scripts.size) {
    const top = [...scripts].sort((a, b) => b[1] - a[1]).slice(0, 3);
    parts.push(`Longest script runs inside long animation frames (by entry point): ${top.map(([k, ms]) => `${k} ${ms.toFixed(0)} ms`).join(', ')}.`);
  }
  if (f.model === 'gncn-pdh') parts.push(gncnLimit(f));
  return parts.join(' ');
}

/** The sizes' "what limits it", with what this run shows of the training worker's own downloads. */
function sizesLimit(ready: BrowserResult['sizes']['ready']): string {
  const parts = [limits.sizes];
  const worker = ready.find((g) => g.group === 'JavaScript')?.items?.filter((i) => /training-worker/.test(i.path)) ?? [];
  if (worker.length) parts.push(`The training worker's script (${worker.map((i) => `\`${i.path.split('/').pop()}\``).join(', ')}, ${kb(worker.reduce((a, i) => a + i.gzipBytes, 0))}) is counted in the first view's JavaScript: the page starts the worker while the data downloads.`);
  const wasm = ready.find((g) => g.group === 'WASM')?.items ?? [];
  const twice = wasm.filter((i, k) => wasm.findIndex((j) => j.path === i.path) !== k);
  if (twice.length) parts.push(`The WASM binary arrives ${wasm.length} times (${kb(wasm.reduce((a, i) => a + i.gzipBytes, 0))} in all): the page's backend (for the demos) and the worker's each fetch it.`);
  return parts.join(' ');
}

/** The issue's targets against this run's numbers. */
export function targets(run: BenchRun): TargetRow[] {
  const cols = columns(run);
  const ours = cols.filter((c) => c.key !== 'torch');
  const torch = cols.find((c) => c.key === 'torch') ?? null;
  const rows: TargetRow[] = [];

  const fr = ours.flatMap((col) => run.cases.filter((c) => col.cases[c.id]).map((c) => ({
    col, c, wall: fraction(c, col, 'wall'), cpu: fraction(c, col, 'cpu'),
  })));
  if (fr.length) {
    const basisOf = (x: (typeof fr)[number]) => (Number.isFinite(x.cpu) ? x.cpu : x.wall);
    rows.push({
      target: 'every model >= 60% of its backend\'s matMul peak (Node and browser)',
      measured: `${fr.filter((x) => basisOf(x) >= 0.6).length} of ${fr.length} (per CPU-second): ${fr.map((x) => `${x.c.id} ${x.col.title} ${pct(basisOf(x))}`).join(', ')}`,
      met: fr.every((x) => basisOf(x) >= 0.6),
      limit: limits.peak,
    });
  }
  const nv = ours.flatMap((col) => Object.keys(col.naive).map((id) => ({
    col, id, wall: med(col.cases[id], 'wall') / med(col.naive[id], 'wall'), cpu: med(col.cases[id], 'cpu') / med(col.naive[id], 'cpu'),
  })));
  if (nv.length) {
    const b = (x: (typeof nv)[number]) => (Number.isFinite(x.cpu) ? x.cpu : x.wall);
    rows.push({
      target: '>= 3x the naive tfjs VAE step on the same backend',
      measured: `per CPU-second (wall): ${nv.map((x) => `${x.col.title} ${x.id} ${ratio(b(x))} (${ratio(x.wall)})`).join('; ')}`,
      met: nv.every((x) => b(x) >= 3),
      limit: limits.naive,
    });
  }
  if (torch) {
    const wasm = ours.filter((c) => c.key.endsWith('wasm'));
    const rs = wasm.flatMap((col) => run.cases.filter((c) => col.cases[c.id] && torch.cases[c.id]).map((c) => ({
      col, c, wall: med(col.cases[c.id], 'wall') / med(torch.cases[c.id], 'wall'), cpu: med(col.cases[c.id], 'cpu') / med(torch.cases[c.id], 'cpu'),
    })));
    if (rs.length) {
      const ceiling = wasm.map((c) => `${c.title} ${ratio(peakOf(c, 'wall') / peakOf(torch, 'wall'))}`).join(', ');
      rows.push({
        target: '>= 0.3x PyTorch (OpenBLAS, same CPU) on WASM, VAEs and GNCN-PDH',
        measured: `wall (per CPU-second): ${rs.map((x) => `${x.c.id} ${x.col.title} ${ratio(x.wall)} (${ratio(x.cpu)})`).join(', ')}; ceiling = WASM matMul peak / OpenBLAS matMul peak, wall: ${ceiling}`,
        met: rs.every((x) => x.wall >= 0.3),
        limit: limits.torch,
      });
    }
  }
  for (const f of (run.browser?.figures ?? []).filter((x) => x.init === 'default')) {
    rows.push({
      target: `while training ${pageLabel(f)}: no main-thread task > 50 ms, >= 30 frames/s`,
      measured: `longest task ${fmtSpread(f.longestTaskMs)} ms, ${fmtSpread(f.fps)} frames/s; training ran ${threadText(f)}`,
      met: f.longestTaskMs.max <= 50 && f.fps.min >= 30,
      limit: pageLimit(f),
    });
  }
  const scratch = run.browser?.figures.find((f) => f.model === 'gncn-pdh' && f.init === 'scratch');
  if (scratch) {
    const r = scratch.runs[0];
    const terms = r.firstTermsMs ?? r.firstStepMs;
    const end = r.windowEndMs / 1000;
    rows.push({
      target: 'GNCN-PDH default: no readback inside the K steps, fixed terms once per batch, visibly improving within a minute on a GPU-less machine',
      measured: `from random weights in the app (${r.tfBackend?.toUpperCase() ?? '?'}, training ${threadText(scratch)}): first terms on the page at ${((terms ?? NaN) / 1000).toFixed(1)} s, ${r.steps} steps in the window that ends ${end.toFixed(0)} s after navigation, BCE ${r.reconFirst?.toFixed(0) ?? '?'} -> ${r.reconLast?.toFixed(0) ?? '?'} nats/image (first and last 10 steps); the settling loop has no readback and builds its stacked matrices once per batch`,
      met: r.reconFirst !== null && r.reconLast !== null && r.reconLast < 0.8 * r.reconFirst && end <= 65,
      limit: gncnLimit(scratch),
    });
  }
  const js = run.browser?.sizes.ready.find((s) => s.group === 'JavaScript');
  if (js) {
    const s = run.browser!.sizes;
    rows.push({
      target: 'initial JavaScript <= 600 KB gzipped; heavy parts (KaTeX fonts, WASM, weights) loaded when needed',
      measured: `${kb(js.gzipBytes)} gzipped in ${js.files} files at the first view; first view: ${s.ready.map((x) => `${x.group} ${kb(x.gzipBytes)}`).join(', ')}; by train-ready: ${s.trainReady.map((x) => `${x.group} ${kb(x.gzipBytes)}`).join(', ')}`,
      met: js.gzipBytes <= 600 * 1024,
      limit: sizesLimit(s.ready),
    });
  }
  return rows;
}

function header(run: BenchRun): string[] {
  const m = run.machine;
  const t = run.torch;
  const lines = [
    '# Latent Lab benchmark',
    '',
    `Generated by \`npm run bench${run.mode === 'quick' ? ' -- --quick' : ''}\` on ${m.date} in ${(run.seconds / 60).toFixed(1)} min. Figures are medians over repeated timed runs with the (min–max) spread; batch 64; real binarized MNIST. "a / b" cells give wall clock / per CPU-second.`,
    '',
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}; no GPU (Chromium's WebGL is SwiftShader, software).`,
    `- Versions: Node ${m.node}, ${Object.entries(run.versions).map(([k, v]) => `${k} ${v}`).join(', ')}, ${run.browser?.chromium ? `Chromium ${run.browser.chromium}` : m.chromium ?? 'no Chromium'}.`,
    `- PyTorch peer: ${t?.torch ? `torch ${t.torch} (Python ${t.python}), BLAS: **${t.blas?.name}** (${t.blas?.config ?? 'no config string'}; ${t.blas?.threads ?? '?'} threads; ${t.blas?.libraries.join(', ')}), torch.set_num_threads(${t.torchThreads}), CPU capability ${t.cpuCapability}` : run.torchSkipped ?? t?.error ?? 'not run'}.`,
    `- Load: this machine is shared with other work. Cores busy (all processes, of ${m.cores}) per section: ${run.load.map((l) => `${l.section} ${l.busyCores.toFixed(1)}${l.otherCores !== null ? ` (others ${l.otherCores.toFixed(1)})` : ''}, load average ${l.loadAvg1.toFixed(1)}`).join('; ')}. Under such load the wall-clock rates drop and swing (a peak measured in a busier moment than a model can even give fractions over 100%); the per-CPU-second rates (CPU time of this Node process, of the Chromium processes, of the Python process with both OpenBLAS threads) change much less, so the targets are checked on them where they exist.`,
  ];
  if (run.browserSkipped) lines.push(`- Chromium: ${run.browserSkipped}`);
  return lines;
}

export function renderMarkdown(run: BenchRun): string {
  const cols = columns(run);
  const ours = cols.filter((c) => c.key !== 'torch');
  const torch = cols.find((c) => c.key === 'torch');
  const L = header(run);
  const head = (first: string[], list = cols) => [`| ${[...first, ...list.map((c) => c.title)].join(' | ')} |`, `|${[...first, ...list].map(() => '---').join('|')}|`];
  const caseRows = (cell: (c: BenchCase, col: Column) => string, list = cols) =>
    run.cases.map((c) => `| ${c.model} | ${c.label} (${c.size}) | ${list.map((col) => cell(c, col)).join(' | ')} |`);

  L.push('', '## Targets', '', '| target | measured | met | what limits it |', '|---|---|---|---|');
  for (const t of targets(run)) L.push(`| ${t.target} | ${t.measured} | ${t.met === null ? '–' : t.met ? 'yes' : '**no**'} | ${t.limit} |`);

  for (const basis of ['wall', 'cpu'] as const) {
    L.push('', basis === 'wall' ? '## Training speed: images/s (wall clock)' : '## Training speed: images per CPU-second', '');
    if (basis === 'cpu') L.push('CPU time of the processes doing the work: this Node process; all Chromium processes (for WebGL that includes SwiftShader\'s threads); the Python process (both OpenBLAS threads).', '');
    L.push(...head(['model', 'sizes']), ...caseRows((c, col) => fmtSpread(scaled(rateOf(col.cases[c.id], basis), c.batch))));
  }

  L.push('', '## Fraction of the backend\'s own matMul peak (wall / per CPU-second)', '');
  L.push('FLOPs per step are counted analytically (matMuls only: forward and backward for the autoencoders; K settling steps plus the Hebbian products for GNCN-PDH; bench/lib/configs.ts). Peak = the best plain matMul measured on that backend in this run, on the same basis.', '');
  L.push(...head(['model', 'sizes', 'GFLOP/step']));
  L.push(...run.cases.map((c) => `| ${c.model} | ${c.label} (${c.size}) | ${(c.flopsPerStep / 1e9).toFixed(3)} | ${cols.map((col) => (col.cases[c.id] ? both(pct(fraction(c, col, 'wall')), pct(fraction(c, col, 'cpu'))) : '–')).join(' | ')} |`));

  if (torch) {
    L.push('', '## Ours / PyTorch (same CPU, same sizes, batch and K; wall / per CPU-second)', '', ...head(['model', 'sizes'], ours));
    L.push(...caseRows((c, col) => (col.cases[c.id] && torch.cases[c.id]
      ? both(ratio(med(col.cases[c.id], 'wall') / med(torch.cases[c.id], 'wall')), ratio(med(col.cases[c.id], 'cpu') / med(torch.cases[c.id], 'cpu')))
      : '–'), ours));
    L.push(`| matMul peak ratio (the ceiling) | | ${ours.map((col) => both(ratio(peakOf(col, 'wall') / peakOf(torch, 'wall')), ratio(peakOf(col, 'cpu') / peakOf(torch, 'cpu')))).join(' | ')} |`);
  }

  const withNaive = ours.filter((c) => Object.keys(c.naive).length);
  if (withNaive.length) {
    L.push('', '## Naive tfjs VAE step (tfjs\'s transposed-operand gradients, a readback every step) vs ours', '');
    L.push('| backend | case | naive images/s | ours images/s | ours / naive (wall / per CPU-second) |', '|---|---|---|---|---|');
    for (const col of withNaive) {
      for (const [id, r] of Object.entries(col.naive)) {
        const c = run.cases.find((x) => x.id === id)!;
        const o = col.cases[id];
        L.push(`| ${col.title} | ${id} | ${fmtSpread(scaled(r.stepsPerSecond, c.batch))} | ${fmtSpread(scaled(o?.stepsPerSecond, c.batch))} | ${both(ratio(med(o, 'wall') / med(r, 'wall')), ratio(med(o, 'cpu') / med(r, 'cpu')))} |`);
      }
    }
  }

  L.push('', '## matMul peaks (GFLOP/s; [m, k] x [k, n], the same right operand every call)', '');
  const shapes = [...new Set(cols.flatMap((col) => Object.keys(col.peak.shapes)))];
  L.push(...head(['shape']), ...shapes.map((s) => `| ${s} | ${cols.map((col) => fmtSpread(col.peak.shapes[s], 1)).join(' | ')} |`));
  L.push(`| best, per CPU-second | ${cols.map((col) => (Number.isFinite(peakOf(col, 'cpu')) ? peakOf(col, 'cpu').toFixed(1) : '–')).join(' | ')} |`);

  if (run.browser?.figures.length) {
    L.push('', '## The page while training (the built app in headless Chromium)', '');
    L.push('Trains on: `window.latentLab.trainingThread` in the window (worker = a Web Worker, the app\'s choice on WASM and CPU; main = the page\'s thread, on WebGL or with `?worker=off`). Longest main-thread task: PerformanceObserver "longtask" on the page\'s thread (it reports only tasks over 50 ms: 0 means none; a worker\'s tasks are not reported); frames counted with requestAnimationFrame; Play -> first terms: ms from the Play click (once the training split is in) until the page shows step >= 1, i.e. its first read-back terms (checked every frame); first terms: the same from navigation start; images/s: the app\'s own training rate; recon / BCE: the mean of the first and of the last 10 training steps. "default" = the page as a visitor gets it (pretrained weights); "scratch" = init=scratch, random weights.', '');
    L.push('| model | weights | backend asked -> used | trains on | frames/s | longest task (ms) | long tasks per run | train-ready (ms) | Play -> first terms (ms) | first terms (ms) | window (s) | images/s in the app | recon / BCE first -> last |', '|---|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const f of run.browser.figures) {
      const r = f.runs[0];
      L.push(`| ${f.model} | ${f.init} | ${f.requested}${f.worker === 'off' ? ' (?worker=off)' : ''} -> ${r.tfBackend} | ${f.thread} | ${fmtSpread(f.fps)} | ${fmtSpread(f.longestTaskMs)} | ${f.runs.map((x) => x.longTasks).join(', ')} | ${fmtSpread(f.trainReadyMs)} | ${f.runs.map((x) => ((x.firstTermsMs ?? NaN) - x.clickMs).toFixed(0)).join(', ')} | ${fmtSpread(f.firstTermsMs)} | ${f.runs.map((x) => x.seconds.toFixed(0)).join(', ')} | ${fmtSpread(f.imagesPerSecond)} | ${f.runs.map((x) => `${x.reconFirst?.toFixed(0) ?? '–'} -> ${x.reconLast?.toFixed(0) ?? '–'}`).join(', ')} |`);
    }
    const s = run.browser.sizes;
    L.push('', '### What the page loads (gzipped bytes as transferred by `vite preview`, which gzips every response; raw = decoded)', '', '| group | files | at first view (gzip) | by train-ready (gzip) | raw by train-ready |', '|---|---|---|---|---|');
    for (const g of [...new Set([...s.ready, ...s.trainReady].map((r) => r.group))]) {
      const a = s.ready.find((r) => r.group === g);
      const b = s.trainReady.find((r) => r.group === g);
      L.push(`| ${g} | ${b?.files ?? a?.files ?? 0} | ${a ? kb(a.gzipBytes) : '–'} | ${b ? kb(b.gzipBytes) : '–'} | ${b ? kb(b.bytes) : '–'} |`);
    }
    L.push('', `Loaded after train-ready, while training: ${s.lazy.length ? s.lazy.map((p) => `\`${p}\``).join(', ') : 'nothing'}.`);
  }
  const leaks = cols.flatMap((col) => Object.entries(col.cases).filter(([, r]) => r.tensorGrowth > 0).map(([id, r]) => `${col.title} ${id} +${r.tensorGrowth}`));
  L.push('', `Tensor count growth across repeats: ${leaks.length ? leaks.join(', ') : 'none (no leaks)'}.`, '');
  return L.join('\n');
}

export function writeReports(run: BenchRun, dir: string): { md: string; json: string } {
  mkdirSync(dir, { recursive: true });
  const md = join(dir, 'bench.md');
  const json = join(dir, 'bench.json');
  writeFileSync(md, renderMarkdown(run));
  writeFileSync(json, `${JSON.stringify({ ...run, targets: targets(run) }, null, 1)}\n`);
  return { md, json };
}
