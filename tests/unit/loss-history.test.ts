import { describe, expect, it } from 'vitest';
import {
  appendHistory, appendToHistory, binCount, CAP, emptyHistory, entryCount, entryFirst, FULL_STEPS, historyBefore, latestTerms,
  MAX_BINS, stepsCovered, type LossHistory,
} from '@/core/train/loss-history';
import { bucketMeans } from '@/viz/loss-chart';

/** A seeded stream of loss-like values (mulberry32), independent of the code under test. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The reference: every raw step and value kept, plain. */
interface Raw {
  steps: number[];
  values: Record<string, number[]>;
}

/** Appends `total` steps (from `start`, every `stride`-th step) in readback-sized batches to `h` and to a raw copy. */
function feed(h: LossHistory, total: number, seed = 1, start = 0, stride = 1, raw: Raw = { steps: [], values: { a: [], b: [] } }, onAppend?: () => void): Raw {
  const r = rng(seed);
  let step = start;
  for (let done = 0; done < total;) {
    const n = Math.min(total - done, 1 + Math.floor(r() * 40));
    const steps: number[] = [];
    const rows = { a: [] as number[], b: [] as number[] };
    for (let i = 0; i < n; i++) {
      steps.push(step);
      rows.a.push(500 * Math.exp(-step / 5000) + 20 * r()); // a falling loss with noise
      rows.b.push(r() < 0.5 ? 1e-3 * r() : 1e3 * r()); // values of very different sizes
      raw.steps.push(step);
      raw.values.a.push(rows.a[i]);
      raw.values.b.push(rows.b[i]);
      step += stride;
    }
    expect(appendToHistory(h, steps, rows)).toBe(n);
    onAppend?.();
    done += n;
  }
  return raw;
}

/** Checks every entry against the raw steps it covers: range, count and mean computed from the raw values. */
function checkAgainstRaw(h: LossHistory, raw: Raw): void {
  let j = 0; // index into the raw steps
  for (let i = 0; i < h.steps.length; i++) {
    const first = entryFirst(h, i);
    const last = h.steps[i];
    expect(first).toBe(raw.steps[j]);
    const from = j;
    while (j < raw.steps.length && raw.steps[j] <= last) j++;
    expect(raw.steps[j - 1]).toBe(last);
    expect(entryCount(h, i)).toBe(j - from);
    for (const k of ['a', 'b']) {
      let s = 0;
      for (let q = from; q < j; q++) s += raw.values[k][q];
      const mean = s / (j - from);
      expect(Math.abs(h.terms[k][i] - mean)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(mean)));
    }
  }
  expect(j).toBe(raw.steps.length); // every raw step is in exactly one entry
}

describe('appendToHistory (bounded loss history)', () => {
  it('is a plain per-step history below the cap', () => {
    const h = emptyHistory(['a', 'b']);
    const raw = feed(h, 1000);
    expect(h).toEqual({ steps: raw.steps, terms: raw.values }); // no bins, values exact
  });

  it('after 100k steps: under the cap, every step covered once, bin means equal the means of the raw values', () => {
    const h = emptyHistory(['a', 'b']);
    let longest = 0;
    const raw = feed(h, 100_000, 7, 0, 1, undefined, () => (longest = Math.max(longest, h.steps.length)));
    expect(longest).toBeLessThanOrEqual(CAP);
    expect(binCount(h)).toBeGreaterThan(0);
    expect(binCount(h)).toBeLessThanOrEqual(MAX_BINS + 1);
    expect(stepsCovered(h)).toBe(100_000);
    checkAgainstRaw(h, raw);
    // the newest FULL_STEPS steps are kept as they were
    expect(h.steps.slice(-FULL_STEPS)).toEqual(raw.steps.slice(-FULL_STEPS));
    expect(h.terms.a.slice(-FULL_STEPS)).toEqual(raw.values.a.slice(-FULL_STEPS));
    expect(latestTerms(h)).toEqual({ a: raw.values.a.at(-1), b: raw.values.b.at(-1) });
  });

  it('keeps its length flat while bins widen with the run', () => {
    const h = emptyHistory(['a', 'b']);
    const widest = () => Math.max(...h.bins!.counts);
    const raw = feed(h, 20_000, 3);
    const len20k = h.steps.length;
    const w20k = widest();
    feed(h, 180_000, 4, 20_000, 1, raw);
    expect(h.steps.length).toBeLessThanOrEqual(CAP);
    expect(Math.abs(h.steps.length - len20k)).toBeLessThanOrEqual(CAP - FULL_STEPS); // flat, not 10x
    expect(widest()).toBeGreaterThanOrEqual(4 * w20k);
    expect(stepsCovered(h)).toBe(200_000);
    checkAgainstRaw(h, raw);
  });

  it('handles gaps in the steps (a bin counts the steps it holds, not its range)', () => {
    const h = emptyHistory(['a', 'b']);
    const raw = feed(h, 30_000, 5, 100, 3);
    expect(stepsCovered(h)).toBe(30_000);
    checkAgainstRaw(h, raw);
  });

  it('with small limits: the same invariants (many compactions)', () => {
    const h = emptyHistory(['a', 'b']);
    const r = rng(11);
    const raw: Raw = { steps: [], values: { a: [], b: [] } };
    const limits = { full: 10, maxBins: 6, cap: 25 };
    for (let s = 0; s < 5000; s++) {
      const v = { a: [r()], b: [r() * 100] };
      raw.steps.push(s);
      raw.values.a.push(v.a[0]);
      raw.values.b.push(v.b[0]);
      appendToHistory(h, [s], v, limits);
      expect(h.steps.length).toBeLessThanOrEqual(25);
    }
    expect(binCount(h)).toBeLessThanOrEqual(7);
    checkAgainstRaw(h, raw);
  });

  it('fills a term missing from the rows with NaN and ignores keys the history does not have', () => {
    const h = emptyHistory(['a', 'b']);
    appendToHistory(h, [0, 1], { a: [1, 2], zzz: [5, 6] });
    expect(h).toEqual({ steps: [0, 1], terms: { a: [1, 2], b: [NaN, NaN] } });
  });
});

