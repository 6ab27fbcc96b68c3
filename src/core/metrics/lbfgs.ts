/**
 * Limited-memory BFGS for smooth unconstrained minimization, in plain JS on Float64Array:
 * the two-loop recursion (Nocedal & Wright, "Numerical Optimization", 2nd ed., Algorithm 7.4)
 * with a backtracking Armijo line search (Algorithm 3.1). Used to fit the Err metric's
 * logistic-regression classifier, whose objective is strictly convex (L2 > 0), so the solver
 * only decides how close we get to the unique optimum, not which optimum.
 * Deterministic: no randomness anywhere; async so a page can cancel between iterations.
 */
import { nextTick } from '@/core/metrics/common';

/** f(x), writing the gradient into g. */
export type ValueAndGradient = (x: Float64Array, g: Float64Array) => number;

export interface LbfgsOptions {
  /** Iterations at most. */
  maxIter: number;
  /** Stored (s, y) pairs; default 10. */
  memory?: number;
  /** Stop when max_i |g_i| < gradTol; default 1e-5. */
  gradTol?: number;
  /** Stop when |f_old - f_new| <= relTol max(1, |f|); default 1e-10. */
  relTol?: number;
  signal?: AbortSignal;
  /** After each iteration, with the objective value. */
  onIteration?: (iteration: number, f: number) => void;
}

export interface LbfgsResult {
  x: Float64Array;
  f: number;
  iterations: number;
  /** 'gradient', 'relative change', 'max iterations' or 'line search' (no decrease found). */
  reason: string;
  /** Objective evaluations (each one value + gradient). */
  evaluations: number;
}

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};
const maxAbs = (a: Float64Array) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/** Minimizes fg from x0 (not modified). */
export async function minimizeLbfgs(fg: ValueAndGradient, x0: Float64Array, opts: LbfgsOptions): Promise<LbfgsResult> {
  const m = opts.memory ?? 10;
  const gradTol = opts.gradTol ?? 1e-5;
  const relTol = opts.relTol ?? 1e-10;
  const n = x0.length;
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  let f = fg(x, g);
  let evaluations = 1;
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const d = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  const alpha = new Float64Array(m);
  let reason = 'max iterations';
  let it = 0;
  for (; it < opts.maxIter; it++) {
    if (maxAbs(g) < gradTol) {
      reason = 'gradient';
      break;
    }
    // Two-loop recursion: d = -H g, H the L-BFGS inverse-Hessian approximation.
    for (let i = 0; i < n; i++) d[i] = -g[i];
    for (let j = S.length - 1; j >= 0; j--) {
      // alpha_j = rho_j s_j^T q ;  q -= alpha_j y_j
      alpha[j] = rho[j] * dot(S[j], d);
      for (let i = 0; i < n; i++) d[i] -= alpha[j] * Y[j][i];
    }
    // H0 = gamma I, gamma = s^T y / y^T y of the newest pair (scaled steepest descent at first)
    const gamma = S.length ? 1 / (rho[S.length - 1] * dot(Y[S.length - 1], Y[S.length - 1])) : 1 / Math.max(1, Math.sqrt(dot(g, g)));
    for (let i = 0; i < n; i++) d[i] *= gamma;
    for (let j = 0; j < S.length; j++) {
      // beta = rho_j y_j^T r ;  r += s_j (alpha_j - beta)
      const beta = rho[j] * dot(Y[j], d);
      for (let i = 0; i < n; i++) d[i] += S[j][i] * (alpha[j] - beta);
    }
    let slope = dot(g, d);
    if (!(slope < 0)) {
      // not a descent direction (numerical trouble): restart from steepest descent
      S.length = Y.length = rho.length = 0;
      for (let i = 0; i < n; i++) d[i] = -g[i] / Math.max(1, Math.sqrt(dot(g, g)));
      slope = dot(g, d);
    }
    // Backtracking Armijo: f(x + t d) <= f(x) + c1 t g^T d, t = 1, 1/2, 1/4, ...
    let t = 1;
    let fNew = Infinity;
    for (let ls = 0; ls < 40; ls++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i] + t * d[i];
      fNew = fg(xNew, gNew);
      evaluations++;
      if (fNew <= f + 1e-4 * t * slope) break;
      t *= 0.5;
    }
    if (!(fNew <= f + 1e-4 * t * slope)) {
      reason = 'line search';
      break;
    }
    // Store s = x_new - x, y = g_new - g when the curvature s^T y > 0.
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = gNew[i] - g[i];
    }
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(y, y) * dot(s, s))) {
      if (S.length === m) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
    }
    const change = Math.abs(f - fNew);
    x.set(xNew);
    g.set(gNew);
    f = fNew;
    opts.onIteration?.(it + 1, f);
    opts.signal?.throwIfAborted();
    await nextTick();
    if (change <= relTol * Math.max(1, Math.abs(f))) {
      it++;
      reason = 'relative change';
      break;
    }
  }
  return { x, f, iterations: it, reason, evaluations };
}
