/**
 * Common misconceptions in study notes about this paper, each with its correction and source.
 * "Ref." is the shared reference models-and-metrics.md; [P] the paper (arXiv 2012.03405v4),
 * [C] ngc-learn's TF2 code, [W] its MNIST walkthrough.
 */
import type { Misconception } from '@/features/teaching/types';

export const MISCONCEPTIONS: readonly Misconception[] = [
  {
    id: 'pdh-name',
    claim: 'GNCN-PDH stands for "Generative Neural Coding Network with Predictive Discrete Hebbian learning".',
    verdict: 'wrong',
    correction: 'PDH = partially decomposable hierarchy: $\\alpha_m = 1$, so layer ℓ also receives skip predictions $M^{\\ell+2}$ from two layers up. The full name is GNCN-t2-LΣ-PDH (Type-2 error synapses, lateral synapses, precision weights). Nothing in it means "discrete" or "Hebbian".',
    tex: '\\mu^{\\ell} = g\\bigl(\\phi(z^{\\ell+1})\\, W^{\\ell+1} + \\alpha_m\\, \\phi(z^{\\ell+2})\\, M^{\\ell+2}\\bigr), \\quad \\alpha_m = 1',
    source: 'Ref. §1.1 and §5.1; [P] p. 4 and Supp. Note 1.',
  },
  {
    id: 'rae-all-weights',
    claim: 'The RAE regularizer is an L2 penalty on all weights.',
    verdict: 'wrong',
    correction: 'The paper penalizes the decoder weights only, with no latent penalty, and applies the same decoder L2 to every backprop baseline. Ghosh et al.\'s RAE adds $\\tfrac12\\lVert z\\rVert^2$ instead. All-weights L2 matches neither.',
    tex: '\\psi_{\\text{reg}} = \\psi - \\lambda \\sum_{W \\in \\Theta_{\\mathrm{dec}}} \\lVert W \\rVert_2^2',
    source: 'Ref. §2 (common to all baselines; RAE) and §5.4; [P] Supp. Note 7.',
  },
  {
    id: 'logpx-importance',
    claim: 'The paper estimates log p(x) by importance sampling.',
    verdict: 'wrong',
    correction: 'For every model, VAEs included, it fits a 75-component GMM to the top latent codes and uses plain Monte Carlo: 5000 GMM samples, decoded ancestrally, averaged in log space. No encoder proposal. The reference script also adds log S instead of subtracting it (+17.03 nats).',
    tex: '\\log p(x) \\approx \\LSE_{s}\\bigl(\\log p(x \\given z_s)\\bigr) - \\log 5000, \\qquad z_s \\sim \\hat p_{\\mathrm{GMM}}',
    source: 'Ref. §3 (log p(x)) and §5.7; [P] Appendix, "The Density Modeling Task"; [W] eval_logpx.py.',
  },
  {
    id: 'state-update',
    claim: 'The GNCN state update is $\\Delta z^{\\ell} = \\eta\\,(W^{\\ell} e^{\\ell-1} - e^{\\ell})$.',
    verdict: 'partly right',
    correction: 'The error from below goes through the separately learned error synapses $E^{\\ell}$ (Type 2), not $W$; there is also a leak $-\\gamma z$ (γ = 0.001, scaled by β too) and lateral competition $-\\phi(z) V$; the errors are precision-weighted, and $e^{\\ell} = \\phi(z^{\\ell}) - \\mu^{\\ell}$ in the code. β = 0.1, K = 50 steps.',
    tex: 'z^{\\ell} \\leftarrow z^{\\ell} + \\beta\\bigl(-\\gamma z^{\\ell} + \\tilde e^{\\ell-1} E^{\\ell} - \\tilde e^{\\ell} - \\phi(z^{\\ell})\\, V^{\\ell}\\bigr)',
    source: 'Ref. §1.5 and §5.2; [P] Eq. 15; [C] SNode, [W] fit.cfg.',
  },
  {
    id: 'hebbian-decay',
    claim: 'The weight update is $\\Delta W^{\\ell} = \\eta\\, e^{\\ell-1} (z^{\\ell})^{\\top} - \\lambda W^{\\ell}$.',
    verdict: 'partly right',
    correction: 'The outer product of error below and activity above is right, but it uses $\\phi(z)$, not the raw state, and the precision-weighted error. There is no weight-decay term: after every update each column is clipped to norm ≤ 1 (the paper: normalized to 1). E, M and Σ have their own updates.',
    tex: '\\Delta W^{\\ell} = \\tfrac{1}{N}\\, \\phi(z^{\\ell})^{\\top}\\, \\tilde e^{\\ell-1}, \\qquad \\lVert W_{:,j} \\rVert_2 \\le 1',
    source: 'Ref. §1.6 and §5.3; [P] Eqs. 16-18 and p. 7; [C] calc_updates (decay_rate = −1), apply_constraints.',
  },
  {
    id: 'cv-kl',
    claim: 'The GVAE-CV KL with σ² = 1 reduces to $\\tfrac12 \\sum_j \\mu_j^2$, so that is its KL.',
    verdict: 'right algebra, wrong premise',
    correction: 'The paper fixes σ² to a tuned value in [0.025, 1.0], not 1, and does not report it. For σ² ≠ 1 the KL is $\\tfrac12\\lVert\\mu\\rVert^2$ plus $\\tfrac{J}{2}(\\sigma^2 - 1 - \\ln\\sigma^2)$: same gradient, different number.',
    tex: '\\KL = \\tfrac12 \\lVert \\mu \\rVert^2 + \\tfrac{J}{2}\\bigl(\\sigma^2 - 1 - \\ln \\sigma^2\\bigr)',
    source: 'Ref. §2 (GVAE-CV) and §5.5; [P] Appendix, "Baseline Model Descriptions".',
  },
  {
    id: 'sigma-squared-noise',
    claim: 'The reparameterization is $z = \\mu + \\sigma^2 \\odot \\varepsilon$, as the paper prints it.',
    verdict: 'wrong',
    correction: 'A typo: the noise scale is the standard deviation, $z = \\mu + \\sigma \\odot \\varepsilon$ (Kingma and Welling); for GVAE-CV it is $\\sqrt{\\sigma^2}$.',
    tex: 'z = \\mu + \\sigma \\odot \\varepsilon, \\qquad \\varepsilon \\sim \\N(0, I)',
    source: 'Ref. §2 (GVAE) and §7; [P] Appendix, "Baseline Model Descriptions".',
  },
];
