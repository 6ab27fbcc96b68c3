/**
 * RAE: the objective BCE + lambda R with each regularizer the app offers, and why sampling
 * needs an ex-post density.
 * Source: reference models-and-metrics.md §2 (RAE, common baseline setup), §3 (GMM, K = 75),
 * §5.4; Ghosh et al. (2020). Matches src/core/models/regularized-ae.ts (recon, reg, loss).
 */
import type { Derivation } from '@/features/teaching/types';

export const RAE_DERIVATION: Derivation = {
  id: 'rae',
  title: 'RAE: a regularized deterministic autoencoder and its ex-post density',
  parts: [
    { id: 'objective', title: 'The objective' },
    { id: 'regularizers', title: 'Which regularizer R' },
    { id: 'density', title: 'Why sampling needs an ex-post density' },
  ],
  steps: [
    {
      part: 'objective',
      tex: 'z = f(x) \\in \\R^{J}, \\qquad \\hat x = \\sigmoid\\bigl(\\ell(z)\\bigr)',
      text: 'A deterministic encoder with a linear code ($J = 20$ by default) and a Bernoulli decoder: no noise, no posterior, no prior.',
    },
    {
      part: 'objective',
      tex: '\\text{recon} = -\\log p\\bigl(x \\given z = f(x)\\bigr) = \\sum_{d=1}^{784} \\bigl[\\softplus(\\ell_d) - x_d\\, \\ell_d\\bigr]',
      text: 'The same Bernoulli BCE as the VAEs, summed over the 784 pixels (nats per image), but decoded from the code itself rather than from a noisy sample.',
      terms: ['recon'],
    },
    {
      part: 'objective',
      tex: '\\text{loss} = \\text{recon} + \\lambda R',
      text: 'The minimized objective: nats plus λ times a squared norm (R has no information unit), so it is not a bound on $-\\log p(x)$. The default λ is 1e-3.',
      terms: ['recon', 'reg', 'loss'],
      live: '{{loss}} = {{recon}} + \\lambda \\cdot {{reg}}',
    },
    {
      part: 'regularizers',
      tex: 'R_{\\text{paper}} = \\sum_{W \\in \\mathrm{dec}} \\lVert W \\rVert_F^2',
      text: 'The paper\'s RAE (the default, decoder-l2): L2 on the decoder weights only, no latent penalty; the paper applies the same decoder L2 to every backprop baseline. Biases are not penalized here.',
      terms: ['reg'],
    },
    {
      part: 'regularizers',
      tex: 'R_{\\text{notes}} = \\sum_{W \\in \\mathrm{enc} \\cup \\mathrm{dec}} \\lVert W \\rVert_F^2',
      text: 'What study notes often say (all-l2): L2 on every weight, encoder included. Not the paper\'s model.',
    },
    {
      part: 'regularizers',
      tex: 'R_{\\text{Ghosh}} = \\overline{\\tfrac12 \\lVert z \\rVert^2} + \\sum_{W \\in \\mathrm{dec}} \\lVert W \\rVert_F^2',
      text: 'Ghosh et al. (2020) use $L_{\\mathrm{REC}} + \\beta\\,\\tfrac12\\lVert z\\rVert^2 + \\lambda L_{\\mathrm{REG}}$; here one weight λ for both parts (their β = λ) and the code penalty averaged over the batch.',
    },
    {
      part: 'regularizers',
      tex: '\\KL_{\\text{CV}} = \\tfrac12 \\lVert \\mu \\rVert^2 + c(\\sigma^2) \\quad\\longrightarrow\\quad \\tfrac12 \\lVert z \\rVert^2 + \\text{explicit decoder smoothness}',
      text: 'Ghosh et al.\'s reading: the constant-variance VAE\'s KL is $\\tfrac12\\lVert\\mu\\rVert^2$ plus a constant, and its noise mostly smooths the decoder; drop the noise, keep the code penalty, and regularize the decoder directly.',
    },
    {
      part: 'density',
      tex: 'q_{\\text{agg}}(z) = \\frac{1}{N} \\sum_{n=1}^{N} \\delta\\bigl(z - f(x_n)\\bigr) \\;\\ne\\; \\N(0, I)',
      text: 'The training codes form their own cloud, with its own shape and scale: nothing in the loss pulls them toward $\\N(0, I)$, so there is no prior to sample from.',
    },
    {
      part: 'density',
      tex: 'z \\sim \\N(0, I) \\;\\Rightarrow\\; \\hat x = \\sigmoid\\bigl(\\ell(z)\\bigr) \\text{ often not a digit}',
      text: 'Decoding standard-normal draws lands in latent holes: regions no training code visited, where the decoder was never trained.',
    },
    {
      part: 'density',
      tex: '\\hat p(z) = \\sum_{k=1}^{75} \\pi_k\\, \\N\\bigl(z;\\, m_k,\\, \\Sigma_k\\bigr), \\quad \\text{fitted by EM to } \\{f(x_n)\\}_{n=1}^{N}',
      text: 'The fix is an ex-post density: a 75-component, full-covariance GMM fitted to the training codes after training (the paper does this for every model).',
    },
    {
      part: 'density',
      tex: 'z \\sim \\hat p(z), \\qquad \\hat x = \\sigmoid\\bigl(\\ell(z)\\bigr)',
      text: 'Sample the GMM and decode: the RAE becomes a generative model only through this second, separately fitted density, which also defines its log p(x).',
    },
  ],
};
