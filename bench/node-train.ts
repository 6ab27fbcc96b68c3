/**
 * Training speed of every model in Node on the tfjs WASM and CPU backends (steps/s, images/s),
 * at the browser defaults and at the paper's sizes. A first, small form of `npm run bench`:
 * warm-up, then timed steps on real binarized MNIST, median of repeats.
 * Usage: npm run bench -- [--steps N] [--repeats R] [--backends wasm,cpu] [--models gvae,rae] [--paper]
 */
import '@tensorflow/tfjs'; // registers the kernel gradients in Node (see core/train/gradients.ts)
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeAsset, parseManifest } from '@/core/data/manifest';
import { makeSplit } from '@/core/data/mnist';
import { Trainer } from '@/core/train/trainer';
import type { ModelKind } from '@/core/models/types';
import { createModel } from '@/session/model-factory';
import { defaultSettings, type Settings } from '@/settings/settings';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

async function loadTrain() {
  const dir = join(process.cwd(), 'public', 'data');
  const m = parseManifest(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'))).splits.train;
  const images = await decodeAsset(new Uint8Array(readFileSync(join(dir, m.images.file))), m.images);
  const labels = await decodeAsset(new Uint8Array(readFileSync(join(dir, m.labels.file))), m.labels);
  return makeSplit(images, labels);
}

/** The paper's sizes: hidden 512 (~1.36 M parameters) for the autoencoders; 360-360-360, K = 50 for GNCN-PDH. */
const PAPER: Partial<Settings> = { hiddenWidth: 512, layerWidth: 360, topColumnSize: 18, settlingSteps: 50 };

function describe(s: Settings): string {
  return s.model === 'gncn-pdh'
    ? `784-${s.layerWidth}-${s.layerWidth}-${20 * s.topColumnSize}, K ${s.settlingSteps}`
    : `784-${s.hiddenWidth}-${s.hiddenWidth}-${s.latentDim}`;
}

async function main() {
  const steps = Number(arg('steps', '10'));
  const repeats = Number(arg('repeats', '3'));
  const backends = arg('backends', 'wasm,cpu').split(',');
  const models = arg('models', 'gvae,gvae-cv,rae,gncn-pdh').split(',') as ModelKind[];
  const configs = process.argv.includes('--paper') ? ['browser', 'paper'] : ['browser'];
  const train = await loadTrain();
  console.log('| model | sizes | batch | backend | steps/s | images/s | parameters |');
  console.log('|---|---|---|---|---|---|---|');
  for (const backend of backends) {
    await tf.setBackend(backend);
    await tf.ready();
    for (const kind of models) {
      for (const config of configs) {
        const s: Settings = { ...defaultSettings(), model: kind, ...(config === 'paper' ? PAPER : {}) };
        const model = createModel(s);
        const trainer = new Trainer({ model, train, batchSize: s.batchSize, seed: 1 });
        trainer.runSteps(2);
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
        console.log(`| ${kind} | ${describe(s)} (${config}) | ${s.batchSize} | ${backend} | ${med.toFixed(2)} (${rates[0].toFixed(2)}–${rates[rates.length - 1].toFixed(2)}) | ${(med * s.batchSize).toFixed(0)} | ${model.numParams.toLocaleString('en')} |`);
        trainer.dispose();
        model.dispose();
      }
    }
  }
}

void main();
