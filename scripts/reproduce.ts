/**
 * Reproduces the paper's MNIST Tables 1 and 2 (Ororbia & Kifer 2022; shared reference §3-§4):
 * trains GVAE, GVAE-CV, RAE and GNCN-PDH in Node on binarized MNIST (public/data), evaluates
 * BCE, M-MSE, Err and log p(x) (src/core/metrics), and writes reports/reproduce.{md,json}:
 * our numbers beside the paper's, with units, estimators, epochs, backend, seed, wall time.
 *
 * Protocol, as far as the paper specifies it, with our settings table's defaults elsewhere:
 * batch 200 (paper), Adam lr 1e-3 (our default and [C]'s; the paper's baselines used SGD with no
 * reported rate), 50 epochs (paper; --epochs to change), autoencoders 784-512-512-20 (hidden 512
 * ≈ GNCN-PDH's synapse budget), GNCN-PDH 784-360-360-360 with K = 50, beta 0.1, leak 0.001 ([W]).
 *
 * Usage: npx tsx scripts/reproduce.ts [--quick] [--epochs N] [--models gvae,gvae-cv,rae,gncn-pdh]
 *   [--seed S] [--subset TRAIN,TEST] [--export-weights DIR] [--out DIR] [--backend auto|wasm|cpu]
 *   [--batch B] [--samples S] [--gmm-k K] [--gmm-codes N] [--gmm-iter I[,kind=I]] [--is-k K]
 *   [--is-images N] [--clf-iter I] [--jobs N]
 * --jobs N runs the models in N child processes (one core each: tfjs WASM is single-threaded in
 * Node) and merges their reports. --gmm-iter 100,gncn-pdh=12 caps EM per model (the 360-d GNCN
 * codes cost ~10 ms per code per EM iteration in plain JS).
 */
import '@tensorflow/tfjs'; // registers the kernel gradients in Node (see core/train/gradients.ts)
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { gatherImages, type MnistSplit } from '@/core/data/mnist';
import { head, loadSplit } from './lib/node-data';
import { writeWeightPack } from './lib/weight-files';
import { parsePerModel } from './lib/per-model';
import { PIXELS } from '@/core/data/bit-pack';
import { Trainer } from '@/core/train/trainer';
import type { GenerativeModel, ModelKind } from '@/core/models/types';
import { evaluateAll, type Stage } from '@/core/metrics/evaluate-all';
import { range } from '@/core/metrics/common';
import { reproduceMarkdown, type ModelRun, type ReproduceReport } from '@/core/metrics/report';
import { createModel } from '@/session/model-factory';
import { defaultSettings, type Settings } from '@/settings/settings';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const opt = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const num = (name: string, fallback: number) => {
  const v = opt(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`--${name} needs a number, got "${v}"`);
  return n;
};

/** A default and per-model overrides: "--gmm-iter 100,gncn-pdh=12". */
const perModel = (name: string, fallback: number) => parsePerModel(name, opt(name), fallback);

const QUICK = flag('quick');
const SEED = num('seed', 1);
const BATCH = num('batch', 200);
const EPOCHS = num('epochs', QUICK ? 2 : 50);
const MODELS = (opt('models') ?? 'gvae,gvae-cv,rae,gncn-pdh').split(',') as ModelKind[];
const [TRAIN_N, TEST_N] = (opt('subset') ?? (QUICK ? '1000,200' : '60000,10000')).split(',').map(Number);
const PROTOCOL = {
  samples: num('samples', QUICK ? 500 : 5000),
  gmm: { k: num('gmm-k', QUICK ? 10 : 75), covariance: 'full' as const, codes: num('gmm-codes', QUICK ? 1000 : 18000), maxIter: opt('gmm-iter') ?? (QUICK ? '10' : '100') },
  importance: { K: num('is-k', QUICK ? 20 : 100), images: num('is-images', QUICK ? 100 : 1000) },
  classifier: { l2: 1e-4, maxIter: num('clf-iter', QUICK ? 100 : 300) },
  mask: { kind: 'right-half' as const },
  bceClip: 1e-7,
};
/** The paper's sizes (bench/node-train.ts uses the same): hidden 512; GNCN 360-360-360, K = 50. */
const GMM_ITER = perModel('gmm-iter', QUICK ? 10 : 100);
const PAPER_SIZES: Partial<Settings> = { hiddenWidth: 512, latentDim: 20, layerWidth: 360, topColumnSize: 18, settlingSteps: 50 };
for (const k of MODELS) if (!['gvae', 'gvae-cv', 'rae', 'gncn-pdh'].includes(k)) throw new Error(`unknown model "${k}"`);

