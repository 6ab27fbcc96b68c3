/**
 * Side-by-side runs: a few models (two settings of one model, or the four models) trained in
 * lockstep from the same seed on the same batches. Each arm is a core model (createModel) with
 * its own core Trainer; the trainers share the seed and the batch size, so their seeded batch
 * samplers draw the same images in the same order, and model.trainStep(x, step) draws the same
 * noise at the same step. Like the Session, it owns every tensor and hands out plain numbers.
 *
 * The animation-frame loop steps one arm at a time (round robin, within a frame budget), so a
 * frame never holds more than one model's step; a lockstep step is done when every arm has
 * taken it, and readbacks happen only then, so the histories always have the same length.
 */
import type { MnistSplit } from '@/core/data/mnist';
import type { GenerativeModel, ModelKind, TermSpec, TermValues } from '@/core/models/types';
import { stepsCovered, Trainer, type LossHistory } from '@/core/train/trainer';
import { createModel } from '@/session/model-factory';
import { smoothedRate } from '@/session/rate';
import type { Settings } from '@/settings/settings';

const READBACK_EVERY = 10;
const READBACK_MS = 400;
const MAX_UNREAD = 2 * READBACK_EVERY;
const FRAME_BUDGET_MS = 12;

export interface ArmSpec {
  /** What differs, e.g. "σ² = 0.1" or "GVAE". */
  label: string;
  settings: Settings;
}

export interface ArmInfo {
  label: string;
  kind: ModelKind;
  terms: readonly TermSpec[];
  objectiveKey: string;
  numParams: number;
  codeSize: number;
  settings: Settings;
}

export interface CompareSnapshot {
  /** A new array for each run: `model` for useLiveQuery (its identity marks a new run). */
  model: readonly ArmInfo[];
  /** Lockstep steps taken by every arm and read back. */
  step: number;
  playing: boolean;
  historyVersion: number;
  latest: (TermValues | null)[];
  /** Lockstep steps per second (each is one step of every arm), smoothed. */
  stepsPerSecond: number;
  /** Why the run stopped by itself (a diverged arm, a failed step). */
  pauseReason: string | null;
}

export interface CompareOptions {
  /** Schedules the next frame (requestAnimationFrame in the page). */
  frame?: (cb: () => void) => number;
  cancelFrame?: (id: number) => void;
}

export class CompareSession {
  readonly arms: readonly ArmInfo[];
  private readonly models: GenerativeModel[];
  private readonly trainers: Trainer[];
  private snap: CompareSnapshot;
  private listeners = new Set<() => void>();
  /** The arm that takes the next step in the round robin. */
  private cursor = 0;
  private frameId = 0;
  private readbackInFlight = false;
  private lastReadbackAt = 0;
  private disposed = false;
  private readonly frame: (cb: () => void) => number;
  private readonly cancelFrame: (id: number) => void;

