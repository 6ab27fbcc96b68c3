/**
 * Builds the model the settings describe. The only place that maps the settings table onto
 * the models' own config types and live-setting names.
 */
import { createConstantVarianceVae } from '@/core/models/constant-variance-vae';
import { createGaussianVae } from '@/core/models/gaussian-vae';
import { createGncnPdh, LATERAL_CODE, LATERAL_PAPER } from '@/core/models/gncn-pdh';
import { createRegularizedAe } from '@/core/models/regularized-ae';
import type { GenerativeModel, ModelKind } from '@/core/models/types';
import { gradClipRadius, type GradClipValue, type SettingKey, type Settings } from '@/settings/settings';

export function createModel(s: Settings): GenerativeModel {
  const common = { learningRate: s.learningRate, optimizer: s.optimizer, seed: s.seed };
  const mlp = { ...common, latentDim: s.latentDim, hiddenWidth: s.hiddenWidth, gradClip: gradClipRadius(s.gradClip) };
  switch (s.model) {
    case 'gvae':
      return createGaussianVae({ ...mlp, beta: s.klWeight });
    case 'gvae-cv':
      return createConstantVarianceVae({ ...mlp, sigma2: s.sigma2 });
    case 'rae':
      return createRegularizedAe({ ...mlp, lambda: s.lambda, regularizer: s.regularizer });
    case 'gncn-pdh':
      return createGncnPdh({
        ...common,
        layerSizes: [s.layerWidth, s.layerWidth, 20 * s.topColumnSize],
        groupSize: 12,
        topGroupSize: s.topColumnSize,
        K: s.settlingSteps,
        beta: s.stateRate,
        leak: s.leak,
        lateral: s.lateral === 'paper' ? LATERAL_PAPER : LATERAL_CODE,
        columnConstraint: s.columnConstraint,
      });
  }
}

/** The name each model uses in setLive() for a setting that can change without re-initializing. */
const LIVE_NAMES: Record<ModelKind, Partial<Record<SettingKey, string>>> = {
  gvae: { learningRate: 'learningRate', klWeight: 'beta', gradClip: 'gradClip' },
  'gvae-cv': { learningRate: 'learningRate', sigma2: 'sigma2', gradClip: 'gradClip' },
  rae: { learningRate: 'learningRate', lambda: 'lambda', gradClip: 'gradClip' },
  'gncn-pdh': { learningRate: 'learningRate', settlingSteps: 'K', stateRate: 'beta', leak: 'leak' },
};

/**
 * Applies a live setting to the running model (a choice such as gradClip is mapped to its number).
 * @returns false when the model cannot take it live (the caller re-initializes instead)
 */
export function applyLive(model: GenerativeModel, key: SettingKey, value: number | string): boolean {
  const name = LIVE_NAMES[model.kind][key];
  if (name === undefined) return false;
  const v = key === 'gradClip' ? gradClipRadius(value as GradClipValue) : value;
  return typeof v === 'number' && model.setLive(name, v);
}
