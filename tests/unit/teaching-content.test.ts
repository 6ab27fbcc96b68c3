/**
 * The teaching content: every formula renders (throwOnError, trust off, no strict warnings),
 * term keys and settings exist, and the numbers the content quotes match their closed forms.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Tensor2D } from '@tensorflow/tfjs-core';
import { renderTex } from '@/components/tex';
import { CV_VAE_TERMS, klConstantVariance } from '@/core/models/constant-variance-vae';
import { GVAE_TERMS } from '@/core/models/gaussian-vae';
import { GNCN_PDH_TERMS } from '@/core/models/gncn-pdh';
import { raeTermSpecs } from '@/core/models/regularized-ae';
import type { ModelKind, TermSpec } from '@/core/models/types';
import { CV_KL_EXAMPLE, DERIVATIONS, LOGPX_NUMBERS } from '@/features/teaching/derivations';
import { EXERCISES, exerciseSteps } from '@/features/teaching/exercise-content';
import { INTERVIEW } from '@/features/teaching/interview-content';
import { fillLive, formatValue, placeholderKeys, splitMath } from '@/features/teaching/live';
import { MISCONCEPTIONS } from '@/features/teaching/misconception-content';
import { appliesTo, MODEL_OPTIONS, SETTINGS, validateSetting, type SettingKey } from '@/settings/settings';
import { termColor } from '@/viz/palette';
import { useCpuBackend } from './helpers/tf-cpu';

/** The term lists the brief names, imported from the model files (the source of truth). */
const MODEL_TERMS: Record<ModelKind, readonly TermSpec[]> = {
  gvae: GVAE_TERMS,
  'gvae-cv': CV_VAE_TERMS,
  rae: raeTermSpecs('decoder-l2'),
  'gncn-pdh': GNCN_PDH_TERMS,
};
const MODELS = MODEL_OPTIONS.map((o) => o.value);

interface TexItem { where: string; src: string; display: boolean }

/** Inline $math$ runs of a prose field. */
function proseMath(where: string, text: string): TexItem[] {
  return splitMath(text).filter((r) => r.math).map((r) => ({ where, src: r.s, display: false }));
}

/** Every TeX string in the content, with where it comes from. */
function allTex(): TexItem[] {
  const out: TexItem[] = [];
  const sample = { recon: 61.234, kl: 25.1, negElbo: 86.334, reg: 2832.4, loss: 64.07, e0: 40.5, e1: 3.2, e2: 0.004, energy: 43.704, bce: 70.1 };
  for (const d of Object.values(DERIVATIONS)) {
    out.push(...proseMath(`${d.id} title`, d.title));
    d.steps.forEach((s, i) => {
      const w = `${d.id} step ${i + 1}`;
      out.push({ where: `${w} tex`, src: s.tex, display: true });
      out.push(...proseMath(`${w} text`, s.text));
      if (s.live) {
        const color = (k: string) => termColor(k, 0);
        out.push({ where: `${w} live (values)`, src: fillLive(s.live, sample, color), display: true });
        out.push({ where: `${w} live (no values)`, src: fillLive(s.live, null, color), display: true });
        out.push({ where: `${w} live (highlight)`, src: fillLive(s.live, sample, color, s.terms?.[0] ?? null), display: true });
        out.push({ where: `${w} live (NaN)`, src: fillLive(s.live, { ...sample, [s.terms?.[0] ?? 'x']: NaN }, color), display: true });
      }
    });
  }
  for (const ex of EXERCISES) out.push(...proseMath(`exercise ${ex.id}`, ex.prompt));
  for (const it of INTERVIEW) {
    out.push(...proseMath(`interview ${it.id} question`, it.question));
    out.push(...proseMath(`interview ${it.id} answer`, it.answer));
    if (it.tex) out.push({ where: `interview ${it.id} tex`, src: it.tex, display: true });
    it.followUps.forEach((f, i) => {
      out.push(...proseMath(`interview ${it.id} follow-up ${i + 1} q`, f.q));
      out.push(...proseMath(`interview ${it.id} follow-up ${i + 1} a`, f.a));
    });
  }
  for (const m of MISCONCEPTIONS) {
    out.push(...proseMath(`misconception ${m.id} claim`, m.claim));
    out.push(...proseMath(`misconception ${m.id} correction`, m.correction));
    if (m.tex) out.push({ where: `misconception ${m.id} tex`, src: m.tex, display: true });
  }
  return out;
}

