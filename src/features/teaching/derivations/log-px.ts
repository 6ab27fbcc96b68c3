/**
 * The log p(x) estimators: the paper's plain Monte Carlo over a GMM prior fitted to the top
 * codes (every model), the reference script's +log S sign error, and the importance-sampled
 * estimate with the encoder as proposal (the study notes' method, VAEs only).
 * Source: reference models-and-metrics.md §3 (log p(x)), §1.8 (GMM fitting), §5.7, §7.
 */
import type { Derivation } from '@/features/teaching/types';

/** Numbers the derivation quotes (the unit test recomputes the derived ones). */
export const LOGPX_NUMBERS = {
  /** Monte Carlo samples per test image. */
  S: 5000,
  /** GMM components. */
  components: 75,
  /** 2 ln 5000 in nats, 2 decimals: how far +log S lands above -log S. */
  bias: '17.03',
  /** GNCN-PDH log p(x) printed by the reference walkthrough (nats). */
  printed: '-97.39',
  /** The same with -log S: printed - 2 ln 5000, 1 decimal. */
  corrected: '-114.4',
} as const;

const L = LOGPX_NUMBERS;

export const LOGPX_DERIVATION: Derivation = {
  id: 'logpx',
  title: 'Estimating log p(x): the paper\'s Monte Carlo and importance sampling',
  parts: [
    { id: 'mc', title: 'The paper: plain Monte Carlo from a GMM prior' },
    { id: 'bug', title: 'The reference script\'s sign error' },
    { id: 'is', title: 'Importance sampling with the encoder (study notes)' },
  ],
  steps: [
    {
      part: 'mc',
      tex: `\\hat p(z) = \\sum_{k=1}^{${L.components}} \\pi_k\\, \\N\\bigl(z;\\, m_k,\\, \\Sigma_k\\bigr)`,
      text: `After training, fit a ${L.components}-component, full-covariance GMM by EM to the top codes of the training set: for every model, the VAEs included (for GNCN-PDH, $\\phi(z^3)$ after settling).`,
    },
    {
      part: 'mc',
      tex: `p(x) = \\E_{z \\sim \\hat p}\\bigl[p(x \\given z)\\bigr] \\approx \\frac{1}{S} \\sum_{s=1}^{S} p(x \\given z_s), \\qquad z_s \\sim \\hat p,\\ S = ${L.S}`,
      text: `Plain Monte Carlo with the GMM as the prior: decode each of the ${L.S} samples ancestrally to Bernoulli means and average the likelihood. No encoder, no importance weights.`,
    },
    {
      part: 'mc',
      tex: '\\log p(x \\given z_s) = \\sum_{d=1}^{784} \\bigl[x_d \\ln \\hat x_{s,d} + (1 - x_d) \\ln(1 - \\hat x_{s,d})\\bigr]',
      text: 'Each sample\'s Bernoulli log-likelihood, summed over pixels (the reference clips $\\hat x$ to [1e-6, 1 − 1e-6]).',
    },
    {
      part: 'mc',
      tex: '\\log p(x) \\approx \\LSE_{s}\\bigl(\\log p(x \\given z_s)\\bigr) - \\log S, \\qquad \\LSE_s(a_s) = a^{*} + \\log \\sum_{s} e^{a_s - a^{*}},\\ a^{*} = \\max_s a_s',
      text: 'Average in log space: likelihoods near $e^{-100}$ underflow, so use log-sum-exp and subtract log S. Nats per image; closer to 0 is better.',
    },
    {
      part: 'mc',
      tex: '\\E\\Bigl[\\log \\tfrac{1}{S} \\textstyle\\sum_{s} p(x \\given z_s)\\Bigr] \\;\\le\\; \\log p(x)',
      text: 'The average inside is unbiased, but its log is biased low (Jensen): a stochastic lower bound on the log-likelihood of the model whose prior is the GMM.',
    },
    {
      part: 'bug',
      tex: `\\underbrace{\\log S + \\LSE_s(\\cdot)}_{\\text{reference script}} = \\underbrace{\\LSE_s(\\cdot) - \\log S}_{\\text{correct}} + 2 \\ln ${L.S}, \\qquad 2 \\ln ${L.S} = ${L.bias}\\ \\text{nats}`,
      text: `The walkthrough's eval script adds log S instead of subtracting it (its own docstring says −log n): each value is ${L.bias} nats too high, e.g. GNCN-PDH ${L.printed} becomes about ${L.corrected} nats.`,
    },
    {
      part: 'is',
      tex: 'p(x) = \\E_{z \\sim q(z \\given x)}\\!\\left[\\frac{p(x \\given z)\\, p(z)}{q(z \\given x)}\\right] \\approx \\frac{1}{K} \\sum_{k=1}^{K} w_k, \\qquad w_k = \\frac{p(x \\given z_k)\\, p(z_k)}{q(z_k \\given x)},\\ z_k \\sim q(z \\given x)',
      text: 'The study notes\' method, not the paper\'s: importance sampling with the encoder as the proposal and $p(z) = \\N(0, I)$. It needs an encoder with a density, so only the VAEs have it.',
    },
    {
      part: 'is',
      tex: '\\log p(x) \\approx \\LSE_{k}\\bigl(\\log w_k\\bigr) - \\log K',
      text: 'The same log-space average over the K importance weights, in nats per image.',
    },
    {
      part: 'is',
      tex: '\\ELBO(x) = \\E_q[\\log w_1] \\;\\le\\; \\E\\Bigl[\\log \\tfrac{1}{K} \\textstyle\\sum_{k=1}^{K} w_k\\Bigr] \\;\\le\\; \\log p(x)',
      text: 'At K = 1 this is the ELBO; the bound rises with K toward log p(x) (the IWAE bound). So the importance-sampled estimate is at least the ELBO in expectation.',
    },
  ],
};
