/**
 * Gaussian mixture model fitted by EM: the ex-post code density of the paper's density-modeling
 * protocol (fit a GMM to each model's topmost latent codes, then sample it and decode), and the
 * sampler of the RAE, which has no prior of its own.
 *
 * References:
 *  - Ororbia & Kifer, Nat. Commun. 13, 2064 (2022), Appendix "Sampling from the Model" and "The
 *    Density Modeling Task": K = 75 components fitted by EM to the training codes.
 *  - ngc-learn `ngclearn/density/gmm.py` / walkthrough `fit_gmm.py`: sklearn `GaussianMixture(
 *    n_components=75, covariance_type="full", init_params="kmeans")`, sklearn defaults otherwise.
 *  - Ghosh et al., "From variational to deterministic autoencoders", ICLR 2020: ex-post GMM density.
 *  - Bishop, "Pattern Recognition and Machine Learning" (2006), §9.2.2 (EM for Gaussian mixtures).
 *
 * Model:  p(x) = sum_k pi_k N(x; mu_k, Sigma_k),  Sigma_k full or diagonal.
 * Defaults follow sklearn: reg_covar 1e-6 added to every covariance diagonal, tol 1e-3 on the
 * change of the per-sample mean log-likelihood, max_iter 100, k-means initialization
 * (greedy k-means++ seeding, then Lloyd iterations; responsibilities = hard k-means labels).
 * All randomness comes from src/core/rng.ts, so a seed gives the same fit on every machine.
 * Plain JS on Float64Array, row-major: data [n, d], means [k, d], full covariances [k, d, d],
 * diagonal covariances [k, d]. Every log-density goes through a Cholesky factor and every sum
 * over components through log-sum-exp, so far-apart components never give log(0).
 */
import { createRng, deriveSeed, type Rng } from '@/core/rng';
import { choleskyLower, invertLowerTriangular, logSumExpColumns, NotPositiveDefiniteError } from '@/core/density/spd';

export type CovarianceType = 'full' | 'diag';

const LOG_2PI = Math.log(2 * Math.PI);
/** sklearn adds 10 * machine epsilon to each component's responsibility mass N_k. */
const NK_FLOOR = 10 * Number.EPSILON;

/** A mixture's parameters, as plain arrays. */
export interface GmmParams {
  /** Dimension of a point. */
  d: number;
  covariance: CovarianceType;
  /** Mixing probabilities pi_k, [k], summing to 1. */
  weights: Float64Array;
  /** Component means mu_k, [k, d]. */
  means: Float64Array;
  /** Sigma_k: [k, d, d] ('full') or the diagonals [k, d] ('diag'). */
  covariances: Float64Array;
}

/** How a fit went. */
export interface GmmFitInfo {
  /** EM iterations run (each one E-step + one M-step). */
  iterations: number;
  /** |change of the lower bound| < tol was reached before maxIter. */
  converged: boolean;
  /** Mean log-likelihood per point, log p(x) averaged over the data, at the last E-step (sklearn's lower_bound_). */
  meanLogLik: number;
  /** The same quantity after every iteration. */
  history: number[];
  /** Wall time of the whole fit, including initialization. */
  seconds: number;
}

export interface GmmFitOptions {
  /** Number of components K. */
  k: number;
  covariance: CovarianceType;
  /** Seeds the k-means++ initialization. */
  seed: number;
  /** Default 100 (sklearn max_iter). */
  maxIter?: number;
  /** Default 1e-3 (sklearn tol), on the change of the per-point mean log-likelihood, in nats. */
  tol?: number;
  /** Added to every covariance diagonal; default 1e-6 (sklearn reg_covar). */
  regCovar?: number;
  /** 'kmeans' (default, as sklearn): k-means++ seeding then Lloyd; 'kmeans++': seeding only. */
  init?: 'kmeans' | 'kmeans++';
  /** Lloyd iterations at most (default 100; sklearn's KMeans uses 300). */
  kmeansMaxIter?: number;
  /** Called after every EM iteration with the mean log-likelihood at its E-step. */
  onIteration?(iteration: number, meanLogLik: number): void;
}

