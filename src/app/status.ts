/**
 * window.latentLab: a read-only status object for automated checks (browser tests, the
 * benchmark). Every field is a getter over the session; nothing here can change it.
 * Documented in the README.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Session } from '@/session/session';

export interface LatentLabStatus {
  readonly ready: boolean;
  readonly trainReady: boolean;
  /** The backend the session chose. */
  readonly backend: string | null;
  /** tf.getBackend() now: what actually runs the kernels. */
  readonly tfBackend: string | null;
  readonly precision: string | null;
  readonly model: string | null;
  readonly step: number;
  readonly playing: boolean;
  readonly losses: Record<string, number> | null;
  readonly testEval: { values: Record<string, number>; step: number; images: number } | null;
  readonly numTensors: number;
  readonly reconStep: number;
  readonly error: string | null;
  readonly pauseReason: string | null;
  readonly firstStepMs: number | null;
  /** performance.now() when the first view was ready, and when the training set had loaded. */
  readonly readyMs: number | null;
  readonly trainReadyMs: number | null;
  /** 'loading' | 'pretrained' | 'scratch': where the live model's weights came from. */
  readonly origin: string;
  /** performance.now() when reconstructions by the pretrained weights were first on screen. */
  readonly pretrainedMs: number | null;
  /** Where the training steps run: 'worker' (a Web Worker, on WASM and CPU) or 'main'. */
  readonly trainingThread: 'main' | 'worker';
  /** The training worker's live tensors at its last report (null without a worker). */
  readonly workerTensors: number | null;
  /** Training speed, smoothed over recent readbacks. */
  readonly stepsPerSecond: number;
  /** Step of the latest weight snapshot kept for a lost GPU context (-1: none). */
  readonly snapshotStep: number;
  /** The last recovery from a lost GPU context: cause, steps, start (performance.now()), duration (ms), backend; else null. */
  readonly recovery: { cause: string; lostStep: number; restoredStep: number | null; startedAt: number; ms: number; backend: string; fellBack: boolean } | null;
  /**
   * A copy of the loss history: steps and one array per term. Bounded: the first `bins.counts.length`
   * entries are means over bins.counts[i] steps (bins.firsts[i]..steps[i]); the rest one step each.
   */
  history(): { steps: number[]; terms: Record<string, number[]>; bins?: { counts: number[]; firsts: number[] } };
}

export function installStatus(session: Session): LatentLabStatus {
  const s = () => session.getSnapshot();
  const status = Object.freeze({
    get ready() { return s().phase === 'ready'; },
    get trainReady() { return s().trainReady; },
    get backend() { return s().backend?.name ?? null; },
    get tfBackend() { return tf.getBackend() ?? null; },
    get precision() { return s().backend?.precision ?? null; },
    get model() { return s().model?.kind ?? null; },
    get step() { return s().step; },
    get playing() { return s().playing; },
    get losses() { return s().losses ? { ...s().losses } : null; },
    get testEval() { return s().testEval; },
    get numTensors() { return session.numTensors(); },
    get reconStep() { return s().recon?.step ?? -1; },
    get error() { return s().error; },
    get pauseReason() { return s().pauseReason; },
    get firstStepMs() { return session.firstStepAt; },
    get readyMs() { return session.readyAt; },
    get trainReadyMs() { return session.trainReadyAt; },
    get origin() { return s().origin.kind; },
    get pretrainedMs() { return session.pretrainedAt; },
    get stepsPerSecond() { return s().stepsPerSecond; },
    get trainingThread() { return s().thread; },
    get workerTensors() { return session.workerTensors; },
    get snapshotStep() { return session.snapshotStep; },
    get recovery() { return session.lastRecovery ? { ...session.lastRecovery } : null; },
    history() {
      const h = s().history;
      const copy = { steps: h ? [...h.steps] : [], terms: h ? Object.fromEntries(Object.entries(h.terms).map(([k, v]) => [k, [...v]])) : {} };
      return h?.bins ? { ...copy, bins: { counts: [...h.bins.counts], firsts: [...h.bins.firsts] } } : copy;
    },
  });
  Object.defineProperty(window, 'latentLab', { value: status, writable: false, configurable: false });
  return status;
}

declare global {
  interface Window {
    latentLab: LatentLabStatus;
  }
}
