/**
 * The Node part of `npm run bench`: on the tfjs WASM and CPU backends, the matMul peak, every
 * case's training speed (wall clock and per CPU-second of this process) and the naive GVAE
 * baseline, on real binarized MNIST (public/data). Imports '@tensorflow/tfjs' first: its Node
 * bundle registers the kernel gradients.
 */
import '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import type { MnistSplit } from '@/core/data/mnist';
import { loadSplit } from '../scripts/lib/node-data';
import type { BenchCase } from './lib/configs';
import { matmulPeak, measureCase, measureNaive, PEAK_SHAPES, type PeakResult, type RateResult } from './lib/measure';

/** The binarized training split, read and checked as the other Node scripts read it. */
export const loadTrainSplit = (): Promise<MnistSplit> => loadSplit('train');

export interface BackendRun {
  backend: string;
  detail: string;
  peak: PeakResult;
  cases: Record<string, RateResult>;
  naive: Record<string, RateResult>;
  seconds: number;
}

export interface NodeOptions {
  backends: string[];
  cases: BenchCase[];
  /** Cases (GVAE ones) to run the naive baseline on. */
  naiveCases: BenchCase[];
  repeats: number;
  targetSeconds: number;
  /** Cases to skip on a backend, e.g. the paper-sized GNCN on CPU in --quick. */
  skip?: (backend: string, c: BenchCase) => boolean;
  log: (line: string) => void;
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

export async function runNodeSection(train: MnistSplit, o: NodeOptions): Promise<BackendRun[]> {
  const runs: BackendRun[] = [];
  for (const backend of o.backends) {
    const t0 = performance.now();
    if (!(await tf.setBackend(backend))) throw new Error(`node: backend ${backend} did not start`);
    await tf.ready();
    const detail = backend === 'wasm'
      ? `tfjs-backend-wasm ${tf.version_core}, SIMD ${String(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'))}, threads ${String(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'))}`
      : `tfjs-backend-cpu ${tf.version_core} (JavaScript)`;
    const peak = await matmulPeak(PEAK_SHAPES, { repeats: o.repeats, targetSeconds: Math.min(0.5, o.targetSeconds), cpuMs });
    o.log(`node ${backend}: matMul peak ${peak.peakGflops.toFixed(2)} GFLOP/s (${peak.peakShape})`);
    const run: BackendRun = { backend, detail, peak, cases: {}, naive: {}, seconds: 0 };
    const opt = { repeats: o.repeats, targetSeconds: o.targetSeconds, cpuMs };
    // Warm the JIT (tfjs's engine and kernel glue) on a small case first: the first model timed
    // would otherwise pay for it.
    const small = o.cases.find((c) => c.size === 'browser' && c.model !== 'gncn-pdh');
    if (small && !o.skip?.(backend, small)) await measureCase(small, train, { repeats: 1, targetSeconds: Math.min(1, o.targetSeconds) });
    for (const c of o.cases) {
      if (o.skip?.(backend, c)) continue;
      run.cases[c.id] = await measureCase(c, train, opt);
      o.log(`node ${backend}: ${c.id} ${(run.cases[c.id].stepsPerSecond.median * c.batch).toFixed(0)} images/s`);
    }
    for (const c of o.naiveCases) {
      if (o.skip?.(backend, c)) continue;
      run.naive[c.id] = await measureNaive(c, train, opt);
      o.log(`node ${backend}: naive ${c.id} ${(run.naive[c.id].stepsPerSecond.median * c.batch).toFixed(0)} images/s`);
    }
    run.seconds = (performance.now() - t0) / 1000;
    runs.push(run);
  }
  return runs;
}
