/**
 * `npm run bench`: one invocation measures training speed everywhere and writes
 * reports/bench.md + reports/bench.json (see README "Benchmark").
 *   Node (tfjs WASM and CPU) -> the PyTorch peer (bench/torch_peer.py) -> Chromium (bench page
 *   on WebGL and WASM, then the real app: long tasks, frame rate, first step, sizes).
 * Options:
 *   --quick            the short form for CI (< 3 min): browser sizes, fewer repeats, writes reports/tmp/
 *   --out DIR          where to write (default reports/, or reports/tmp/ with --quick)
 *   --skip-node | --skip-browser | --skip-torch
 *   --no-build         reuse dist-bench (else the app and the bench page are built into it)
 *   --app-dist DIR     copy this app build into dist-bench instead of building the app (CI: dist)
 *   --repeats N  --seconds S (per repeat)  --models a,b  --sizes browser,paper
 *   --node-backends wasm,cpu  --page-seconds S  --page-runs N  --port P (4332)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { gatherImages, type MnistSplit } from '@/core/data/mnist';
import type { ModelKind } from '@/core/models/types';
import { runBrowserSection, type BrowserResult } from './browser';
import { benchCases, MODELS, type BenchCase, type SizeName } from './lib/configs';
import { loadMeter, machineInfo, type SectionLoad } from './lib/machine';
import { PEAK_SHAPES } from './lib/measure';
import { writeReports, type BenchRun, type TorchResult } from './lib/report';
import { loadTrainSplit, runNodeSection, type BackendRun } from './node-train';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const opt = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const QUICK = flag('quick');
const OUT = opt('out') ?? (QUICK ? 'reports/tmp' : 'reports');
const REPEATS = Number(opt('repeats') ?? (QUICK ? 2 : 3));
const SECONDS = Number(opt('seconds') ?? (QUICK ? 0.5 : 2));
const MODEL_LIST = (opt('models')?.split(',') ?? MODELS) as ModelKind[];
const SIZES = (opt('sizes')?.split(',') ?? (QUICK ? ['browser'] : ['browser', 'paper'])) as SizeName[];
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const t0 = performance.now();
const log = (line: string) => process.stderr.write(`[bench ${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);

for (const m of MODEL_LIST) if (!MODELS.includes(m)) throw new Error(`--models: unknown model "${m}"`);
for (const z of SIZES) if (z !== 'browser' && z !== 'paper') throw new Error(`--sizes: "${z}" is not browser or paper`);

const cases = benchCases(MODEL_LIST, SIZES);
// The naive baseline is a GVAE: it runs at the GVAE cases' sizes.
const naiveCases = cases.filter((c) => c.model === 'gvae');
// --quick: on the slow CPU backend only the browser-sized GVAE (and its naive twin).
const quickSkip = (backend: string, c: BenchCase) => QUICK && backend === 'cpu' && c.id !== 'gvae/browser';

async function main() {
  const load: SectionLoad[] = [];
  const machine = machineInfo(CHROMIUM);
  log(`${machine.cpu}, ${machine.cores} cores; ${cases.length} cases (${SIZES.join(', ')}), ${REPEATS} repeats of ~${SECONDS} s`);
  const train = await loadTrainSplit();

  let node: BackendRun[] = [];
  if (!flag('skip-node')) {
    const meter = loadMeter('Node', true);
    node = await runNodeSection(train, { backends: (opt('node-backends') ?? 'wasm,cpu').split(','), cases, naiveCases, repeats: REPEATS, targetSeconds: SECONDS, skip: quickSkip, log });
    load.push(meter());
  }

  let torch: TorchResult | null = null;
  let torchSkipped: string | null = 'skipped (--skip-torch)';
  if (!flag('skip-torch')) {
    const meter = loadMeter('PyTorch', false);
    ({ result: torch, skipped: torchSkipped } = torchPeer(cases, train));
    if (torch?.error) {
      torchSkipped = torch.error;
      log(`torch: ${torch.error}`);
    }
    load.push(meter());
  }

  let browser: BrowserResult | null = null;
  let browserSkipped: string | null = null;
  if (flag('skip-browser')) browserSkipped = 'skipped (--skip-browser)';
  else if (!existsSync(CHROMIUM)) browserSkipped = `skipped: no Chromium at ${CHROMIUM}`;
  else {
    const meter = loadMeter('Chromium', false);
    browser = await runBrowserSection({
      dist: 'dist-bench', port: Number(opt('port') ?? 4332), chromiumPath: CHROMIUM,
      build: !flag('no-build'), appDist: opt('app-dist'), backends: ['webgl', 'wasm'],
      plan: { cases, naiveCases, repeats: REPEATS, targetSeconds: SECONDS, peakShapes: PEAK_SHAPES },
      page: {
        // The app as a visitor gets it (pretrained weights, the backend it picks: WASM here, as
        // SwiftShader is software, so training runs in a Web Worker) for every model; the same on
        // WASM with ?worker=off (training on the page's thread, the path before the worker) for the
        // GVAE and GNCN-PDH, as before/after; forced WebGL for the GVAE (it trains on the page's
        // thread); and GNCN-PDH from random weights for the first minute after navigation
        // ("visibly improving within a minute"). --quick: the GVAE with and without the worker.
        targets: QUICK ? [{ model: 'gvae', requested: 'auto' }, { model: 'gvae', requested: 'wasm', worker: 'off' as const }] : [
          ...MODEL_LIST.flatMap((model) => [
            { model, requested: 'auto' },
            ...(model === 'gvae' || model === 'gncn-pdh' ? [{ model, requested: 'wasm', worker: 'off' as const }] : []),
          ]),
          ...(MODEL_LIST.includes('gvae') ? [{ model: 'gvae', requested: 'webgl' }] : []),
          ...(MODEL_LIST.includes('gncn-pdh') ? [{ model: 'gncn-pdh', requested: 'auto', init: 'scratch' as const, untilSeconds: 60 }] : []),
        ],
        seconds: Number(opt('page-seconds') ?? (QUICK ? 4 : 10)),
        runs: Number(opt('page-runs') ?? (QUICK ? 1 : 2)),
      },
      log,
    });
    load.push(meter());
  }

  const run: BenchRun = {
    mode: QUICK ? 'quick' : 'full', argv, machine,
    versions: { 'tfjs-core': tf.version_core, ...packageVersions(['@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgl', '@playwright/test', 'vite']) },
    load, cases, node, browser, browserSkipped, torch, torchSkipped,
    seconds: (performance.now() - t0) / 1000,
  };
  const { md, json } = writeReports(run, OUT);
  log(`wrote ${md} and ${json}`);
}

function packageVersions(names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of names) {
    try {
      out[n] = (JSON.parse(readFileSync(join('node_modules', n, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      // not installed
    }
  }
  return out;
}

/** Writes the plan and 4,096 training images for the peer, runs it, parses its JSON. */
function torchPeer(list: BenchCase[], train: MnistSplit): { result: TorchResult | null; skipped: string | null } {
  const python = '/usr/bin/python3';
  if (!existsSync(python)) return { result: null, skipped: 'skipped: /usr/bin/python3 is missing' };
  mkdirSync('reports/tmp', { recursive: true });
  const images = join('reports/tmp', 'bench-images.u8');
  const n = 4096;
  const pixels = new Uint8Array(n * 784);
  const floats = gatherImages(train, Array.from({ length: n }, (_, i) => i)); // {0, 1}
  for (let i = 0; i < pixels.length; i++) pixels[i] = floats[i];
  writeFileSync(images, pixels);
  const plan = join('reports/tmp', 'torch-plan.json');
  writeFileSync(plan, JSON.stringify({
    // OpenBLAS's two threads on a shared 2-core machine vary more than WASM's one: more repeats
    images, repeats: QUICK ? REPEATS : Math.max(REPEATS, 5), targetSeconds: SECONDS, peakShapes: PEAK_SHAPES,
    cases: list.map((c) => ({ id: c.id, model: c.model, spec: c.spec })),
  }));
  log('torch: running bench/torch_peer.py (OpenBLAS 2 threads, torch 1 thread)');
  const r = spawnSync(python, ['bench/torch_peer.py', plan], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 30 * 60_000 });
  if (r.status !== 0) return { result: null, skipped: `the PyTorch peer failed (exit ${r.status}); see the log above` };
  try {
    return { result: JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as TorchResult, skipped: null };
  } catch {
    return { result: null, skipped: 'the PyTorch peer printed no JSON' };
  }
}

void main().catch((err) => {
  log(`failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  process.exit(1);
});