describe('historyBefore and appendHistory on a bounded history', () => {
  it('cuts before a step in the full-resolution part, bins kept, as copies', () => {
    const h = emptyHistory(['a', 'b']);
    const raw = feed(h, 30_000, 9);
    const cut = historyBefore(h, 29_000);
    expect(stepsCovered(cut)).toBe(29_000);
    expect(cut.steps.at(-1)).toBe(28_999);
    const n = raw.steps.indexOf(29_000);
    checkAgainstRaw(cut, { steps: raw.steps.slice(0, n), values: { a: raw.values.a.slice(0, n), b: raw.values.b.slice(0, n) } });
    cut.bins!.counts[0] = -1;
    cut.steps.push(1e9);
    expect(h.bins!.counts[0]).not.toBe(-1);
    expect(h.steps).not.toContain(1e9);
  });

  it('leaves out a bin that reaches the cut', () => {
    const h = emptyHistory(['a', 'b']);
    feed(h, 30_000, 9);
    const i = 3; // a bin
    const inside = entryFirst(h, i) + 1;
    expect(inside).toBeLessThanOrEqual(h.steps[i]);
    const cut = historyBefore(h, inside);
    expect(cut.steps).toEqual(h.steps.slice(0, i));
    expect(binCount(cut)).toBe(i);
    expect(stepsCovered(cut)).toBe(entryFirst(h, i)); // steps 0 .. first-1
  });

  it('a fresh history that takes over a cut one goes on as if it had never stopped', () => {
    const h = emptyHistory(['a', 'b']);
    const raw = feed(h, 30_000, 2);
    const cut = historyBefore(h, 25_000); // 25,000 may fall in a bin: the cut then ends before it
    const n = stepsCovered(cut); // steps 0 .. n-1
    expect(n).toBeGreaterThan(20_000);
    expect(binCount(cut)).toBeGreaterThan(0);
    const next = emptyHistory(['a', 'b']);
    appendHistory(next, cut);
    const rest = feed(next, 50_000, 8, n, 1, { steps: raw.steps.slice(0, n), values: { a: raw.values.a.slice(0, n), b: raw.values.b.slice(0, n) } });
    expect(next.steps.length).toBeLessThanOrEqual(CAP);
    expect(stepsCovered(next)).toBe(n + 50_000);
    checkAgainstRaw(next, rest);
  });

  it('refuses to put merged entries after existing ones', () => {
    const h = emptyHistory(['a', 'b']);
    feed(h, 10_000);
    const other = emptyHistory(['a', 'b']);
    appendToHistory(other, [0], { a: [1], b: [1] });
    expect(() => appendHistory(other, h)).toThrow(/empty/);
  });
});

describe('bucketMeans over a bounded history (the loss chart)', () => {
  it('on single steps: equal buckets of consecutive steps, their mean step and mean value', () => {
    const steps = Array.from({ length: 1000 }, (_, i) => i);
    const values = steps.map((s) => s * s);
    const pts = bucketMeans(steps, values, 100);
    expect(pts).toHaveLength(100);
    pts.forEach(([x, y], b) => {
      const idx = Array.from({ length: 10 }, (_, i) => 10 * b + i);
      expect(x).toBeCloseTo(idx.reduce((s, i) => s + i, 0) / 10, 9);
      expect(y).toBeCloseTo(idx.reduce((s, i) => s + i * i, 0) / 10, 6);
    });
  });

  it('weighs bins by their steps: one bucket gives the mean of all raw values; points stay few and ordered', () => {
    const h = emptyHistory(['a', 'b']);
    const raw = feed(h, 60_000, 12);
    expect(binCount(h)).toBeGreaterThan(0);
    const [[x, y]] = bucketMeans(h.steps, h.terms.a, 1, h.bins);
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    expect(x).toBeCloseTo(mean(raw.steps), 6);
    expect(y).toBeCloseTo(mean(raw.values.a), 9);
    const pts = bucketMeans(h.steps, h.terms.a, 400, h.bins);
    expect(pts.length).toBeLessThanOrEqual(401);
    expect(pts.length).toBeGreaterThan(300);
    for (let i = 1; i < pts.length; i++) expect(pts[i][0]).toBeGreaterThan(pts[i - 1][0]);
    // every point is close to the chart of the raw steps (buckets differ only where a bin straddles a bucket edge)
    const rawPts = bucketMeans(raw.steps, raw.values.a, 400);
    const near = (p: [number, number]) => rawPts.reduce((best, q) => (Math.abs(q[0] - p[0]) < Math.abs(best[0] - p[0]) ? q : best));
    for (const p of pts) expect(Math.abs(near(p)[1] - p[1])).toBeLessThan(0.05 * Math.abs(p[1]) + 5);
  });
});
