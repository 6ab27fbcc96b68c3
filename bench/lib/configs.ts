/**
 * What the benchmark trains: every model at the browser defaults (the settings table) and at the
 * paper's sizes, and the analytic FLOPs of one training step of each (matMuls only, forward and
 * backward), from which the achieved FLOP/s is reported. Shared by Node, the bench page and the
 * PyTorch peer (which receives these configs as JSON).
 */
import type { ModelKind } from '@/core/models/types';
import { defaultSettings, type Settings } from '@/settings/settings';

export const MODELS: readonly ModelKind[] = ['gvae', 'gvae-cv', 'rae', 'gncn-pdh'];
export type SizeName = 'browser' | 'paper';

/** The paper's sizes, as scripts/reproduce.ts PAPER_SIZES: hidden 512; GNCN-PDH 360-360-360 (20 columns of 18), K = 50. */
export const PAPER_SIZES: Partial<Settings> = { hiddenWidth: 512, latentDim: 20, layerWidth: 360, topColumnSize: 18, settlingSteps: 50 };

/** One benchmark case: a model, its sizes, and what the PyTorch peer needs to build the same network. */
export interface BenchCase {
  id: string;
  model: ModelKind;
  size: SizeName;
  settings: Settings;
  /** e.g. "784-256-256-20" or "784-240-240-240, K 20" */
  label: string;
  batch: number;
  /** Analytic FLOPs of one training step (matMuls, forward + backward or settling + Hebbian). */
  flopsPerStep: number;
  /** Plain description for the peer: layer sizes and hyper-parameters. */
  spec: Record<string, number | string>;
}

export function settingsFor(model: ModelKind, size: SizeName): Settings {
  return { ...defaultSettings(), model, ...(size === 'paper' ? PAPER_SIZES : {}) };
}

/**
 * FLOPs of one step. A dense layer [in -> out] at batch B costs 2 B in out for y = x W, as much
 * for dW = x^T dy, and as much again for dX = dy W^T except in the first layer (x is data).
 * GNCN-PDH per settling step: dz3 (eTilde2 E3, phi3 V3), dz2 (eTilde1 E2, phi2 V2), dz1 (e0 E1,
 * phi1 V1), the predictions (W3, W2, M3, W1, M2) and eTilde_l = e_l P_l; then once per batch the
 * Hebbian outer products (W, M; E is their transpose) and eT^T eT for both Sigmas. Our code
 * folds P into E once per batch (2 n^3 more per batch): not counted, the peer does not do it.
 */
export function flopsPerStep(s: Settings): number {
  const B = s.batchSize;
  const D = 784;
  if (s.model === 'gncn-pdh') {
    const [n1, n2, n3] = [s.layerWidth, s.layerWidth, 20 * s.topColumnSize];
    const perStep = n2 * n3 + n3 * n3 + n1 * n2 + n2 * n2 + D * n1 + n1 * n1 // dz3, dz2, dz1
      + n3 * n2 + n2 * n1 + n3 * n1 + n1 * D + n2 * D // predictions
      + n1 * n1 + n2 * n2; // eTilde
    const hebbian = n3 * n2 + n2 * n1 + n1 * D + n3 * n1 + n2 * D + n1 * n1 + n2 * n2;
    return 2 * B * (s.settlingSteps * perStep + hebbian);
  }
  const H = s.hiddenWidth;
  const J = s.latentDim;
  const heads = s.model === 'gvae' ? 2 : 1; // mu and log sigma^2, or one code / mean head
  const layers: [number, number][] = [[D, H], [H, H], ...Array.from({ length: heads }, (): [number, number] => [H, J]), [J, H], [H, H], [H, D]];
  const macs = layers.reduce((acc, [i, o], k) => acc + i * o * (k === 0 ? 2 : 3), 0);
  return 2 * B * macs;
}

function describe(s: Settings): string {
  return s.model === 'gncn-pdh'
    ? `784-${s.layerWidth}-${s.layerWidth}-${20 * s.topColumnSize}, K ${s.settlingSteps}`
    : `784-${s.hiddenWidth}-${s.hiddenWidth}-${s.latentDim}`;
}

function specOf(s: Settings): Record<string, number | string> {
  const common = { batch: s.batchSize, learningRate: s.learningRate, optimizer: s.optimizer, seed: s.seed };
  if (s.model === 'gncn-pdh') {
    return {
      ...common, n1: s.layerWidth, n2: s.layerWidth, n3: 20 * s.topColumnSize, groupSize: 12, topGroupSize: s.topColumnSize,
      K: s.settlingSteps, beta: s.stateRate, leak: s.leak, selfExcitation: 0.15, inhibition: 0.1,
    };
  }
  return { ...common, hidden: s.hiddenWidth, latent: s.latentDim, klWeight: s.klWeight, sigma2: s.sigma2, lambda: s.lambda };
}

export function benchCase(model: ModelKind, size: SizeName): BenchCase {
  const s = settingsFor(model, size);
  return { id: `${model}/${size}`, model, size, settings: s, label: describe(s), batch: s.batchSize, flopsPerStep: flopsPerStep(s), spec: specOf(s) };
}

/** @returns the cases for these models and sizes, in report order. */
export function benchCases(models: readonly ModelKind[], sizes: readonly SizeName[]): BenchCase[] {
  return models.flatMap((m) => sizes.map((z) => benchCase(m, z)));
}
