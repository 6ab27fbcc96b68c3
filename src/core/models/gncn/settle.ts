/**
 * GNCN-PDH inference: the prediction pass, the error neurons and the K-step settling
 * (iterative inference) of the latent states, as pure functions over tensors.
 *
 * Follows ngc-learn's code [C] (see ../gncn-pdh.ts for the references and the full model):
 * row-major batches, every matrix stored as [source, target], phi = relu, no biases.
 * Spec: shared reference models-and-metrics.md, sections 1.3-1.5, 1.8 and 1.9.
 */
import * as tf from '@tensorflow/tfjs-core';

/** The tensors that settling reads: learned synapses, fixed laterals, precision factors. */
export interface GncnParams {
  /** Generative weights: W1 [n1, D], W2 [n2, n1], W3 [n3, n2]. */
  W1: tf.Tensor2D; W2: tf.Tensor2D; W3: tf.Tensor2D;
  /** Skip predictions ("-PDH"): M2 [n2, D] (z2 -> mu0), M3 [n3, n1] (z3 -> mu1). */
  M2: tf.Tensor2D; M3: tf.Tensor2D;
  /** Error synapses (Type 2): E1 [D, n1], E2 [n1, n2], E3 [n2, n3]. */
  E1: tf.Tensor2D; E2: tf.Tensor2D; E3: tf.Tensor2D;
  /** Fixed lateral competition: V_l [n_l, n_l]. */
  V1: tf.Tensor2D; V2: tf.Tensor2D; V3: tf.Tensor2D;
  /** Precision factors P_l = chol(Sigma~_l)^{-T}: P1 [n1, n1], P2 [n2, n2]. */
  P1: tf.Tensor2D; P2: tf.Tensor2D;
}

/** The network's state after a settling step. Shapes: z_l, mu_l, e_l are [B, n_l]; layer 0 is [B, D]. */
export type GncnState = {
  /** z0: the data x when clamped; in completion, the evolving image (Eq. 19). */
  z0: tf.Tensor2D;
  z1: tf.Tensor2D; z2: tf.Tensor2D; z3: tf.Tensor2D;
  /** Logits of mu0 (mu0 = sigmoid(h0)), kept for an exact Bernoulli NLL. */
  h0: tf.Tensor2D;
  mu0: tf.Tensor2D; mu1: tf.Tensor2D; mu2: tf.Tensor2D;
  /** Errors e0 = z0 - mu0, e_l = phi(z_l) - mu_l (un-weighted). */
  e0: tf.Tensor2D; e1: tf.Tensor2D; e2: tf.Tensor2D;
  /** Precision-weighted errors eTilde_l = e_l P_l. */
  eTilde1: tf.Tensor2D; eTilde2: tf.Tensor2D;
};

export interface SettleOptions {
  /** Settling steps (>= 1). */
  K: number;
  /** State update rate beta. */
  beta: number;
  /** Leak gamma (multiplied by beta, as in [C]). */
  leak: number;
  /** Completion mask, 1 = observed, [B, D] or [1, D]. Without it z0 = x is clamped. */
  mask?: tf.Tensor2D;
  /** Record the per-layer error energies after every step ([K, 3]). */
  recordEnergies?: boolean;
  /** Record mu0 after these steps (1-based, each in 1..K). */
  frameSteps?: readonly number[];
}

/** What settle returns: the final state, plus the recordings that were asked for. */
export interface SettleResult {
  state: GncnState;
  /** [K, 3]: mean over images of sum_units e_l^2, l = 0, 1, 2, after each step. */
  energies?: tf.Tensor2D;
  /** [frameSteps.length, B, D]: mu0 after each requested step. */
  frames?: tf.Tensor3D;
}

const phi = tf.relu;

/**
 * The lateral competition matrix of [C] `create_competiion_matrix(n, "lkwta", ...)`:
 *   V = beta_s * B (1 - I) - alpha_s * I,   B = block-diagonal ones over groups of `groupSize`
 * The lateral input is -phi(z) V: +alpha_s phi(z_i) (self-excitation), -beta_s sum_{j in group, j != i} phi(z_j).
 * @returns V, [n, n] (symmetric)
 */
export function lateralMatrix(n: number, groupSize: number, selfExcitation: number, inhibition: number): Float32Array {
  if (groupSize < 1 || n % groupSize !== 0) throw new Error(`lateral: group size ${groupSize} does not divide ${n}`);
  const V = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    const g0 = Math.floor(i / groupSize) * groupSize;
    for (let j = g0; j < g0 + groupSize; j++) V[i * n + j] = i === j ? -selfExcitation : inhibition;
  }
  return V;
}

