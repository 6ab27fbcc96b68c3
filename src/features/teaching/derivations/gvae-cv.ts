/**
 * GVAE-CV: the constant-variance VAE. The KL with sigma^2 kept general, its constant, the
 * gradient that does not see the constant, and the noise scale sqrt(sigma^2).
 * Source: reference models-and-metrics.md §2 (GVAE-CV), §5.5 and §7; Ghosh et al. (2020).
 * Matches src/core/models/constant-variance-vae.ts (term keys recon, kl, negElbo; beta = 1).
 */
import type { Derivation } from '@/features/teaching/types';

/**
 * The worked example shown in the derivation (authored numbers; the unit test recomputes them
 * from the closed form): J = 20, sigma^2 = 0.3.
 */
export const CV_KL_EXAMPLE = {
  J: 20,
  sigma2: 0.3,
  /** ln 0.3, 4 decimals */
  lnSigma2: '-1.2040',
  /** (J/2)(sigma^2 - 1 - ln sigma^2) in nats, 2 decimals */
  constant: '5.04',
  /** sqrt(sigma^2), 3 decimals: the noise scale */
  noiseScale: '0.548',
} as const;

const E = CV_KL_EXAMPLE;

export const GVAE_CV_DERIVATION: Derivation = {
  id: 'gvae-cv',
  title: 'GVAE-CV: a fixed posterior variance σ²',
  parts: [
    { id: 'model', title: 'The model' },
    { id: 'kl', title: 'The KL with σ² kept general' },
    { id: 'grad', title: 'Same gradient, different number' },
    { id: 'noise', title: 'The noise scale' },
  ],
  steps: [
    {
      part: 'model',
      tex: 'q(z \\given x) = \\N\\bigl(\\mu(x),\\, \\sigma^2 I\\bigr), \\qquad p(z) = \\N(0, I), \\qquad \\sigma^2 \\text{ a fixed scalar}',
      text: 'The GVAE without its σ head: one posterior variance for every image and every unit. The paper tuned it in [0.025, 1.0] per dataset and did not report the value.',
    },
    {
      part: 'kl',
      tex: '\\KL = \\tfrac12 \\sum_{j=1}^{J} \\bigl(\\mu_j^2 + \\sigma^2 - 1 - \\ln \\sigma^2\\bigr)',
      text: 'The diagonal-Gaussian KL of the GVAE derivation with every $\\sigma_j^2$ equal to $\\sigma^2$.',
    },
    {
      part: 'kl',
      tex: '\\KL = \\tfrac12 \\lVert \\mu \\rVert^2 + \\tfrac{J}{2}\\bigl(\\sigma^2 - 1 - \\ln \\sigma^2\\bigr)',
      text: 'Split the sum: a data-dependent part $\\tfrac12\\lVert\\mu\\rVert^2$ plus a constant that depends only on $\\sigma^2$ and $J$. The kl curve reports both, in nats per image.',
      terms: ['kl'],
    },
    {
      part: 'kl',
      tex: 'c(\\sigma^2) = \\tfrac{J}{2}\\bigl(\\sigma^2 - 1 - \\ln \\sigma^2\\bigr) \\ge 0, \\qquad c(1) = \\tfrac{J}{2}(1 - 1 - 0) = 0',
      text: 'The constant is $\\ge 0$ (since $\\ln t \\le t - 1$) and vanishes only at $\\sigma^2 = 1$, where the KL is exactly $\\tfrac12\\lVert\\mu\\rVert^2$.',
    },
    {
      part: 'kl',
      tex: `J = ${E.J},\\ \\sigma^2 = ${E.sigma2}: \\quad c = ${E.J / 2}\\,\\bigl(${E.sigma2} - 1 - (${E.lnSigma2})\\bigr) = ${E.constant}\\ \\text{nats}`,
      text: `A worked number: at σ² = ${E.sigma2} the KL sits ${E.constant} nats per image above $\\tfrac12\\lVert\\mu\\rVert^2$, for every image, from the first step on.`,
    },
    {
      part: 'grad',
      tex: '\\nabla_{\\mu}\\, \\KL = \\mu \\qquad \\text{for every } \\sigma^2',
      text: 'The constant has zero gradient: the KL pushes the encoder the same way for every σ². The reported KL and negative ELBO move with σ²; the noise in the recon term still depends on it.',
    },
    {
      part: 'grad',
      tex: '-\\ELBO = \\E_q\\bigl[-\\log p(x \\given z)\\bigr] + \\tfrac12 \\lVert \\mu \\rVert^2 + c(\\sigma^2)',
      text: 'The minimized objective in nats per image: with the constant kept it is still an upper bound on $-\\log p(x)$; dropping it would change the number, not the training.',
      terms: ['recon', 'kl', 'negElbo'],
      live: '{{negElbo}} = {{recon}} + {{kl}}',
    },
    {
      part: 'noise',
      tex: 'z = \\mu(x) + \\sqrt{\\sigma^2}\\, \\varepsilon, \\qquad \\varepsilon \\sim \\N(0, I)',
      text: `The noise scale is $\\sqrt{\\sigma^2} = \\sigma$. The paper prints $\\mu + \\sigma^2 \\odot \\varepsilon$, a typo: at σ² = ${E.sigma2} it would scale the noise by ${E.sigma2} instead of ${E.noiseScale}.`,
      terms: ['recon'],
    },
    {
      part: 'noise',
      tex: '\\sigma^2 \\to 0: \\quad z \\to \\mu(x), \\quad c(\\sigma^2) \\to \\infty',
      text: 'Small σ² means less noise, sharper reconstructions and an autoencoder in the limit, while the reported KL grows without bound: the RAE link of Ghosh et al.',
    },
  ],
};
