/**
 * The one table of settings. It drives the sliders (label, range, scale, what to watch),
 * the defaults, validation of any outside input (a link, a hand-edited value), and which
 * changes need a fresh model. Nothing else in the app lists settings.
 */
import type { ModelKind } from '@/core/models/types';

/** How a change takes effect. */
export type Effect =
  | 'live' // the running model changes in place (learning rate, beta): the weights are kept
  | 'reinit' // the model is rebuilt from the seed (sizes): a notice says so
  | 'view'; // only the page changes (speed)

interface BaseSetting {
  /** What the control says. */
  label: string;
  effect: Effect;
  /** One line: what to watch when you move it. */
  watch: string;
  /** Models the setting applies to; absent = all. */
  models?: readonly ModelKind[];
}

export interface NumberSetting extends BaseSetting {
  kind: 'number';
  default: number;
  min: number;
  max: number;
  /** Step of the slider in its own scale (in log10 units for 'log'). */
  step: number;
  scale: 'linear' | 'log';
  integer: boolean;
  /** Unit shown after the value, if any. */
  unit?: string;
  /** A number box instead of a slider (for values with no useful order, like a seed). */
  control?: 'slider' | 'number';
}

export interface ChoiceSetting<T extends string = string> extends BaseSetting {
  kind: 'choice';
  default: T;
  options: readonly { value: T; label: string }[];
}

export const MODEL_OPTIONS = [
  { value: 'gvae', label: 'GVAE' },
] as const satisfies readonly { value: ModelKind; label: string }[];

export const SETTINGS = {
  model: {
    kind: 'choice', label: 'Model', default: 'gvae', options: MODEL_OPTIONS, effect: 'reinit',
    watch: 'Each model has its own objective; the chart shows its terms.',
  } as ChoiceSetting<(typeof MODEL_OPTIONS)[number]['value']>,
  seed: {
    kind: 'number', label: 'Seed', default: 1, min: 0, max: 999_999, step: 1, scale: 'linear', integer: true, control: 'number',
    effect: 'reinit', watch: 'The same seed replays the same initial weights, batch order and noise.',
  },
  learningRate: {
    kind: 'number', label: 'Learning rate', default: 1e-3, min: 1e-5, max: 1, step: 0.1, scale: 'log', integer: false,
    effect: 'live', watch: 'Too high and the loss jumps or diverges; the weights are kept when you change it.',
  },
  batchSize: {
    kind: 'number', label: 'Batch size', default: 64, min: 8, max: 512, step: 8, scale: 'linear', integer: true,
    effect: 'reinit', watch: 'Larger batches give smoother curves and fewer steps per second.',
  },
  latentDim: {
    kind: 'number', label: 'Latent size J', default: 20, min: 2, max: 64, step: 1, scale: 'linear', integer: true,
    effect: 'reinit', watch: 'The paper uses 20; with 2 the KL is small and reconstructions blur.',
  },
  hiddenWidth: {
    kind: 'number', label: 'Hidden width', default: 256, min: 32, max: 1024, step: 32, scale: 'linear', integer: true,
    effect: 'reinit', watch: 'Width of the two hidden layers on each side; 512 matches the paper\'s parameter budget.',
  },
  beta: {
    kind: 'number', label: 'KL weight β', default: 1, min: 0, max: 10, step: 0.05, scale: 'linear', integer: false,
    effect: 'live', models: ['gvae'],
    watch: 'β = 1 is the true ELBO; larger β shrinks the KL and blurs reconstructions.',
  },
  stepsPerFrame: {
    kind: 'number', label: 'Speed (steps per frame)', default: 1, min: 1, max: 20, step: 1, scale: 'linear', integer: true,
    effect: 'view', watch: 'More steps per animation frame train faster and redraw less often.',
  },
} as const satisfies Record<string, NumberSetting | ChoiceSetting>;

export type SettingKey = keyof typeof SETTINGS;
type ValueOf<S> = S extends ChoiceSetting<infer T> ? T : number;
/** The values of every setting, typed by the table. */
export type Settings = { -readonly [K in SettingKey]: ValueOf<(typeof SETTINGS)[K]> };

/** @returns every setting at its default. */
export function defaultSettings(): Settings {
  return Object.fromEntries(Object.entries(SETTINGS).map(([k, s]) => [k, s.default])) as Settings;
}

/**
 * Validates one value against its entry: numbers are parsed and clamped to [min, max] (and
 * rounded when integer), choices are whitelisted.
 * @returns the value to use, and a notice when the input was changed or refused
 */
export function validateSetting<K extends SettingKey>(key: K, input: unknown): { value: Settings[K]; notice: string | null } {
  const s = SETTINGS[key] as NumberSetting | ChoiceSetting;
  if (s.kind === 'choice') {
    const ok = s.options.some((o) => o.value === input);
    return ok
      ? { value: input as Settings[K], notice: null }
      : { value: s.default as Settings[K], notice: `${s.label}: "${String(input).slice(0, 24)}" is not a choice; using ${s.default}.` };
  }
  const n = typeof input === 'number' ? input : typeof input === 'string' && input.trim() !== '' ? Number(input) : NaN;
  if (!Number.isFinite(n)) {
    return { value: s.default as Settings[K], notice: `${s.label}: "${String(input).slice(0, 24)}" is not a number; using ${s.default}.` };
  }
  let v = Math.min(s.max, Math.max(s.min, n));
  if (s.integer) v = Math.round(v);
  const notice = v !== n ? `${s.label}: ${n} is outside ${s.min}–${s.max}; using ${v}.` : null;
  return { value: v as Settings[K], notice };
}

/** @returns whether the setting applies to the model. */
export function appliesTo(key: SettingKey, model: ModelKind): boolean {
  const models = (SETTINGS[key] as BaseSetting).models;
  return !models || models.includes(model);
}