/** A Gaussian mixture with its Cholesky factors precomputed. Immutable. */
export class Gmm implements GmmParams {
  readonly k: number;
  readonly d: number;
  readonly covariance: CovarianceType;
  readonly weights: Float64Array;
  readonly means: Float64Array;
  readonly covariances: Float64Array;
  /** Present when the mixture came from fitGmm. */
  readonly fitInfo: GmmFitInfo | null;
  /** full: L_k with Sigma_k = L_k L_k^T, [k, d, d]; diag: sigma_k = sqrt(diag Sigma_k), [k, d]. */
  private readonly chol: Float64Array;
  /** full: L_k^{-1}, [k, d, d]; diag: 1 / sigma_k, [k, d]. */
  private readonly cholInv: Float64Array;
  /** log pi_k - d/2 log 2 pi - 1/2 log det Sigma_k, [k]. */
  private readonly logConst: Float64Array;

  /**
   * @throws Error on inconsistent shapes, weights that are not probabilities, or a covariance
   *   that is not positive definite
   */
  constructor(params: GmmParams, fitInfo: GmmFitInfo | null = null) {
    const { d, covariance, weights, means, covariances } = params;
    const k = weights.length;
    const covSize = covariance === 'full' ? d * d : d;
    if (!(d >= 1) || k < 1 || means.length !== k * d || covariances.length !== k * covSize) {
      throw new Error(`gmm: shapes do not agree (k=${k}, d=${d}, means ${means.length}, covariances ${covariances.length})`);
    }
    const total = weights.reduce((a, b) => a + b, 0);
    if (weights.some((w) => !(w >= 0)) || Math.abs(total - 1) > 1e-6) throw new Error(`gmm: weights must be >= 0 and sum to 1 (sum ${total})`);
    this.k = k;
    this.d = d;
    this.covariance = covariance;
    this.weights = weights;
    this.means = means;
    this.covariances = covariances;
    this.fitInfo = fitInfo;
    this.chol = new Float64Array(k * covSize);
    this.cholInv = new Float64Array(k * covSize);
    this.logConst = new Float64Array(k);
    for (let c = 0; c < k; c++) {
      let logDetHalf = 0; // 1/2 log det Sigma_k = sum_a log L_aa
      if (covariance === 'full') {
        const L = choleskyLower(covariances.subarray(c * d * d, (c + 1) * d * d), d);
        this.chol.set(L, c * d * d);
        this.cholInv.set(invertLowerTriangular(L, d), c * d * d);
        for (let a = 0; a < d; a++) logDetHalf += Math.log(L[a * d + a]);
      } else {
        for (let a = 0; a < d; a++) {
          const v = covariances[c * d + a];
          if (!(v > 0)) throw new NotPositiveDefiniteError(`gmm: variance ${a} of component ${c} is ${v}`);
          this.chol[c * d + a] = Math.sqrt(v);
          this.cholInv[c * d + a] = 1 / Math.sqrt(v);
          logDetHalf += 0.5 * Math.log(v);
        }
      }
      // log pi_k + log of N's normalizer: -d/2 log(2 pi) - 1/2 log det Sigma_k
      this.logConst[c] = Math.log(weights[c]) - 0.5 * d * LOG_2PI - logDetHalf;
    }
  }

  /**
   * log pi_k + log N(x_i; mu_k, Sigma_k) for every component and point, with
   *   log N(x; mu, Sigma) = -d/2 log 2pi - sum_a log L_aa - 1/2 ||L^{-1}(x - mu)||^2.
   * @param points [m, d]
   * @returns component-major [k, m]
   */
  weightedLogProb(points: ArrayLike<number>, m: number, out = new Float64Array(this.k * m)): Float64Array {
    return this.weightedLogProbT(transpose(points, m, this.d), m, out);
  }

