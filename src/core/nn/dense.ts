/**
 * Dense layers over explicit tf.Variables: y = x W + b with W stored as [in, out], so the
 * forward pass is a plain matMul (no transposed operand). Initial values are drawn in JS from
 * the run's seed, so every backend starts from the same numbers.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createRng, deriveSeed, normalArray } from '@/core/rng';

/** One affine layer's parameters. */
export interface DenseParams {
  /** Weights, [in, out]. */
  W: tf.Variable<tf.Rank.R2>;
  /** Bias, [out]. */
  b: tf.Variable<tf.Rank.R1>;
}

let instances = 0;
/** A name tfjs has not seen: variable names are global, and several models may coexist. */
export function uniqueVariableName(name: string): string {
  instances += 1;
  return `${name}#${instances}`;
}

/**
 * Creates a layer with W ~ N(0, gain / in) (He init for gain 2, LeCun for gain 1) and b = 0.
 * @param name layer name; also the seed purpose, so each layer gets its own stream
 * @param seed the run's seed
 * @param scope prefix of the tfjs variable names (which must be unique); a counter when absent
 */
export function createDense(name: string, inDim: number, outDim: number, seed: number, gain = 2, scope?: string): DenseParams {
  const rng = createRng(deriveSeed(seed, `init/${name}`));
  const values = normalArray(rng, inDim * outDim, Math.sqrt(gain / inDim));
  const varName = (suffix: string) => (scope ? `${scope}/${name}/${suffix}` : uniqueVariableName(`${name}/${suffix}`));
  // tf.variable keeps its initial tensor alive; the tidy disposes it (the variable holds the data)
  const W = tf.tidy(() => tf.variable(tf.tensor2d(values, [inDim, outDim]), true, varName('W')));
  const b = tf.tidy(() => tf.variable(tf.zeros([outDim]) as tf.Tensor1D, true, varName('b')));
  return { W, b };
}

/** y = x W + b.  [B, in] -> [B, out] */
export function dense(x: tf.Tensor2D, { W, b }: DenseParams): tf.Tensor2D {
  return tf.add(tf.matMul(x, W), b);
}

/** @returns the layer's variables in a fixed order (W, b). */
export function denseVariables(p: DenseParams): tf.Variable[] {
  return [p.W, p.b];
}