describe('every KaTeX string renders with the page options and throwOnError', () => {
  let warn: { mock: { calls: unknown[][] }; mockRestore: () => void };
  beforeEach(() => { warn = vi.spyOn(console, 'warn').mockImplementation(() => {}); });
  afterEach(() => warn.mockRestore());

  it('parses, keeps MathML, and raises no strict-mode warning', () => {
    const items = allTex();
    expect(items.length).toBeGreaterThan(150);
    const failures: string[] = [];
    for (const t of items) {
      try {
        const html = renderTex(t.src, { throwOnError: true, displayMode: t.display });
        if (!html.includes('<math')) failures.push(`${t.where}: no MathML`);
        if (html.includes('katex-error')) failures.push(`${t.where}: error span`);
      } catch (e) {
        failures.push(`${t.where}: ${(e as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([]);
  });

  it('a broken formula does throw in this mode (the check can fail)', () => {
    expect(() => renderTex('\\frac{1}{', { throwOnError: true })).toThrow();
    expect(() => renderTex('\\KLX(q)', { throwOnError: true })).toThrow();
  });

  it('every prose field has balanced dollar signs', () => {
    expect(() => splitMath('a $x$ b $y')).toThrow();
    expect(() => allTex()).not.toThrow();
  });
});

describe('derivations: structure', () => {
  it('each model has a derivation, keyed by its own id, plus the shared log p(x) estimator', () => {
    for (const m of [...MODELS, 'logpx' as const]) {
      expect(DERIVATIONS[m], m).toBeDefined();
      expect(DERIVATIONS[m].id).toBe(m);
      expect(DERIVATIONS[m].steps.length).toBeGreaterThanOrEqual(5);
    }
  });

  it('every step names a known part, parts are contiguous and in the listed order, each non-empty', () => {
    for (const d of Object.values(DERIVATIONS)) {
      const order = d.steps.map((s) => s.part).filter((p, i, a) => i === 0 || a[i - 1] !== p);
      expect(order, d.id).toEqual(d.parts.map((p) => p.id));
      for (const s of d.steps) {
        expect(s.tex.trim(), d.id).not.toBe('');
        expect(s.text.trim(), d.id).not.toBe('');
      }
    }
  });

  it('every step\'s term keys exist in that model\'s TermSpec list; log p(x) shows none', () => {
    for (const m of MODELS) {
      const keys = new Set(MODEL_TERMS[m].map((t) => t.key));
      for (const [i, s] of DERIVATIONS[m].steps.entries()) {
        for (const k of s.terms ?? []) expect(keys.has(k), `${m} step ${i + 1}: term "${k}"`).toBe(true);
      }
    }
    expect(DERIVATIONS.logpx.steps.every((s) => !s.terms)).toBe(true);
  });

  it('every term a model reports appears live in at least one step', () => {
    for (const m of MODELS) {
      const shown = new Set(DERIVATIONS[m].steps.flatMap((s) => s.terms ?? []));
      for (const t of MODEL_TERMS[m]) expect(shown.has(t.key), `${m}: ${t.key}`).toBe(true);
    }
  });

  it('live templates use only the step\'s own terms', () => {
    for (const d of Object.values(DERIVATIONS)) {
      for (const [i, s] of d.steps.entries()) {
        if (!s.live) continue;
        const keys = placeholderKeys(s.live);
        expect(keys.length, `${d.id} step ${i + 1}`).toBeGreaterThan(0);
        for (const k of keys) expect(s.terms ?? [], `${d.id} step ${i + 1}`).toContain(k);
      }
    }
  });
});

describe('exercises', () => {
  it('cover the five required derivations, with known parts and at least 3 steps each', () => {
    expect(EXERCISES.map((e) => e.id)).toEqual(['elbo', 'gaussian-kl', 'reparam-gradient', 'gncn-updates', 'log-px']);
    for (const ex of EXERCISES) {
      const partIds = DERIVATIONS[ex.derivation].parts.map((p) => p.id);
      for (const p of ex.parts) expect(partIds, ex.id).toContain(p);
      expect(exerciseSteps(ex).length, ex.id).toBeGreaterThanOrEqual(3);
    }
  });
});

describe('interview cards', () => {
  it('cover the required questions, each with an answer and two follow-ups', () => {
    const ids = INTERVIEW.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ['vae-vs-ae', 'reparam', 'kl-role', 'cv-vs-gvae', 'hebbian-plausible', 'predictive-coding', 'rae-tradeoff', 'choose']) {
      expect(ids).toContain(id);
    }
    for (const it of INTERVIEW) {
      expect(it.answer.length, it.id).toBeGreaterThan(80);
      expect(it.followUps).toHaveLength(2);
      for (const f of it.followUps) expect(f.q && f.a, it.id).toBeTruthy();
      expect(it.showMe.note.trim(), it.id).not.toBe('');
    }
  });

  it('"show me" settings exist, apply to the action\'s model, and pass validateSetting unchanged', () => {
    for (const it of INTERVIEW) {
      const a = it.showMe;
      expect(MODELS, it.id).toContain(a.model);
      for (const [k, v] of Object.entries(a.settings ?? {})) {
        expect(Object.keys(SETTINGS), `${it.id}: ${k}`).toContain(k);
        expect(k, `${it.id}: the model is the action's own field`).not.toBe('model');
        const key = k as SettingKey;
        expect(appliesTo(key, a.model), `${it.id}: ${k} applies to ${a.model}`).toBe(true);
        const r = validateSetting(key, v);
        expect(r.notice, `${it.id}: ${k}=${v}`).toBeNull();
        expect(r.value, `${it.id}: ${k}`).toBe(v);
      }
    }
  });
});

describe('misconceptions', () => {
  it('include the five required ones, each with a correction and a reference section', () => {
    const ids = MISCONCEPTIONS.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ['pdh-name', 'rae-all-weights', 'logpx-importance', 'state-update', 'hebbian-decay']) expect(ids).toContain(id);
    for (const m of MISCONCEPTIONS) {
      expect(m.source, m.id).toMatch(/§\d/);
      expect(m.correction.length, m.id).toBeGreaterThan(60);
    }
  });
});