// ---------------------------------------------------------------- progress bars (stderr)
const TTY = process.stderr.isTTY === true;
const clock = (s: number) => (!Number.isFinite(s) ? '--:--' : s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`);
class Bar {
  private readonly t0 = performance.now();
  private lastDraw = 0;
  /** Non-TTY (CI logs): a line every 15 s and one at the end, nothing else. */
  private lastLine = performance.now();
  private finished = false;
  constructor(private readonly label: string) {}
  private line(frac: number, extra: string): string {
    const el = (performance.now() - this.t0) / 1000;
    const eta = frac > 0 ? (el * (1 - frac)) / frac : NaN;
    const filled = Math.round(Math.min(1, frac) * 24);
    return `${this.label.padEnd(30)} [${'#'.repeat(filled)}${'.'.repeat(24 - filled)}] ${String(Math.round(frac * 100)).padStart(3)}% ${clock(el)} ETA ${clock(eta)} ${extra}`;
  }
  update(frac: number, extra = ''): void {
    const now = performance.now();
    if (this.finished || now - this.lastDraw < 250) return;
    this.lastDraw = now;
    if (TTY) process.stderr.write(`\r${this.line(frac, extra)}\x1b[K`);
    else if (frac < 1 && now - this.lastLine > 15000) {
      process.stderr.write(`${this.line(frac, extra)}\n`);
      this.lastLine = now;
    }
  }
  done(extra = ''): void {
    if (this.finished) return;
    this.finished = true;
    process.stderr.write(`${TTY ? '\r' : ''}${this.line(1, extra)}${TTY ? '\x1b[K' : ''}\n`);
  }
}
const log = (s: string) => process.stderr.write(`${s}\n`);

// ---------------------------------------------------------------- models
function settingsFor(kind: ModelKind): Settings {
  return { ...defaultSettings(), ...PAPER_SIZES, model: kind, seed: SEED, batchSize: BATCH };
}
function configOf(s: Settings): Record<string, unknown> {
  const common = { optimizer: s.optimizer, learningRate: s.learningRate, batch: BATCH };
  switch (s.model) {
    case 'gncn-pdh':
      return { sizes: `784-${s.layerWidth}-${s.layerWidth}-${20 * s.topColumnSize}`, K: s.settlingSteps, beta: s.stateRate, leak: s.leak, lateral: s.lateral, columnConstraint: s.columnConstraint, ...common };
    case 'gvae':
      return { sizes: `784-${s.hiddenWidth}-${s.hiddenWidth}-${s.latentDim}`, klWeight: s.klWeight, ...common };
    case 'gvae-cv':
      return { sizes: `784-${s.hiddenWidth}-${s.hiddenWidth}-${s.latentDim}`, sigma2: s.sigma2, ...common };
    case 'rae':
      return { sizes: `784-${s.hiddenWidth}-${s.hiddenWidth}-${s.latentDim}`, lambda: s.lambda, regularizer: s.regularizer, ...common };
  }
}

// ---------------------------------------------------------------- backend choice
/**
 * The same two training steps and one evaluation of every model kind (small sizes, batch 16,
 * same seed) on CPU and on WASM; WASM is used when its terms agree with CPU's to 1e-3 relative.
 */
async function chooseBackend(train: MnistSplit): Promise<{ name: string; note: string }> {
  const want = opt('backend') ?? 'auto';
  const x = gatherImages(train, range(16));
  const run = async (backend: string) => {
    if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} did not start`);
    await tf.ready();
    const out: Record<string, { terms: number[]; seconds: number }> = {};
    for (const kind of ['gvae', 'gvae-cv', 'rae', 'gncn-pdh'] as ModelKind[]) {
      const m = createModel({ ...defaultSettings(), model: kind, seed: SEED, hiddenWidth: 32, latentDim: 8, layerWidth: 48, topColumnSize: 4, settlingSteps: 10 });
      const t0 = performance.now();
      const terms: number[] = [];
      const xt = tf.tensor2d(x, [16, PIXELS]);
      for (let s = 0; s < 2; s++) terms.push(...(await tf.tidy(() => m.trainStep(xt, s)).data()));
      terms.push(...(await tf.tidy(() => m.evaluate(xt, 7)).data()));
      out[kind] = { terms, seconds: (performance.now() - t0) / 1000 };
      xt.dispose();
      m.dispose();
    }
    return out;
  };
  if (want === 'cpu') {
    await tf.setBackend('cpu');
    return { name: 'cpu', note: 'forced by --backend cpu' };
  }
  const wasmSimd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const wasm = await run('wasm');
  const cpu = await run('cpu');
  const lines: string[] = [];
  let ok = true;
  for (const kind of Object.keys(wasm)) {
    const a = wasm[kind].terms;
    const b = cpu[kind].terms;
    const rel = Math.max(...a.map((v, i) => Math.abs(v - b[i]) / Math.max(1, Math.abs(b[i]))));
    const pass = a.length === b.length && rel <= 1e-3 && a.every(Number.isFinite);
    ok &&= pass;
    lines.push(`${kind}: max rel. diff ${rel.toExponential(1)} ${pass ? 'ok' : 'MISMATCH'}; ${wasm[kind].seconds.toFixed(2)} s wasm vs ${cpu[kind].seconds.toFixed(2)} s cpu`);
  }
  lines.forEach((l) => log(`  backend check ${l}`));
  const useWasm = ok && want !== 'cpu';
  if (want === 'wasm' && !ok) throw new Error('--backend wasm: WASM disagrees with CPU (see above)');
  await tf.setBackend(useWasm ? 'wasm' : 'cpu');
  await tf.ready();
  const check = `2 train steps + 1 evaluate per model at small sizes agree with CPU to ${ok ? '<= 1e-3 relative' : 'NOT within 1e-3'}`;
  const note = useWasm
    ? `WASM, SIMD ${wasmSimd ? 'on' : 'off'}, threads off (tfjs disables WASM threads in Node); ${check}`
    : `CPU (WASM failed the check: ${check})`;
  log(`backend: ${useWasm ? 'wasm' : 'cpu'} — ${note}`);
  return { name: useWasm ? 'wasm' : 'cpu', note };
}

