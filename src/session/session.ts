/**
 * The page's training session: backend, data, model, trainer and the animation-frame loop.
 * It holds every tensor-owning object and hands React only plain numbers (a snapshot), so
 * tensors never enter React state. No React here.
 *
 * Where training runs: on WASM and CPU (kernels run synchronously on the calling thread) the
 * steps run in a Web Worker (worker-training.ts, remote-trainer.ts <-> training-host.ts) and this thread keeps a
 * copy of the model for the views, refreshed from the worker's weights every second. On WebGL
 * the GPU already works asynchronously, so the steps are queued from this thread's animation
 * frames (and a lost context is recovered here). `?worker=off` keeps training on this thread.
 */
import * as tf from '@tensorflow/tfjs-core';
import { fetchManifest, fetchSplit } from '@/core/data/load-mnist';
import { gatherImages, type MnistSplit } from '@/core/data/mnist';
import type { GenerativeModel, TermValues } from '@/core/models/types';
import { evaluateTerms, readImages, Trainer, type Divergence } from '@/core/train/trainer';
import { startBackend, type BackendInfo } from '@/platform/backend';
import { appliesTo, defaultSettings, SETTINGS, validateSetting, type SettingKey, type Settings } from '@/settings/settings';
import { applyLive, createModel } from '@/session/model-factory';
import { explainDivergence } from '@/session/divergence';
import { ContextGuard, GpuLostError, rebuildAfterLoss, recoveryNotice } from '@/session/context-recovery';
import { explainStepFailure } from '@/session/step-failure';
import { smoothedRate } from '@/session/rate';
import { continueFrom, historyBefore, SnapshotStore } from '@/session/weight-snapshot';
import { pretrainedMismatch, PretrainedStore } from '@/session/pretrained';
import type { ScoreboardSource } from '@/session/scoreboard';
import { initialSnapshot, type SessionSnapshot } from '@/session/snapshot';

export type { SessionSnapshot } from '@/session/snapshot';
import type { Failure, Progress, WeightsReport } from '@/session/remote-trainer';
import { WorkerTraining } from '@/session/worker-training';

/** Read back at least every this many steps ... */
const READBACK_EVERY = 10;
/** ... or this often (ms), so the chart moves even when steps are slow. */
const READBACK_MS = 400;
/** Never queue more unread steps than this (backpressure on a slow GPU). */
const MAX_UNREAD = 2 * READBACK_EVERY;
/** Stop issuing steps in a frame after this long (ms), so the page stays responsive. */
const FRAME_BUDGET_MS = 12;
/** Refresh the reconstruction grid at most this often (ms). */
const RECON_MS = 1000;
/** Evaluate the test set every this many steps, on this many test images. */
export const TEST_EVAL_EVERY = 250;
export const TEST_EVAL_IMAGES = 1000;
/** The first test evaluation of a new model waits this long (ms) for the settings to settle. */
const INITIAL_EVAL_DELAY_MS = 400;

export class Session {
  private snap: SessionSnapshot = initialSnapshot();
  private listeners = new Set<() => void>();
  private test: MnistSplit | null = null;
  private train: MnistSplit | null = null;
  private model: GenerativeModel | null = null;
  private trainer: Trainer | null = null;
  /** Bumped whenever the model is rebuilt; async results from an older model are dropped. */
  private generation = 0;
  /** Aborted when the model is rebuilt, so that async work stops touching disposed tensors. */
  private modelLife = new AbortController();
  private rafId = 0;
  private initialEvalTimer: ReturnType<typeof setTimeout> | undefined;
  private readbackInFlight = false;
  private lastReadbackAt = 0;
  private lastReconAt = 0;
  /** Generation of the test evaluation in flight (-1: none); an old model's eval does not block a new one. */
  private evalInFlightGen = -1;
  private lastEvalStep = 0;
  private reconIndices: number[] = [];
  /** performance.now() of the first training step, for the load-to-train figure. */
  firstStepAt: number | null = null;
  /** performance.now() when the first view (test split, model) and the training split were ready. */
  readyAt: number | null = null;
  trainReadyAt: number | null = null;
  /** performance.now() when reconstructions by pretrained weights were first published. */
  pretrainedAt: number | null = null;
  private pretrained: PretrainedStore | null = null;
  /** play() was called while the pretrained weights were loading. */
  private playWhenLoaded = false;
  /** Lost-WebGL-context detection, and the weight snapshots a recovery restores (context-recovery.ts). */
  private guard = new ContextGuard((cause) => void this.recoverContext(cause));
  private snapshots = new SnapshotStore();
  private recovering = false;
  /** Set when training runs in the worker (WASM, CPU); null: on this thread. */
  private remote: WorkerTraining | null = null;
  private workerStart: Promise<void> | null = null;
  /** Worker mode: the step of the weights this thread's copy of the model holds. */
  private viewStep = 0;
  /** The last recovery from a lost GPU context (for the status object), else null. */
  lastRecovery: { cause: string; lostStep: number; restoredStep: number | null; startedAt: number; ms: number; backend: string; fellBack: boolean } | null = null;

