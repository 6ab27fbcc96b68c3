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
  /**
   * How a change enters the browser history: 'push' (a discrete change: Back returns to it) or
   * 'replace' (a slider drag). Absent: push for re-init settings and choices, replace otherwise.
   */
  history?: 'push' | 'replace';
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
  { value: 'gvae-cv', label: 'GVAE-CV' },
  { value: 'rae', label: 'RAE' },
  { value: 'gncn-pdh', label: 'GNCN-PDH' },
] as const satisfies readonly { value: ModelKind; label: string }[];

const BACKPROP: readonly ModelKind[] = ['gvae', 'gvae-cv', 'rae'];
const GNCN: readonly ModelKind[] = ['gncn-pdh'];

/** The gradClip choices: a global-norm radius, or no clipping. */
export type GradClipValue = '1' | '5' | '25' | 'off';

/** @returns the clip radius of a gradClip choice (Infinity for 'off'). */
export function gradClipRadius(v: GradClipValue): number {
  return v === 'off' ? Infinity : Number(v);
}

export const SETTINGS = {
  model: {
    kind: 'choice', label: 'Model', default: 'gvae', options: MODEL_OPTIONS, effect: 'reinit',
    watch: 'Each model has its own objective; the chart shows its terms.',
  } as ChoiceSetting<(typeof MODEL_OPTIONS)[number]['value']>,
  seed: {
    kind: 'number', label: 'Seed', default: 1, min: 0, max: 999_999, step: 1, scale: 'linear', integer: true, control: 'number',
    effect: 'reinit', watch: 'The same seed replays the same initial weights, batch order and noise.',
  },
  init: {
    kind: 'choice', label: 'Start from', default: 'pretrained', effect: 'reinit',
    options: [
      { value: 'pretrained', label: 'Pretrained weights' },
      { value: 'scratch', label: 'Random weights (train from scratch)' },
    ],
    watch: 'Pretrained: a model trained in Node at the default settings, so the demos show a working model at once; scratch: random weights from the seed, to watch learning from the start.',
  } as ChoiceSetting<'pretrained' | 'scratch'>,
  learningRate: {
    kind: 'number', label: 'Learning rate', default: 1e-3, min: 1e-5, max: 1, step: 0.1, scale: 'log', integer: false,
    effect: 'live', watch: 'Too high and the loss jumps at once, then settles worse (GVAE at 0.1: every code unit falls silent); the weights are kept when you change it.',
  },
  optimizer: {
    kind: 'choice', label: 'Optimizer', default: 'adam', effect: 'reinit',
    options: [{ value: 'adam', label: 'Adam' }, { value: 'sgd', label: 'SGD (the paper)' }],
    watch: 'Plain SGD (the paper) learns far slower than Adam (the reference code, our default) at the same learning rate: the loss stays high.',
  } as ChoiceSetting<'adam' | 'sgd'>,
  gradClip: {
    kind: 'choice', label: 'Gradient clipping', default: '5', effect: 'live', models: BACKPROP,
    options: [
      { value: '1', label: 'Global norm ≤ 1' },
      { value: '5', label: 'Global norm ≤ 5 (the paper)' },
      { value: '25', label: 'Global norm ≤ 25' },
      { value: 'off', label: 'Off (raw gradient)' },
    ],
    watch: 'The paper rescales the gradient to global norm ≤ 5, so an SGD step moves the weights by at most 5 × lr. Turn it off with SGD and raise the learning rate to 0.1: the weights blow up and training stops on a non-finite term within a few steps. Adam\'s step is about lr per weight whatever the gradient: clipping barely matters there.',
  } as ChoiceSetting<GradClipValue>,
  batchSize: {
    kind: 'number', label: 'Batch size', default: 64, min: 8, max: 512, step: 8, scale: 'linear', integer: true,
    effect: 'reinit', watch: 'Larger batches give smoother curves and fewer steps per second.',
  },
  latentDim: {
    kind: 'number', label: 'Latent size J', default: 20, min: 2, max: 64, step: 1, scale: 'linear', integer: true,
    effect: 'reinit', models: BACKPROP, watch: 'The paper uses 20. With 2 the latent plot shows the code itself and a decoded grid appears; reconstructions blur.',
  },
  hiddenWidth: {
    kind: 'number', label: 'Hidden width', default: 256, min: 32, max: 1024, step: 32, scale: 'linear', integer: true,
    effect: 'reinit', models: BACKPROP,
    watch: 'Wider layers learn more per step but each step is slower (see the parameter count); 512 is the paper\'s, near GNCN-PDH\'s budget.',
  },
  klWeight: {
    kind: 'number', label: 'KL weight β', default: 1, min: 0, max: 10, step: 0.05, scale: 'linear', integer: false,
    effect: 'live', models: ['gvae'],
    watch: 'β = 1 is the true ELBO; larger β shrinks the KL and blurs reconstructions.',
  },
  sigma2: {
    kind: 'number', label: 'Posterior variance σ²', default: 1, min: 0.01, max: 2, step: 0.05, scale: 'log', integer: false,
    effect: 'live', models: ['gvae-cv'],
    watch: 'Smaller σ² adds less noise to z: sharper reconstructions; the KL jumps at once by its constant (J/2)(σ² − 1 − ln σ²), +14 nats from 1 to 0.1 at J = 20.',
  },
  lambda: {
    kind: 'number', label: 'Regularizer weight λ', default: 1e-3, min: 1e-6, max: 1, step: 0.1, scale: 'log', integer: false,
    effect: 'live', models: ['rae'],
    watch: 'Large λ shrinks the penalized weights (or codes) and blurs reconstructions; with the decoder-only penalty the codes grow to compensate.',
  },
  regularizer: {
    kind: 'choice', label: 'Regularizer R', default: 'decoder-l2', effect: 'reinit', models: ['rae'],
    options: [
      { value: 'decoder-l2', label: 'L2 on decoder weights (the paper)' },
      { value: 'all-l2', label: 'L2 on all weights (study notes)' },
      { value: 'ghosh', label: '½‖z‖² + decoder L2 (Ghosh et al.)' },
    ],
    watch: 'The paper penalizes the decoder only; many study notes say all weights. At small λ only the size of R differs; raise λ to see them part.',
  } as ChoiceSetting<'decoder-l2' | 'all-l2' | 'ghosh'>,
  layerWidth: {
    kind: 'number', label: 'Width of z¹ and z²', default: 240, min: 48, max: 480, step: 12, scale: 'linear', integer: true,
    effect: 'reinit', models: GNCN, watch: 'The paper uses 360 (groups of 12 compete laterally); smaller runs faster per step but learns less per step.',
  },
  topColumnSize: {
    kind: 'number', label: 'Neurons per top column', default: 12, min: 2, max: 24, step: 1, scale: 'linear', integer: true,
    effect: 'reinit', models: GNCN, watch: 'z³ is 20 competing columns of this many units (the reference code: 18, 360 units); it sets the size of the code in the latent plot.',
  },
  settlingSteps: {
    kind: 'number', label: 'Settling steps K', default: 20, min: 1, max: 100, step: 1, scale: 'linear', integer: true,
    effect: 'live', models: GNCN, watch: 'More steps let the states explain the image better (lower BCE) and make each training step slower; the paper uses 50.',
  },
  stateRate: {
    kind: 'number', label: 'State rate β', default: 0.1, min: 0.01, max: 0.5, step: 0.01, scale: 'linear', integer: false,
    effect: 'live', models: GNCN, watch: 'How far each settling step moves the states: too small and they barely move in K steps (higher BCE); the paper keeps it in [0.02, 0.1].',
  },
  leak: {
    kind: 'number', label: 'Leak γ', default: 0.001, min: 0, max: 0.5, step: 0.001, scale: 'linear', integer: false,
    effect: 'live', models: GNCN, watch: 'Pulls states toward 0 (a Gaussian prior on z); large values silence the code.',
  },
  lateral: {
    kind: 'choice', label: 'Lateral strengths', default: 'code', effect: 'reinit', models: GNCN,
    options: [
      { value: 'code', label: 'Code: self 0.15, inhibition 0.10' },
      { value: 'paper', label: 'Paper: self 0.13, inhibition 0.125' },
    ],
    watch: 'Self-excitation and within-group inhibition of V, fixed during learning; the two sets look alike over a few hundred steps.',
  } as ChoiceSetting<'code' | 'paper'>,
  columnConstraint: {
    kind: 'choice', label: 'Column constraint', default: 'clip', effect: 'reinit', models: GNCN,
    options: [{ value: 'clip', label: 'Clip norms to ≤ 1 (code)' }, { value: 'normalize', label: 'Normalize to 1 (paper)' }],
    watch: 'After every update the columns of W, M, E and Σ are kept at norm at most (or exactly) 1; the two look alike over a few hundred steps.',
  } as ChoiceSetting<'clip' | 'normalize'>,
  stepsPerFrame: {
    kind: 'number', label: 'Speed (steps per frame)', default: 1, min: 1, max: 20, step: 1, scale: 'linear', integer: true,
    effect: 'view', watch: 'On WASM more steps per frame train faster (about 2x from 1 to 10); on WebGL the GPU is the limit. The page redraws less often.',
  },
  // What the page shows (not the model): kept in the link so that it opens onto the same view.
  study: {
    kind: 'choice', label: 'Study section', default: 'derivation', effect: 'view',
    options: [
      { value: 'derivation', label: 'Derivation' },
      { value: 'exercises', label: 'Derive it yourself' },
      { value: 'interview', label: 'Interview questions' },
      { value: 'misconceptions', label: 'Common misconceptions' },
    ],
    watch: 'Which part of the study panel is open.',
  } as ChoiceSetting<'derivation' | 'exercises' | 'interview' | 'misconceptions'>,
  derivation: {
    kind: 'choice', label: 'Derivation shown', default: 'model', effect: 'view',
    options: [{ value: 'model', label: "The model's objective" }, { value: 'logpx', label: 'The log p(x) estimate' }],
    watch: "The model's own derivation, or the shared log p(x) estimator.",
  } as ChoiceSetting<'model' | 'logpx'>,
  derivationStep: {
    kind: 'number', label: 'Derivation step', default: 1, min: 1, max: 99, step: 1, scale: 'linear', integer: true,
    effect: 'view', history: 'push', watch: 'The open step (1-based; past the last step shows the last).',
  },
  mask: {
    kind: 'choice', label: 'Completion mask', default: 'right-half', effect: 'view',
    options: [
      { value: 'right-half', label: 'Right half (paper)' },
      { value: 'bottom-half', label: 'Bottom half' },
      { value: 'random', label: 'Random pixels' },
      { value: 'box', label: 'Centered box' },
    ],
    watch: 'The pixels hidden in the masked-completion demo (a hand-painted brush mask is not kept in the link).',
  } as ChoiceSetting<'right-half' | 'bottom-half' | 'random' | 'box'>,
  maskFraction: {
    kind: 'number', label: 'Masked fraction', default: 0.5, min: 0.05, max: 0.95, step: 0.05, scale: 'linear', integer: false,
    effect: 'view', watch: 'The share of pixels hidden by the random mask.',
  },
  maskSeed: {
    kind: 'number', label: 'Random mask seed', default: 1, min: 1, max: 999_999, step: 1, scale: 'linear', integer: true,
    control: 'number', effect: 'view', history: 'push', watch: 'Which random pixels are hidden.',
  },
  maskBox: {
    kind: 'number', label: 'Box side', default: 12, min: 4, max: 24, step: 2, scale: 'linear', integer: true,
    effect: 'view', watch: 'The side of the centered masked box, in pixels.',
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

/** @returns whether a change of the setting pushes a browser-history entry (else it replaces the current one). */
export function pushesHistory(key: SettingKey): boolean {
  const s = SETTINGS[key] as NumberSetting | ChoiceSetting;
  return s.history ? s.history === 'push' : s.effect === 'reinit' || s.kind === 'choice';
}

/** @returns whether the setting applies to the model. */
export function appliesTo(key: SettingKey, model: ModelKind): boolean {
  const models = (SETTINGS[key] as BaseSetting).models;
  return !models || models.includes(model);
}