  /**
   * As weightedLogProb, from feature-major points Xt [d, m] (column a of the data is
   * Xt[a*m .. a*m+m)). Every inner loop runs over the m points, contiguously.
   * @internal used by fitGmm, which keeps its data feature-major
   */
  weightedLogProbT(Xt: Float64Array, m: number, out = new Float64Array(this.k * m)): Float64Array {
    const { k, d, means, cholInv, logConst } = this;
    const D = new Float64Array(d * m); // x - mu_k, feature-major [d, m]
    const y0 = new Float64Array(m);
    const y1 = new Float64Array(m);
    const q = new Float64Array(m);
    for (let c = 0; c < k; c++) {
      for (let a = 0; a < d; a++) {
        const mu = means[c * d + a];
        const o = a * m;
        for (let i = 0; i < m; i++) D[o + i] = Xt[o + i] - mu;
      }
      q.fill(0);
      if (this.covariance === 'full') {
        // y_a = sum_{b <= a} (L^{-1})_ab (x_b - mu_b);  q = sum_a y_a^2 = ||L^{-1}(x - mu)||^2.
        // Rows a and a+1 share each pass over D_b (halves the memory traffic).
        const U = c * d * d;
        for (let a = 0; a < d; a += 2) {
          const r0 = U + a * d;
          if (a + 1 === d) {
            for (let i = 0; i < m; i++) y0[i] = 0;
            for (let b = 0; b <= a; b++) {
              const u = cholInv[r0 + b];
              const o = b * m;
              for (let i = 0; i < m; i++) y0[i] += u * D[o + i];
            }
            for (let i = 0; i < m; i++) q[i] += y0[i] * y0[i];
            break;
          }
          const r1 = r0 + d;
          const u00 = cholInv[r0];
          const u10 = cholInv[r1];
          for (let i = 0; i < m; i++) {
            y0[i] = u00 * D[i];
            y1[i] = u10 * D[i];
          }
          for (let b = 1; b <= a; b++) {
            const u0 = cholInv[r0 + b];
            const u1 = cholInv[r1 + b];
            const o = b * m;
            for (let i = 0; i < m; i++) {
              const x = D[o + i];
              y0[i] += u0 * x;
              y1[i] += u1 * x;
            }
          }
          const u11 = cholInv[r1 + a + 1];
          const o = (a + 1) * m;
          for (let i = 0; i < m; i++) {
            const t = y1[i] + u11 * D[o + i];
            q[i] += y0[i] * y0[i] + t * t;
          }
        }
      } else {
        for (let a = 0; a < d; a++) {
          // y_a = (x_a - mu_a) / sigma_a
          const u = cholInv[c * d + a];
          const o = a * m;
          for (let i = 0; i < m; i++) {
            const v = u * D[o + i];
            q[i] += v * v;
          }
        }
      }
      const lc = logConst[c];
      const oc = c * m;
      for (let i = 0; i < m; i++) out[oc + i] = lc - 0.5 * q[i];
    }
    return out;
  }

  /**
   * log p(x_i) = logsumexp_k [log pi_k + log N(x_i; mu_k, Sigma_k)] for each point.
   * @param points [m, d] (m defaults to points.length / d)
   * @returns [m]
   */
  logDensity(points: ArrayLike<number>, m = Math.floor(points.length / this.d)): Float64Array {
    const out = new Float64Array(m);
    logSumExpColumns(this.weightedLogProb(points, m), this.k, m, out);
    return out;
  }

  /** Mean of logDensity over the points (nats per point). */
  meanLogDensity(points: ArrayLike<number>, m = Math.floor(points.length / this.d)): number {
    return this.logDensity(points, m).reduce((a, b) => a + b, 0) / m;
  }

  /**
   * n draws: component c ~ Categorical(pi) by the mixing PROBABILITIES, then x = mu_c + L_c eps,
   * eps ~ N(0, I).
   * (ngc-learn's GMM.sample passes the probabilities pi to tf.random.categorical, which reads
   * them as logits, so its components are drawn proportionally to exp(pi_k), nearly uniformly
   * for 75 components (reference spec §1.8). We do not reproduce that quirk.)
   * @returns [n, d]
   */
  sample(n: number, rng: Rng): Float64Array {
    const { k, d, means, chol } = this;
    const cdf = new Float64Array(k);
    let acc = 0;
    for (let c = 0; c < k; c++) cdf[c] = acc += this.weights[c];
    const out = new Float64Array(n * d);
    const eps = new Float64Array(d);
    for (let s = 0; s < n; s++) {
      // inverse CDF; u * total guards against weights summing to 1 - 1e-16
      const u = rng.uniform() * acc;
      let c = 0;
      while (c < k - 1 && cdf[c] <= u) c++;
      for (let a = 0; a < d; a++) eps[a] = rng.normal();
      for (let a = 0; a < d; a++) {
        let v = means[c * d + a];
        if (this.covariance === 'full') {
          const row = c * d * d + a * d;
          for (let b = 0; b <= a; b++) v += chol[row + b] * eps[b];
        } else {
          v += chol[c * d + a] * eps[a];
        }
        out[s * d + a] = v;
      }
    }
    return out;
  }
}