describe('numbers quoted by the content match their closed forms', () => {
  it('GVAE-CV: the KL constant (J/2)(σ² − 1 − ln σ²) at σ² = 0.3, J = 20', () => {
    const { J, sigma2 } = CV_KL_EXAMPLE;
    const c = (J / 2) * (sigma2 - 1 - Math.log(sigma2));
    expect(Number(CV_KL_EXAMPLE.constant)).toBeCloseTo(c, 2);
    expect(Number(CV_KL_EXAMPLE.lnSigma2)).toBeCloseTo(Math.log(sigma2), 4);
    expect(Number(CV_KL_EXAMPLE.noiseScale)).toBeCloseTo(Math.sqrt(sigma2), 3);
    // the numbers are the ones shown, in the formula, with the unit
    const steps = DERIVATIONS['gvae-cv'].steps;
    expect(steps.some((s) => s.tex.includes(`= ${CV_KL_EXAMPLE.constant}\\ \\text{nats}`))).toBe(true);
    expect(steps.some((s) => s.text.includes(CV_KL_EXAMPLE.noiseScale))).toBe(true);
    // and the interview quotes the same constant
    expect(INTERVIEW.find((i) => i.id === 'cv-vs-gvae')!.followUps[0].a).toContain(`${CV_KL_EXAMPLE.constant} nats`);
  });

  it('GVAE-CV: the quoted constant is what the model reports as its KL at mu = 0', async () => {
    const tf = await useCpuBackend();
    const kl = tf.tidy(() => klConstantVariance(tf.zeros([1, CV_KL_EXAMPLE.J]) as Tensor2D, CV_KL_EXAMPLE.sigma2).dataSync()[0]);
    expect(Number(CV_KL_EXAMPLE.constant)).toBeCloseTo(kl, 2);
  });

  it('log p(x): 2 ln 5000 = 17.03 nats and the corrected GNCN-PDH value', () => {
    const bias = 2 * Math.log(LOGPX_NUMBERS.S);
    expect(Number(LOGPX_NUMBERS.bias)).toBeCloseTo(bias, 2);
    expect(Number(LOGPX_NUMBERS.corrected)).toBeCloseTo(Number(LOGPX_NUMBERS.printed) - bias, 1);
    const all = [...DERIVATIONS.logpx.steps.map((s) => s.tex + s.text), ...MISCONCEPTIONS.map((m) => m.correction)].join(' ');
    expect(all).toContain(`${LOGPX_NUMBERS.bias}\\ \\text{nats}`);
    expect(all).toContain(`+${LOGPX_NUMBERS.bias} nats`);
  });

  it('the Gaussian KL the derivation ends with equals E_q[log q − log p] by quadrature', () => {
    for (const [mu, s2] of [[0.7, 0.3], [-1.2, 2.5], [0, 1]]) {
      const s = Math.sqrt(s2);
      const logq = (z: number) => -0.5 * Math.log(2 * Math.PI * s2) - (z - mu) ** 2 / (2 * s2);
      const logp = (z: number) => -0.5 * Math.log(2 * Math.PI) - z * z / 2;
      let sum = 0;
      const h = 1e-3;
      for (let z = mu - 12 * s; z <= mu + 12 * s; z += h) sum += Math.exp(logq(z)) * (logq(z) - logp(z)) * h;
      expect(sum).toBeCloseTo(0.5 * (mu * mu + s2 - 1 - Math.log(s2)), 5);
    }
  });

  it('the identities the derivations state: the BCE logit form and e0 = x − μ0 (Eq. 11)', () => {
    const softplus = (l: number) => Math.max(l, 0) + Math.log1p(Math.exp(-Math.abs(l)));
    const sig = (l: number) => 1 / (1 + Math.exp(-l));
    for (const l of [-7, -0.3, 0, 1.4, 9]) {
      for (const x of [0, 1]) {
        const bce = -(x * Math.log(sig(l)) + (1 - x) * Math.log(1 - sig(l)));
        expect(softplus(l) - x * l).toBeCloseTo(bce, 9);
        const m = sig(l);
        expect(m * (1 - m) * (x / m - (1 - x) / (1 - m))).toBeCloseTo(x - m, 12);
      }
    }
  });
});

describe('live values', () => {
  it('formats values with a sensible number of digits, and missing or non-finite values', () => {
    expect(formatValue(61.234).text).toBe('61.23');
    expect(formatValue(123.45).text).toBe('123.5');
    expect(formatValue(2832.4).text).toBe('2832');
    expect(formatValue(0).text).toBe('0.00');
    expect(formatValue(0.00123).tex).toBe('1.23 \\times 10^{-3}');
    expect(formatValue(null).text).toBe('–');
    expect(formatValue(NaN).text).toBe('NaN');
  });

  it('fills a template with colored values, boxes the highlighted one, rejects non-hex colors', () => {
    const t = fillLive('{{a}} = {{b}}', { a: 1, b: 2 }, (k) => (k === 'a' ? '#0072B2' : '#E69F00'), 'b');
    expect(t).toBe('\\textcolor{#0072B2}{1.00} = \\boxed{\\textcolor{#E69F00}{2.00}}');
    expect(() => fillLive('{{a}}', { a: 1 }, () => 'red}\\href{x}{')).toThrow();
  });
});
