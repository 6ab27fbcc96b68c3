/**
 * Training in the worker: the page's RemoteTrainer talks to a TrainingHost over a real
 * MessageChannel (structured clone and transfer, as with a Worker). The reference is a plain
 * Trainer run in this thread on the same settings: the worker's reports must match it exactly.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MnistSplit } from '@/core/data/mnist';
import type { WeightMap } from '@/core/models/types';
import { evaluateTerms, readImages, Trainer, type LossHistory } from '@/core/train/trainer';
import { applyLive, createModel } from '@/session/model-factory';
import { RemoteTrainer, type Progress, type WeightsReport, type WorkerLike } from '@/session/remote-trainer';
import { TrainingHost } from '@/session/training-host';
import type { FromWorker, ToWorker } from '@/session/training-protocol';
import { defaultSettings, type Settings } from '@/settings/settings';
import { useCpuBackend } from './helpers/tf-cpu';
import { headOf, loadSplit } from './helpers/mnist-node';

let train: MnistSplit;
let test: MnistSplit;
beforeAll(async () => {
  await useCpuBackend();
  train = headOf(await loadSplit('train'), 512);
  test = headOf(await loadSplit('test'), 200);
});

const small = (patch: Partial<Settings>): Settings =>
  ({ ...defaultSettings(), init: 'scratch', hiddenWidth: 32, latentDim: 6, batchSize: 16, seed: 3, layerWidth: 24, settlingSteps: 5, ...patch } as Settings);

/** A RemoteTrainer wired to a TrainingHost through a MessageChannel, with every report recorded. */
async function connect(opts: { train?: boolean } = {}) {
  const channel = new MessageChannel();
  const host = new TrainingHost((m: FromWorker, transfer?: Transferable[]) => channel.port2.postMessage(m, transfer ?? []));
  channel.port2.onmessage = (e: MessageEvent<ToWorker>) => {
    if (e.data.type === 'init') {
      channel.port2.postMessage({ type: 'ready' } satisfies FromWorker);
    } else {
      host.handle(e.data);
    }
  };
  const progress: Progress[] = [];
  const weights: WeightsReport[] = [];
  const failures: string[] = [];
  const port: WorkerLike = {
    postMessage: (m, transfer) => channel.port1.postMessage(m, transfer),
    set onmessage(fn) {
      channel.port1.onmessage = fn as (e: MessageEvent) => void;
    },
    get onmessage() {
      return channel.port1.onmessage as WorkerLike['onmessage'];
    },
    close: () => {
      channel.port1.close();
      channel.port2.close();
    },
  };
  const remote = await RemoteTrainer.start(port, 'cpu', {
    progress: (p) => progress.push(p),
    weights: (w) => weights.push(w),
    failed: (f) => failures.push(f.message),
    lost: (m) => failures.push(m),
  });
  remote.sendSplit('test', test, [0, 1, 2]);
  if (opts.train !== false) remote.sendSplit('train', train);
  open.push(remote);
  /** Resolves once the reports cover `steps` steps of generation `gen`. */
  const until = async (gen: number, steps: number) => {
    for (let i = 0; i < 2000; i++) {
      if (progress.filter((p) => p.gen === gen).reduce((n, p) => n + p.steps.length, 0) >= steps) return;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`no report covered ${steps} steps`);
  };
  return { remote, progress, weights, failures, until };
}

const open: RemoteTrainer[] = [];
afterEach(() => open.splice(0).forEach((r) => r.terminate()));

/** The reports of one generation, joined into one history. */
function joined(progress: Progress[], gen: number): LossHistory {
  const h: LossHistory = { steps: [], terms: {} };
  for (const p of progress.filter((q) => q.gen === gen)) {
    h.steps.push(...p.steps);
    for (const [k, v] of Object.entries(p.rows)) (h.terms[k] ??= []).push(...v);
  }
  return h;
}

/** A plain Trainer on a fresh model with the same settings and starting weights. */
async function reference(settings: Settings, start: WeightMap, steps: number, live?: { at: number; key: 'learningRate'; value: number }) {
  const model = createModel(settings);
  model.setWeights(start);
  const trainer = new Trainer({ model, train, batchSize: settings.batchSize, seed: settings.seed });
  for (let i = 0; i < steps; i++) {
    if (live && i === live.at) applyLive(model, live.key, live.value);
    trainer.runSteps(1);
  }
  await trainer.readback();
  const weights = await model.getWeights();
  trainer.dispose();
  model.dispose();
  return { history: trainer.history, weights };
}