/**
 * Fits a K-component mixture by EM.
 * @param data points, row-major [n, d] (Float32 input is widened to Float64)
 * @throws Error when n < k, a value is not finite, or a covariance stays singular
 *   (raise regCovar then)
 */
export function fitGmm(data: Float64Array | Float32Array, n: number, d: number, opts: GmmFitOptions): Gmm {
  const t0 = performance.now();
  const { k, covariance, seed } = opts;
  const maxIter = opts.maxIter ?? 100;
  const tol = opts.tol ?? 1e-3;
  const regCovar = opts.regCovar ?? 1e-6;
  if (!Number.isInteger(k) || k < 1 || n < k) throw new Error(`gmm: need 1 <= k <= n (k=${k}, n=${n})`);
  if (data.length < n * d) throw new Error(`gmm: data holds ${data.length} values, [${n}, ${d}] needs ${n * d}`);
  const X = Float64Array.from(data.subarray(0, n * d));
  if (X.some((v) => !Number.isFinite(v))) throw new Error('gmm: data contains a non-finite value');

  // Initialization: hard k-means labels as responsibilities, then one M-step.
  const rng = createRng(deriveSeed(seed, 'gmm/kmeans++'));
  const Xt = transpose(X, n, d); // feature-major [d, n]: every inner loop runs over points
  const centers = kmeansPlusPlus(X, Xt, n, d, k, rng);
  const labels = lloyd(X, Xt, n, d, k, centers, opts.init === 'kmeans++' ? 0 : (opts.kmeansMaxIter ?? 100));
  const resp = new Float64Array(k * n); // component-major [k, n]
  for (let i = 0; i < n; i++) resp[labels[i] * n + i] = 1;
  let gmm = mStep(Xt, n, d, k, resp, covariance, regCovar);

  const logProb = new Float64Array(k * n);
  const logPx = new Float64Array(n);
  const history: number[] = [];
  let lowerBound = -Infinity;
  let converged = false;
  let iterations = 0;
  for (let it = 1; it <= maxIter; it++) {
    const previous = lowerBound;
    // E-step: r_ik = exp(log pi_k N_k(x_i) - log p(x_i)); lower bound = mean_i log p(x_i)
    gmm.weightedLogProbT(Xt, n, logProb);
    logSumExpColumns(logProb, k, n, logPx);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += logPx[i];
    for (let c = 0; c < k; c++) {
      for (let i = 0; i < n; i++) resp[c * n + i] = Math.exp(logProb[c * n + i] - logPx[i]);
    }
    lowerBound = sum / n;
    // M-step
    gmm = mStep(Xt, n, d, k, resp, covariance, regCovar);
    iterations = it;
    history.push(lowerBound);
    opts.onIteration?.(it, lowerBound);
    if (Math.abs(lowerBound - previous) < tol) {
      converged = true;
      break;
    }
  }
  const info: GmmFitInfo = { iterations, converged, meanLogLik: lowerBound, history, seconds: (performance.now() - t0) / 1000 };
  return new Gmm(gmm, info);
}

/**
 * M-step from responsibilities r [k, n]:
 *   N_k = sum_i r_ik,  pi_k = N_k / n,  mu_k = sum_i r_ik x_i / N_k,
 *   Sigma_k = sum_i r_ik (x_i - mu_k)(x_i - mu_k)^T / N_k + reg I   (diag: the diagonal only)
 * @param Xt feature-major data [d, n]
 */
