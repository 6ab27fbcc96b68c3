import { describe, expect, it } from 'vitest';
import { createRng } from '@/core/rng';
import { defaultSettings, pushesHistory, SETTINGS, type NumberSetting, type SettingKey } from '@/settings/settings';
import { decodeHash, encodeHash, MAX_HASH_LENGTH } from '@/settings/url-state';
import { maskFromSettings, maskSettings, studySettings, studyView, withSettings } from '@/app/view-state';

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

  it('carries the gradient clipping (a live backprop setting) like any other: off round-trips, the default is not written, a radius not offered falls back to 5', () => {
    const s = { ...defaultSettings(), init: 'scratch' as const, model: 'gvae-cv' as const, optimizer: 'sgd' as const, gradClip: 'off' as const, learningRate: 0.1 };
    const hash = encodeHash(s);
    expect(hash).toBe('#v=1&model=gvae-cv&init=scratch&learningRate=0.1&optimizer=sgd&gradClip=off');
    expect(decodeHash(hash)).toEqual({ settings: s, notices: [], present: true });
    expect(encodeHash({ ...s, gradClip: '5' })).not.toContain('gradClip');
    for (const bad of ['0', '5.0', 'Infinity', 'OFF', '']) {
      const { settings, notices } = decodeHash(`#v=1&model=rae&gradClip=${bad}`);
      expect(settings.gradClip).toBe('5');
      expect(notices).toEqual([expect.stringMatching(/^Gradient clipping: .* is not a choice; using 5\.$/)]);
    }
    expect(decodeHash('#v=1&model=rae&gradClip=25').settings.gradClip).toBe('25');
    // Links written before the setting existed open with the paper's clipping.
    expect(decodeHash('#v=1&model=gvae&optimizer=sgd&learningRate=1').settings.gradClip).toBe('5');
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

describe('view state in the link (study section, derivation step, mask)', () => {
  it('round-trips the open view and the mask through the hash', () => {
    const s = { ...defaultSettings(), model: 'gncn-pdh' as const, study: 'derivation' as const, derivation: 'logpx' as const, derivationStep: 4,
      mask: 'random' as const, maskFraction: 0.3, maskSeed: 17 };
    const hash = encodeHash(s);
    expect(hash).toBe('#v=1&model=gncn-pdh&derivation=logpx&derivationStep=4&mask=random&maskFraction=0.3&maskSeed=17');
    expect(decodeHash(hash)).toEqual({ settings: s, notices: [], present: true });
  });

  it('validates each view field on its own: a brush mask, a step of 0 and an unknown section', () => {
    const { settings, notices } = decodeHash('#v=1&mask=brush&derivationStep=0&study=secrets&maskBox=25&maskFraction=0.4');
    expect(settings.mask).toBe('right-half');
    expect(settings.derivationStep).toBe(1);
    expect(settings.study).toBe('derivation');
    expect(settings.maskBox).toBe(24);
    expect(settings.maskFraction).toBe(0.4);
    expect(notices).toHaveLength(4);
  });

  it('slider drags replace the history entry; tabs, choices, steps and rebuilds push one', () => {
    const replace: SettingKey[] = ['learningRate', 'klWeight', 'sigma2', 'lambda', 'settlingSteps', 'stepsPerFrame', 'maskFraction', 'maskBox'];
    const push: SettingKey[] = ['model', 'seed', 'batchSize', 'optimizer', 'gradClip', 'study', 'derivation', 'derivationStep', 'mask', 'maskSeed'];
    for (const k of replace) expect([k, pushesHistory(k)]).toEqual([k, false]);
    for (const k of push) expect([k, pushesHistory(k)]).toEqual([k, true]);
  });

  it('maps every preset mask to the settings and back; the brush stays out of the link', () => {
    const d = defaultSettings();
    const masks = [{ kind: 'right-half' }, { kind: 'bottom-half' }, { kind: 'random', fraction: 0.25, seed: 9 }, { kind: 'box', size: 8 }] as const;
    for (const m of masks) expect(maskFromSettings(withSettings(d, maskSettings(m)!))).toEqual(m);
    expect(maskSettings({ kind: 'brush', mask: new Float32Array(784) })).toBeNull();
    expect(maskFromSettings(d)).toEqual({ kind: 'right-half' }); // the paper's mask by default
  });

  it('the study view: 1-based step in the link, 0-based in the panel; patches are validated', () => {
    const s = withSettings(defaultSettings(), studySettings({ section: 'exercises', derivation: 'logpx', step: 2 }));
    expect([s.study, s.derivation, s.derivationStep]).toEqual(['exercises', 'logpx', 3]);
    expect(studyView(s)).toEqual({ section: 'exercises', derivation: 'logpx', step: 2 });
    expect(withSettings(defaultSettings(), studySettings({ step: -5 })).derivationStep).toBe(1);
  });
});
