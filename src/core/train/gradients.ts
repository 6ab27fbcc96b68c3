/**
 * One gradient step with global-norm clipping, for the backprop models.
 * The paper re-scales gradients "by re-projecting them to a Gaussian ball with radius of 5.0"
 * (Pascanu et al.): g <- g * min(1, c / ||g||_2), with ||g|| over all parameters together.
 */
import * as tf from '@tensorflow/tfjs-core';
// Kernel gradients are registered by the entry point, not here: the page and Vitest import
// '@tensorflow/tfjs-core/dist/register_all_gradients' (ESM that only a bundler resolves);
// Node scripts import '@tensorflow/tfjs', whose Node bundle registers the same gradients.

/** @throws RangeError unless c is a positive number or Infinity (no clipping) */
export function checkClipNorm(c: number): number {
  if (!(c > 0)) throw new RangeError(`clip norm must be > 0 (or Infinity for no clipping), got ${c}`);
  return c;
}

/**
 * Computes d objective / d vars, clips the global norm to `maxNorm`, and applies the step.
 * maxNorm = Infinity applies the raw gradient (no clipping: nothing bounds an SGD step).
 * Call inside tf.tidy. Extra terms that `loss` wants to return must be tf.keep()'d by it
 * (the forward pass runs in a tidy of its own); the caller then owns them.
 * @param loss returns the scalar objective to minimize
 * @returns the global gradient norm before clipping (a scalar)
 */
export function clippedGradientStep(
  optimizer: tf.Optimizer,
  vars: tf.Variable[],
  loss: () => tf.Scalar,
  maxNorm: number,
): tf.Scalar {
  checkClipNorm(maxNorm);
  const { grads } = tf.variableGrads(loss, vars);
  const list = vars.map((v) => grads[v.name]);
  // ||g||_2 = sqrt(sum_i ||g_i||^2)
  const norm = tf.sqrt(tf.addN(list.map((g) => tf.sum(tf.square(g))))) as tf.Scalar;
  if (maxNorm === Infinity) {
    // No clipping: g is applied as it is (an infinite or NaN g then reaches the weights).
    optimizer.applyGradients(Object.fromEntries(vars.map((v, i) => [v.name, list[i]])));
    return norm;
  }
  // scale = min(1, c / ||g||); the 1e-12 keeps c / 0 finite for an all-zero gradient
  const scale = tf.minimum(1, tf.div(maxNorm, tf.add(norm, 1e-12)));
  const clipped: tf.NamedTensorMap = {};
  vars.forEach((v, i) => {
    clipped[v.name] = tf.mul(list[i], scale);
  });
  optimizer.applyGradients(clipped);
  return norm;
}