function mStep(Xt: Float64Array, n: number, d: number, k: number, resp: Float64Array, covariance: CovarianceType, reg: number): Gmm {
  const weights = new Float64Array(k);
  const means = new Float64Array(k * d);
  const covariances = new Float64Array(covariance === 'full' ? k * d * d : k * d);
  const D = new Float64Array(d * n); // x - mu_k, feature-major
  const rD = new Float64Array(d * n); // r_ik (x - mu_k)
  const S = new Float64Array(d * d);
  let totalN = 0;
  for (let c = 0; c < k; c++) {
    const r = resp.subarray(c * n, c * n + n);
    let Nk = NK_FLOOR; // sklearn's floor keeps an empty component finite
    for (let i = 0; i < n; i++) Nk += r[i];
    weights[c] = Nk;
    totalN += Nk;
    for (let a = 0; a < d; a++) {
      const o = a * n;
      let s = 0;
      for (let i = 0; i < n; i++) s += r[i] * Xt[o + i];
      const mu = s / Nk;
      means[c * d + a] = mu;
      for (let i = 0; i < n; i++) {
        const e = Xt[o + i] - mu;
        D[o + i] = e;
        rD[o + i] = r[i] * e;
      }
    }
    if (covariance === 'full') {
      // Sigma_ab = sum_i r_i (x_ia - mu_a)(x_ib - mu_b) / N_k + reg [a = b], upper triangle
      scatterUpper(rD, D, n, d, S);
      for (let a = 0; a < d; a++) {
        for (let b = a; b < d; b++) {
          const v = S[a * d + b] / Nk + (a === b ? reg : 0);
          covariances[c * d * d + a * d + b] = v;
          covariances[c * d * d + b * d + a] = v;
        }
      }
    } else {
      // Sigma_aa = sum_i r_i (x_ia - mu_a)^2 / N_k + reg
      for (let a = 0; a < d; a++) covariances[c * d + a] = dot(rD, a * n, D, a * n, n) / Nk + reg;
    }
  }
  for (let c = 0; c < k; c++) weights[c] /= totalN; // normalized as sklearn does
  try {
    return new Gmm({ d, covariance, weights, means, covariances });
  } catch (e) {
    if (e instanceof NotPositiveDefiniteError) {
      throw new Error(`gmm: a covariance is not positive definite; increase regCovar (now ${reg}). ${e.message}`, { cause: e });
    }
    throw e;
  }
}

/** sum_i u[uo + i] v[vo + i] over i < n. */
function dot(u: Float64Array, uo: number, v: Float64Array, vo: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += u[uo + i] * v[vo + i];
  return s;
}

/**
 * S_ab = sum_i P[a, i] Q[b, i] for a <= b (P, Q feature-major [d, n]), in 2 x 2 blocks so that
 * each pass over the points feeds four sums (the lower-triangle by-products are ignored).
 */
function scatterUpper(P: Float64Array, Q: Float64Array, n: number, d: number, S: Float64Array): void {
  for (let a = 0; a < d; a += 2) {
    for (let b = a; b < d; b += 2) {
      if (a + 1 === d || b + 1 === d) {
        // odd d: the last row or column alone
        for (let aa = a; aa < Math.min(a + 2, d); aa++) {
          for (let bb = Math.max(b, aa); bb < Math.min(b + 2, d); bb++) S[aa * d + bb] = dot(P, aa * n, Q, bb * n, n);
        }
        continue;
      }
      const pa = a * n;
      const pa1 = pa + n;
      const qb = b * n;
      const qb1 = qb + n;
      let s00 = 0;
      let s01 = 0;
      let s10 = 0;
      let s11 = 0;
      for (let i = 0; i < n; i++) {
        const p0 = P[pa + i];
        const p1 = P[pa1 + i];
        const q0 = Q[qb + i];
        const q1 = Q[qb1 + i];
        s00 += p0 * q0;
        s01 += p0 * q1;
        s10 += p1 * q0;
        s11 += p1 * q1;
      }
      S[a * d + b] = s00;
      S[a * d + b + 1] = s01;
      if (b > a) S[(a + 1) * d + b] = s10;
      S[(a + 1) * d + b + 1] = s11;
    }
  }
}

