/**
 * Turns a non-finite term into a lesson: which term, at which step, and the likely cause.
 */
import type { Divergence } from '@/core/train/trainer';
import type { TermSpec } from '@/core/models/types';

/**
 * @param precision the backend's float precision: on 16-bit floats the likely cause is overflow,
 * not the learning rate
 */
export function explainDivergence(d: Divergence, terms: readonly TermSpec[], learningRate: number, precision = 'float32'): string {
  const spec = terms.find((t) => t.key === d.term);
  const name = spec ? spec.label : d.term;
  const what = Number.isNaN(d.value) ? 'became NaN' : 'became infinite';
  const causes: Record<string, string> = {
    kl: 'large steps pushed log σ² or μ to extremes, so exp(log σ²) or μ² overflowed',
    recon: 'large steps pushed the decoder logits so far that the likelihood lost all precision',
    bce: 'the prediction μ⁰ saturated at 0 or 1 where the image disagrees',
    reg: 'the weights (or codes) grew without bound, so their squared norm overflowed',
    e0: 'the error-Hebbian updates grew the weights until the predictions saturated',
    e1: 'the states or the precision-weighted errors grew without bound during settling',
    e2: 'the states or the precision-weighted errors grew without bound during settling',
    energy: 'the states or the errors grew without bound during settling (try a smaller state rate β)',
  };
  const cause = causes[d.term] ?? 'the updates grew without bound';
  if (precision === 'float16') {
    return `Training paused: the ${name} term ${what} at step ${d.step}. Likely cause: this GPU computes with ` +
      '16-bit floats (range ±65,504, about 3 significant digits), too coarse for training. Remove ?backend=webgl from the address ' +
      'to train in float32 safe mode, then press Reset.';
  }
  return `Training paused: the ${name} term ${what} at step ${d.step}. Likely cause: the learning rate ` +
    `(${learningRate.toExponential(1)}) is too high — ${cause}. Lower it and press Reset.`;
}
