/**
 * GNCN-PDH (GNCN-t2-LSigma-PDH): a generative neural coding network. Latent states settle for K
 * steps to explain the clamped image, then every synapse learns from local errors (error-Hebbian
 * rules, no backprop, no autodiff anywhere in training).
 *
 * References:
 *  [P] Ororbia & Kifer, "The neural coding framework for learning generative models",
 *      arXiv 2012.03405v4 (Nat. Commun. 13, 2064, 2022): Eqs. 1, 9-19, Appendix, Supp. Notes 1-7.
 *  [C] ngc-learn, TF2 branch `ngc-learn-tensorflow2` @6f9e13c: ngclearn/museum/gncn_pdh.py and
 *      engine/{ngc_graph, nodes/snode, nodes/enode, cables/dcable, cables/rules/hebb_rule}.py.
 *  [W] ngc-learn Walkthrough 1 (MNIST GNCN-PDH): gncn_pdh/fit.cfg, sim_train.py, fit_gmm.py.
 *  Spec: shared reference models-and-metrics.md, section 1 (1.9 is the pseudocode followed here).
 *
 * Where it follows the code [C]/[W] (the defaults) rather than the paper [P]:
 *  - e_l = phi(z_l) - mu_l with eTilde_l = e_l chol(Sigma~_l)^{-T} (not Sigma^{-1}(z - mu)); e0 = x - mu0.
 *  - the leak is multiplied by beta; lateral input -phi(z) V with self-excitation 0.15 and
 *    inhibition 0.1 ([P]: 0.13 / 0.125, selectable as LATERAL_PAPER).
 *  - Adam (lr 1e-3, Keras epsilon convention) and column CLIPPING to norm <= 1 ([P]: SGD and
 *    unit-norm columns, selectable as optimizer 'sgd' and columnConstraint 'normalize').
 *  - the Sigma update 1/2 (eT^T eT - P) / N of [C] (not [P] Eq. 3).
 * Paper-only choices made here: completion follows [P] Eq. 19 and reads z0 (see complete()).
 * Sampling: [P]/[W] fit a 75-component GMM to relu(z3) after training; this model keeps a
 * running diagonal Gaussian of relu(z3) instead, and the Scoreboard will use the GMM.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createRng, deriveSeed, normalArray } from '@/core/rng';
import { bernoulliNllFromLogits } from '@/core/models/objectives';
import { countParams, readWeights, writeWeights } from '@/core/models/weights';
import type { GenerativeModel, TermSpec, WeightMap } from '@/core/models/types';
import { lateralMatrix, layerEnergies, projectFromTop, settle, type GncnParams, type GncnState } from '@/core/models/gncn/settle';
import {
  constrainColumns, createHebbianAdam, createHebbianSgd, hebbianDeltas, LEARNED, precisionUpdate, sigmaFix,
  type ColumnConstraint,
} from '@/core/models/gncn/learning';

export { projectFromTop, lateralMatrix, settle, type GncnParams, type GncnState } from '@/core/models/gncn/settle';
export { hebbianDeltas, precisionUpdate } from '@/core/models/gncn/learning';

/** Lateral competition strengths of the code [W] (default) and of the paper [P Supp. Note 6]. */
export const LATERAL_CODE = { selfExcitation: 0.15, inhibition: 0.1 } as const;
export const LATERAL_PAPER = { selfExcitation: 0.13, inhibition: 0.125 } as const;

export interface GncnPdhConfig {
  /** Sizes of z1, z2, z3 ([W]: 360, 360, 360). */
  layerSizes: [number, number, number];
  /** Size of z0 = x (784 for MNIST; smaller only in tests). */
  inputDim?: number;
  /** Lateral competition group size of z1 and z2 ([W] n_group 12). */
  groupSize: number;
  /** Group size of z3 ([W] n_top_group 18: 20 columns of 18, the paper's "20 columns"). */
  topGroupSize: number;
  /** Settling steps K ([P] T = 50). */
  K: number;
  /** State update rate beta ([W] 0.1; [P] range [0.02, 0.1]). */
  beta: number;
  /** Leak gamma, multiplied by beta ([W] 0.001). */
  leak: number;
  /** Self-excitation alpha_s and within-group inhibition beta_s of V. */
  lateral: { selfExcitation: number; inhibition: number };
  /** 'adam' ([C], Keras Adam) or 'sgd' ([P]). */
  optimizer: 'adam' | 'sgd';
  /** [W] eta = 1e-3 (with Adam). */
  learningRate: number;
  /** 'clip' ([C], norm <= 1) or 'normalize' ([P], norm = 1), for the columns of W, M, E and Sigma. */
  columnConstraint: ColumnConstraint;
  /** Standard deviation of the Gaussian init of W, M, E ([W] wght_sd 0.05). */
  initStd: number;
  /** Seeds the initial weights and Sigma. */
  seed: number;
}