/** Row-major [m, d] -> feature-major [d, m]. */
function transpose(points: ArrayLike<number>, m: number, d: number): Float64Array {
  const t = new Float64Array(d * m);
  for (let i = 0; i < m; i++) for (let a = 0; a < d; a++) t[a * m + i] = points[i * d + a];
  return t;
}

/** dist[i] = ||x_i - y||^2 for every point, from feature-major Xt [d, n]. */
function sqDistToPoint(Xt: Float64Array, n: number, d: number, y: ArrayLike<number>, yOffset: number, dist: Float64Array): void {
  dist.fill(0);
  for (let a = 0; a < d; a++) {
    const v = y[yOffset + a];
    const o = a * n;
    for (let i = 0; i < n; i++) {
      const e = Xt[o + i] - v;
      dist[i] += e * e;
    }
  }
}

/**
 * Greedy k-means++ seeding (Arthur & Vassilvitskii 2007; sklearn's variant): each new center
 * is the best of 2 + floor(ln k) candidates drawn with probability proportional to the squared
 * distance to the nearest chosen center, "best" meaning the smallest total potential.
 * @returns centers [k, d]
 */
function kmeansPlusPlus(X: Float64Array, Xt: Float64Array, n: number, d: number, k: number, rng: Rng): Float64Array {
  const centers = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  const first = Math.min(n - 1, Math.floor(rng.uniform() * n));
  centers.set(X.subarray(first * d, first * d + d), 0);
  let closest = new Float64Array(n);
  sqDistToPoint(Xt, n, d, X, first * d, closest);
  let potential = closest.reduce((a, b) => a + b, 0);
  let candidate = new Float64Array(n);
  let best = new Float64Array(n);
  for (let c = 1; c < k; c++) {
    let bestPotential = Infinity;
    let bestId = 0;
    for (let t = 0; t < trials; t++) {
      // id = first index whose cumulative distance reaches u * potential
      const target = rng.uniform() * potential;
      let id = 0;
      let cum = closest[0];
      while (cum < target && id < n - 1) cum += closest[++id];
      sqDistToPoint(Xt, n, d, X, id * d, candidate);
      let pot = 0;
      for (let i = 0; i < n; i++) pot += candidate[i] = Math.min(closest[i], candidate[i]);
      if (pot < bestPotential) {
        bestPotential = pot;
        bestId = id;
        [best, candidate] = [candidate, best];
      }
    }
    centers.set(X.subarray(bestId * d, bestId * d + d), c * d);
    [closest, best] = [best, closest];
    potential = bestPotential;
  }
  return centers;
}

/**
 * Lloyd's k-means from the given centers (updated in place) until no label changes or
 * maxIter updates; an empty cluster keeps its center.
 * @returns the label of each point, [n]
 */
function lloyd(X: Float64Array, Xt: Float64Array, n: number, d: number, k: number, centers: Float64Array, maxIter: number): Int32Array {
  const labels = new Int32Array(n).fill(-1);
  const bestD = new Float64Array(n);
  const dist = new Float64Array(n);
  const assign = (): number => {
    bestD.fill(Infinity);
    const next = new Int32Array(n);
    for (let c = 0; c < k; c++) {
      sqDistToPoint(Xt, n, d, centers, c * d, dist);
      for (let i = 0; i < n; i++) {
        if (dist[i] < bestD[i]) {
          bestD[i] = dist[i];
          next[i] = c;
        }
      }
    }
    let changed = 0;
    for (let i = 0; i < n; i++) if (labels[i] !== next[i]) changed++;
    labels.set(next);
    return changed;
  };
  assign();
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  for (let it = 0; it < maxIter; it++) {
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      counts[labels[i]]++;
      for (let a = 0; a < d; a++) sums[labels[i] * d + a] += X[i * d + a];
    }
    for (let c = 0; c < k; c++) {
      if (counts[c] === 0) continue;
      for (let a = 0; a < d; a++) centers[c * d + a] = sums[c * d + a] / counts[c];
    }
    if (assign() === 0) break;
  }
  return labels;
}
