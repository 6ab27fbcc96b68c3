/**
 * Pretrained weights in the page (src/session/pretrained.ts): which settings stop them from
 * applying (only re-initializing settings of the model itself), and the checks on a download:
 * a manifest for another model, a truncated binary and a flipped byte are refused.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { packWeights } from '@/core/metrics/weight-pack';
import { fetchPretrained, pretrainedMismatch } from '@/session/pretrained';
import { defaultSettings } from '@/settings/settings';

describe('pretrainedMismatch', () => {
  const trained = { ...defaultSettings(), model: 'gvae' as const };
  it('is empty at the settings the weights were trained with, whatever the live settings and init', () => {
    expect(pretrainedMismatch(trained, { ...trained, learningRate: 0.01, klWeight: 3, init: 'scratch' })).toEqual([]);
  });
  it('names re-initializing settings of this model that differ, and ignores other models\' settings', () => {
    expect(pretrainedMismatch(trained, { ...trained, hiddenWidth: 64, seed: 2 }).sort()).toEqual(['hiddenWidth', 'seed']);
    expect(pretrainedMismatch(trained, { ...trained, layerWidth: 48 })).toEqual([]); // a GNCN-PDH setting
  });
});

describe('fetchPretrained', () => {
  afterEach(() => vi.unstubAllGlobals());
  const weights = { w: { shape: [2, 3], values: Float32Array.from([1, -2, 0.5, 3, 0, 1e-3]) } };
  function serve(manifest: unknown, bytes: Uint8Array) {
    vi.stubGlobal('fetch', async (url: string) => url.endsWith('.json')
      ? new Response(JSON.stringify(manifest))
      : new Response(Uint8Array.from(bytes).buffer));
  }
  it('returns the weights and the run\'s figures from a good pair of files', async () => {
    const { manifest, bytes } = packWeights('gvae', weights, 'gvae.bin', { epochs: 6, steps: 5622, settings: { batchSize: 64 }, test: { bceFloat16: 70.5 } }, 'float16');
    serve(manifest, bytes);
    const p = await fetchPretrained('http://x/weights/', 'gvae');
    expect(Array.from(p.weights.w.values.subarray(0, 5))).toEqual([1, -2, 0.5, 3, 0]); // exact in binary16
    expect(Math.abs(p.weights.w.values[5] - 1e-3)).toBeLessThanOrEqual(1e-3 * 2 ** -11); // rounded to a half
    expect(p.info).toMatchObject({ epochs: 6, steps: 5622, batchSize: 64, testBce: 70.5, dtype: 'float16', bytes: 12 });
  });
  it('refuses a manifest for another model, a truncated binary and a flipped byte', async () => {
    const { manifest, bytes } = packWeights('rae', weights, 'rae.bin');
    serve(manifest, bytes);
    await expect(fetchPretrained('http://x/weights/', 'gvae')).rejects.toThrow('not a weights manifest for gvae');
    serve(manifest, bytes.subarray(0, 20));
    await expect(fetchPretrained('http://x/weights/', 'rae')).rejects.toThrow('bytes');
    const bad = Uint8Array.from(bytes);
    bad[3] ^= 1;
    serve(manifest, bad);
    await expect(fetchPretrained('http://x/weights/', 'rae')).rejects.toThrow('CRC-32');
  });
});
