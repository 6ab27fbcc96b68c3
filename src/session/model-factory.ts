/**
 * Builds the model the settings describe. The only place that maps the settings table onto
 * the models' own config types.
 */
import { createGaussianVae } from '@/core/models/gaussian-vae';
import type { GenerativeModel } from '@/core/models/types';
import type { Settings } from '@/settings/settings';

export function createModel(s: Settings): GenerativeModel {
  switch (s.model) {
    case 'gvae':
      return createGaussianVae({
        latentDim: s.latentDim, hiddenWidth: s.hiddenWidth, beta: s.beta, learningRate: s.learningRate, seed: s.seed,
      });
  }
}
