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

/**
 * What is fixed while one batch settles (weights, P, V, beta, leak, mask), built once per
 * settle(). One synchronous step ([C] ngc_graph._step; ngc-learn SNode Euler step with zeta = 1,
 * no dphi; [P] Eq. 15 up to the notes in section 1.5) moves every z from the previous errors:
 *   z <- z + beta (-gamma z + eTilde_below E - eTilde - phi(z) V),   eTilde_l = e_l P_l
 * The same sums, stacked so that each layer's update and each prediction is one matMul:
 *   z3 <- c z3 + [e2, phi3] U3,          U3 = beta [P2 E3; -V3]
 *   z2 <- c z2 + [e1, e2, phi2] U2,      U2 = beta [P1 E2; -P2; -V2]
 *   z1 <- c z1 + [e0, e1, phi1] U1,      U1 = beta [E1; -P1; -V1]          c = 1 - beta gamma
 *   mu1 = relu([phi2, phi3] R1), R1 = [W2; M3];   h0 = [phi1, phi2] R0, R0 = [W1; M2]
 */
interface SettlePlan {
  U1: tf.Tensor2D; U2: tf.Tensor2D; U3: tf.Tensor2D; R0: tf.Tensor2D; R1: tf.Tensor2D;
  /** x m and 1 - m for completion. */
  xm?: tf.Tensor2D; notMask?: tf.Tensor2D;
}

function settlePlan(p: GncnParams, x: tf.Tensor2D, beta: number, mask?: tf.Tensor2D): SettlePlan {
  return tf.tidy(() => {
    const stack = (ts: tf.Tensor2D[], scale = 1) => tf.mul(scale, tf.concat(ts, 0)) as tf.Tensor2D;
    const neg = (t: tf.Tensor2D) => tf.neg(t) as tf.Tensor2D;
    const plan: SettlePlan = {
      U3: stack([tf.matMul(p.P2, p.E3), neg(p.V3)], beta), // [n2 + n3, n3]
      U2: stack([tf.matMul(p.P1, p.E2), neg(p.P2), neg(p.V2)], beta), // [n1 + 2 n2, n2]
      U1: stack([p.E1, neg(p.P1), neg(p.V1)], beta), // [D + 2 n1, n1]
      R1: stack([p.W2, p.M3]), // [n2 + n3, n1]
      R0: stack([p.W1, p.M2]), // [n1 + n2, D]
    };
    if (mask) {
      plan.xm = tf.mul(x, mask) as tf.Tensor2D;
      plan.notMask = tf.sub(1, mask) as tf.Tensor2D;
    }
    return plan as unknown as Record<string, tf.Tensor>;
  }) as unknown as SettlePlan;
}

/** The state inside the loop: no eTilde (folded into the plan), phi(z) computed once per step. */
type LiveState = Omit<GncnState, 'eTilde1' | 'eTilde2'> & { phi1: tf.Tensor2D; phi2: tf.Tensor2D; phi3: tf.Tensor2D };

/** A cold state of zeros (including the errors), with z0 = x (clamped) or x * m (completion). */
function initialState(p: GncnParams, x: tf.Tensor2D, mask?: tf.Tensor2D): LiveState {
  const B = x.shape[0];
  const [n1, D] = p.W1.shape;
  const n2 = p.W2.shape[0];
  const n3 = p.W3.shape[0];
  const z = (n: number) => tf.zeros([B, n]) as tf.Tensor2D;
  return {
    z0: mask ? (tf.mul(x, mask) as tf.Tensor2D) : x,
    z1: z(n1), z2: z(n2), z3: z(n3), phi1: z(n1), phi2: z(n2), phi3: z(n3),
    h0: z(D), mu0: z(D), mu1: z(n1), mu2: z(n2),
    e0: z(D), e1: z(n1), e2: z(n2),
  };
}

