/**
 * GNCN-PDH learning: the local (error-Hebbian) updates computed from the settled state, the
 * optimizer that applies them (no autodiff anywhere), and the constraints applied after each
 * update (column-norm clip of W, M, E; Sigma fix, precision factor, Sigma column clip).
 *
 * Follows ngc-learn's code [C] (HebbRule, ENode.calc_update/compute_precision/apply_constraints,
 * GNCN_PDH.calc_updates); spec: shared reference models-and-metrics.md, sections 1.4 and 1.6.
 */
import * as tf from '@tensorflow/tfjs-core';
import { choleskyPrecision } from '@/core/linalg/cholesky';
import { gradientFormFor, weightGradient } from '@/core/nn/dense';
import type { GncnState } from '@/core/models/gncn/settle';

/** Names of the learned matrices, in [C]'s update order. */
export const LEARNED = ['W3', 'W2', 'W1', 'M3', 'M2', 'E3', 'E2', 'E1', 'Sigma1', 'Sigma2'] as const;
export type LearnedName = (typeof LEARNED)[number];

/** [C] compute_precision's stability term, added to every entry of Sigma. */
export const SIGMA_EPS = 0.00025;

/**
 * The Hebbian updates (ascent directions, already divided by the batch size N) from the final
 * settled state [C] section 1.6. With phi = relu and storage [source, target]:
 *   dW3 = phi(z3)^T eT2 / N,  dW2 = phi(z2)^T eT1 / N,  dW1 = phi(z1)^T e0 / N
 *   dM3 = phi(z3)^T eT1 / N,  dM2 = phi(z2)^T e0 / N
 *   dE_l = (dW_l)^T   (the same outer product, source and target swapped; e_gamma = 1)
 *   dSigma_l = 1/2 (eT_l^T eT_l - P_l) / N
 * @returns one tensor per learned matrix, shaped like it
 */
export function hebbianDeltas(s: GncnState, P1: tf.Tensor2D, P2: tf.Tensor2D): Record<LearnedName, tf.Tensor2D> {
  const N = s.z1.shape[0];
  const [phi1, phi2, phi3] = [tf.relu(s.z1), tf.relu(s.z2), tf.relu(s.z3)];
  // a^T b / N: [N, m]^T [N, n] -> [m, n] (as a dense layer's dW: no transposed operand on WASM)
  const form = gradientFormFor(tf.getBackend());
  const aTb = (a: tf.Tensor2D, b: tf.Tensor2D) => weightGradient(a, b, form);
  const outer = (a: tf.Tensor2D, b: tf.Tensor2D) => tf.div(aTb(a, b), N) as tf.Tensor2D;
  const W3 = outer(phi3, s.eTilde2); // [n3, n2]
  const W2 = outer(phi2, s.eTilde1); // [n2, n1]
  const W1 = outer(phi1, s.e0); // [n1, D]
  // dSigma = 1/2 (eT^T eT - P) / N                                       [n, n]
  const dSigma = (eT: tf.Tensor2D, P: tf.Tensor2D) =>
    tf.div(tf.mul(0.5, tf.sub(aTb(eT, eT), P)), N) as tf.Tensor2D;
  return {
    W3, W2, W1,
    M3: outer(phi3, s.eTilde1), // [n3, n1]
    M2: outer(phi2, s.e0), // [n2, D]
    E3: tf.transpose(W3), // [n2, n3]
    E2: tf.transpose(W2), // [n1, n2]
    E1: tf.transpose(W1), // [D, n1]
    Sigma1: dSigma(s.eTilde1, P1),
    Sigma2: dSigma(s.eTilde2, P2),
  };
}

/** Applies ascent directions Delta as descent on -Delta (what [C] hands to Keras). */
export interface HebbianOptimizer {
  learningRate: number;
  /** theta <- update(theta, g = -Delta) for every named variable; call inside tf.tidy. */
  apply(vars: Record<string, tf.Variable>, deltas: Record<string, tf.Tensor>): void;
  /** Frees the moment estimates. */
  dispose(): void;
}

/** Plain SGD ([P] Appendix "Training Setup"): theta <- theta + lr Delta. */
export function createHebbianSgd(learningRate: number): HebbianOptimizer {
  return {
    learningRate,
    apply(vars, deltas) {
      for (const [name, v] of Object.entries(vars)) v.assign(tf.add(v, tf.mul(this.learningRate, deltas[name])));
    },
    dispose() {},
  };
}

/**
 * Adam as in Keras (tf.keras.optimizers.Adam, used by [C]): epsilon is added AFTER the bias
 * correction, folded into the step size (the Keras/TF convention; tfjs's tf.train.adam adds it to
 * sqrt(v-hat) instead, section 7):
 *   m <- b1 m + (1 - b1) g,   v <- b2 v + (1 - b2) g^2,   g = -Delta
 *   theta <- theta - lr sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps)
 * Keras defaults b1 0.9, b2 0.999, eps 1e-7. The default eps is the backend's epsilon: 1e-7 on
 * float32 backends (= Keras), 1e-4 where the backend computes in float16 (1e-7 would flush to 0
 * there, and a unit that never fires has m = v = 0: 0 / 0). The moments are allocated here, once.
 * @param shapes the variables' shapes, by name
 */
