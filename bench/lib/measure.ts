/**
 * The timed loops, the same in Node and in the bench page: training steps/s of a model through
 * the app's Trainer (steps queued, one batched readback per repeat, as the page does), the naive
 * baseline (a readback every step) and the backend's matMul peak. Time-boxed: each repeat runs
 * about `targetSeconds` of steps (at least one), after a warm-up.
 */
import * as tf from '@tensorflow/tfjs-core';
import { gatherImages, type MnistSplit } from '@/core/data/mnist';
import { Trainer } from '@/core/train/trainer';
import { createModel } from '@/session/model-factory';
import type { BenchCase } from './configs';
import { createNaiveVae } from './naive-vae';
import { spread, type Spread } from './stats';

export interface LoopOptions {
  repeats: number;
  /** Wall seconds per repeat (at least one step). */
  targetSeconds: number;
  /** CPU milliseconds used so far (this process in Node, the Chromium processes for the page), for
   * a figure that other processes' load changes much less than wall clock. */
  cpuMs?: () => number | Promise<number>;
}

export interface RateResult {
  /** Steps per second per repeat (wall clock). */
  stepsPerSecond: Spread;
  /** Steps per CPU-second, when cpuMs is given. */
  stepsPerCpuSecond?: Spread;
  stepsPerRepeat: number;
  parameters?: number;
  /** Largest tensor count growth over the repeats (a leak shows here). */
  tensorGrowth: number;
}

/** Runs `run(n)` (n steps, resolved when their results are read back) in timed repeats. */
async function timeLoop(run: (n: number) => Promise<void>, opt: LoopOptions): Promise<RateResult> {
  const t0 = performance.now();
  await run(1); // warm-up: kernels compile, XNNPACK packs, shaders link
  const first = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  await run(1);
  const second = (performance.now() - t1) / 1000;
  const perStep = Math.min(first, second);
  const n = Math.max(1, Math.min(200, Math.round(opt.targetSeconds / Math.max(perStep, 1e-4))));
  const wall: number[] = [];
  const cpu: number[] = [];
  const tensors0 = tf.memory().numTensors;
  let growth = 0;
  for (let r = 0; r < opt.repeats; r++) {
    const c0 = (await opt.cpuMs?.()) ?? 0;
    const w0 = performance.now();
    await run(n);
    wall.push((n * 1000) / (performance.now() - w0));
    if (opt.cpuMs) cpu.push((n * 1000) / Math.max(1e-6, (await opt.cpuMs()) - c0));
    growth = Math.max(growth, tf.memory().numTensors - tensors0);
  }
  return { stepsPerSecond: spread(wall), stepsPerCpuSecond: opt.cpuMs ? spread(cpu) : undefined, stepsPerRepeat: n, tensorGrowth: growth };
}

/** Training speed of one case on the active backend, through the app's Trainer on real MNIST. */
export async function measureCase(c: BenchCase, train: MnistSplit, opt: LoopOptions): Promise<RateResult> {
  const model = createModel(c.settings);
  const trainer = new Trainer({ model, train, batchSize: c.batch, seed: 1 });
  try {
    const r = await timeLoop(async (n) => {
      trainer.runSteps(n);
      await trainer.readback();
    }, opt);
    return { ...r, parameters: model.numParams };
  } finally {
    trainer.dispose();
    model.dispose();
  }
}

/** The naive GVAE step (see naive-vae.ts) at this case's sizes: a readback after every step. */
export async function measureNaive(c: BenchCase, train: MnistSplit, opt: LoopOptions): Promise<RateResult> {
  const vae = createNaiveVae(c.settings.hiddenWidth, c.settings.latentDim, 1);
  let next = 0;
  const batchPixels = () => {
    const idx = Array.from({ length: c.batch }, () => (next++ * 7919) % train.count);
    return gatherImages(train, idx);
  };
  try {
    return await timeLoop(async (n) => {
      for (let i = 0; i < n; i++) await vae.step(batchPixels(), c.batch);
    }, opt);
  } finally {
    vae.dispose();
  }
}

/** A matMul shape [m, k] x [k, n]. */
export interface MatmulShape {
  m: number;
  k: number;
  n: number;
}

export const PEAK_SHAPES: MatmulShape[] = [
  { m: 512, k: 512, n: 512 },
  { m: 64, k: 784, n: 512 },
  { m: 64, k: 512, n: 512 },
  { m: 64, k: 512, n: 784 },
  { m: 64, k: 784, n: 256 },
];

export interface PeakResult {
  /** GFLOP/s per shape ("512x512x512"), median over repeats. */
  shapes: Record<string, Spread>;
  /** The best median: the backend's own peak in this run. */
  peakGflops: number;
  peakShape: string;
  /** GFLOP per CPU-second, best shape (when cpuMs is given). */
  cpuPeakGflops?: number;
}

/**
 * GFLOP/s of plain matMuls (no transposed operand, the same right operand every call, as
 * XNNPACK likes best) for each shape; chains of calls, timed to the readback of the last one.
 */
export async function matmulPeak(shapes: MatmulShape[], opt: LoopOptions): Promise<PeakResult> {
  const out: Record<string, Spread> = {};
  let cpuPeak = 0;
  for (const { m, k, n } of shapes) {
    const a = tf.randomNormal([m, k]) as tf.Tensor2D;
    const b = tf.randomNormal([k, n]) as tf.Tensor2D;
    const run = async (calls: number) => {
      for (let i = 0; i < calls - 1; i++) tf.matMul(a, b).dispose();
      const last = tf.matMul(a, b);
      await last.data();
      last.dispose();
    };
    const r = await timeLoop(run, opt);
    const flops = 2 * m * k * n;
    out[`${m}x${k}x${n}`] = spread(r.stepsPerSecond.values.map((s) => (s * flops) / 1e9));
    if (r.stepsPerCpuSecond) cpuPeak = Math.max(cpuPeak, (r.stepsPerCpuSecond.median * flops) / 1e9);
    a.dispose();
    b.dispose();
  }
  const [peakShape, best] = Object.entries(out).reduce((acc, e) => (e[1].median > acc[1].median ? e : acc));
  return { shapes: out, peakGflops: best.median, peakShape, ...(cpuPeak > 0 ? { cpuPeakGflops: cpuPeak } : {}) };
}
