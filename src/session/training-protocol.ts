/**
 * The messages between the page and the training worker (training-host.ts runs in the worker,
 * remote-trainer.ts is the page's end). Plain data only: settings, numbers, typed arrays.
 *
 * Every command after `init` carries the generation of the model it is about; the worker drops
 * commands for an older model and the page drops reports from one.
 */
import type { BackendName } from '@/platform/backend';
import type { TermValues, WeightMap } from '@/core/models/types';
import type { Divergence } from '@/core/train/trainer';
import type { Settings } from '@/settings/settings';

/** A split as posted to the worker (the packed bytes are copied, the page keeps its own). */
export interface PlainSplit {
  count: number;
  images: Uint8Array;
  labels: Uint8Array;
}

export type ToWorker =
  /** Starts the worker's backend (while the page fetches the data). */
  | { type: 'init'; backend: BackendName }
  /**
   * A split as it arrives (the test split first). `reconIndices`: the test digits whose
   * reconstructions come with every weights report.
   */
  | { type: 'split'; which: 'test' | 'train'; split: PlainSplit; reconIndices?: number[] }
  /** A new model from the settings, starting from `weights` (the page's copy, so both ends agree). */
  | { type: 'build'; gen: number; settings: Settings; weights: WeightMap }
  /**
   * New starting weights for the current model (the pretrained ones arrived), which the page
   * now calls generation `gen`: the trainer restarts at step 0.
   */
  | { type: 'load'; gen: number; weights: WeightMap }
  | { type: 'play'; gen: number }
  | { type: 'pause'; gen: number }
  /** n steps, then a readback (the Step button). */
  | { type: 'step'; gen: number; n: number }
  /** A setting that changes without re-initializing (model-factory.ts applyLive). */
  | { type: 'live'; gen: number; key: string; value: number | string }
  /** Send the current weights now (a weights report with this id). */
  | { type: 'weights'; gen: number; id: number }
  /** Mean terms over the first `images` test images (an evaluated report with this id). */
  | { type: 'evaluate'; gen: number; id: number; images: number; seed: number };

export type FromWorker =
  | { type: 'ready' }
  /** The worker could not start its backend: the page trains on its own thread instead. */
  | { type: 'init-failed'; message: string }
  /**
   * Read-back steps since the last report: steps[i] gave rows[key][i]. `step` counts steps
   * taken (queued or read), `ms` is the worker's busy time for them. A non-finite term stops
   * training in the worker and is reported here (nothing from that step on is in `rows`).
   */
  | {
    type: 'progress'; gen: number; steps: number[]; rows: Record<string, number[]>; latest: TermValues | null;
    step: number; epoch: number; playing: boolean; divergence: Divergence | null; numTensors: number;
  }
  /** A step threw (e.g. GNCN-PDH's Cholesky of Σ̃): training stopped in the worker. */
  | { type: 'failed'; gen: number; step: number; message: string }
  /**
   * The current weights, after `step` steps; id 0 = sent unasked (every second while training, and
   * on pause), with the reconstructions of the init's test digits ([n, 784]) by those weights.
   */
  | { type: 'weights'; gen: number; id: number; step: number; weights: WeightMap; reconstructions?: Float32Array }
  | { type: 'evaluated'; gen: number; id: number; step: number; values: TermValues | null; error?: string }
  /** A request about a model that has been replaced: no answer will come. */
  | { type: 'stale'; id: number };

/** The transferable buffers of a weight map (posting moves them instead of copying). */
export function weightBuffers(weights: WeightMap, extra?: Float32Array): ArrayBuffer[] {
  if (extra) return [...weightBuffers(weights), extra.buffer as ArrayBuffer];
  return Object.values(weights).map((w) => w.values.buffer as ArrayBuffer);
}
