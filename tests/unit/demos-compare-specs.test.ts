/** What the side-by-side runs train and how each arm is described (src/features/demos/compare-specs.ts). */
import { describe, expect, it } from 'vitest';
import { armDescription, bceKey, chartTerms, comparisonArms, COMPARABLE, DEFAULT_COMPARISON, lineupArms, valueLabel } from '@/features/demos/compare-specs';
import { CV_VAE_TERMS } from '@/core/models/constant-variance-vae';
import { defaultSettings, SETTINGS, type SettingKey } from '@/settings/settings';

describe('side-by-side arms', () => {
  it('the lineup is the four models at the shared settings; only the model differs', () => {
    const base = { ...defaultSettings(), hiddenWidth: 64, seed: 7 };
    const arms = lineupArms(base);
    expect(arms.map((a) => a.label)).toEqual(['GVAE', 'GVAE-CV', 'RAE', 'GNCN-PDH']);
    for (const a of arms) expect({ ...a.settings, model: base.model }).toEqual(base);
  });
  it('a comparison differs in exactly the compared setting, validated like a link', () => {
    const base = defaultSettings();
    const [a, b] = comparisonArms(base, DEFAULT_COMPARISON['gvae-cv']);
    expect([a.label, b.label]).toEqual(['σ² = 0.1', 'σ² = 1']);
    expect([a.settings.sigma2, b.settings.sigma2]).toEqual([0.1, 1]);
    expect({ ...a.settings, sigma2: 1 }).toEqual({ ...base, model: 'gvae-cv' });
    const [, big] = comparisonArms(base, { model: 'rae', key: 'lambda', values: [0.001, 50] });
    expect(big.settings.lambda).toBe(SETTINGS.lambda.max); // clamped to the table's range
  });
  it('never offers the seed or the batch size (arms must share them to share batches)', () => {
    for (const keys of Object.values(COMPARABLE)) {
      expect(keys).not.toContain('seed' as SettingKey);
      expect(keys).not.toContain('batchSize' as SettingKey);
    }
    for (const c of Object.values(DEFAULT_COMPARISON)) expect(COMPARABLE[c.model]).toContain(c.key);
  });
  it('labels values the way the sliders read and describes an arm with its steps and images', () => {
    expect(valueLabel('lambda', 0.001)).toBe('λ = 1.0e-3');
    expect(valueLabel('optimizer', 'sgd')).toBe('Optimizer = SGD (the paper)');
    expect(armDescription({ ...defaultSettings(), model: 'gncn-pdh' }, 3, 1000)).toBe(
      'GNCN-PDH, 784-240-240-240, K = 20, 1,000 parameters; 3 steps of 64 images (192 seen), seed 1');
  });
  it('charts the BCE for the lineup and every term (at most three) for one model', () => {
    expect(bceKey(CV_VAE_TERMS)).toBe('recon');
    expect(chartTerms(CV_VAE_TERMS, 'negElbo', true).map((t) => t.key)).toEqual(['recon']);
    expect(chartTerms(CV_VAE_TERMS, 'negElbo', false).map((t) => t.key)).toEqual(['recon', 'kl', 'negElbo']);
  });
});