function settleStep(plan: SettlePlan, W3: tf.Tensor2D, s: LiveState, x: tf.Tensor2D, beta: number, c: number): LiveState {
  const cat = (ts: tf.Tensor2D[]) => tf.concat(ts, 1) as tf.Tensor2D;
  const decay = (z: tf.Tensor2D) => (c === 1 ? z : (tf.mul(c, z) as tf.Tensor2D));
  const z3: tf.Tensor2D = tf.add(decay(s.z3), tf.matMul(cat([s.e2, s.phi3]), plan.U3)); // [B, n2 + n3] -> [B, n3]
  const z2: tf.Tensor2D = tf.add(decay(s.z2), tf.matMul(cat([s.e1, s.e2, s.phi2]), plan.U2)); // -> [B, n2]
  const z1: tf.Tensor2D = tf.add(decay(s.z1), tf.matMul(cat([s.e0, s.e1, s.phi1]), plan.U1)); // -> [B, n1]
  // Completion [P] Eq. 19 (leak 0 on z0): z0 = x m + (z0 - beta e0)(1 - m); otherwise z0 = x.
  const z0: tf.Tensor2D = plan.xm && plan.notMask
    ? tf.add(plan.xm, tf.mul(tf.sub(s.z0, tf.mul(beta, s.e0)), plan.notMask))
    : x;
  const [phi1, phi2, phi3] = [phi(z1), phi(z2), phi(z3)];
  const mu2: tf.Tensor2D = tf.relu(tf.matMul(phi3, W3)); // [B, n3] -> [B, n2]
  const mu1: tf.Tensor2D = tf.relu(tf.matMul(cat([phi2, phi3]), plan.R1)); // [B, n2 + n3] -> [B, n1]
  const h0: tf.Tensor2D = tf.matMul(cat([phi1, phi2]), plan.R0); // [B, n1 + n2] -> [B, D]
  const mu0: tf.Tensor2D = tf.sigmoid(h0);
  // e0 = z0 - mu0 (no precision on layer 0);  e_l = phi(z_l) - mu_l
  const e0: tf.Tensor2D = tf.sub(z0, mu0);
  const e1: tf.Tensor2D = tf.sub(phi1, mu1);
  const e2: tf.Tensor2D = tf.sub(phi2, mu2);
  return { z0, z1, z2, z3, phi1, phi2, phi3, h0, mu0, mu1, mu2, e0, e1, e2 };
}

/**
 * Per-layer error energy, L_l = sum_units e_l^2 per image, then the mean over images
 * (reduced per image first: one sum over B x D would overflow float16).
 * @returns [3]: (L0, L1, L2)
 */
export function layerEnergies(s: Pick<GncnState, 'e0' | 'e1' | 'e2'>): tf.Tensor1D {
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
  const plan = settlePlan(p, x, beta, mask);
  const c = 1 - beta * leak;
  let s = initialState(p, x, mask);
  const energies: tf.Tensor1D[] = [];
  const frames: tf.Tensor2D[] = [];
  for (let k = 1; k <= K; k++) {
    const prev = s;
    const out = tf.tidy(() => {
      const next = settleStep(plan, p.W3, prev, x, beta, c);
      return { next, energy: opts.recordEnergies ? layerEnergies(next) : undefined };
    });
    s = out.next;
    if (out.energy) energies.push(out.energy);
    const live = new Set<tf.Tensor>(Object.values(s));
    for (const t of Object.values(prev)) if (t !== x && !live.has(t)) t.dispose();
    // A frame shares its data with mu0 (clone is a new handle), so the next step may dispose mu0.
    for (const k2 of frameSteps) if (k2 === k) frames.push(tf.clone(s.mu0));
  }
  Object.values(plan).forEach((t: tf.Tensor) => t.dispose());
  // eTilde_l = e_l P_l of the settled state (the Hebbian rules read it)           [B, n_l] -> [B, n_l]
  const { phi1, phi2, phi3, ...settled } = s;
  [phi1, phi2, phi3].forEach((t) => t.dispose());
  const state: GncnState = { ...settled, eTilde1: tf.matMul(s.e1, p.P1), eTilde2: tf.matMul(s.e2, p.P2) };
  const result: SettleResult = { state };
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
