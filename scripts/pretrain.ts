/**
 * `npm run pretrain`: trains the four models at the page's default settings (the settings
 * table's defaults, seed 1, batch 64, Adam 1e-3) on the full binarized MNIST training set in
 * Node, and writes the weights the page opens onto: public/weights/<kind>.bin (IEEE binary16)
 * + <kind>.json (manifest with CRC-32 and the run's settings), and reports/pretrain.md.
 *
 * The test-set BCE (10,000 images, nats per image) is measured twice, with the float32 weights
 * and after the binary16 round trip, so the cost of halving the download is a stated number.
 *
 * Usage: npm run pretrain -- [--epochs 6,gncn-pdh=3] [--models gvae,rae] [--out public/weights]
 *   [--backend wasm|cpu] [--subset TRAIN]
 * Models run one after another; run two processes with different --models to use two cores.
 */
import '@tensorflow/tfjs'; // registers the kernel gradients in Node (see core/train/gradients.ts)
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus } from 'node:os';
import { Trainer, evaluateTerms } from '@/core/train/trainer';
import { evaluateBce } from '@/core/metrics/bce';
import { range } from '@/core/metrics/common';
import { packWeights, unpackWeights, type WeightManifest } from '@/core/metrics/weight-pack';
import { MODEL_KINDS, type ModelKind } from '@/core/models/types';
import { createModel } from '@/session/model-factory';
import { defaultSettings } from '@/settings/settings';
import { head, loadSplit } from './lib/node-data';
import { writeWeightPack } from './lib/weight-files';
import { parsePerModel } from './lib/per-model';

const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const OUT = opt('out') ?? join('public', 'weights');
const MODELS = (opt('models') ?? MODEL_KINDS.join(',')).split(',') as ModelKind[];
for (const k of MODELS) if (!MODEL_KINDS.includes(k)) throw new Error(`unknown model "${k}"`);
/** "6,gncn-pdh=3": a default and per-model overrides. */
const epochsOf = parsePerModel('epochs', opt('epochs') ?? '6,gncn-pdh=3', 6);
const log = (s: string) => process.stderr.write(`${s}\n`);

async function pretrain(kind: ModelKind, backend: string): Promise<void> {
  const [train, test] = [head(await loadSplit('train'), Number(opt('subset') ?? 60000)), await loadSplit('test')];
  const settings = { ...defaultSettings(), model: kind };
  const model = createModel(settings);
  const epochs = epochsOf(kind);
  if (!(epochs > 0)) throw new Error(`--epochs: ${epochs} for ${kind} is not a positive number`);
  const trainer = new Trainer({ model, train, batchSize: settings.batchSize, seed: settings.seed });
  const perEpoch = Math.floor(train.count / settings.batchSize);
  const total = perEpoch * epochs;
  const t0 = performance.now();
  let lastLog = t0;
  try {
    for (let done = 0; done < total;) {
      const n = Math.min(10, total - done);
      trainer.runSteps(n);
      const { latest, divergence } = await trainer.readback();
      if (divergence) throw new Error(`${kind} diverged: ${divergence.term} = ${divergence.value} at step ${divergence.step}`);
      done += n;
      if (performance.now() - lastLog > 15000 || done === total) {
        lastLog = performance.now();
        const el = (lastLog - t0) / 1000;
        log(`${kind}: step ${done}/${total} (epoch ${(done / perEpoch).toFixed(2)}), ${model.objectiveKey} ${latest?.[model.objectiveKey]?.toFixed(2)}, ${el.toFixed(0)} s, ETA ${((el * (total - done)) / done).toFixed(0)} s`);
      }
    }
  } finally {
    trainer.dispose();
  }
  const trainSeconds = (performance.now() - t0) / 1000;
  const testIdx = range(test.count);
  const weights = await model.getWeights();
  const bce32 = await evaluateBce(model, test, testIdx);
  // the binary16 round trip, evaluated on the same model
  const half = packWeights(kind, weights, `${kind}.bin`, {}, 'float16');
  model.setWeights(unpackWeights(half.manifest, half.bytes));
  const bce16 = await evaluateBce(model, test, testIdx);
  const terms16 = await evaluateTerms(model, test, testIdx, 7);
  const meta = {
    settings, epochs, steps: total, trainImages: train.count, backend, trainSeconds: Math.round(trainSeconds),
    machine: `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
    createdAt: new Date().toISOString(), command: `npm run pretrain -- ${argv.join(' ')}`.trim(),
    test: { images: test.count, bceFloat32: bce32.bce, bceFloat16: bce16.bce, termsFloat16: terms16 },
  };
  const w = writeWeightPack(OUT, kind, weights, meta, 'float16');
  log(`${kind}: ${epochs} epochs in ${trainSeconds.toFixed(0)} s; test BCE ${bce32.bce.toFixed(3)} (float32) -> ${bce16.bce.toFixed(3)} (float16) nats/image; ${w.bytes.length.toLocaleString('en')} bytes`);
  model.dispose();
}

/** reports/pretrain.md from every manifest present in OUT. */
function writeReport(): void {
  const rows: string[] = [];
  let totalBytes = 0;
  for (const kind of MODEL_KINDS) {
    const p = join(OUT, `${kind}.json`);
    if (!existsSync(p)) continue;
    const m = JSON.parse(readFileSync(p, 'utf8')) as WeightManifest & { meta: { epochs: number; steps: number; backend: string; trainSeconds: number; test: { bceFloat32: number; bceFloat16: number; termsFloat16: Record<string, number> } } };
    totalBytes += m.byteLength;
    const t = m.meta.test;
    rows.push(`| ${kind} | ${m.meta.epochs} | ${m.meta.steps.toLocaleString('en')} | ${m.meta.backend} | ${m.meta.trainSeconds} | ${t.bceFloat32.toFixed(3)} | ${t.bceFloat16.toFixed(3)} | ${(t.bceFloat16 - t.bceFloat32).toFixed(4)} | ${(m.byteLength / 1e6).toFixed(2)} |`);
  }
  mkdirSync('reports', { recursive: true });
  writeFileSync(join('reports', 'pretrain.md'), [
    '# Pretrained weights (the page opens onto these)',
    '',
    'Written by `npm run pretrain` (scripts/pretrain.ts): each model at the settings table\'s defaults (seed 1, batch 64, Adam 1e-3), trained in Node on the binarized training images (count in each manifest\'s meta.trainImages), stored as IEEE binary16 in public/weights/. BCE: test set (10,000 images), nats per image, summed over 784 pixels.',
    '',
    '| model | epochs | steps | backend | train s | test BCE float32 | test BCE float16 | change | MB |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `Total: ${(totalBytes / 1e6).toFixed(2)} MB of weights (limit 8 MB).`,
    '',
  ].join('\n'));
}

async function main(): Promise<void> {
  const want = opt('backend') ?? 'wasm';
  if (!(await tf.setBackend(want))) throw new Error(`backend ${want} did not start`);
  await tf.ready();
  for (const kind of MODELS) await pretrain(kind, tf.getBackend());
  writeReport();
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
