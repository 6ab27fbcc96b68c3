/**
 * Streaming log-mean-exp in float64, with the Monte Carlo standard error of the result:
 * the reduction behind every log p(x) estimator here (shared reference §3 "log p(x)", §7).
 *
 * For values v_1..v_S (log weights, e.g. log p(x|z_s)) it keeps, per item,
 *   m = max_s v_s,  s1 = sum_s exp(v_s - m),  s2 = sum_s exp(2 (v_s - m))
 * updated chunk by chunk (rescaled when m grows), so nothing overflows or underflows to log 0:
 *   log p̂ = log (1/S) sum_s exp(v_s) = m + log s1 - log S
 * Delta-method standard error of log p̂ (w_s = exp(v_s), i.i.d. draws):
 *   se(log p̂) ≈ sd(w) / (sqrt(S) mean(w)) = sqrt((S s2 / s1^2 - 1) / S)      (with the 1/S variance)
 * and the effective sample size ESS = s1^2 / s2 (1 for one dominant weight, S for equal weights).
 */

/** Per-item accumulators for `count` items. */
export class LogMeanExpAccumulator {
  readonly count: number;
  private readonly m: Float64Array;
  private readonly s1: Float64Array;
  private readonly s2: Float64Array;
  private readonly n: Float64Array;

  constructor(count: number) {
    this.count = count;
    this.m = new Float64Array(count).fill(-Infinity);
    this.s1 = new Float64Array(count);
    this.s2 = new Float64Array(count);
    this.n = new Float64Array(count);
  }

  /**
   * Adds values for items first..first+rows-1.
   * @param values row-major [rows, cols]: row r holds `cols` new log weights of item first + r
   */
  add(first: number, values: ArrayLike<number>, rows: number, cols: number): void {
    for (let r = 0; r < rows; r++) {
      const i = first + r;
      const o = r * cols;
      let mx = this.m[i];
      for (let c = 0; c < cols; c++) if (values[o + c] > mx) mx = values[o + c];
      if (mx === Infinity || Number.isNaN(mx)) throw new Error(`log-mean-exp: value ${mx} for item ${i}`);
      if (mx === -Infinity) {
        this.n[i] += cols; // every weight is 0 so far
        continue;
      }
      // rescale the running sums to the new max: exp(v - m_old) = exp(v - m_new) exp(m_new - m_old)
      if (mx > this.m[i]) {
        const scale = this.m[i] === -Infinity ? 0 : Math.exp(this.m[i] - mx);
        this.s1[i] *= scale;
        this.s2[i] *= scale * scale;
        this.m[i] = mx;
      }
      for (let c = 0; c < cols; c++) {
        const e = Math.exp(values[o + c] - mx);
        this.s1[i] += e;
        this.s2[i] += e * e;
      }
      this.n[i] += cols;
    }
  }

  /** log (1/S) sum_s exp(v_s) per item, [count]. */
  logMeanExp(): Float64Array {
    // m + log s1 - log S
    return Float64Array.from({ length: this.count }, (_, i) => this.m[i] + Math.log(this.s1[i]) - Math.log(this.n[i]));
  }

  /** Delta-method standard error of each logMeanExp, [count] (0 when S = 1). */
  standardError(): Float64Array {
    return Float64Array.from({ length: this.count }, (_, i) => {
      const S = this.n[i];
      // relative variance of the mean weight: (mean(w^2) / mean(w)^2 - 1) / S
      const rel = (S * this.s2[i]) / (this.s1[i] * this.s1[i]) - 1;
      return S > 1 ? Math.sqrt(Math.max(0, rel) / S) : 0;
    });
  }

  /** Effective sample size s1^2 / s2 per item, [count]. */
  effectiveSampleSize(): Float64Array {
    return Float64Array.from({ length: this.count }, (_, i) => (this.s1[i] * this.s1[i]) / this.s2[i]);
  }
}

/** log (1/n) sum exp(v) of one array, in float64. */
export function logMeanExp(values: ArrayLike<number>): number {
  const acc = new LogMeanExpAccumulator(1);
  acc.add(0, values, 1, values.length);
  return acc.logMeanExp()[0];
}
