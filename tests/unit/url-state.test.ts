import { describe, expect, it } from 'vitest';
import { createRng } from '@/core/rng';
import { defaultSettings, SETTINGS, type NumberSetting, type SettingKey } from '@/settings/settings';
import { decodeHash, encodeHash, MAX_HASH_LENGTH } from '@/settings/url-state';

/** Every value is inside its declared range or among its declared choices. */
function expectValid(s: ReturnType<typeof defaultSettings>) {
  for (const key of Object.keys(SETTINGS) as SettingKey[]) {
    const spec = SETTINGS[key];
    const v = s[key];
    if (spec.kind === 'choice') expect(spec.options.map((o) => o.value)).toContain(v);
    else {
      const n = spec as NumberSetting;
      expect(typeof v).toBe('number');
      expect(Number.isFinite(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(n.min);
      expect(v).toBeLessThanOrEqual(n.max);
      if (n.integer) expect(Number.isInteger(v)).toBe(true);
    }
  }
}

describe('URL hash state', () => {
  it('round-trips non-default settings', () => {
    const s = { ...defaultSettings(), model: 'rae' as const, seed: 42, lambda: 0.05, regularizer: 'ghosh' as const, learningRate: 3e-4 };
    const hash = encodeHash(s);
    expect(hash.startsWith('#v=1&model=rae')).toBe(true);
    const back = decodeHash(hash);
    expect(back.notices).toEqual([]);
    expect(back.settings).toEqual(s);
  });

  it('writes only what differs from the defaults', () => {
    expect(encodeHash(defaultSettings())).toBe('#v=1&model=gvae');
  });

  it('clamps numbers, whitelists choices and ignores unknown keys, field by field', () => {
    const { settings, notices } = decodeHash('#v=1&model=nope&seed=-5&learningRate=1e9&batchSize=abc&sigma2=0.5&evil=<script>');
    expect(settings.model).toBe('gvae');
    expect(settings.seed).toBe(0);
    expect(settings.learningRate).toBe(1);
    expect(settings.batchSize).toBe(SETTINGS.batchSize.default);
    expect(settings.sigma2).toBe(0.5); // a valid field survives its invalid neighbours
    expect(notices).toHaveLength(4);
  });

  it('refuses an oversized hash as a whole and a newer version with a notice', () => {
    const big = decodeHash(`#v=1&seed=${'9'.repeat(MAX_HASH_LENGTH)}`);
    expect(big.settings).toEqual(defaultSettings());
    expect(big.notices[0]).toMatch(/too long/);
    expect(decodeHash('#v=99&seed=3').notices[0]).toMatch(/newer/);
  });

  it('never throws and always yields valid settings on generated junk', () => {
    const rng = createRng(2024);
    const keys = [...Object.keys(SETTINGS), 'v', '__proto__', 'constructor', ''];
    const junk = ['NaN', 'Infinity', '-Infinity', '1e308', '-0', '%', '%E0%A4%A', '<img src=x onerror=alert(1)>', 'javascript:alert(1)', '', '0x10', ' 3 ', '1,5'];
    for (let i = 0; i < 2000; i++) {
      const n = Math.floor(rng.uniform() * 12);
      const parts: string[] = [];
      for (let j = 0; j < n; j++) {
        const k = keys[Math.floor(rng.uniform() * keys.length)];
        const r = rng.uniform();
        const v = r < 0.5 ? junk[Math.floor(rng.uniform() * junk.length)] : String((rng.uniform() - 0.5) * 10 ** Math.floor(rng.uniform() * 12));
        parts.push(r < 0.95 ? `${k}=${v}` : String.fromCharCode(...Array.from({ length: 8 }, () => Math.floor(rng.uniform() * 0xffff))));
      }
      const { settings } = decodeHash(`#${parts.join('&')}`);
      expectValid(settings);
      expect(Object.getPrototypeOf(settings)).toBe(Object.prototype);
    }
  });
});
