/**
 * Turns a training step that threw into a lesson, like divergence.ts does for a non-finite term:
 * what broke, at which step, the likely cause and what to do. The one expected throw is GNCN-PDH's
 * Cholesky factorization of Σ̃ (learning.ts precisionUpdate) after a too-large update of Σ.
 */
export function explainStepFailure(err: unknown, step: number, learningRate: number): string {
  const raw = err instanceof Error ? err.message : String(err);
  const lr = learningRate.toExponential(1);
  const pivot = /not positive definite \(pivot (\d+) = ([^)]+)\)/.exec(raw);
  if (pivot) {
    const value = Number(pivot[2]);
    return `Training paused at step ${step}: the error covariance Σ (the precision weighting of the prediction errors e¹, e²) ` +
      `is no longer positive definite — its Cholesky factorization failed at pivot ${pivot[1]} ` +
      `(${Number.isFinite(value) ? value.toPrecision(3) : pivot[2]}), so the precision P = chol(Σ̃)^−T does not exist. ` +
      `Likely cause: the learning rate (${lr}) is too high — one Hebbian update ΔΣ = ½(ẽᵀẽ − P)/N moved Σ's off-diagonal ` +
      'entries further than its diagonal can absorb. Lower it (the default is 1e-3) and press Reset.';
  }
  return `Training stopped at step ${step}: ${raw}. Likely cause: the learning rate (${lr}) is too high for this model. ` +
    'Lower it and press Reset.';
}
