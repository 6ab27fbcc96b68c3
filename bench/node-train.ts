/**
 * Training speed of a model in Node on the tfjs CPU and WASM backends (steps/s, images/s).
 * A first, small form of `npm run bench`: a fixed number of warm-up and timed steps on real
 * binarized MNIST, median of repeats. Usage: npm run bench -- [--steps N] [--batch B] [--hidden H]
 */
import '@tensorflow/tfjs'; // registers the kernel gradients in Node (see core/train/gradients.ts)
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeAsset, parseManifest } from '@/core/data/manifest';
import { makeSplit } from '@/core/data/mnist';
import { createGaussianVae } from '@/core/models/gaussian-vae';
import { Trainer } from '@/core/train/trainer';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

async function loadTrain() {
  const dir = join(process.cwd(), 'public', 'data');
  const m = parseManifest(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'))).splits.train;
  const images = await decodeAsset(new Uint8Array(readFileSync(join(dir, m.images.file))), m.images);
  const labels = await decodeAsset(new Uint8Array(readFileSync(join(dir, m.labels.file))), m.labels);
  return makeSplit(images, labels);
}

async function main() {
  const steps = arg('steps', 30);
  const batch = arg('batch', 64);
  const hidden = arg('hidden', 256);
  const repeats = arg('repeats', 3);
  const train = await loadTrain();
  for (const backend of ['wasm', 'cpu']) {
    await tf.setBackend(backend);
    await tf.ready();
    const model = createGaussianVae({ latentDim: 20, hiddenWidth: hidden, beta: 1, learningRate: 1e-3, seed: 1 });
    const trainer = new Trainer({ model, train, batchSize: batch, seed: 1 });
    trainer.runSteps(3);
    await trainer.readback();
    const rates: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const t0 = performance.now();
      trainer.runSteps(steps);
      await trainer.readback();
      rates.push((steps * 1000) / (performance.now() - t0));
    }
    rates.sort((a, b) => a - b);
    const med = rates[Math.floor(rates.length / 2)];
    console.log(`GVAE 784-${hidden}-${hidden}-20 batch ${batch} on ${backend}: ${med.toFixed(2)} steps/s, ${(med * batch).toFixed(0)} images/s (median of ${repeats} x ${steps} steps; min ${rates[0].toFixed(2)}, max ${rates[rates.length - 1].toFixed(2)})`);
    trainer.dispose();
    model.dispose();
  }
}

void main();
