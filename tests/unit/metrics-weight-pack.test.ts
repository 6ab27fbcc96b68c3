/**
 * The exported-weights format (src/core/metrics/weight-pack.ts): a pack/unpack round trip
 * restores a model exactly (same outputs after setWeights into a differently seeded model),
 * offsets are contiguous, and a corrupted byte is refused by the CRC-32.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { createGaussianVae } from '@/core/models/gaussian-vae';
import { packWeights, unpackWeights } from '@/core/metrics/weight-pack';
import { useCpuBackend } from './helpers/tf-cpu';

beforeAll(async () => {
  await useCpuBackend();
});

describe('weight pack', () => {
  it('round-trips getWeights through bytes + manifest into an identical model', async () => {
    const cfg = { latentDim: 3, hiddenWidth: 10, beta: 1, learningRate: 1e-3 };
    const a = createGaussianVae({ ...cfg, seed: 1 });
    const b = createGaussianVae({ ...cfg, seed: 2 });
    const w = await a.getWeights();
    const { manifest, bytes } = packWeights('gvae', w, 'gvae.bin', { epochs: 1 });
    expect(manifest.byteLength).toBe(bytes.length);
    let expected = 0;
    for (const t of manifest.tensors) {
      expect(t.offset).toBe(expected);
      expected += t.length * 4;
    }
    expect(expected).toBe(bytes.length);
    // through a copy, as after a download
    const back = unpackWeights(JSON.parse(JSON.stringify(manifest)), Uint8Array.from(bytes));
    b.setWeights(back);
    const x = tf.tensor2d(Float32Array.from({ length: 2 * 784 }, (_, i) => (i * 7) % 3 === 0 ? 1 : 0), [2, 784]);
    const ya = tf.tidy(() => a.reconstruct(x)).dataSync();
    const yb = tf.tidy(() => b.reconstruct(x)).dataSync();
    expect(Array.from(yb)).toEqual(Array.from(ya));
    x.dispose();
    a.dispose();
    b.dispose();
  });

  it('refuses bytes whose size or CRC-32 does not match', async () => {
    const m = createGaussianVae({ latentDim: 2, hiddenWidth: 4, beta: 1, learningRate: 1e-3, seed: 3 });
    const { manifest, bytes } = packWeights('gvae', await m.getWeights(), 'x.bin');
    const bad = Uint8Array.from(bytes);
    bad[5] ^= 1;
    expect(() => unpackWeights(manifest, bad)).toThrow('CRC-32');
    expect(() => unpackWeights(manifest, bytes.subarray(4))).toThrow('bytes');
    m.dispose();
  });

  it('float16 packs hold each weight to half a binary16 step (relative 2^-11) in half the bytes', async () => {
    const m = createGaussianVae({ latentDim: 3, hiddenWidth: 10, beta: 1, learningRate: 1e-3, seed: 4 });
    const w = await m.getWeights();
    const f32 = packWeights('gvae', w, 'a.bin');
    const f16 = packWeights('gvae', w, 'a.bin', {}, 'float16');
    expect(f16.bytes.length * 2).toBe(f32.bytes.length);
    expect(f16.manifest.dtype).toBe('float16');
    const back = unpackWeights(JSON.parse(JSON.stringify(f16.manifest)), Uint8Array.from(f16.bytes));
    let changed = 0;
    for (const [name, { values }] of Object.entries(w)) {
      expect(back[name].shape).toEqual(w[name].shape);
      values.forEach((v, i) => {
        const u = back[name].values[i];
        if (u !== v) changed++;
        // normal halves: |u - v| <= 2^-11 |v|; below 2^-14 the absolute step is 2^-24
        expect(Math.abs(u - v)).toBeLessThanOrEqual(Math.max(Math.abs(v) * 2 ** -11, 2 ** -25));
      });
    }
    expect(changed).toBeGreaterThan(0); // the test would pass vacuously on a float32 copy
    m.dispose();
  });
});
