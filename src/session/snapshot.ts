/**
 * What the session hands React: plain numbers and arrays, never tensors (session.ts publishes a
 * new object on every change; hooks/use-session.ts subscribes).
 */
import type { TermSpec, TermValues } from '@/core/models/types';
import type { LossHistory } from '@/core/train/trainer';
import type { BackendInfo } from '@/platform/backend';
import type { Origin } from '@/session/pretrained';
import { defaultSettings, type Settings } from '@/settings/settings';

export interface SessionSnapshot {
  phase: 'starting' | 'loading' | 'ready' | 'error';
  backend: BackendInfo | null;
  /** Fractions loaded, 0..1. */
  progress: { test: number; train: number };
  /** False until the training split has loaded (the first view needs only the test split). */
  trainReady: boolean;
  /** A fatal problem (no backend, a missing or corrupt asset); the page offers a retry. */
  error: string | null;
  notices: string[];
  settings: Settings;
  model: { kind: string; terms: readonly TermSpec[]; numParams: number; objectiveKey: string } | null;
  playing: boolean;
  /** Why training is paused when it did not pause itself on request (tab hidden, divergence). */
  pauseReason: string | null;
  step: number;
  epoch: number;
  stepsPerSecond: number;
  losses: TermValues | null;
  /** Grows with each readback; the chart reads `history` when it changes. */
  historyVersion: number;
  history: LossHistory | null;
  /** Test digits [n, 784] and their reconstructions, with the step they were taken at. */
  recon: { originals: Float32Array; reconstructions: Float32Array; step: number } | null;
  /** Mean terms over a fixed test subset. */
  testEval: { values: TermValues; step: number; images: number } | null;
  divergence: string | null;
  /** Where the model's weights came from: pretrained (with the run's figures) or random. */
  origin: Origin;
  /** Where the training steps run: a Web Worker (WASM, CPU) or this thread (WebGL, or no worker). */
  thread: 'main' | 'worker';
}

export function initialSnapshot(): SessionSnapshot {
  return {
    phase: 'starting', backend: null, progress: { test: 0, train: 0 }, trainReady: false, error: null, notices: [],
    settings: defaultSettings(), model: null, playing: false, pauseReason: null, step: 0, epoch: 0, stepsPerSecond: 0,
    losses: null, historyVersion: 0, history: null, recon: null, testEval: null, divergence: null,
    origin: { kind: 'loading' }, thread: 'main',
  };
}
