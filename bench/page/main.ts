/**
 * The benchmark page: the same timed loops as in Node (bench/lib/measure.ts) on the backend the
 * app would start for `?backend=` (src/platform/backend.ts, which also serves the WASM files),
 * on the built site's MNIST. bench/browser.ts calls window.runBench(plan) and reads the result.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { fetchManifest, fetchSplit } from '@/core/data/load-mnist';
import type { MnistSplit } from '@/core/data/mnist';
import { startBackend, type BackendInfo } from '@/platform/backend';
import type { BenchCase } from '../lib/configs';
import { matmulPeak, measureCase, measureNaive, type MatmulShape, type PeakResult, type RateResult } from '../lib/measure';

export interface PagePlan {
  cases: BenchCase[];
  naiveCases: BenchCase[];
  repeats: number;
  targetSeconds: number;
  peakShapes: MatmulShape[];
  /** Time CPU-seconds too, through window.benchCpuMs (exposed by bench/browser.ts). */
  cpu: boolean;
}

export interface PageResult {
  backend: BackendInfo;
  tfBackend: string;
  userAgent: string;
  peak: PeakResult;
  cases: Record<string, RateResult>;
  naive: Record<string, RateResult>;
  errors: Record<string, string>;
}

const logEl = document.getElementById('log')!;
const log = (line: string) => {
  logEl.textContent += `\n${line}`;
  console.log(`[bench] ${line}`);
};

let backend: Promise<BackendInfo> | null = null;
let train: Promise<MnistSplit> | null = null;

async function runBench(plan: PagePlan): Promise<PageResult> {
  backend ??= startBackend(location.search);
  const info = await backend;
  train ??= fetchManifest('../data/').then((m) => fetchSplit('../data/', m, 'train', () => {}));
  const split = await train;
  const opt = { repeats: plan.repeats, targetSeconds: plan.targetSeconds, cpuMs: plan.cpu ? () => window.benchCpuMs() : undefined };
  const peak = await matmulPeak(plan.peakShapes, { ...opt, targetSeconds: Math.min(0.5, opt.targetSeconds) });
  log(`${tf.getBackend()}: matMul peak ${peak.peakGflops.toFixed(2)} GFLOP/s (${peak.peakShape})`);
  // Warm the JIT on a small case first, as in Node: the first model timed would pay for it.
  const small = plan.cases.find((c) => c.size === 'browser' && c.model !== 'gncn-pdh');
  if (small) await measureCase(small, split, { repeats: 1, targetSeconds: Math.min(1, opt.targetSeconds) });
  const result: PageResult = { backend: info, tfBackend: tf.getBackend(), userAgent: navigator.userAgent, peak, cases: {}, naive: {}, errors: {} };
  for (const [which, list, fn] of [['cases', plan.cases, measureCase], ['naive', plan.naiveCases, measureNaive]] as const) {
    for (const c of list) {
      try {
        result[which][c.id] = await fn(c, split, opt);
        log(`${tf.getBackend()}: ${which === 'naive' ? 'naive ' : ''}${c.id} ${(result[which][c.id].stepsPerSecond.median * c.batch).toFixed(0)} images/s`);
      } catch (err) {
        result.errors[`${which}:${c.id}`] = err instanceof Error ? err.message : String(err);
        log(`${which} ${c.id} failed: ${result.errors[`${which}:${c.id}`]}`);
      }
    }
  }
  return result;
}

declare global {
  interface Window {
    runBench: typeof runBench;
    /** CPU milliseconds of the Chromium processes (Playwright's exposeFunction, from Node). */
    benchCpuMs: () => Promise<number>;
  }
}
window.runBench = runBench;
