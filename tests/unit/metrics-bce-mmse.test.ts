/**
 * BCE, M-MSE and the completion masks (src/core/metrics/{bce,mmse,masks}.ts) against explicit
 * loops over pixels, on a tiny hand-made split and a fake model whose outputs are fixed tables.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { binarizeAndPack } from '@/core/data/bit-pack';
import { makeSplit, type MnistSplit } from '@/core/data/mnist';
import type { GenerativeModel } from '@/core/models/types';
import { createRng } from '@/core/rng';
import { evaluateBce } from '@/core/metrics/bce';
import { evaluateMmse } from '@/core/metrics/mmse';
import { maskBatch, maskRow, type MaskSpec } from '@/core/metrics/masks';
import { useCpuBackend } from './helpers/tf-cpu';

const D = 784;
const N = 7;
let split: MnistSplit;
let X: Float32Array; // the images as {0, 1}
/** Per-image "reconstructions": values in (0, 1), plus exact 0s and 1s to exercise the clip. */
let R: Float32Array;

beforeAll(async () => {
  await useCpuBackend();
  const rng = createRng(11);
  const gray = Uint8Array.from({ length: N * D }, () => (rng.uniform() < 0.3 ? 255 : 0));
  split = makeSplit(binarizeAndPack(gray, N), Uint8Array.from({ length: N }, (_, i) => i % 10));
  X = Float32Array.from(gray, (g) => (g >= 128 ? 1 : 0));
  R = Float32Array.from({ length: N * D }, () => rng.uniform());
  R[3] = 0;
  R[4] = 1;
  R[D + 5] = 0;
  R[D + 6] = 1;
});

/** A model that returns R for reconstruct and fills masked pixels from R in complete. */
function fakeModel(record?: { seen: Float32Array[] }): GenerativeModel {
  const rowsOf = (x: tf.Tensor2D) => {
    // identify each input row by its observed pixels' position in X (inputs are X rows, possibly masked)
    const v = x.dataSync();
    return Array.from({ length: x.shape[0] }, (_, r) => {
      for (let i = 0; i < N; i++) {
        let same = true;
        for (let d = 0; d < D && same; d++) if (v[r * D + d] === 1 && X[i * D + d] !== 1) same = false;
        if (same) return i;
      }
      throw new Error('unknown row');
    });
  };
  const table = (rows: number[]) => tf.tensor2d(Float32Array.from(rows.flatMap((i) => Array.from(R.subarray(i * D, (i + 1) * D)))), [rows.length, D]);
  return {
    kind: 'rae', terms: [], objectiveKey: 'loss', codeSize: 2, numParams: 0,
    trainStep: () => tf.zeros([0]) as tf.Tensor1D,
    evaluate: () => tf.zeros([0]) as tf.Tensor1D,
    reconstruct: (x) => table(rowsOf(x)),
    encode: (x) => tf.zeros([x.shape[0], 2]) as tf.Tensor2D,
    complete: (x, mask) => {
      record?.seen.push(x.dataSync() as Float32Array);
      return tf.tidy(() => tf.add(tf.mul(x, mask), tf.mul(table(rowsOf(x)), tf.sub(1, mask))) as tf.Tensor2D);
    },
    sample: (n) => tf.zeros([n, D]) as tf.Tensor2D,
    setLive: () => false,
    getWeights: async () => ({}),
    setWeights: () => {},
    dispose: () => {},
  };
}

