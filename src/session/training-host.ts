/**
 * The training loop as it runs inside the training worker (platform/training-worker.ts): it owns
 * the worker's model and Trainer, trains while playing, and reports plain numbers back
 * (training-protocol.ts). Free of DOM and worker globals, so Node tests drive it directly.
 *
 * Why a worker: on WASM and CPU every kernel runs synchronously on the calling thread, so a
 * training step on the page's thread is a task of 20-150 ms that no frame can interrupt.
 * Here the page's thread only draws; it keeps a copy of the model for the views, refreshed
 * from the weights this loop sends every second.
 */
import * as tf from '@tensorflow/tfjs-core';
import { makeSplit, type MnistSplit } from '@/core/data/mnist';
import type { GenerativeModel } from '@/core/models/types';
import { evaluateTerms, readImages, Trainer } from '@/core/train/trainer';
import { applyLive, createModel } from '@/session/model-factory';
import { weightBuffers, type FromWorker, type PlainSplit, type ToWorker } from '@/session/training-protocol';
import type { SettingKey } from '@/settings/settings';

/** Report (one readback) at least every this many steps ... */
export const REPORT_EVERY = 10;
/** ... or this often (ms), so the chart moves even when steps are slow. */
export const REPORT_MS = 250;
/** Send the weights for the page's views this often while training (ms). */
export const WEIGHTS_MS = 1000;

export type Post = (message: FromWorker, transfer?: Transferable[]) => void;

/** Lets queued messages (Pause, a live setting) run between steps: a macrotask without timer clamping. */
function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

export class TrainingHost {
  private train: MnistSplit | null = null;
  private test: MnistSplit | null = null;
  private model: GenerativeModel | null = null;
  private trainer: Trainer | null = null;
  private gen = -1;
  private playing = false;
  /** Aborts the test evaluation of a model that was rebuilt. */
  private life = new AbortController();
  private lastReportAt = 0;
  private lastWeightsAt = 0;
  /** Readbacks run one after another (a Pause during a readback reports what came after it). */
  private reports: Promise<void> = Promise.resolve();
  private batchSize = 64;
  private seed = 1;

  constructor(private readonly post: Post) {}

  private reconIndices: number[] = [];

  handle(msg: ToWorker): void {
    if (msg.type === 'init') return; // the worker entry starts the backend
    if (msg.type === 'split') return this.setSplit(msg.which, msg.split, msg.reconIndices);
    if (msg.type === 'build') return this.build(msg.gen, msg.settings, msg.weights);
    if (msg.type === 'load') {
      // Ordered after the build of the model it is for, before any later build: always current.
      this.playing = false;
      this.gen = msg.gen;
      this.model!.setWeights(msg.weights);
      this.restartTrainer();
      return;
    }
    if (msg.gen !== this.gen) {
      // About a model that is gone: requests get a "stale" answer so nothing waits forever.
      if (msg.type === 'weights' || msg.type === 'evaluate') this.post({ type: 'stale', id: msg.id });
      return;
    }
    switch (msg.type) {
      case 'play':
        if (this.playing || !this.trainer) return;
        this.playing = true;
        void this.loop(this.gen);
        return;
      case 'pause':
        this.playing = false;
        void this.report().then(() => this.sendWeights(0));
        return;
      case 'step':
        if (this.playing || !this.trainer) return;
        if (this.runSteps(msg.n)) void this.report().then(() => this.sendWeights(0));
        return;
      case 'live':
        if (!applyLive(this.model!, msg.key as SettingKey, msg.value)) throw new Error(`${msg.key} cannot change live`);
        return;
      case 'weights':
        void this.sendWeights(msg.id);
        return;
      case 'evaluate':
        void this.evaluate(msg.id, msg.images, msg.seed);
    }
  }

  /**
   * Takes a split as it arrives; the training split starts the current model's trainer.
   * @param reconIndices test digits reconstructed with every weights report (the page's grid):
   * for GNCN-PDH a reconstruction settles K steps, too long a task for the page's thread
   */
  private setSplit(which: 'test' | 'train', split: PlainSplit, reconIndices: number[] = []): void {
    const s = makeSplit(split.images, split.labels);
    if (which === 'test') {
      this.test = s;
      this.reconIndices = reconIndices;
    } else {
      this.train = s;
      if (this.model && !this.trainer) this.restartTrainer();
    }
  }

