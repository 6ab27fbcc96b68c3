/**
 * Points of the rate-distortion plane from the loss history: the mean of each term over the
 * last `window` training steps taken at one setting value (steps >= fromStep).
 */
import type { ModelKind } from '@/core/models/types';

/** Smoothing window (training steps). */
export const RD_WINDOW = 50;
/**
 * Steps skipped after a change: steps already queued (up to 20 unread) ran with the old value,
 * and the model needs a moment to respond to the new one.
 */
export const RD_SKIP = 20;
/** A setting value held for fewer steps than this gives no point. */
export const RD_MIN_STEPS = 5;

export interface RdAxis {
  /** The live setting swept. */
  setting: 'klWeight' | 'sigma2' | 'lambda';
  symbol: string;
  /** Term key of the rate axis. */
  rateKey: string;
  rateLabel: string;
  distortionLabel: string;
}

export const RD_AXES: Partial<Record<ModelKind, RdAxis>> = {
  gvae: { setting: 'klWeight', symbol: 'β', rateKey: 'kl', rateLabel: 'rate: KL(q(z|x) ‖ p(z)), nats per image', distortionLabel: 'distortion: BCE, nats per image' },
  'gvae-cv': { setting: 'sigma2', symbol: 'σ²', rateKey: 'kl', rateLabel: 'rate: KL(q(z|x) ‖ p(z)), nats per image', distortionLabel: 'distortion: BCE, nats per image' },
  rae: { setting: 'lambda', symbol: 'λ', rateKey: 'reg', rateLabel: 'R, unweighted (squared norm, not nats)', distortionLabel: 'distortion: BCE, nats per image' },
};

export interface RdSample {
  rate: number;
  distortion: number;
  /** Training steps averaged. */
  steps: number;
}

/**
 * @param history steps and per-term arrays (aligned)
 * @returns the means over the last `window` steps with step >= fromStep, or null when there are
 *   fewer than RD_MIN_STEPS such steps
 */
export function segmentMean(
  history: { steps: number[]; terms: Record<string, number[]> } | null, rateKey: string, fromStep: number, window = RD_WINDOW,
): RdSample | null {
  if (!history) return null;
  const rate = history.terms[rateKey];
  const recon = history.terms.recon;
  if (!rate || !recon) return null;
  let r = 0;
  let d = 0;
  let k = 0;
  for (let i = history.steps.length - 1; i >= 0 && k < window; i--) {
    if (history.steps[i] < fromStep) break;
    if (!Number.isFinite(rate[i]) || !Number.isFinite(recon[i])) continue;
    r += rate[i];
    d += recon[i];
    k++;
  }
  return k >= RD_MIN_STEPS ? { rate: r / k, distortion: d / k, steps: k } : null;
}
