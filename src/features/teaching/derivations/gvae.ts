/**
 * GVAE: the ELBO (Jensen; and log p(x) = ELBO + KL to the true posterior), the
 * reparameterization trick, the Gaussian KL in closed form, the Bernoulli reconstruction term
 * and the KL weight beta.
 * Source: Kingma & Welling (2014); reference models-and-metrics.md §2 (GVAE, Eq. 20-21) and §7.
 * Matches src/core/models/gaussian-vae.ts and objectives.ts (term keys recon, kl, negElbo).
 */
import type { Derivation } from '@/features/teaching/types';

export const GVAE_DERIVATION: Derivation = {
  id: 'gvae',
  title: 'GVAE: the ELBO, the reparameterization trick and the Gaussian KL',
  parts: [
    { id: 'jensen', title: 'The ELBO by Jensen\'s inequality' },
    { id: 'gap', title: 'The gap is a KL to the true posterior' },
    { id: 'reparam', title: 'The reparameterization trick' },
    { id: 'kl', title: 'The Gaussian KL in closed form' },
    { id: 'recon', title: 'The Bernoulli reconstruction term' },
    { id: 'beta', title: 'The KL weight β and the objective' },
  ],
  steps: [
    // --- ELBO by Jensen
    {
      part: 'jensen',
      tex: '\\log p(x) = \\log \\int p(x \\given z)\\, p(z)\\, dz',
      text: 'The marginal likelihood of one image: an integral over $z \\in \\R^J$ ($J = 20$ by default) with no closed form for a neural decoder.',
    },
    {
      part: 'jensen',
      tex: '\\log p(x) = \\log \\E_{q(z \\given x)}\\!\\left[\\frac{p(x \\given z)\\, p(z)}{q(z \\given x)}\\right]',
      text: 'Multiply and divide by any density $q(z \\given x)$ that is positive wherever $p(x \\given z)\\,p(z)$ is.',
    },
    {
      part: 'jensen',
      tex: '\\log p(x) \\;\\ge\\; \\E_{q}\\!\\left[\\log \\frac{p(x \\given z)\\, p(z)}{q(z \\given x)}\\right] =: \\ELBO(x)',
      text: 'Jensen\'s inequality: log is concave, so $\\log \\E[Y] \\ge \\E[\\log Y]$. The right side is the evidence lower bound.',
    },
    {
      part: 'jensen',
      tex: '\\ELBO(x) = \\E_{q}[\\log p(x \\given z)] - \\KL\\bigl(q(z \\given x)\\,\\|\\,p(z)\\bigr)',
      text: 'Split $\\log p(x \\given z) + \\log p(z) - \\log q$: reconstruction minus the KL to the prior. Training minimizes $-\\ELBO$ = recon + KL, in nats per image.',
      terms: ['recon', 'kl', 'negElbo'],
      live: '{{negElbo}} = {{recon}} + \\beta \\cdot {{kl}}',
    },
    // --- the gap
    {
      part: 'gap',
      tex: '\\log p(x) = \\E_{q}[\\log p(x)] = \\E_{q}\\!\\left[\\log \\frac{p(x \\given z)\\, p(z)}{p(z \\given x)}\\right]',
      text: '$\\log p(x)$ does not depend on $z$, so it equals its own average under $q$; Bayes\' rule gives $p(x) = p(x \\given z)\\,p(z) / p(z \\given x)$ for every $z$.',
    },
    {
      part: 'gap',
      tex: '\\log p(x) = \\E_{q}\\!\\left[\\log \\frac{p(x \\given z)\\, p(z)}{q(z \\given x)}\\right] + \\E_{q}\\!\\left[\\log \\frac{q(z \\given x)}{p(z \\given x)}\\right]',
      text: 'Multiply and divide by $q(z \\given x)$ inside the log and split the expectation in two.',
    },
    {
      part: 'gap',
      tex: '\\log p(x) = \\ELBO(x) + \\KL\\bigl(q(z \\given x)\\,\\|\\,p(z \\given x)\\bigr) \\;\\ge\\; \\ELBO(x)',
      text: 'The gap is the KL to the true posterior, which is $\\ge 0$: the bound is tight iff $q(z \\given x) = p(z \\given x)$, and raising the ELBO over $q$ shrinks exactly this gap.',
    },
    // --- reparameterization
    {
      part: 'reparam',
      tex: 'q_\\phi(z \\given x) = \\N\\bigl(\\mu_\\phi(x),\\, \\diag\\, \\sigma^2_\\phi(x)\\bigr), \\qquad p(z) = \\N(0, I)',
      text: 'The encoder (parameters $\\phi$) outputs $\\mu$ and $\\log \\sigma^2$, 20 numbers each; the prior is a standard normal.',
    },
    {
      part: 'reparam',
      tex: '\\nabla_\\phi\\, \\E_{q_\\phi(z \\given x)}[f(z)] = \\nabla_\\phi \\int q_\\phi(z \\given x)\\, f(z)\\, dz \\;\\ne\\; \\E_{q_\\phi}\\bigl[\\nabla_\\phi f(z)\\bigr]',
      text: 'The problem: the density we average over depends on $\\phi$, and a sampled $z$ carries no gradient back to $\\mu$ and $\\sigma$.',
    },
    {
      part: 'reparam',
      tex: 'z = \\mu_\\phi(x) + \\sigma_\\phi(x) \\odot \\varepsilon, \\qquad \\varepsilon \\sim \\N(0, I)',
      text: 'Move all randomness into $\\varepsilon$, which does not depend on $\\phi$: $z$ becomes a differentiable function of $\\phi$. (The paper prints $\\sigma^2 \\odot \\varepsilon$: a typo for $\\sigma$.)',
    },
    {
      part: 'reparam',
      tex: '\\nabla_\\phi\\, \\E_{q_\\phi}[f(z)] = \\E_{\\varepsilon}\\bigl[\\nabla_\\phi f(\\mu_\\phi + \\sigma_\\phi \\odot \\varepsilon)\\bigr] \\approx \\nabla_\\phi f(\\mu_\\phi + \\sigma_\\phi \\odot \\varepsilon_1)',
      text: 'The expectation is now over a fixed distribution, so the gradient moves inside; one $\\varepsilon$ per image gives an unbiased estimate, and backprop runs through $z$ into $\\mu$ and $\\sigma$.',
    },
    {
      part: 'reparam',
      tex: '\\frac{\\partial z_j}{\\partial \\mu_j} = 1, \\qquad \\frac{\\partial z_j}{\\partial \\log \\sigma_j^2} = \\tfrac12\\, \\sigma_j\\, \\varepsilon_j \\quad \\bigl(\\sigma_j = e^{\\frac12 \\log \\sigma_j^2}\\bigr)',
      text: 'The local derivatives that backprop uses: the encoder outputs $\\log \\sigma^2$, so $\\sigma = \\exp(\\tfrac12 \\log \\sigma^2)$ is always positive.',
    },
    // --- Gaussian KL per dimension
    {
      part: 'kl',
      tex: '\\KL\\bigl(q \\,\\|\\, p\\bigr) = \\sum_{j=1}^{J} \\E_{q}\\bigl[\\log q(z_j) - \\log p(z_j)\\bigr]',
      text: 'Both densities factorize over the $J$ latent units, so the KL is a sum of one-dimensional KLs.',
    },
    {
      part: 'kl',
      tex: '\\log q(z_j) = -\\tfrac12 \\ln(2\\pi\\sigma_j^2) - \\frac{(z_j - \\mu_j)^2}{2\\sigma_j^2}, \\qquad \\log p(z_j) = -\\tfrac12 \\ln(2\\pi) - \\frac{z_j^2}{2}',
      text: 'Write out both Gaussian log-densities with natural logs, so the result is in nats.',
    },
    {
      part: 'kl',
      tex: '\\E_q[\\log q(z_j)] = -\\tfrac12 \\ln(2\\pi\\sigma_j^2) - \\frac{\\sigma_j^2}{2\\sigma_j^2} = -\\tfrac12 \\ln(2\\pi) - \\tfrac12 \\ln \\sigma_j^2 - \\tfrac12',
      text: 'Under $q$, $\\E[(z_j - \\mu_j)^2] = \\sigma_j^2$.',
    },
    {
      part: 'kl',
      tex: '\\E_q[\\log p(z_j)] = -\\tfrac12 \\ln(2\\pi) - \\tfrac12 \\bigl(\\mu_j^2 + \\sigma_j^2\\bigr)',
      text: 'Under $q$, $\\E[z_j^2] = \\operatorname{Var} z_j + (\\E z_j)^2 = \\sigma_j^2 + \\mu_j^2$.',
    },
    {
      part: 'kl',
      tex: '\\KL_j = -\\tfrac12 \\ln \\sigma_j^2 - \\tfrac12 + \\tfrac12\\bigl(\\mu_j^2 + \\sigma_j^2\\bigr) = \\tfrac12 \\bigl(\\mu_j^2 + \\sigma_j^2 - 1 - \\ln \\sigma_j^2\\bigr)',
      text: 'Subtract: the $\\ln 2\\pi$ terms cancel. Each term is $\\ge 0$ (since $\\ln t \\le t - 1$) and is 0 only at $\\mu_j = 0,\\ \\sigma_j^2 = 1$.',
    },
    {
      part: 'kl',
      tex: '\\KL\\bigl(q(z \\given x)\\,\\|\\,\\N(0, I)\\bigr) = \\tfrac12 \\sum_{j=1}^{J} \\bigl(\\mu_j^2 + \\sigma_j^2 - 1 - \\ln \\sigma_j^2\\bigr)',
      text: 'Summed over the $J$ units (20 by default): exact, no sampling; the kl curve is its mean over the batch, in nats per image.',
      terms: ['kl'],
    },
    // --- Bernoulli reconstruction
    {
      part: 'recon',
      tex: 'p(x \\given z) = \\prod_{d=1}^{784} \\hat x_d^{\\,x_d}\\, (1 - \\hat x_d)^{1 - x_d}, \\qquad \\hat x = \\sigmoid\\bigl(\\ell(z)\\bigr)',
      text: 'The decoder outputs one Bernoulli mean per pixel of the binarized 28 × 28 image; $\\ell$ are its logits.',
    },
    {
      part: 'recon',
      tex: '-\\log p(x \\given z) = -\\sum_{d=1}^{784} \\bigl[x_d \\ln \\hat x_d + (1 - x_d) \\ln(1 - \\hat x_d)\\bigr] = \\sum_{d=1}^{784} \\bigl[\\softplus(\\ell_d) - x_d\\, \\ell_d\\bigr]',
      text: 'Binary cross-entropy SUMMED over the 784 pixels: nats per image, not a per-pixel mean (a mean would be 784 times smaller and let the KL dominate). The logit form needs no epsilon.',
      terms: ['recon'],
    },
    {
      part: 'recon',
      tex: '\\E_{q}\\bigl[-\\log p(x \\given z)\\bigr] \\approx -\\log p\\bigl(x \\given z^{(1)}\\bigr), \\qquad z^{(1)} = \\mu + \\sigma \\odot \\varepsilon',
      text: 'One reparameterized sample per image estimates the expectation; its mean over the batch is the recon curve.',
      terms: ['recon'],
    },
    // --- beta and the objective
    {
      part: 'beta',
      tex: '-\\ELBO_\\beta(x) = \\E_q\\bigl[-\\log p(x \\given z)\\bigr] + \\beta\\, \\KL\\bigl(q(z \\given x)\\,\\|\\,p(z)\\bigr)',
      text: 'The minimized objective (negElbo). $\\beta = 1$ is the true negative ELBO, an upper bound on $-\\log p(x)$; $\\beta > 1$ is a looser bound (the beta-VAE), and $\\beta < 1$ is no bound at all.',
      terms: ['recon', 'kl', 'negElbo'],
      live: '{{negElbo}} = {{recon}} + \\beta \\cdot {{kl}}',
    },
    {
      part: 'beta',
      tex: '\\text{loss} = -\\ELBO_\\beta(x) + \\lambda_{\\mathrm{dec}} \\sum_{W \\in \\mathrm{dec}} \\lVert W \\rVert_F^2',
      text: 'The paper adds an L2 penalty on the decoder weights to every backprop baseline ($\\lambda$ not reported). Here $\\lambda_{\\mathrm{dec}} = 0$ by default; with $\\lambda_{\\mathrm{dec}} > 0$ the loss is no longer a bound.',
    },
  ],
};