  /**
   * @param initial settings to start from (e.g. read from a link), already validated
   * @param notices messages to show from the start (e.g. fields of the link that were invalid)
   */
  constructor(initial: Settings = defaultSettings(), notices: string[] = []) {
    this.snap = { ...this.snap, settings: initial, notices };
  }

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };
  getSnapshot = (): SessionSnapshot => this.snap;

  private update(patch: Partial<SessionSnapshot>): void {
    this.snap = { ...this.snap, ...patch };
    this.listeners.forEach((fn) => fn());
  }

  /** Starts the backend, then loads the test split (first view), then the training split. */
  async start(search: string, dataUrl: string, weightsUrl = new URL('../weights/', dataUrl).href): Promise<void> {
    this.update({ phase: 'starting', error: null });
    this.pretrained ??= new PretrainedStore(weightsUrl);
    try {
      const backend = this.snap.backend ?? (await startBackend(search));
      this.update({ backend, notices: backend.notice ? [...this.snap.notices, backend.notice] : this.snap.notices, phase: 'loading' });
      this.guard.attach();
      this.workerStart ??= this.startWorker(search, backend); // its backend starts while the data downloads
      const manifest = await fetchManifest(dataUrl);
      this.test ??= await fetchSplit(dataUrl, manifest, 'test', (l, t) => this.setProgress('test', l / t));
      this.setProgress('test', 1);
      this.reconIndices = firstOfEachDigit(this.test);
      this.sendSplitsToWorker(); // when it is already up; else when it is (attachWorker)
      if (!this.model) this.rebuild(null);
      this.readyAt ??= performance.now();
      this.update({ phase: 'ready' });
      this.train ??= await fetchSplit(dataUrl, manifest, 'train', (l, t) => this.setProgress('train', l / t));
      this.setProgress('train', 1);
      this.sendSplitsToWorker(); // the worker's trainer starts with it
      await this.workerStart; // Play needs to know where training runs
      if (!this.remote) this.rebuildTrainer();
      this.trainReadyAt ??= performance.now();
      this.update({ trainReady: true });
    } catch (err) {
      this.update({ phase: 'error', error: err instanceof Error ? err.message : String(err) });
    }
  }

  /** On WASM and CPU: moves training into a Web Worker; if it cannot start, training stays here and the page says so. */
  private async startWorker(search: string, backend: BackendInfo): Promise<void> {
    if (backend.name === 'webgl' || typeof Worker === 'undefined' || new URLSearchParams(search).get('worker') === 'off') return;
    try {
      this.attachWorker(await WorkerTraining.start(backend.name, {
        read: (p) => this.onProgress(p),
        failed: (f) => this.onFailed(f),
        weights: (w) => this.onWeights(w),
        lost: (message) => this.onWorkerLost(message),
      }));
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      this.update({ notices: [...this.snap.notices, `Training runs on the page's own thread (the training worker could not start: ${why}), so the page may stutter while it trains.`] });
    }
  }

  /** The worker is up (the first view may already show a model): from now on it trains. */
  private attachWorker(remote: WorkerTraining): void {
    this.remote = remote;
    this.trainer?.dispose(); // built here while the worker was starting; never used
    this.trainer = null;
    this.update({ thread: 'worker' });
    this.sendSplitsToWorker();
    if (this.model) this.buildRemote();
  }

  /** Posts each split to the worker once, as soon as both the split and the worker are there. */
  private sendSplitsToWorker(): void {
    this.remote?.sendSplits(this.test, this.train, this.reconIndices);
  }

  private setProgress(which: 'test' | 'train', fraction: number): void {
    this.update({ progress: { ...this.snap.progress, [which]: fraction } });
  }

  play(): void {
    if (this.snap.origin.kind === 'loading') {
      this.playWhenLoaded = true; // e.g. a "show me" card: starts once the pretrained weights are in
      return;
    }
    if (!this.canTrain() || this.snap.playing) return;
    this.update({ playing: true, pauseReason: null, divergence: null });
    if (this.remote) {
      this.firstStepAt ??= performance.now();
      this.remote.play();
      return;
    }
    this.rafId = requestAnimationFrame(this.tick);
  }

  /** A model and a trainer for it (here, or in the worker) exist. */
  private canTrain(): boolean {
    return this.remote ? this.remote.canTrain : this.trainer !== null;
  }

  /** @param reason shown to the user when the pause was not their own */
  pause(reason: string | null = null): void {
    this.playWhenLoaded = false;
    cancelAnimationFrame(this.rafId);
    this.rafId = 0;
    this.update({ playing: false, pauseReason: reason });
    if (this.remote) this.remote.pause();
    else void this.readback();
  }

  /** One training step, then its readback. */
  async stepOnce(): Promise<void> {
    if (!this.canTrain() || this.snap.playing || this.snap.origin.kind === 'loading') return;
    if (this.remote) {
      this.firstStepAt ??= performance.now();
      return this.remote.stepOnce();
    }
    if (this.runSteps(1)) await this.readback();
  }

  /** Back to the starting weights: the pretrained ones, or the current seed's random ones. */
  reset(): void {
    this.pause();
    this.rebuild(null);
  }

  /** Applies one setting after validation; rebuilds the model when the setting needs it. */
  set<K extends SettingKey>(key: K, input: unknown): void {
    const { value, notice } = validateSetting(key, input);
    this.applySettings({ ...this.snap.settings, [key]: value }, notice ? [notice] : []);
  }

  /**
   * Moves to a whole set of validated settings (a changed link, Back/Forward): live changes are
   * applied in place; any change that needs it rebuilds the model once.
   */
  applySettings(next: Settings, notices: string[] = []): void {
    const prev = this.snap.settings;
    const changed = (Object.keys(SETTINGS) as SettingKey[]).filter((k) => next[k] !== prev[k]);
    this.update({ settings: next, notices: notices.length ? notices : this.snap.notices });
    if (!this.model || changed.length === 0) return;
    const needsRebuild = changed.filter((k) => {
      const effect = SETTINGS[k].effect;
      if (effect === 'view' || !appliesTo(k, next.model)) return false; // kept for when that model is picked
      const live = effect === 'live' && applyLive(this.model!, k, next[k] as number | string);
      if (live) this.remote?.live(k, next[k] as number | string);
      return !live;
    });
    if (needsRebuild.length === 0) return;
    const wasPlaying = this.snap.playing;
    this.pause();
    this.rebuild(needsRebuild.includes('model')
      ? `Switched to ${next.model.toUpperCase()}, initialized from seed ${next.seed}.`
      : `${needsRebuild.map((k) => SETTINGS[k].label).join(', ')} changed: the model was re-initialized from seed ${next.seed}.`);
    if (wasPlaying && !needsRebuild.includes('model')) this.play();
  }

  private rebuild(notice: string | null): void {
    if (this.recovering) return; // recoverContext builds the model from the current settings when the backend is back
    this.generation += 1;
    this.modelLife.abort();
    this.modelLife = new AbortController();
    this.trainer?.dispose();
    this.model?.dispose();
    this.trainer = null;
    this.snapshots.clear();
    this.model = createModel(this.snap.settings);
    const m = this.model;
    this.update({
      model: { kind: m.kind, terms: m.terms, numParams: m.numParams, objectiveKey: m.objectiveKey },
      step: 0, epoch: 0, losses: null, history: null, historyVersion: this.snap.historyVersion + 1,
      testEval: null, divergence: null, pauseReason: null, stepsPerSecond: 0,
      notices: notice ? [notice] : this.snap.notices,
    });
    this.lastEvalStep = 0;
    if (this.remote) this.buildRemote();
    else if (this.train) this.rebuildTrainer();
    void this.refreshRecon();
    // The untrained model's test terms, once the settings have stopped changing for a moment.
    clearTimeout(this.initialEvalTimer);
    this.initialEvalTimer = setTimeout(() => void this.evaluateTest(), INITIAL_EVAL_DELAY_MS);
    void this.loadPretrained();
  }

  /**
   * Puts the pretrained weights into a freshly built model when the settings allow it
   * (init = pretrained and every re-initializing setting at the value they were trained with).
   * Play waits while they load; a failed download leaves the random start and says why.
   */
  private async loadPretrained(): Promise<void> {
    await this.fetchPretrained();
    if (this.playWhenLoaded && this.snap.origin.kind !== 'loading') {
      this.playWhenLoaded = false;
      this.play();
    }
  }

  private async fetchPretrained(): Promise<void> {
    const s = this.snap.settings;
    const gen = this.generation;
    if (s.init === 'scratch' || !this.pretrained) {
      this.update({ origin: { kind: 'scratch', why: null } });
      return;
    }
    this.update({ origin: { kind: 'loading' } });
    const name = s.model.toUpperCase();
    try {
      const p = await this.pretrained.get(s.model);
      if (gen !== this.generation) return;
      const differ = pretrainedMismatch(p.settings, s);
      if (differ.length) {
        const what = differ.map((k) => SETTINGS[k].label).join(', ');
        this.update({ origin: { kind: 'scratch', why: `The pretrained ${name} was trained at the default settings; ${what} differ${differ.length === 1 ? 's' : ''}, so this model starts from random weights (seed ${s.seed}).` } });
        return;
      }
      this.model!.setWeights(p.weights);
      // Same model object, new weights: drop answers computed from the random ones.
      this.generation += 1;
      this.modelLife.abort();
      this.modelLife = new AbortController();
      this.remote?.load(this.generation, this.model!);
      this.update({ origin: { kind: 'pretrained', info: p.info }, model: { ...this.snap.model! }, testEval: null });
      clearTimeout(this.initialEvalTimer);
      void this.evaluateTest();
      await this.refreshRecon();
      if (gen + 1 === this.generation) this.pretrainedAt ??= performance.now();
    } catch (err) {
      if (gen !== this.generation) return;
      const why = `The pretrained ${name} could not be loaded (${err instanceof Error ? err.message : String(err)}); this model starts from random weights (seed ${s.seed}). Reset retries.`;
      this.update({ origin: { kind: 'scratch', why } });
    }
  }

  private rebuildTrainer(): void {
    if (!this.model || !this.train) return;
    this.trainer?.dispose();
    const s = this.snap.settings;
    this.trainer = new Trainer({ model: this.model, train: this.train, batchSize: s.batchSize, seed: s.seed });
    this.update({ history: this.trainer.history });
  }

  /** Worker mode: the worker builds the same model from the same weights; its reports fill a fresh history. */
  private buildRemote(): void {
    this.viewStep = 0;
    this.update({ history: this.remote!.build(this.generation, this.model!, this.snap.settings) });
  }

  private tick = (): void => {
    this.rafId = 0;
    if (!this.snap.playing || !this.trainer) return;
    if (this.guard.lost()) return void this.recoverContext('the context reported lost during training'); // before the event arrives
    const t0 = performance.now();
    let n = 0;
    while (n < this.snap.settings.stepsPerFrame && this.trainer.unread < MAX_UNREAD) {
      if (!this.runSteps(1)) return;
      n += 1;
      if (performance.now() - t0 > FRAME_BUDGET_MS) break;
    }
    const due = this.trainer.unread >= READBACK_EVERY || performance.now() - this.lastReadbackAt > READBACK_MS;
    if (due && this.trainer.unread > 0) void this.readback();
    this.rafId = requestAnimationFrame(this.tick);
  };

  /** @returns false when a step threw (the session is then paused with the reason). */
  private runSteps(n: number): boolean {
    this.firstStepAt ??= performance.now();
    try {
      this.trainer!.runSteps(n);
      return true;
    } catch (err) {
      if (this.guard.lost()) {
        void this.recoverContext('a training step failed on the lost context');
        return false;
      }
      this.stopWith(explainStepFailure(err, this.trainer!.step, this.snap.settings.learningRate));
      return false;
    }
  }

  private async readback(): Promise<void> {
    const trainer = this.trainer;
    if (!trainer || this.readbackInFlight || trainer.unread === 0) return;
    const gen = this.generation;
    this.readbackInFlight = true;
    const t0 = this.lastReadbackAt;
    try {
      const onWebgl = this.snap.backend?.name === 'webgl';
      const steps = trainer.unread;
      const { latest, divergence, read } = await this.guard.watch(trainer.readback(), steps, this.snap.stepsPerSecond, onWebgl);
      if (gen !== this.generation) return;
      const now = performance.now();
      this.lastReadbackAt = now;
      this.update({
        step: trainer.step, epoch: trainer.epoch, losses: latest ?? this.snap.losses,
        historyVersion: this.snap.historyVersion + 1,
        stepsPerSecond: smoothedRate(this.snap.stepsPerSecond, read, t0, now, this.snap.playing),
      });
      if (divergence) return this.stopOnDivergence(divergence);
      if (onWebgl) this.snapshots.maybeTake(this.model!, trainer.step, () => gen === this.generation && !this.guard.lost());
      if (now - this.lastReconAt > RECON_MS || !this.snap.playing) void this.refreshRecon();
      if (trainer.step - this.lastEvalStep >= TEST_EVAL_EVERY) void this.evaluateTest();
    } catch (err) {
      if (!(err instanceof GpuLostError)) throw err;
      void this.recoverContext(err.message);
    } finally {
      this.readbackInFlight = false;
      // Steps queued while this readback was in flight are read when training is paused.
      if (!this.snap.playing && gen === this.generation && trainer.unread > 0) void this.readback();
    }
  }

  /** Worker mode: the read-back steps of a report go into the history and the snapshot. */
  private onProgress(p: Progress): void {
    const now = performance.now();
    const t0 = this.lastReadbackAt;
    this.lastReadbackAt = now;
    this.update({
      step: p.step, epoch: p.epoch, losses: p.latest ?? this.snap.losses, historyVersion: this.snap.historyVersion + 1,
      stepsPerSecond: smoothedRate(this.snap.stepsPerSecond, p.steps.length, t0, now, this.snap.playing),
    });
    if (p.divergence) return this.stopOnDivergence(p.divergence);
    if (p.step - this.lastEvalStep >= TEST_EVAL_EVERY) void this.evaluateTest();
  }

  /** Worker mode: a step threw in the worker (training has stopped there). */
  private onFailed(f: Failure): void {
    this.stopWith(explainStepFailure(new Error(f.message), f.step, this.snap.settings.learningRate));
  }

  /** A non-finite term (here or in the worker): training stops with the term and the cause named. */
  private stopOnDivergence(d: Divergence): void {
    const { settings, backend } = this.snap;
    this.stopWith(explainDivergence(d, this.model!.terms, settings.learningRate, backend?.precision, settings));
  }

  /** Pauses with a lesson (divergence.ts, step-failure.ts) shown as the pause reason and the divergence. */
  private stopWith(message: string): void {
    this.pause(message);
    this.update({ divergence: message });
  }

  /**
   * Worker mode: the worker's latest weights go into this thread's copy of the model, for the
   * views; the reconstruction grid comes computed with them.
   */
  private onWeights(w: WeightsReport): void {
    if (!this.model) return;
    this.model.setWeights(w.weights, { continuing: true });
    this.viewStep = w.step;
    const originals = this.snap.recon?.originals;
    if (w.reconstructions && originals) this.update({ recon: { originals, reconstructions: w.reconstructions, step: w.step } });
    else void this.refreshRecon();
  }

  /** Worker mode: the worker died. Training goes on here, from the weights it last sent. */
  private onWorkerLost(message: string): void {
    const history = this.remote?.history ?? null;
    const step = this.viewStep;
    this.remote = null;
    this.update({ thread: 'main' });
    this.pause(`The training worker stopped (${message}); training continues on the page's thread from step ${step}. Press Play.`);
    this.rebuildTrainer();
    if (this.trainer && history) {
      const last = continueFrom(this.trainer, step, historyBefore(history, step));
      this.update({ step, losses: last, historyVersion: this.snap.historyVersion + 1 });
    }
  }

  /**
   * The GPU context was lost (context-recovery.ts): stop, free the old tensors, rebuild the
   * backend (WebGL again, else WASM), restore the latest weight snapshot and its history, resume.
   */
  private async recoverContext(cause: string): Promise<void> {
    const { model, trainer, snap } = this;
    if (this.recovering || !model || snap.backend?.name !== 'webgl') return;
    this.recovering = true;
    const t0 = performance.now();
    const resume = snap.playing;
    const lostStep = trainer?.step ?? 0;
    const snapshot = this.snapshots.latest();
    const history = trainer ? historyBefore(trainer.history, snapshot?.step ?? 0) : null;
    cancelAnimationFrame(this.rafId);
    this.update({ playing: false, pauseReason: `The GPU context was lost (${cause}); rebuilding the backend and restoring the latest weights…` });
    this.generation += 1;
    this.modelLife.abort();
    this.modelLife = new AbortController();
    this.model = this.trainer = null;
    const rebuilt = await rebuildAfterLoss(() => {
      trainer?.dispose();
      model.dispose();
    }, snap.backend).catch((err: unknown) => {
      this.update({ phase: 'error', error: `The GPU context was lost and no backend could restart: ${err instanceof Error ? err.message : String(err)}` });
      return null;
    });
    if (!rebuilt) return;
    const { info, fellBack } = rebuilt;
    this.readbackInFlight = false;
    this.evalInFlightGen = -1;
    this.guard.attach();
    this.model = createModel(this.snap.settings);
    this.rebuildTrainer();
    const next = this.trainer as Trainer | null; // (re)built by rebuildTrainer once the training split is in
    let restored = snapshot;
    try {
      if (restored) this.model.setWeights(restored.weights);
    } catch {
      restored = null; // a re-initializing setting changed during the rebuild: the snapshot no longer fits
    }
    if (!restored) await this.loadPretrained();
    const last = next && history && restored ? continueFrom(next, restored.step, history) : null;
    this.lastRecovery = { cause, lostStep, restoredStep: restored?.step ?? null, startedAt: t0, ms: performance.now() - t0, backend: info.name, fellBack };
    this.update({
      backend: info, step: next?.step ?? 0, losses: last, historyVersion: this.snap.historyVersion + 1, pauseReason: null,
      notices: [...this.snap.notices, recoveryNotice(this.lastRecovery)],
    });
    this.snapshots.clear();
    this.recovering = false;
    void this.refreshRecon();
    if (resume) this.play();
  }

  /** Worker mode: the training worker's live tensors at its last report; else null. */
  get workerTensors(): number | null {
    return this.remote?.tensors ?? null;
  }

  /** Step of the latest weight snapshot (taken while training on WebGL), -1 when none. */
  get snapshotStep(): number {
    return this.snapshots.latest()?.step ?? -1;
  }

  private async refreshRecon(): Promise<void> {
    const model = this.model;
    if (!model || !this.test) return;
    const gen = this.generation;
    this.lastReconAt = performance.now();
    const step = this.remote ? this.viewStep : this.trainer?.step ?? 0;
    // readImages queues its work synchronously, so the model is alive when it is used.
    const reconstructions = await readImages((x) => model.reconstruct(x), this.test, this.reconIndices);
    if (gen !== this.generation) return;
    const originals = this.snap.recon?.originals ?? (await readImages((x) => x, this.test, this.reconIndices));
    this.update({ recon: { originals, reconstructions, step } });
  }

  private async evaluateTest(): Promise<void> {
    await this.workerStart; // where to evaluate: in the worker, once it is up
    const model = this.model;
    if (!model || !this.test || this.evalInFlightGen === this.generation) return;
    const gen = this.generation;
    const remote = this.remote;
    let step = remote ? remote.step : this.trainer?.step ?? 0;
    this.lastEvalStep = step;
    this.evalInFlightGen = gen;
    try {
      let values: TermValues;
      if (remote) {
        // In the worker: on WASM and CPU 1,000 images of GNCN-PDH would hold this thread for seconds.
        ({ values, step } = await remote.evaluate(TEST_EVAL_IMAGES, this.snap.settings.seed));
      } else {
        const indices = Uint32Array.from({ length: TEST_EVAL_IMAGES }, (_, i) => i);
        // Small chunks off WebGL: each chunk is one uninterrupted task on WASM and CPU.
        const chunk = this.snap.backend?.name === 'webgl' ? 100 : 25;
        values = await evaluateTerms(model, this.test, indices, this.snap.settings.seed, chunk, this.modelLife.signal);
      }
      if (gen === this.generation) this.update({ testEval: { values, step, images: TEST_EVAL_IMAGES } });
    } catch (err) {
      if (gen === this.generation && !(err instanceof DOMException && err.name === 'AbortError')) throw err; // an abort after a rebuild is expected
    } finally {
      if (this.evalInFlightGen === gen) this.evalInFlightGen = -1;
    }
  }

  /**
   * Runs a query (see model-queries.ts) on the live model; rejects with an AbortError if the
   * model is rebuilt before the answer arrives, so a demo never shows an old model's output.
   */
  async query<T>(fn: (model: GenerativeModel) => Promise<T>): Promise<T> {
    const model = this.model;
    if (!model) throw new DOMException('No model yet', 'AbortError');
    const gen = this.generation;
    const out = await fn(model);
    if (gen !== this.generation) throw new DOMException('The model changed', 'AbortError');
    return out;
  }

  /** Test images at `indices` as floats in {0, 1} ([n, 784]) with their labels; null before loading. */
  testImages(indices: ArrayLike<number>): { images: Float32Array; labels: number[] } | null {
    if (!this.test) return null;
    const test = this.test;
    return { images: gatherImages(test, indices), labels: Array.from(indices, (i) => test.labels[i]) };
  }

  /** Training images (for fitting an ex-post code density); null before loading. */
  trainImages(indices: ArrayLike<number>): Float32Array | null {
    return this.train ? gatherImages(this.train, indices) : null;
  }

  /** The training split itself, for side-by-side runs that train their own models (compare-session.ts); null before loading. */
  trainSplit(): MnistSplit | null {
    return this.train;
  }

  /**
   * What the Scoreboard evaluates: both splits, a copy of the live model's weights (training can
   * go on meanwhile) and the pretrained weights of the others. Null before the data has loaded.
   */
  async scoreboardSource(): Promise<ScoreboardSource | null> {
    const { test, train, model, pretrained } = this;
    if (!test || !train || !model || !pretrained || this.snap.origin.kind === 'loading') return null;
    const { settings, origin } = this.snap;
    // The weights at this moment: from the worker when it trains there (this thread's copy lags up to a second).
    const { weights, step } = this.remote
      ? await this.remote.weights()
      : { weights: await model.getWeights(), step: this.trainer?.step ?? 0 };
    return { test, train, live: { settings, weights, step, origin }, pretrained: (kind) => pretrained.get(kind) };
  }

  /** Number of live tensors (for the status object and leak checks). */
  numTensors(): number {
    return tf.memory().numTensors;
  }
}

/** @returns the index of the first test image of each digit 0-9. */
function firstOfEachDigit(split: MnistSplit): number[] {
  const out: number[] = [];
  for (let d = 0; d < 10; d++) out.push(split.labels.indexOf(d));
  return out;
}