// ---------------------------------------------------------------- one model
async function trainModel(model: GenerativeModel, s: Settings, train: MnistSplit): Promise<ModelRun['training']> {
  const trainer = new Trainer({ model, train, batchSize: BATCH, seed: SEED });
  const perEpoch = Math.floor(train.count / BATCH);
  const total = perEpoch * EPOCHS;
  const bar = new Bar(`train ${s.model} (${EPOCHS} ep)`);
  const t0 = performance.now();
  let last = '';
  try {
    for (let done = 0; done < total;) {
      const n = Math.min(5, total - done);
      trainer.runSteps(n);
      const { latest, divergence } = await trainer.readback();
      if (divergence) throw new Error(`training diverged: ${divergence.term} = ${divergence.value} at step ${divergence.step}`);
      done += n;
      if (latest) last = `${model.objectiveKey} ${latest[model.objectiveKey].toFixed(2)}`;
      bar.update(done / total, last);
    }
  } finally {
    trainer.dispose();
  }
  bar.done(last);
  const h = trainer.history;
  const from = Math.max(0, h.steps.length - perEpoch);
  const lastEpochTerms = Object.fromEntries(Object.entries(h.terms).map(([k, v]) => {
    const tail = v.slice(from);
    return [k, tail.reduce((a, b) => a + b, 0) / Math.max(1, tail.length)];
  }));
  return { epochs: EPOCHS, steps: total, batchSize: BATCH, seconds: (performance.now() - t0) / 1000, optimizer: s.optimizer, learningRate: s.learningRate, lastEpochTerms };
}

async function exportWeights(model: GenerativeModel, dir: string, meta: Record<string, unknown>): Promise<ModelRun['weights']> {
  const w = writeWeightPack(dir, model.kind, await model.getWeights(), meta);
  return { manifest: w.manifestPath, binary: w.binaryPath, bytes: w.bytes.length };
}

async function runModel(kind: ModelKind, train: MnistSplit, test: MnistSplit, backend: string): Promise<ModelRun> {
  const s = settingsFor(kind);
  const model = createModel(s);
  try {
    log(`\n== ${kind}: ${JSON.stringify(configOf(s))}, ${model.numParams.toLocaleString('en')} parameters`);
    const training = await trainModel(model, s, train);
    const exportDir = opt('export-weights');
    const weights = exportDir ? await exportWeights(model, exportDir, { settings: s, epochs: EPOCHS, seed: SEED, backend, train: train.count }) : undefined;
    let bar: Bar | null = null;
    let current: Stage | null = null;
    const evaluation = await evaluateAll(model, {
      train, test, trainIndices: range(train.count), testIndices: range(test.count), seed: SEED,
      mask: PROTOCOL.mask, bceClip: PROTOCOL.bceClip, classifier: PROTOCOL.classifier, gmm: { ...PROTOCOL.gmm, maxIter: GMM_ITER(kind) },
      samples: PROTOCOL.samples, importance: PROTOCOL.importance, sigma2: s.sigma2,
      onProgress: (stage, f) => {
        if (stage !== current) {
          bar?.done();
          bar = new Bar(`  ${kind}: ${stage}`);
          current = stage;
        }
        bar?.update(f);
      },
    });
    (bar as Bar | null)?.done();
    const e = evaluation;
    log(`  ${kind}: BCE ${e.bce.bce.toFixed(2)} nats, M-MSE ${e.mmse.mmse.toFixed(2)}, Err ${e.err.errPercent.toFixed(2)} %, log p(x) ${e.logPx.logPx.mean.toFixed(2)} nats (code-compatible ${e.logPx.codeCompatible.toFixed(2)})${e.importance ? `, IS ${e.importance.logPx.mean.toFixed(2)}, ELBO ${e.importance.elbo.toFixed(2)}` : ''}`);
    return { kind, config: configOf(s), numParams: model.numParams, training, evaluation, weights };
  } finally {
    model.dispose();
  }
}

