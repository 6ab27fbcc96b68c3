/**
 * Dense layers over explicit tf.Variables: y = x W + b with W stored as [in, out], so the
 * forward pass is a plain matMul (no transposed operand). Initial values are drawn in JS from
 * the run's seed, so every backend starts from the same numbers.
 *
 * The layer carries its own gradient (the same math as tfjs's matMul + add gradients):
 *   dX = dy W^T,  dW = x^T dy,  db = sum_rows dy
 * On the WASM backend a matMul with a transposed operand leaves XNNPACK for a scalar loop that is
 * 5-20x slower (tfjs-backend-wasm batch_mat_mul_impl.cc), and XNNPACK re-packs its right operand
 * whenever that tensor is new. So on WASM the backward pass uses only plain matMuls whose packed
 * operand is batch-sized:  dX = (W dy^T)^T  and  dW = (x^T) dy,  with explicit transposes of the
 * [B, n] tensors. WebGL and CPU read transposed operands for free and keep tfjs's own form.
 * Each input's gradient is computed only when the tape asks for it (the first layer's dX is not).
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

/** Gradient orientation: 'plain' (only untransposed matMuls, for WASM) or 'transposed' (tfjs's own). */
export type GradientForm = 'plain' | 'transposed';

/** The form for the backend now running: plain matMuls on WASM, transposed operands elsewhere. */
export function gradientFormFor(backend: string): GradientForm {
  return backend === 'wasm' ? 'plain' : 'transposed';
}

/** dX = dy W^T.  dy [B, out], W [in, out] -> [B, in] */
export function inputGradient(dy: tf.Tensor2D, W: tf.Tensor2D, form: GradientForm): tf.Tensor2D {
  return form === 'plain'
    ? tf.transpose(tf.matMul(W, tf.transpose(dy))) // ([in, out] [out, B])^T
    : tf.matMul(dy, W, false, true);
}

/** dW = x^T dy.  x [B, in], dy [B, out] -> [in, out] */
export function weightGradient(x: tf.Tensor2D, dy: tf.Tensor2D, form: GradientForm): tf.Tensor2D {
  return form === 'plain' ? tf.matMul(tf.transpose(x), dy) : tf.matMul(x, dy, true, false);
}

/**
 * tfjs's custom-gradient kernel call, with one lazily evaluated gradient per input (what
 * tf.customGrad wraps, minus its eager evaluation of every input's gradient). Present as an
 * Engine method in tfjs 2-4; checked once here so a change of tfjs fails loudly, not silently.
 */
type RunKernelFunc = (params: {
  forwardFunc: (backend: unknown, save: (tensors: tf.Tensor[]) => void) => tf.Tensor;
  backwardsFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => Record<string, () => tf.Tensor>;
  inputs: Record<string, tf.Tensor>;
}) => tf.Tensor;

function runKernelFunc(): RunKernelFunc {
  const engine = tf.engine() as unknown as { runKernelFunc?: RunKernelFunc };
  if (typeof engine.runKernelFunc !== 'function') throw new Error('dense: this tfjs has no Engine.runKernelFunc (custom gradients)');
  return engine.runKernelFunc.bind(engine);
}

/** y = x W + b.  [B, in] -> [B, out] */
export function dense(x: tf.Tensor2D, { W, b }: DenseParams): tf.Tensor2D {
  return runKernelFunc()({
    inputs: { x, W, b },
    forwardFunc: (_backend, save) => {
      save([x, W]);
      return tf.add(tf.matMul(x, W), b);
    },
    backwardsFunc: (dy, [xs, Ws]) => {
      const form = gradientFormFor(tf.getBackend());
      const g = dy as tf.Tensor2D;
      return {
        x: () => inputGradient(g, Ws as tf.Tensor2D, form),
        W: () => weightGradient(xs as tf.Tensor2D, g, form),
        b: () => tf.sum(g, 0),
      };
    },
  }) as tf.Tensor2D;
}

/** @returns the layer's variables in a fixed order (W, b). */
export function denseVariables(p: DenseParams): tf.Variable[] {
  return [p.W, p.b];
}
