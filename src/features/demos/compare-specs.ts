/**
 * What the side-by-side runs train: the four models at the page's shared settings, or one model
 * at two values of one setting. Also the honest one-line description of each arm (sizes, steps,
 * batches), and which terms the comparison charts plot. Plain data; no React, no tfjs.
 */
import type { ModelKind, TermSpec } from '@/core/models/types';
import type { ArmSpec } from '@/session/compare-session';
import { MODEL_OPTIONS, SETTINGS, validateSetting, type ChoiceSetting, type NumberSetting, type SettingKey, type Settings } from '@/settings/settings';

/** Settings worth comparing per model (seed and batch size are shared by construction: same batches). */
export const COMPARABLE: Record<ModelKind, SettingKey[]> = {
  gvae: ['klWeight', 'learningRate', 'latentDim', 'hiddenWidth', 'optimizer', 'gradClip'],
  'gvae-cv': ['sigma2', 'learningRate', 'latentDim', 'hiddenWidth', 'optimizer', 'gradClip'],
  rae: ['lambda', 'regularizer', 'learningRate', 'latentDim', 'hiddenWidth', 'optimizer', 'gradClip'],
  'gncn-pdh': ['settlingSteps', 'stateRate', 'leak', 'lateral', 'columnConstraint', 'learningRate', 'layerWidth', 'optimizer'],
};

export type SettingValue = number | string;

export interface SettingsComparison {
  model: ModelKind;
  key: SettingKey;
  values: [SettingValue, SettingValue];
}

/** The first comparison each model offers (σ² = 0.1 vs 1 is the example). */
export const DEFAULT_COMPARISON: Record<ModelKind, SettingsComparison> = {
  gvae: { model: 'gvae', key: 'klWeight', values: [1, 4] },
  'gvae-cv': { model: 'gvae-cv', key: 'sigma2', values: [0.1, 1] },
  rae: { model: 'rae', key: 'lambda', values: [0.001, 0.1] },
  'gncn-pdh': { model: 'gncn-pdh', key: 'settlingSteps', values: [5, 20] },
};

export function modelName(kind: ModelKind): string {
  return MODEL_OPTIONS.find((o) => o.value === kind)?.label ?? kind;
}

/** Short names for arm labels (the table's labels are written for the sliders). */
const SHORT: Partial<Record<SettingKey, string>> = {
  klWeight: 'β', sigma2: 'σ²', lambda: 'λ', latentDim: 'J', settlingSteps: 'K', stateRate: 'state rate β', leak: 'γ',
  learningRate: 'learning rate', hiddenWidth: 'hidden width', layerWidth: 'width of z¹, z²', regularizer: 'R',
};

/** "σ² = 0.1", "Optimizer = Adam": the setting's short name and its value. */
export function valueLabel(key: SettingKey, v: SettingValue): string {
  const s = SETTINGS[key] as NumberSetting | ChoiceSetting;
  const short = SHORT[key] ?? s.label;
  if (s.kind === 'choice') return `${short} = ${s.options.find((o) => o.value === v)?.label ?? String(v)}`;
  const n = Number(v);
  const text = s.integer ? String(n) : n >= 0.01 ? String(Number(n.toPrecision(3))) : n.toExponential(1);
  return `${short} = ${text}`;
}

/** Settings with one field set through the table's validation. */
function withValue(base: Settings, key: SettingKey, v: SettingValue): Settings {
  return { ...base, [key]: validateSetting(key, v).value } as Settings;
}

/** Two arms: one model at two values of one setting, everything else from `base`. */
export function comparisonArms(base: Settings, c: SettingsComparison): ArmSpec[] {
  const onModel = { ...base, model: c.model } as Settings;
  return c.values.map((v) => ({ label: valueLabel(c.key, v), settings: withValue(onModel, c.key, v) }));
}

/** Four arms: every model at the shared settings of `base`. */
export function lineupArms(base: Settings): ArmSpec[] {
  return MODEL_OPTIONS.map(({ value: kind }) => ({ label: modelName(kind), settings: { ...base, model: kind } as Settings }));
}

/** "784-256-256-20" or "784-240-240-240, K = 20". */
export function sizes(s: Settings): string {
  return s.model === 'gncn-pdh'
    ? `784-${s.layerWidth}-${s.layerWidth}-${20 * s.topColumnSize}, K = ${s.settlingSteps}`
    : `${s.latentDim}-d code, hidden ${s.hiddenWidth}`;
}

/** What one arm is, honestly: model, sizes, steps taken, images seen. */
export function armDescription(s: Settings, steps: number, numParams: number): string {
  return `${modelName(s.model)}, ${sizes(s)}, ${numParams.toLocaleString('en')} parameters; ` +
    `${steps.toLocaleString('en')} step${steps === 1 ? '' : 's'} of ${s.batchSize} images (${(steps * s.batchSize).toLocaleString('en')} seen), seed ${s.seed}`;
}

/** Key of the reconstruction term in nats (BCE), which every model reports: "recon" or GNCN-PDH's "bce". */
export function bceKey(terms: readonly TermSpec[]): string | null {
  return terms.find((t) => t.unit === 'nats' && (t.key === 'recon' || t.key === 'bce'))?.key ?? null;
}

/**
 * Terms the charts plot: for the four models, the BCE only (the one term in the same unit for
 * all); for one model, each term when there are at most three, else the objective and the BCE.
 */
export function chartTerms(terms: readonly TermSpec[], objectiveKey: string, lineup: boolean): TermSpec[] {
  const bce = bceKey(terms);
  if (lineup) return terms.filter((t) => t.key === bce);
  if (terms.length <= 3) return [...terms];
  return terms.filter((t) => t.key === objectiveKey || t.key === bce);
}