  private build(gen: number, settings: Parameters<typeof createModel>[0], weights: Parameters<GenerativeModel['setWeights']>[0]): void {
    this.playing = false;
    this.life.abort();
    this.life = new AbortController();
    this.trainer?.dispose();
    this.model?.dispose();
    this.gen = gen;
    this.model = createModel(settings);
    this.model.setWeights(weights);
    this.batchSize = settings.batchSize;
    this.seed = settings.seed;
    this.restartTrainer();
  }

  private restartTrainer(): void {
    this.trainer?.dispose();
    this.trainer = null;
    if (!this.train) return; // built before the training split arrived: the trainer comes with it
    this.trainer = new Trainer({ model: this.model!, train: this.train, batchSize: this.batchSize, seed: this.seed });
  }

  private async loop(gen: number): Promise<void> {
    while (this.playing && gen === this.gen) {
      if (!this.runSteps(1)) return;
      const now = performance.now();
      if (this.trainer!.unread >= REPORT_EVERY || now - this.lastReportAt > REPORT_MS) await this.report();
      if (this.playing && gen === this.gen && now - this.lastWeightsAt > WEIGHTS_MS) await this.sendWeights(0);
      await yieldToMessages();
    }
  }

  /** @returns false when the step threw (reported; training stops). */
  private runSteps(n: number): boolean {
    try {
      this.trainer!.runSteps(n);
      return true;
    } catch (err) {
      this.playing = false;
      this.post({ type: 'failed', gen: this.gen, step: this.trainer!.step, message: err instanceof Error ? err.message : String(err) });
      return false;
    }
  }

  /** One readback of the queued steps, posted as a progress report (after any readback in flight). */
  private report(): Promise<void> {
    this.reports = this.reports.then(() => this.reportNow());
    return this.reports;
  }

  private async reportNow(): Promise<void> {
    const trainer = this.trainer;
    if (!trainer || trainer.unread === 0) return;
    const gen = this.gen;
    const { latest, divergence, read } = await trainer.readback();
    if (gen !== this.gen) return;
    this.lastReportAt = performance.now();
    if (divergence) this.playing = false;
    // The steps this readback appended: the last `read` entries, one step each (the history keeps
    // its newest FULL_STEPS steps unmerged, far more than a readback holds).
    const h = trainer.history;
    const from = h.steps.length - read;
    const steps = h.steps.slice(from);
    const rows = Object.fromEntries(Object.entries(h.terms).map(([k, v]) => [k, v.slice(from)]));
    this.post({
      type: 'progress', gen, steps, rows, latest, step: trainer.step, epoch: trainer.epoch,
      playing: this.playing, divergence, numTensors: tf.memory().numTensors,
    });
  }

  private async sendWeights(id: number): Promise<void> {
    const model = this.model;
    if (!model) return;
    const gen = this.gen;
    this.lastWeightsAt = performance.now();
    const step = this.trainer?.step ?? 0;
    const weights = await model.getWeights();
    const { test, reconIndices } = this;
    const reconstructions = id === 0 && test && reconIndices.length
      ? await readImages((x) => model.reconstruct(x), test, reconIndices)
      : undefined;
    if (gen !== this.gen) return;
    this.post({ type: 'weights', gen, id, step, weights, reconstructions }, weightBuffers(weights, reconstructions));
  }

  private async evaluate(id: number, images: number, seed: number): Promise<void> {
    const { model, test } = this;
    if (!model || !test) return;
    const gen = this.gen;
    const step = this.trainer?.step ?? 0;
    const indices = Uint32Array.from({ length: Math.min(images, test.count) }, (_, i) => i);
    try {
      const values = await evaluateTerms(model, test, indices, seed, 100, this.life.signal);
      this.post({ type: 'evaluated', gen, id, step, values });
    } catch (err) {
      if (gen === this.gen) this.post({ type: 'evaluated', gen, id, step, values: null, error: err instanceof Error ? err.message : String(err) });
    }
  }
}