describe('BCE', () => {
  it('equals -sum_d [x log p + (1-x) log(1-p)] with p clipped, averaged over images', async () => {
    for (const clip of [1e-7, 1e-3]) {
      let total = 0;
      for (let i = 0; i < N; i++) {
        let s = 0;
        for (let d = 0; d < D; d++) {
          const p = Math.min(Math.max(R[i * D + d], Math.fround(clip)), Math.fround(1 - clip));
          s -= X[i * D + d] * Math.log(p) + (1 - X[i * D + d]) * Math.log(1 - p);
        }
        total += s;
      }
      const r = await evaluateBce(fakeModel(), split, [0, 1, 2, 3, 4, 5, 6], { clip, chunk: 3 });
      // float32 logs vs float64: a relative 1e-5 on ~800 nats
      expect(r.bce).toBeCloseTo(total / N, 2);
      expect(Math.abs(r.bce - total / N) / (total / N)).toBeLessThan(2e-5);
      expect(r.perPixel).toBeCloseTo(r.bce / D, 10);
      expect(r.images).toBe(N);
      expect(r.clip).toBe(clip);
    }
  });

  it('reports progress up to 1 and stops on abort', async () => {
    const seen: number[] = [];
    await evaluateBce(fakeModel(), split, [0, 1, 2, 3, 4], { chunk: 2, onProgress: (f) => seen.push(f) });
    expect(seen).toEqual([0.4, 0.8, 1]);
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    await expect(evaluateBce(fakeModel(), split, [0, 1], { signal: ac.signal })).rejects.toThrow('stop');
  });
});

describe('masks', () => {
  const masked = (m: Float32Array) => Array.from(m).flatMap((v, i) => (v === 0 ? [i] : []));

  it('right half masks columns 14-27 of every row (the paper), bottom half rows 14-27', () => {
    const right = masked(maskRow({ kind: 'right-half' }));
    expect(right.length).toBe(392);
    expect(right.every((i) => i % 28 >= 14)).toBe(true);
    const bottom = masked(maskRow({ kind: 'bottom-half' }));
    expect(bottom).toEqual(Array.from({ length: 392 }, (_, k) => 392 + k));
  });

  it('a centered box masks exactly size x size pixels around the center', () => {
    const box = masked(maskRow({ kind: 'box', size: 10 }));
    expect(box.length).toBe(100);
    for (const i of box) {
      expect(Math.floor(i / 28)).toBeGreaterThanOrEqual(9);
      expect(Math.floor(i / 28)).toBeLessThanOrEqual(18);
      expect(i % 28).toBeGreaterThanOrEqual(9);
      expect(i % 28).toBeLessThanOrEqual(18);
    }
  });

  it('random masks hide round(f D) pixels, differ per image, and replay from the seed', () => {
    const spec: MaskSpec = { kind: 'random', fraction: 0.25, seed: 3 };
    const a = masked(maskRow(spec, 0));
    expect(a.length).toBe(196);
    expect(masked(maskRow(spec, 0))).toEqual(a);
    expect(masked(maskRow(spec, 1))).not.toEqual(a);
    const batch = maskBatch(spec, [5, 0]);
    expect(batch.rows).toBe(2);
    expect(masked(batch.values.subarray(D))).toEqual(a);
    expect(maskBatch({ kind: 'right-half' }, [5, 0]).rows).toBe(1);
  });
});

describe('M-MSE', () => {
  it.each([
    { kind: 'right-half' }, { kind: 'bottom-half' }, { kind: 'box', size: 7 }, { kind: 'random', fraction: 0.3, seed: 9 },
  ] as MaskSpec[])('equals the per-image sum of squared errors over masked pixels, mean over images (%o)', async (spec) => {
    const indices = [6, 2, 0, 5];
    let total = 0;
    let maskedCount = 0;
    for (const i of indices) {
      const m = maskRow(spec, i);
      for (let d = 0; d < D; d++) {
        if (m[d] === 1) continue;
        maskedCount++;
        total += (R[i * D + d] - X[i * D + d]) ** 2;
      }
    }
    const record = { seen: [] as Float32Array[] };
    const r = await evaluateMmse(fakeModel(record), split, indices, { mask: spec, chunk: 3 });
    expect(r.mmse).toBeCloseTo(total / indices.length, 4);
    expect(r.maskedPixels).toBeCloseTo(maskedCount / indices.length, 10);
    expect(r.perMaskedPixel).toBeCloseTo(total / maskedCount, 6);
    // the model never saw a masked pixel: every masked input value is 0
    const seenRows = record.seen.flatMap((v) => Array.from({ length: v.length / D }, (_, r2) => v.subarray(r2 * D, (r2 + 1) * D)));
    seenRows.forEach((row, k) => {
      const m = maskRow(spec, indices[k]);
      for (let d = 0; d < D; d++) if (m[d] === 0) expect(row[d]).toBe(0);
    });
  });
});
