/**
 * The latest copy of the live model's weights as plain arrays (model.getWeights()), taken every
 * few seconds while training on WebGL, so that a lost GPU context costs seconds of training,
 * not the run. Optimizer state (Adam's moment estimates) is not part of getWeights.
 */
import type { GenerativeModel, TermValues, WeightMap } from '@/core/models/types';
import { appendHistory, latestTerms, type LossHistory, type Trainer } from '@/core/train/trainer';

/**
 * The part of a history before `step` (the steps the restored weights include), copied, merged
 * entries (bins) included; a bin that reaches `step` is left out whole.
 */
export { historyBefore } from '@/core/train/trainer';

/** Take a snapshot at most this often (ms) while training. */
export const SNAPSHOT_MS = 3000;

export interface WeightSnapshot {
  /** Training steps the weights include. */
  step: number;
  weights: WeightMap;
  /** performance.now() when it was taken. */
  at: number;
}

export class SnapshotStore {
  private latestSnap: WeightSnapshot | null = null;
  private inFlight = false;
  private lastAt = -Infinity;
  /** Bumped by clear(): a copy still in flight from before (maybe never to arrive, on a lost context) is ignored. */
  private epoch = 0;

  /** The latest complete snapshot, or null (none yet for this model). */
  latest(): WeightSnapshot | null {
    return this.latestSnap;
  }

  /** Forgets the snapshot (the model was rebuilt: its weights no longer fit). */
  clear(): void {
    this.latestSnap = null;
    this.lastAt = -Infinity;
    this.inFlight = false;
    this.epoch += 1;
  }

  /**
   * Copies the weights out when the last snapshot is older than SNAPSHOT_MS. The copy is queued
   * synchronously, so it holds exactly the `step` steps queued so far.
   * @param stillValid checked when the copy arrives: false drops it (model rebuilt, context lost)
   */
  maybeTake(model: GenerativeModel, step: number, stillValid: () => boolean, now = performance.now()): void {
    if (this.inFlight || now - this.lastAt < SNAPSHOT_MS || step === this.latestSnap?.step) return;
    this.inFlight = true;
    this.lastAt = now;
    const epoch = this.epoch;
    model.getWeights().then(
      (weights) => {
        if (epoch !== this.epoch) return;
        this.inFlight = false;
        if (stillValid() && allFinite(weights)) this.latestSnap = { step, weights, at: now };
      },
      () => {
        if (epoch === this.epoch) this.inFlight = false; // a disposed model or a lost context: keep the previous snapshot
      },
    );
  }
}

function allFinite(w: WeightMap): boolean {
  return Object.values(w).every(({ values }) => values.every(Number.isFinite));
}

/**
 * Sets a fresh trainer (on the restored weights) at the snapshot's step with the history before it
 * (its bins too: the chart and the step count go on from where they were).
 * @returns the latest terms of that history, null when it is empty
 */
export function continueFrom(trainer: Trainer, step: number, history: LossHistory): TermValues | null {
  trainer.step = step;
  appendHistory(trainer.history, history);
  return latestTerms(history);
}