export const DEFAULT_GNCN_PDH_CONFIG: Readonly<GncnPdhConfig> = {
  layerSizes: [360, 360, 360], inputDim: 784, groupSize: 12, topGroupSize: 18, K: 50, beta: 0.1, leak: 0.001,
  lateral: LATERAL_CODE, optimizer: 'adam', learningRate: 1e-3, columnConstraint: 'clip', initStd: 0.05, seed: 69,
};

const energyTerm = (l: number): TermSpec => ({
  key: `e${l}`, label: `layer ${l} error energy`, tex: `\\lVert e^{${l}} \\rVert^2`, unit: 'energy',
  description: `Squared prediction error of layer ${l} after settling (e${l === 0 ? '0 = x - mu0' : `${l} = relu(z${l}) - mu${l}`}, not precision-weighted), summed over units, mean over images (the reference's L${l} divided by the batch size).`,
});

export const GNCN_PDH_TERMS: readonly TermSpec[] = [
  energyTerm(0), energyTerm(1), energyTerm(2),
  {
    key: 'energy', label: 'total error energy', tex: '\\sum_\\ell \\lVert e^{\\ell} \\rVert^2', unit: 'energy',
    description: 'e0 + e1 + e2 per image after settling: the reference\'s total discrepancy with its sign flipped (-ToD / N). Learning lowers it; it is not a bound on -log p(x).',
  },
  {
    key: 'bce', label: 'reconstruction (BCE)', tex: '-\\log p(x\\mid \\mu^0)', unit: 'nats',
    description: 'Bernoulli negative log-likelihood of x under mu0 after K settling steps, summed over the 784 pixels, mean over images.',
  },
];

/** GNCN-PDH plus what the UI needs beyond the common interface. */
export type GncnPdhModel = GenerativeModel & {
  /**
   * Settles K steps (x clamped, or completion under `mask`) and records the trajectory.
   * No readback inside; the caller reads the two tensors back once and disposes them.
   * @param opts.recordSteps 1-based steps (each in 1..K) after which mu0 is recorded
   * @returns energies [K, 3] (per-layer error energy after each step, mean over images) and
   *          frames [recordSteps.length, B, D] (mu0 after those steps)
   */
  settleTrajectory(x: tf.Tensor2D, opts: { mask?: tf.Tensor2D; recordSteps: number[] }): {
    energies: tf.Tensor2D; frames: tf.Tensor3D;
  };
};