/** A cold state of zeros (including the errors), with z0 = x (clamped) or x * m (completion). */
export function initialState(p: GncnParams, x: tf.Tensor2D, mask?: tf.Tensor2D): GncnState {
  const B = x.shape[0];
  const [n1, D] = p.W1.shape;
  const n2 = p.W2.shape[0];
  const n3 = p.W3.shape[0];
  const z = (n: number) => tf.zeros([B, n]) as tf.Tensor2D;
  return {
    z0: mask ? (tf.mul(x, mask) as tf.Tensor2D) : x,
    z1: z(n1), z2: z(n2), z3: z(n3),
    h0: z(D), mu0: z(D), mu1: z(n1), mu2: z(n2),
    e0: z(D), e1: z(n1), e2: z(n2), eTilde1: z(n1), eTilde2: z(n2),
  };
}

/**
 * The top-down prediction pass [P Eq. 1 with alpha_m = 1], [C] gncn_pdh.py:
 * @returns mu2 [B, n2], mu1 [B, n1], mu0 [B, D] and the logits h0 [B, D]
 */
export function predict(p: GncnParams, z1: tf.Tensor2D, z2: tf.Tensor2D, z3: tf.Tensor2D): Record<'mu0' | 'mu1' | 'mu2' | 'h0', tf.Tensor2D> {
  const [phi1, phi2, phi3] = [phi(z1), phi(z2), phi(z3)];
  // mu2 = relu(phi(z3) W3)                               [B, n3] -> [B, n2]
  const mu2: tf.Tensor2D = tf.relu(tf.matMul(phi3, p.W3));
  // mu1 = relu(phi(z2) W2 + phi(z3) M3)                  [B, n2], [B, n3] -> [B, n1]
  const mu1: tf.Tensor2D = tf.relu(tf.add(tf.matMul(phi2, p.W2), tf.matMul(phi3, p.M3)));
  // h0 = phi(z1) W1 + phi(z2) M2,  mu0 = sigmoid(h0)     [B, n1], [B, n2] -> [B, D]
  const h0: tf.Tensor2D = tf.add(tf.matMul(phi1, p.W1), tf.matMul(phi2, p.M2));
  return { mu2, mu1, mu0: tf.sigmoid(h0), h0 };
}

/**
 * One synchronous settling step ([C] ngc_graph._step: cycles [z3, z2, z1, z0], [mu2, mu1, mu0],
 * [e2, e1, e0]). Every z moves from the previous step's errors; then mu and e are recomputed.
 *   z <- z + beta (-gamma z + dz_bu + dz_td),  dz_bu = eTilde_below E,  dz_td = -eTilde - phi(z) V
 * (ngc-learn SNode Euler step with zeta = 1 and no dphi; [P] Eq. 15 up to the notes in section 1.5.)
 */
export function settleStep(
  p: GncnParams, s: GncnState, x: tf.Tensor2D, beta: number, leak: number, mask?: tf.Tensor2D,
): GncnState {
  // z3 += beta (-gamma z3 + eTilde2 E3 - phi(z3) V3)                  [B, n2] -> [B, n3]
  const dz3 = tf.sub(tf.sub(tf.matMul(s.eTilde2, p.E3), tf.matMul(phi(s.z3), p.V3)), tf.mul(leak, s.z3));
  const z3: tf.Tensor2D = tf.add(s.z3, tf.mul(beta, dz3));
  // z2 += beta (-gamma z2 + eTilde1 E2 - eTilde2 - phi(z2) V2)         [B, n1] -> [B, n2]
  const dz2 = tf.sub(tf.sub(tf.sub(tf.matMul(s.eTilde1, p.E2), s.eTilde2), tf.matMul(phi(s.z2), p.V2)), tf.mul(leak, s.z2));
  const z2: tf.Tensor2D = tf.add(s.z2, tf.mul(beta, dz2));
  // z1 += beta (-gamma z1 + e0 E1 - eTilde1 - phi(z1) V1)              [B, D] -> [B, n1]
  const dz1 = tf.sub(tf.sub(tf.sub(tf.matMul(s.e0, p.E1), s.eTilde1), tf.matMul(phi(s.z1), p.V1)), tf.mul(leak, s.z1));
  const z1: tf.Tensor2D = tf.add(s.z1, tf.mul(beta, dz1));
  // Completion [P] Eq. 19 (leak 0 on z0): z0 = x m + (z0 - beta e0)(1 - m); otherwise z0 = x.
  const z0: tf.Tensor2D = mask
    ? tf.add(tf.mul(x, mask), tf.mul(tf.sub(s.z0, tf.mul(beta, s.e0)), tf.sub(1, mask)))
    : x;
  const { mu0, mu1, mu2, h0 } = predict(p, z1, z2, z3);
  // e0 = z0 - mu0 (no precision on layer 0)
  const e0: tf.Tensor2D = tf.sub(z0, mu0);
  // e_l = phi(z_l) - mu_l,  eTilde_l = e_l P_l                          [B, n_l] -> [B, n_l]
  const e1: tf.Tensor2D = tf.sub(phi(z1), mu1);
  const e2: tf.Tensor2D = tf.sub(phi(z2), mu2);
  const eTilde1: tf.Tensor2D = tf.matMul(e1, p.P1);
  const eTilde2: tf.Tensor2D = tf.matMul(e2, p.P2);
  return { z0, z1, z2, z3, h0, mu0, mu1, mu2, e0, e1, e2, eTilde1, eTilde2 };
}

