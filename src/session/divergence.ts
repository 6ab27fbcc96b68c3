/**
 * Turns a non-finite term into a lesson: which term, at which step, and the likely cause.
 *
 * What diverges where (measured in tests/unit/divergence-limits.test.ts, from random weights at the
 * page's default sizes): GNCN-PDH throws from its Σ factorization at the learning-rate slider's top
 * (step-failure.ts). The backprop models (GVAE, GVAE-CV, RAE) stay finite at every learning rate
 * with Adam (its step is about lr per weight whatever the gradient) and with SGD while the gradient
 * is clipped (the step is at most lr × the clip radius). With SGD and clipping off the step is
 * lr × ‖g‖ and nothing bounds ‖g‖ (0.01 is on the edge, 1e-3 is safe): at lr ≥ 0.03 the first step multiplies the weights a hundredfold,
 * the loss (a product of six layers) grows with them, and within 3–5 steps the forward pass
 * overflows float32 (±3.4e38): the first term to go is usually the reconstruction (logits of ±∞:
 * softplus(l) − x·l = ∞ − ∞ = NaN), sometimes the KL (½μ² = ∞; log σ² is clamped, so not exp(log σ²)).
 */
import type { Divergence } from '@/core/train/trainer';
import type { TermSpec } from '@/core/models/types';
import type { Settings } from '@/settings/settings';

/** The training settings the explanation depends on (the backprop models' optimizer and clipping). */
export type DivergenceContext = Pick<Settings, 'optimizer' | 'gradClip'>;

/** What overflowed, per term, when nothing bounded the step (SGD, clipping off). */
const OVERFLOWED: Record<string, string> = {
  recon: 'the decoder\'s logits overflowed float32 (beyond ±3.4e38), where the Bernoulli likelihood softplus(l) − x·l is ∞, or ∞ − ∞ = NaN',
  kl: 'the encoder\'s mean μ grew past 1e19, so ½μ² in the KL overflowed float32 (log σ² is clamped to [−10, 10], so it is not exp(log σ²))',
  reg: 'the weights (or codes) grew so large that their squared norm overflowed float32',
  l2: 'the decoder weights grew so large that their squared norm overflowed float32',
  negElbo: 'the sum recon + β·KL overflowed float32 while each term was still finite',
  loss: 'the objective (the sum of its terms) overflowed float32 while each term was still finite',
};

/** The same, when a bounded step still went too far (the older, generic wording). */
const CAUSES: Record<string, string> = {
  kl: 'large steps pushed μ (or log σ², clamped to [−10, 10]) to extremes, so μ² overflowed',
  recon: 'large steps pushed the decoder logits so far that the likelihood lost all precision',
  bce: 'the prediction μ⁰ saturated at 0 or 1 where the image disagrees',
  reg: 'the weights (or codes) grew without bound, so their squared norm overflowed',
  e0: 'the error-Hebbian updates grew the weights until the predictions saturated',
  e1: 'the states or the precision-weighted errors grew without bound during settling',
  e2: 'the states or the precision-weighted errors grew without bound during settling',
  energy: 'the states or the errors grew without bound during settling (try a smaller state rate β)',
};

/**
 * @param precision the backend's float precision: on 16-bit floats the likely cause is overflow,
 * not the learning rate
 * @param training the optimizer and gradient clipping in use; without it the message for a
 * backprop term names clipping as a possible cause instead of knowing it
 */
export function explainDivergence(
  d: Divergence,
  terms: readonly TermSpec[],
  learningRate: number,
  precision = 'float32',
  training?: DivergenceContext,
): string {
  const spec = terms.find((t) => t.key === d.term);
  const name = spec ? spec.label : d.term;
  const what = Number.isNaN(d.value) ? 'became NaN' : 'became infinite';
  const head = `Training paused: the ${name} term ${what} at step ${d.step}.`;
  const lr = learningRate.toExponential(1);
  if (precision === 'float16') {
    return `${head} Likely cause: this GPU computes with ` +
      '16-bit floats (range ±65,504, about 3 significant digits), too coarse for training. Remove ?backend=webgl from the address ' +
      'to train in float32 safe mode, then press Reset.';
  }
  const backpropTerm = d.term in OVERFLOWED;
  if (backpropTerm && training?.optimizer === 'sgd' && training.gradClip === 'off') {
    return `${head} Likely cause: the learning rate (${lr}) is too high for SGD with gradient clipping off — each step moves ` +
      'the weights by lr × ‖g‖ and nothing bounds ‖g‖, so each step multiplied the weights and the network\'s outputs (a product ' +
      `through six layers) grew faster still, until ${OVERFLOWED[d.term]}. Lower the learning rate (1e-3 trains safely without clipping) or turn ` +
      'gradient clipping back on (5, the paper\'s radius, bounds every step at 5 × lr), then press Reset.';
  }
  const cause = CAUSES[d.term] ?? 'the updates grew without bound';
  if (backpropTerm && !training) {
    return `${head} Likely cause: the learning rate (${lr}) is too high — ${cause} (with SGD and gradient clipping off nothing ` +
      'bounds a step: it is lr × ‖g‖). Lower it, or turn gradient clipping back on, and press Reset.';
  }
  return `${head} Likely cause: the learning rate (${lr}) is too high — ${cause}. Lower it and press Reset.`;
}