/** Builds a GNCN-PDH; unset fields take DEFAULT_GNCN_PDH_CONFIG's values. */
export function createGncnPdh(config: Partial<GncnPdhConfig> = {}): GncnPdhModel {
  const cfg: GncnPdhConfig = { ...DEFAULT_GNCN_PDH_CONFIG, ...config };
  const [n1, n2, n3] = cfg.layerSizes;
  const D = cfg.inputDim ?? 784;
  const { seed, columnConstraint: constraint } = cfg;
  let { beta, leak, K } = cfg;
  if (!(Number.isInteger(K) && K >= 1)) throw new Error(`gncn-pdh: K must be an integer >= 1, got ${K}`);

  // W, M, E ~ N(0, initStd^2), each from its own seeded stream; stored [source, target].
  const shapes: Record<string, [number, number]> = {
    W3: [n3, n2], W2: [n2, n1], W1: [n1, D], M3: [n3, n1], M2: [n2, D], E3: [n2, n3], E2: [n1, n2], E1: [D, n1],
  };
  const vars: Record<string, tf.Variable<tf.Rank.R2>> = {};
  for (const [name, [r, c]] of Object.entries(shapes)) {
    const values = normalArray(createRng(deriveSeed(seed, `init/${name}`)), r * c, cfg.initStd);
    vars[name] = tf.tidy(() => tf.variable(constrainColumns(tf.tensor2d(values, [r, c]), constraint), true));
  }
  // Sigma = I + U(-0.01, 0.01) (1 - I); [C] fixes it at construction and again in the first
  // apply_constraints (which also gives P and the column constraint).
  const state: Record<string, tf.Variable<tf.Rank.R2>> = {};
  for (const [l, n] of [[1, n1], [2, n2]] as const) {
    const rng = createRng(deriveSeed(seed, `init/Sigma${l}`));
    const S = new Float32Array(n * n);
    for (let i = 0; i < n * n; i++) S[i] = i % (n + 1) === 0 ? 1 : (2 * rng.uniform() - 1) * 0.01;
    const upd = precisionUpdate(sigmaFix(S, n), n, constraint);
    vars[`Sigma${l}`] = tf.tidy(() => tf.variable(tf.tensor2d(upd.Sigma, [n, n]), true));
    state[`P${l}`] = tf.tidy(() => tf.variable(tf.tensor2d(upd.P, [n, n]), false));
  }
  const { selfExcitation: aS, inhibition: bS } = cfg.lateral;
  const V = [[n1, cfg.groupSize], [n2, cfg.groupSize], [n3, cfg.topGroupSize]].map(
    ([n, g]) => tf.tensor2d(lateralMatrix(n, g, aS, bS), [n, n]),
  );
  // Running moments of relu(z3) over training batches, for sample().
  const codeMean = tf.tidy(() => tf.variable(tf.zeros([n3]), false));
  const codeMeanSq = tf.tidy(() => tf.variable(tf.zeros([n3]), false));
  let codeBatches = 0;

  const learned = Object.fromEntries(LEARNED.map((k) => [k, vars[k]])) as Record<string, tf.Variable>;
  const optimizer = cfg.optimizer === 'adam'
    ? createHebbianAdam(Object.fromEntries(LEARNED.map((k) => [k, vars[k].shape])), cfg.learningRate)
    : createHebbianSgd(cfg.learningRate);
  const params = (): GncnParams => ({
    W1: vars.W1, W2: vars.W2, W3: vars.W3, M2: vars.M2, M3: vars.M3, E1: vars.E1, E2: vars.E2, E3: vars.E3,
    V1: V[0], V2: V[1], V3: V[2], P1: state.P1, P2: state.P2,
  });
  const run = (x: tf.Tensor2D, mask?: tf.Tensor2D) => settle(params(), x, { K, beta, leak, mask }).state;

  /** [e0, e1, e2, energy, bce] from a settled state, each a mean over images. */
  const terms = (x: tf.Tensor2D, s: GncnState): tf.Tensor1D => {
    const L = layerEnergies(s); // [3]
    const bce = tf.mean(bernoulliNllFromLogits(x, s.h0)); // [B] -> scalar
    return tf.concat([L, tf.stack([tf.sum(L), bce])]) as tf.Tensor1D; // -> [5]
  };

  /**
   * After every update, [C] apply_constraints: W, M, E columns; then for Sigma the fix, P and
   * Sigma's columns, on the host. Sigma is read back synchronously here (2 x n^2 floats), the
   * only readback of a step: trainStep is synchronous, and the next step's settling needs this P
   * anyway, so the wait costs nothing on CPU/WASM; on WebGL it blocks once per step.
   */
  const applyConstraints = () => {
    for (const k of ['W1', 'W2', 'W3', 'M2', 'M3', 'E1', 'E2', 'E3']) vars[k].assign(constrainColumns(vars[k], constraint));
    for (const [l, n] of [[1, n1], [2, n2]] as const) {
      const upd = precisionUpdate(vars[`Sigma${l}`].dataSync(), n, constraint);
      vars[`Sigma${l}`].assign(tf.tensor2d(upd.Sigma, [n, n]));
      state[`P${l}`].assign(tf.tensor2d(upd.P, [n, n]));
    }
  };

  // Saved names (variables themselves stay unnamed, so several models can coexist).
  const named: Record<string, tf.Variable> = { ...vars, ...state, codeMean, codeMeanSq };
  return {
    kind: 'gncn-pdh',
    terms: GNCN_PDH_TERMS,
    objectiveKey: 'energy',
    codeSize: n3,
    numParams: countParams(LEARNED.map((k) => vars[k])),

    trainStep(x) {
      return tf.tidy(() => {
        const s = run(x);
        const out = terms(x, s);
        // Running mean of relu(z3) and relu(z3)^2: cumulative for 100 batches, then an EMA (0.01).
        const w = Math.max(1 / (codeBatches + 1), 0.01);
        codeBatches += 1;
        const code = tf.relu(s.z3); // [B, n3]
        codeMean.assign(tf.add(tf.mul(1 - w, codeMean), tf.mul(w, tf.mean(code, 0))));
        codeMeanSq.assign(tf.add(tf.mul(1 - w, codeMeanSq), tf.mul(w, tf.mean(tf.square(code), 0))));
        // Hebbian deltas from the final state (section 1.6), applied as descent on -Delta.
        optimizer.apply(learned, hebbianDeltas(s, state.P1, state.P2));
        applyConstraints();
        return out;
      });
    },
    evaluate(x) {
      return tf.tidy(() => terms(x, run(x)));
    },
    reconstruct(x) {
      return tf.tidy(() => run(x).mu0);
    },
    encode(x) {
      // [W] extract_latents.py reads phi(z3) after a K-step settle.  [B, D] -> [B, n3]
      return tf.tidy(() => tf.relu(run(x).z3));
    },
    complete(x, mask) {
      // [P] Eq. 19: the masked pixels of z0 evolve as a latent state, z0 <- z0 - beta e0 (leak 0).
      // [P] does not say whether z0 or mu0 is read out; we read z0, the state Eq. 19 defines (a
      // running average of mu0, in [0, 1]), clipped as a guard; observed pixels are x exactly.
      return tf.tidy(() => {
        const z0 = tf.clipByValue(run(x, mask).z0, 0, 1);
        return tf.add(tf.mul(x, mask), tf.mul(z0, tf.sub(1, mask))) as tf.Tensor2D;
      });
    },
    sample(n, sampleSeed) {
      // [P]/[W] draw z3 from a 75-component GMM fitted to relu(z3) codes after training (the
      // Scoreboard's job). Live, we use a diagonal Gaussian of the running moments of relu(z3):
      // z3 ~ N(mean, var) per unit, var = E[c^2] - E[c]^2; then the ancestral projection.
      return tf.tidy(() => {
        const std = tf.sqrt(tf.relu(tf.sub(codeMeanSq, tf.square(codeMean))));
        const eps = tf.tensor2d(normalArray(createRng(sampleSeed), n * n3), [n, n3]);
        return projectFromTop(params(), tf.add(codeMean, tf.mul(std, eps)) as tf.Tensor2D); // [n, n3] -> [n, D]
      });
    },
    decode(z3) {
      // [C] project(): s2 = relu(phi(z3) W3), s1 = relu(phi(s2) W2 + phi(z3) M3), s0 = sigmoid(...)  [N, n3] -> [N, D]
      return projectFromTop(params(), z3);
    },
    settleTrajectory(x, opts) {
      return tf.tidy(() => {
        const r = settle(params(), x, { K, beta, leak, mask: opts.mask, recordEnergies: true, frameSteps: opts.recordSteps });
        return { energies: r.energies as tf.Tensor2D, frames: r.frames as tf.Tensor3D };
      });
    },
    setLive(key, value) {
      if (!Number.isFinite(value)) return false;
      if (key === 'learningRate') optimizer.learningRate = value;
      else if (key === 'beta') beta = value;
      else if (key === 'leak') leak = value;
      else if (key === 'K') K = Math.max(1, Math.round(value));
      else return false;
      return true;
    },
    getWeights(): Promise<WeightMap> {
      return readWeights(named);
    },
    setWeights(weights) {
      writeWeights(named, weights);
      codeBatches = 100; // the loaded code moments continue as an EMA
    },
    dispose() {
      Object.values(named).forEach((v) => v.dispose());
      V.forEach((t) => t.dispose());
      optimizer.dispose();
    },
  };
}