/**
 * Per-layer error energy, L_l = sum_units e_l^2 per image, then the mean over images
 * (reduced per image first: one sum over B x D would overflow float16).
 * @returns [3]: (L0, L1, L2)
 */
export function layerEnergies(s: GncnState): tf.Tensor1D {
  const L = (e: tf.Tensor2D) => tf.mean(tf.sum(tf.square(e), 1)); // [B, n] -> [B] -> scalar
  return tf.stack([L(s.e0), L(s.e1), L(s.e2)]) as tf.Tensor1D;
}

/**
 * Settles the latent states for K steps from a cold start. No readback happens here; each
 * step runs in its own tidy, so only the current state (and the recordings) stay alive.
 * The returned tensors belong to the caller (call inside tf.tidy).
 */
export function settle(p: GncnParams, x: tf.Tensor2D, opts: SettleOptions): SettleResult {
  const { K, beta, leak, mask } = opts;
  const frameSteps = opts.frameSteps ?? [];
  for (const k of frameSteps) {
    if (!Number.isInteger(k) || k < 1 || k > K) throw new Error(`settle: frame step ${k} is not in 1..${K}`);
  }
  let s = initialState(p, x, mask);
  const energies: tf.Tensor1D[] = [];
  const frames: tf.Tensor2D[] = [];
  for (let k = 1; k <= K; k++) {
    const prev = s;
    const out = tf.tidy(() => {
      const next = settleStep(p, prev, x, beta, leak, mask);
      return { next, energy: opts.recordEnergies ? layerEnergies(next) : undefined };
    });
    s = out.next;
    if (out.energy) energies.push(out.energy);
    const live = new Set<tf.Tensor>(Object.values(s));
    for (const t of Object.values(prev)) if (t !== x && !live.has(t)) t.dispose();
    // A frame shares its data with mu0 (clone is a new handle), so the next step may dispose mu0.
    for (const k2 of frameSteps) if (k2 === k) frames.push(tf.clone(s.mu0));
  }
  const result: SettleResult = { state: s };
  if (opts.recordEnergies) {
    result.energies = tf.stack(energies) as tf.Tensor2D; // K x [3] -> [K, 3]
    energies.forEach((t) => t.dispose());
  }
  if (opts.frameSteps) {
    const [B, D] = [x.shape[0], p.W1.shape[1]];
    // R x [B, D] -> [R, B, D]
    result.frames = frames.length ? (tf.stack(frames) as tf.Tensor3D) : (tf.zeros([0, B, D]) as tf.Tensor3D);
    frames.forEach((t) => t.dispose());
  }
  return result;
}

/**
 * Ancestral projection from top codes ([C] `project()`, the ProjectionGraph mirroring W and M):
 *   s2 = relu(phi(z3) W3),  s1 = relu(phi(s2) W2 + phi(z3) M3),  s0 = sigmoid(phi(s1) W1 + phi(s2) M2)
 * @param z3 top-layer states (relu is applied, so raw samples may be negative), [N, n3]
 * @returns Bernoulli means s0, [N, D]
 */
export function projectFromTop(p: Pick<GncnParams, 'W1' | 'W2' | 'W3' | 'M2' | 'M3'>, z3: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const phi3 = phi(z3);
    const s2 = tf.relu(tf.matMul(phi3, p.W3)); // [N, n3] -> [N, n2]
    const s1 = tf.relu(tf.add(tf.matMul(phi(s2), p.W2), tf.matMul(phi3, p.M3))); // -> [N, n1]
    return tf.sigmoid(tf.add(tf.matMul(phi(s1), p.W1), tf.matMul(phi(s2), p.M2))) as tf.Tensor2D; // -> [N, D]
  });
}