// ---------------------------------------------------------------- parallel jobs
/** argv without `--name value` for the given names. */
const without = (args: string[], names: string[]) => args.filter((a, i) => !names.some((n) => a === `--${n}` || args[i - 1] === `--${n}`));

/** Runs model groups in child processes (balanced by rough cost) and merges their reports. */
async function runJobs(jobs: number, outDir: string, t0: number): Promise<void> {
  const cost: Record<ModelKind, number> = { 'gncn-pdh': 4, gvae: 1, 'gvae-cv': 1, rae: 1 };
  const groups: ModelKind[][] = Array.from({ length: Math.min(jobs, MODELS.length) }, () => []);
  const load = groups.map(() => 0);
  for (const k of [...MODELS].sort((a, b) => cost[b] - cost[a])) {
    const i = load.indexOf(Math.min(...load));
    groups[i].push(k);
    load[i] += cost[k];
  }
  const base = without(argv, ['jobs', 'models', 'out']);
  const reports = await Promise.all(groups.map((g, i) => new Promise<ReproduceReport>((resolve, reject) => {
    const dir = join(outDir, `job-${i + 1}`);
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1], ...base, '--models', g.join(','), '--out', dir], { stdio: ['ignore', 'inherit', 'pipe'] });
    let pending = '';
    child.stderr.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop() ?? '';
      for (const l of lines) process.stderr.write(`[job ${i + 1}: ${g.join(',')}] ${l}\n`);
    });
    child.on('exit', (code) => {
      try {
        resolve(JSON.parse(readFileSync(join(dir, 'reproduce.json'), 'utf8')) as ReproduceReport);
      } catch {
        reject(new Error(`job ${i + 1} (${g.join(',')}) exited with ${code} and no report`));
      }
    });
  })));
  const report: ReproduceReport = {
    ...reports[0],
    createdAt: new Date().toISOString(),
    command: `npx tsx scripts/reproduce.ts ${argv.join(' ')}`.trim(),
    backend: { name: reports[0].backend.name, note: `${reports.length} parallel jobs (${groups.map((g) => g.join('+')).join(' | ')}); ${[...new Set(reports.map((r) => r.backend.note))].join(' / ')}` },
    models: reports.flatMap((r) => r.models),
    failures: reports.flatMap((r) => r.failures),
    wallSeconds: (performance.now() - t0) / 1000,
  };
  writeReport(report, outDir);
}

function writeReport(report: ReproduceReport, outDir: string): void {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'reproduce.json'), `${JSON.stringify(report, null, 1)}\n`);
  writeFileSync(join(outDir, 'reproduce.md'), reproduceMarkdown(report));
  log(`\nwrote ${join(outDir, 'reproduce.md')} and reproduce.json in ${clock(report.wallSeconds)}`);
  if (report.failures.length) process.exitCode = 1;
}

// ---------------------------------------------------------------- main
async function main(): Promise<void> {
  const t0 = performance.now();
  const outDir = opt('out') ?? 'reports';
  const jobs = num('jobs', 1);
  if (jobs > 1 && MODELS.length > 1) return runJobs(jobs, outDir, t0);
  const [trainAll, testAll] = [await loadSplit('train'), await loadSplit('test')];
  const train = head(trainAll, TRAIN_N);
  const test = head(testAll, TEST_N);
  log(`data: ${train.count} train / ${test.count} test images; epochs ${EPOCHS}, batch ${BATCH}, seed ${SEED}${QUICK ? ' (--quick)' : ''}`);
  const backend = await chooseBackend(train);
  const models: ModelRun[] = [];
  const failures: ReproduceReport['failures'] = [];
  for (const kind of MODELS) {
    try {
      models.push(await runModel(kind, train, test, backend.name));
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      log(`  ${kind} FAILED: ${error}`);
      failures.push({ kind, error });
    }
  }
  const report: ReproduceReport = {
    createdAt: new Date().toISOString(),
    command: `npx tsx scripts/reproduce.ts ${argv.join(' ')}`.trim(),
    quick: QUICK,
    seed: SEED,
    backend,
    machine: `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
    data: { train: train.count, test: test.count, source: 'public/data (binarized at 0.5, first N of each split)' },
    protocol: { ...PROTOCOL, epochs: EPOCHS, batch: BATCH, sizes: PAPER_SIZES },
    models,
    failures,
    wallSeconds: (performance.now() - t0) / 1000,
  };
  writeReport(report, outDir);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
