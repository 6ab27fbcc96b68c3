/**
 * Training in a Web Worker, the page's side (session.ts uses it on WASM and CPU). It starts the
 * worker, posts the splits and each new model, appends the worker's reports to the model's loss
 * history and drops reports about a model that has been replaced. What a report means for the
 * page (a divergence, new weights for the views) the session decides.
 */
import type { MnistSplit } from '@/core/data/mnist';
import type { GenerativeModel, TermValues, WeightMap } from '@/core/models/types';
import { appendToHistory, emptyHistory, type LossHistory } from '@/core/train/trainer';
import type { BackendName } from '@/platform/backend';
import type { Settings } from '@/settings/settings';
import { RemoteTrainer, type Failure, type Progress, type WeightsReport } from '@/session/remote-trainer';

export interface WorkerTrainingEvents {
  /** A report of the current model, already appended to `history`. */
  read(p: Progress): void;
  /** A step of the current model threw; the worker has stopped training. */
  failed(f: Failure): void;
  /** The current model's weights (with the reconstruction grid), sent every second and on pause. */
  weights(w: WeightsReport): void;
  /** The worker died. */
  lost(message: string): void;
}

export class WorkerTraining {
  /** The current model's loss history, filled by the reports. */
  history: LossHistory | null = null;
  /** Steps the worker has taken with the current model. */
  step = 0;
  /** The worker's live tensors at its last report. */
  tensors: number | null = null;
  private gen = -1;
  private sent = { test: false, train: false };
  /** stepOnce() callers waiting for the worker's report. */
  private waiters: (() => void)[] = [];

  private constructor(private readonly remote: RemoteTrainer) {}

  /** @throws Error when the worker cannot start (the caller trains on the page's thread) */
  static async start(backend: BackendName, events: WorkerTrainingEvents): Promise<WorkerTraining> {
    const worker = new Worker(new URL('../platform/training-worker.ts', import.meta.url), { type: 'module', name: 'training' });
    let self: WorkerTraining | null = null;
    const remote = await RemoteTrainer.start(worker, backend, {
      progress: (p) => self?.onProgress(p, events),
      failed: (f) => {
        self?.release();
        if (f.gen === self?.gen) events.failed(f);
      },
      weights: (w) => {
        if (w.gen === self?.gen) events.weights(w);
      },
      lost: (message) => {
        self?.release();
        events.lost(message);
      },
    });
    self = new WorkerTraining(remote);
    return self;
  }

  private onProgress(p: Progress, events: WorkerTrainingEvents): void {
    this.tensors = p.numTensors;
    this.release();
    if (p.gen !== this.gen || !this.history) return;
    appendToHistory(this.history, p.steps, p.rows); // bounded: old steps merge into bins
    this.step = p.step;
    events.read(p);
  }

  private release(): void {
    this.waiters.splice(0).forEach((resolve) => resolve());
  }

  /** Posts each split once, as soon as it is there. */
  sendSplits(test: MnistSplit | null, train: MnistSplit | null, reconIndices: number[]): void {
    if (test && !this.sent.test) this.remote.sendSplit('test', test, reconIndices);
    if (train && !this.sent.train) this.remote.sendSplit('train', train);
    this.sent = { test: test !== null, train: train !== null };
  }

  /**
   * A new model (generation `gen`): the worker builds it from the settings, starting from the
   * page's copy's weights, so both hold the same model.
   * @returns the model's (empty) loss history, which the reports fill
   */
  build(gen: number, model: GenerativeModel, settings: Settings): LossHistory {
    this.gen = gen;
    this.step = 0;
    this.remote.build(gen, settings, () => model.getWeights());
    this.history = emptyHistory(model.terms.map((t) => t.key));
    return this.history;
  }

  /** The page's copy got new starting weights (the pretrained ones), now generation `gen`. */
  load(gen: number, model: GenerativeModel): void {
    this.gen = gen;
    this.remote.load(gen, () => model.getWeights());
  }

  /** True once a model has been built and the training split sent. */
  get canTrain(): boolean {
    return this.history !== null && this.sent.train;
  }

  play(): void {
    this.remote.play(this.gen);
  }
  pause(): void {
    this.remote.pause(this.gen);
  }
  live(key: string, value: number | string): void {
    this.remote.live(this.gen, key, value);
  }

  /** One step; resolves when its report (or its failure) has arrived. */
  stepOnce(): Promise<void> {
    const reported = new Promise<void>((resolve) => this.waiters.push(resolve));
    this.remote.step(this.gen, 1);
    return reported;
  }

  /** Mean terms over the first `images` test images, computed in the worker. */
  evaluate(images: number, seed: number): Promise<{ step: number; values: TermValues }> {
    return this.remote.evaluate(this.gen, images, seed);
  }

  /** The worker's weights now (the page's copy lags up to a second while training). */
  weights(): Promise<{ step: number; weights: WeightMap }> {
    return this.remote.weights(this.gen);
  }
}