describe('training in a worker (RemoteTrainer <-> TrainingHost)', () => {
  for (const kind of ['gvae', 'gncn-pdh'] as const) {
    it(`${kind}: the reported terms and the final weights equal a plain Trainer's, step for step`, async () => {
      const settings = small({ model: kind });
      const page = createModel(settings); // the page's copy, whose weights the worker starts from
      const start = await page.getWeights();
      const { remote, progress, until } = await connect();
      remote.build(1, settings, () => page.getWeights());
      for (let i = 0; i < 12; i++) remote.step(1, 1);
      await until(1, 12);
      const got = joined(progress, 1);
      const { weights: after } = await remote.weights(1);
      const ref = await reference(settings, start, 12);
      expect(got.steps).toEqual(Array.from({ length: 12 }, (_, i) => i));
      expect(got.terms).toEqual(ref.history.terms); // bit for bit: same backend, same batches, same noise
      for (const [name, w] of Object.entries(ref.weights)) expect(Array.from(after[name].values)).toEqual(Array.from(w.values));
      page.dispose();
    });
  }

  it('trains while playing, stops on pause, and applies a live learning rate from the next step', async () => {
    const settings = small({ model: 'rae' });
    const page = createModel(settings);
    const start = await page.getWeights();
    const { remote, progress, weights, until } = await connect();
    remote.build(7, settings, () => page.getWeights());
    for (let i = 0; i < 5; i++) remote.step(7, 1);
    remote.live(7, 'learningRate', 0.02);
    remote.play(7);
    await until(7, 30);
    remote.pause(7);
    await new Promise((r) => setTimeout(r, 100));
    const got = joined(progress, 7);
    const n = got.steps.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(joined(progress, 7).steps.length).toBe(n); // paused: no more steps
    const ref = await reference(settings, start, n, { at: 5, key: 'learningRate', value: 0.02 });
    expect(got.terms).toEqual(ref.history.terms);
    // Weights were sent unasked after the pause, with the step they include.
    const last = weights.filter((w) => w.gen === 7).at(-1)!;
    expect(last.step).toBe(n);
    // ... and with the reconstruction grid computed by exactly those weights.
    const here = createModel(settings);
    here.setWeights(last.weights);
    expect(Array.from(last.reconstructions!)).toEqual(Array.from(await readImages((x) => here.reconstruct(x), test, [0, 1, 2])));
    here.dispose();
    // Tensors in the worker hold still between reports (nothing leaks per step).
    const counts = progress.filter((p) => p.gen === 7).map((p) => p.numTensors);
    expect(new Set(counts.slice(1)).size).toBe(1);
    page.dispose();
  });

  it('a new build replaces the model; requests about the old one are refused, not left waiting', async () => {
    const a = small({ model: 'gvae' });
    const b = small({ model: 'gvae', seed: 4 });
    const pageA = createModel(a);
    const pageB = createModel(b);
    const { remote, progress, until } = await connect();
    remote.build(1, a, () => pageA.getWeights());
    remote.step(1, 3);
    remote.build(2, b, () => pageB.getWeights());
    const stale = remote.evaluate(1, 50, 1);
    await expect(stale).rejects.toMatchObject({ name: 'AbortError' });
    remote.step(2, 2);
    await until(2, 2);
    const ref = await reference(b, await pageB.getWeights(), 2);
    expect(joined(progress, 2).terms).toEqual(ref.history.terms);
    // The test-set evaluation in the worker equals the mean over the same images here.
    const { values, step } = await remote.evaluate(2, 50, 1);
    const { weights } = await remote.weights(2);
    const here = createModel(b);
    here.setWeights(weights);
    const expected = await evaluateTerms(here, test, Uint32Array.from({ length: 50 }, (_, i) => i), 1);
    expect(step).toBe(2);
    expect(values).toEqual(expected);
    here.dispose();
    pageA.dispose();
    pageB.dispose();
  });

  it('a model built before the training split arrives (the first view) trains once it does', async () => {
    const settings = small({ model: 'gvae-cv' });
    const page = createModel(settings);
    const start = await page.getWeights();
    const { remote, progress, until } = await connect({ train: false });
    remote.build(3, settings, () => page.getWeights());
    remote.step(3, 1); // no training split yet: nothing happens
    const { values } = await remote.evaluate(3, 20, 1); // the test split is there: evaluation works
    expect(Number.isFinite(values[Object.keys(values)[0]])).toBe(true);
    expect(progress).toHaveLength(0);
    remote.sendSplit('train', train);
    for (let i = 0; i < 4; i++) remote.step(3, 1);
    await until(3, 4);
    expect(joined(progress, 3).terms).toEqual((await reference(settings, start, 4)).history.terms);
    page.dispose();
  });
});