export function createHebbianAdam(
  shapes: Record<string, number[]>, learningRate: number, beta1 = 0.9, beta2 = 0.999,
  epsilon = Math.max(1e-7, tf.backend().epsilon()),
): HebbianOptimizer {
  const m: Record<string, tf.Variable> = {};
  const v: Record<string, tf.Variable> = {};
  for (const [name, shape] of Object.entries(shapes)) {
    m[name] = tf.tidy(() => tf.variable(tf.zeros(shape), false));
    v[name] = tf.tidy(() => tf.variable(tf.zeros(shape), false));
  }
  let t = 0;
  return {
    learningRate,
    apply(vars, deltas) {
      t += 1;
      const alpha = (this.learningRate * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
      for (const [name, theta] of Object.entries(vars)) {
        const g = tf.neg(deltas[name]);
        // m <- b1 m + (1 - b1) g;  v <- b2 v + (1 - b2) g^2
        m[name].assign(tf.add(tf.mul(beta1, m[name]), tf.mul(1 - beta1, g)));
        v[name].assign(tf.add(tf.mul(beta2, v[name]), tf.mul(1 - beta2, tf.square(g))));
        // theta <- theta - alpha m / (sqrt(v) + eps)
        theta.assign(tf.sub(theta, tf.mul(alpha, tf.div(m[name], tf.add(tf.sqrt(v[name]), epsilon)))));
      }
    },
    dispose() {
      Object.values(m).forEach((x) => x.dispose());
      Object.values(v).forEach((x) => x.dispose());
    },
  };
}

/** 'clip': [C] clip_by_norm(axes=[0]), column norm <= 1. 'normalize': [P] unit-norm columns. */
export type ColumnConstraint = 'clip' | 'normalize';

/**
 * Column constraint on a [source, target] matrix (columns = axis 0, one per target unit):
 *   clip:      A_:j <- A_:j / max(||A_:j||, 1)
 *   normalize: A_:j <- A_:j / max(||A_:j||, 1e-4)     ([C] forced_norm_clip uses 1e-8; 1e-4
 *              only guards an all-zero column and stays representable in float16)
 */
export function constrainColumns(A: tf.Tensor2D, mode: ColumnConstraint): tf.Tensor2D {
  return tf.tidy(() => {
    const norm = tf.sqrt(tf.sum(tf.square(A), 0, true)); // [m, n] -> [1, n]
    return tf.div(A, tf.maximum(norm, mode === 'clip' ? 1 : 1e-4));
  });
}

/** Same constraint on a row-major n x n Float64Array, in place. */
export function constrainColumnsJs(A: Float64Array, n: number, mode: ColumnConstraint): void {
  const floor = mode === 'clip' ? 1 : 1e-4;
  for (let j = 0; j < n; j++) {
    let ss = 0;
    for (let i = 0; i < n; i++) ss += A[i * n + j] * A[i * n + j];
    const scale = 1 / Math.max(Math.sqrt(ss), floor);
    for (let i = 0; i < n; i++) A[i * n + j] *= scale;
  }
}

/**
 * [C] compute_precision, then the Sigma constraint of apply_constraints, on a host copy:
 *   Sigma~ = diag(max(1, diag Sigma)) + offdiag(Sigma) + 0.00025     (every entry; written back)
 *   R = chol(Sigma~) (lower triangle only),  P = (R^{-1})^T
 *   Sigma <- column constraint of Sigma~
 * P comes from Sigma~ BEFORE the column constraint, so it cannot be rebuilt from the stored Sigma.
 * @param Sigma row-major n x n (not necessarily symmetric)
 * @returns the constrained Sigma, P, and Sigma~ (before the column constraint)
 */
export function precisionUpdate(Sigma: ArrayLike<number>, n: number, mode: ColumnConstraint) {
  const fixed = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const s = Sigma[i * n + j];
      fixed[i * n + j] = (i === j ? Math.max(1, s) : s) + SIGMA_EPS;
    }
  }
  const { P } = choleskyPrecision(fixed, n);
  const sigmaTilde = Float32Array.from(fixed);
  constrainColumnsJs(fixed, n, mode);
  return { Sigma: Float32Array.from(fixed), P: Float32Array.from(P), sigmaTilde };
}

/**
 * Only the Sigma fix (no factorization), as [C]'s constructor applies it once before the first
 * apply_constraints (section 7: +0.0005 on every entry before training).
 */
export function sigmaFix(Sigma: ArrayLike<number>, n: number): Float32Array {
  const out = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) out[i * n + j] = (i === j ? Math.max(1, Sigma[i * n + j]) : Sigma[i * n + j]) + SIGMA_EPS;
  }
  return out;
}
