/**
 * What the page says about each model: its name, one line on what it is, how its
 * reconstructions and test numbers are made, and which settings it shows (in order).
 */
import type { ModelKind } from '@/core/models/types';
import type { SettingKey } from '@/settings/settings';

export interface ModelInfo {
  name: string;
  fullName: string;
  summary: string;
  /** How the reconstruction grid is produced. */
  reconstruction: string;
  /** How the test-set numbers are produced. */
  evaluation: string;
  settings: SettingKey[];
}

const BACKPROP_SETTINGS: SettingKey[] = ['learningRate', 'optimizer', 'gradClip', 'batchSize', 'latentDim', 'hiddenWidth', 'seed'];

export const MODEL_INFO: Record<ModelKind, ModelInfo> = {
  gvae: {
    name: 'GVAE',
    fullName: 'Gaussian variational autoencoder',
    summary: 'An encoder outputs μ(x) and log σ²(x); z = μ + σ ⊙ ε; a Bernoulli decoder; trained on the ELBO = reconstruction − KL (Kingma & Welling, 2014).',
    reconstruction: 'Bernoulli means p(x | z) decoded from the posterior mean z = μ(x).',
    evaluation: 'one z sample per image',
    settings: ['klWeight', ...BACKPROP_SETTINGS],
  },
  'gvae-cv': {
    name: 'GVAE-CV',
    fullName: 'Gaussian VAE with a constant posterior variance',
    summary: 'The GVAE without a σ head: q(z | x) = N(μ(x), σ² I) with σ² fixed, so KL = ½‖μ‖² plus a constant in σ².',
    reconstruction: 'Bernoulli means decoded from z = μ(x).',
    evaluation: 'one z sample per image',
    settings: ['sigma2', ...BACKPROP_SETTINGS],
  },
  rae: {
    name: 'RAE',
    fullName: 'Regularized (deterministic) autoencoder',
    summary: 'z = f(x) with no noise and no prior; loss = BCE + λ R. The paper\'s R is L2 on the decoder weights only.',
    reconstruction: 'Bernoulli means decoded from the code z = f(x).',
    evaluation: 'deterministic',
    settings: ['lambda', 'regularizer', ...BACKPROP_SETTINGS],
  },
  'gncn-pdh': {
    name: 'GNCN-PDH',
    fullName: 'Generative neural coding network with a partially decomposable hierarchy',
    summary: 'Latent states settle for K steps on local prediction errors, then every synapse learns by an error-Hebbian rule: no backprop (Ororbia & Kifer, 2022).',
    reconstruction: 'μ⁰ after K settling steps with the image clamped.',
    evaluation: 'after K settling steps per image',
    settings: ['settlingSteps', 'stateRate', 'leak', 'learningRate', 'optimizer', 'batchSize', 'layerWidth', 'topColumnSize', 'lateral', 'columnConstraint', 'seed'],
  },
};