  /** @throws RangeError unless every arm shares the seed and the batch size (else the batches would differ) */
  constructor(train: MnistSplit, specs: readonly ArmSpec[], opts: CompareOptions = {}) {
    if (specs.length < 1) throw new RangeError('A side-by-side run needs at least one arm');
    const { seed, batchSize } = specs[0].settings;
    if (specs.some((s) => s.settings.seed !== seed || s.settings.batchSize !== batchSize)) {
      throw new RangeError('Arms trained in lockstep must share the seed and the batch size');
    }
    this.frame = opts.frame ?? ((cb) => requestAnimationFrame(cb));
    this.cancelFrame = opts.cancelFrame ?? ((id) => cancelAnimationFrame(id));
    this.models = [];
    try {
      for (const s of specs) this.models.push(createModel(s.settings));
    } catch (err) {
      this.models.forEach((m) => m.dispose());
      throw err;
    }
    this.trainers = this.models.map((model) => new Trainer({ model, train, batchSize, seed }));
    this.arms = specs.map((s, i) => {
      const m = this.models[i];
      return { label: s.label, kind: m.kind, terms: m.terms, objectiveKey: m.objectiveKey, numParams: m.numParams, codeSize: m.codeSize, settings: s.settings };
    });
    this.snap = { model: this.arms, step: 0, playing: false, historyVersion: 0, latest: specs.map(() => null), stepsPerSecond: 0, pauseReason: null };
  }

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };
  getSnapshot = (): CompareSnapshot => this.snap;

  private update(patch: Partial<CompareSnapshot>): void {
    this.snap = { ...this.snap, ...patch };
    this.listeners.forEach((fn) => fn());
  }

  /** Each arm's loss history (plain arrays, same steps for every arm). */
  histories(): LossHistory[] {
    return this.trainers.map((t) => t.history);
  }

  /** Queues n lockstep steps (each arm one step per lockstep step), no readback. */
  runSteps(n: number): void {
    for (let i = 0; i < n; i++) for (let a = 0; a < this.trainers.length; a++) this.stepArm(a);
  }

  private stepArm(a: number): void {
    try {
      this.trainers[a].runSteps(1);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new Error(`${this.arms[a].label} failed at step ${this.trainers[a].step}: ${why}`, { cause: err });
    }
  }

  play(): void {
    if (this.disposed || this.snap.playing) return;
    this.update({ playing: true, pauseReason: null });
    this.frameId = this.frame(this.tick);
  }

  pause(reason: string | null = null): void {
    if (this.frameId) this.cancelFrame(this.frameId);
    this.frameId = 0;
    if (this.disposed) return;
    this.update({ playing: false, pauseReason: reason });
    // Finish the lockstep step under way, so that every arm has taken the same steps.
    try {
      while (this.cursor !== 0) this.stepNext();
    } catch (err) {
      this.update({ pauseReason: err instanceof Error ? err.message : String(err) });
    }
    void this.readback();
  }

  /** One lockstep step, then its readback. */
  async stepOnce(): Promise<void> {
    if (this.disposed || this.snap.playing) return;
    try {
      this.runSteps(1);
    } catch (err) {
      this.update({ pauseReason: err instanceof Error ? err.message : String(err) });
      return;
    }
    await this.readback();
  }

  private stepNext(): void {
    this.stepArm(this.cursor);
    this.cursor = (this.cursor + 1) % this.trainers.length;
  }

  private tick = (): void => {
    this.frameId = 0;
    if (!this.snap.playing || this.disposed) return;
    const t0 = performance.now();
    try {
      while (this.trainers[this.cursor].unread < MAX_UNREAD) {
        this.stepNext();
        if (performance.now() - t0 > FRAME_BUDGET_MS) break;
      }
    } catch (err) {
      this.pause(err instanceof Error ? err.message : String(err));
      return;
    }
    const unread = this.trainers[0].unread;
    const due = unread >= READBACK_EVERY || performance.now() - this.lastReadbackAt > READBACK_MS;
    if (this.cursor === 0 && due && unread > 0) void this.readback();
    this.frameId = this.frame(this.tick);
  };

  /** Reads every arm's queued steps (only whole lockstep steps are ever queued here). */
  async readback(): Promise<void> {
    if (this.disposed || this.readbackInFlight || this.cursor !== 0 || this.trainers[0].unread === 0) return;
    this.readbackInFlight = true;
    const t0 = this.lastReadbackAt;
    try {
      const results = await Promise.all(this.trainers.map((t) => t.readback()));
      if (this.disposed) return;
      const now = performance.now();
      this.lastReadbackAt = now;
      const read = results[0].read; // not history.steps.length: the history stops growing at its cap
      this.update({
        step: Math.min(...this.trainers.map((t) => stepsCovered(t.history))),
        latest: results.map((r, a) => r.latest ?? this.snap.latest[a]),
        historyVersion: this.snap.historyVersion + 1,
        stepsPerSecond: smoothedRate(this.snap.stepsPerSecond, read, t0, now, this.snap.playing),
      });
      const a = results.findIndex((r) => r.divergence);
      if (a >= 0) {
        const d = results[a].divergence!;
        this.pause(`${this.arms[a].label}: ${d.term} became ${d.value} at step ${d.step}; training stopped (lower the learning rate or change the setting, then Reset).`);
      }
    } finally {
      this.readbackInFlight = false;
      if (!this.snap.playing && !this.disposed && this.trainers[0].unread > 0) void this.readback();
    }
  }

  /**
   * Runs a query (see model-queries.ts) on one arm's model; rejects with an AbortError when the
   * run is disposed before the answer arrives (its tensors are then gone).
   */
  async query<T>(arm: number, fn: (model: GenerativeModel) => Promise<T>): Promise<T> {
    if (this.disposed) throw new DOMException('The run was reset', 'AbortError');
    const out = await fn(this.models[arm]);
    if (this.disposed) throw new DOMException('The run was reset', 'AbortError');
    return out;
  }

  /** Frees every model, optimizer and queued tensor (a readback in flight frees its own). */
  dispose(): void {
    if (this.disposed) return;
    if (this.frameId) this.cancelFrame(this.frameId);
    this.frameId = 0;
    this.disposed = true;
    this.trainers.forEach((t) => t.dispose());
    this.models.forEach((m) => m.dispose());
    this.update({ playing: false });
  }
}
