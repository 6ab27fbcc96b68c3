/**
 * GNCN-PDH: prediction pass, error neurons, precision weighting, settling, lateral competition,
 * the error-Hebbian updates and the column constraint, and how this differs from backprop.
 * Source: reference models-and-metrics.md §1.1-§1.9 (row-major batches, every matrix stored
 * [source, target]), following the code [C]/[W] where it differs from the paper [P].
 * Matches src/core/models/gncn/{settle,learning}.ts (term keys e0, e1, e2, energy, bce).
 */
import type { Derivation } from '@/features/teaching/types';

export const GNCN_PDH_DERIVATION: Derivation = {
  id: 'gncn-pdh',
  title: 'GNCN-PDH: settle on local errors, then learn by error-Hebbian updates',
  parts: [
    { id: 'predict', title: 'The prediction pass' },
    { id: 'errors', title: 'Error neurons' },
    { id: 'precision', title: 'Precision weighting' },
    { id: 'settle', title: 'Settling (iterative inference)' },
    { id: 'learn', title: 'Error-Hebbian learning' },
    { id: 'constraints', title: 'Optimizer and constraints' },
    { id: 'backprop', title: 'How it differs from backprop' },
  ],
  steps: [
    // --- prediction
    {
      part: 'predict',
      tex: 'z^0 = x \\in \\{0,1\\}^{784}, \\quad z^1, z^2, z^3 \\in \\R^{360}, \\quad \\phi = \\relu, \\quad W \\in \\R^{\\text{source} \\times \\text{target}}',
      text: 'Four layers (360 units each in the reference [W]; here the layer-width setting). Rows are images, every matrix is stored [source, target], and there are no biases.',
    },
    {
      part: 'predict',
      tex: '\\bar z^{\\ell} = g^{\\ell}\\bigl(W^{\\ell+1} \\phi(z^{\\ell+1}) + \\alpha_m M^{\\ell+2} \\phi(z^{\\ell+2})\\bigr), \\qquad \\alpha_m = 1',
      text: 'Paper Eq. 1 (column vectors). PDH = partially decomposable hierarchy: $\\alpha_m = 1$ switches on the skip predictions $M$ from two layers up.',
    },
    {
      part: 'predict',
      tex: '\\begin{aligned} \\mu^2 &= \\relu\\bigl(\\phi(z^3)\\, W^3\\bigr) \\\\ \\mu^1 &= \\relu\\bigl(\\phi(z^2)\\, W^2 + \\phi(z^3)\\, M^3\\bigr) \\\\ \\mu^0 &= \\sigmoid\\bigl(\\phi(z^1)\\, W^1 + \\phi(z^2)\\, M^2\\bigr) \\end{aligned}',
      text: 'The same pass row-major, as the code runs it: $g$ = relu for $\\mu^1, \\mu^2$ and sigmoid for $\\mu^0$; there is no $z^3 \\to \\mu^0$ skip.',
    },
    // --- errors
    {
      part: 'errors',
      tex: 'e^0 = x - \\mu^0, \\qquad e^{\\ell} = \\phi(z^{\\ell}) - \\mu^{\\ell} \\quad (\\ell = 1, 2)',
      text: 'Error neurons compare each layer\'s activity with its prediction. In the code the target is $\\phi(z)$, not $z$; the top layer $z^3$ has no error neurons.',
    },
    {
      part: 'errors',
      tex: 'e^0_{\\text{Bernoulli}} = x \\oslash \\mu^0 - (1 - x) \\oslash (1 - \\mu^0), \\qquad \\mu^0 \\odot (1 - \\mu^0) \\odot e^0_{\\text{Bernoulli}} = x - \\mu^0',
      text: 'Why $e^0 = x - \\mu^0$: the Bernoulli error of paper Eq. 9 times the sigmoid\'s derivative $\\mu^0(1 - \\mu^0)$ is exactly $x - \\mu^0$ (Eq. 11).',
    },
    {
      part: 'errors',
      tex: '\\lVert e^{\\ell} \\rVert^2 = \\sum_i \\bigl(e^{\\ell}_i\\bigr)^2, \\qquad \\text{energy} = \\lVert e^0 \\rVert^2 + \\lVert e^1 \\rVert^2 + \\lVert e^2 \\rVert^2',
      text: 'The curves: un-weighted squared errors after settling, summed over units (no ½), mean over images. Learning lowers the energy, but it is not a bound on $-\\log p(x)$.',
      terms: ['e0', 'e1', 'e2', 'energy'],
      live: '{{energy}} = {{e0}} + {{e1}} + {{e2}}',
    },
    {
      part: 'errors',
      tex: '\\text{bce} = -\\sum_{d=1}^{784} \\bigl[x_d \\ln \\mu^0_d + (1 - x_d) \\ln(1 - \\mu^0_d)\\bigr]',
      text: 'The reconstruction is $\\mu^0$ after the last settling step with $x$ clamped; its BCE, summed over pixels, is in nats per image like the baselines\'.',
      terms: ['bce'],
    },
    // --- precision
    {
      part: 'precision',
      tex: '\\tilde\\Sigma = \\diag\\bigl(\\max(1, \\diag \\Sigma)\\bigr) + \\operatorname{offdiag}(\\Sigma) + 0.00025, \\qquad \\tilde\\Sigma = R R^{\\top},\\ R = \\chol \\tilde\\Sigma',
      text: 'Each learned $\\Sigma^{\\ell}$ ($\\ell = 1, 2$) is fixed up (diagonal at least 1, 0.00025 added to every entry) and Cholesky-factored from its lower triangle.',
    },
    {
      part: 'precision',
      tex: 'P = \\bigl(R^{-1}\\bigr)^{\\top} = (\\chol \\tilde\\Sigma)^{-\\top}, \\qquad \\tilde e^{\\ell} = e^{\\ell} P^{\\ell}, \\qquad \\lVert \\tilde e \\rVert^2 = e\\, \\tilde\\Sigma^{-1} e^{\\top}',
      text: 'Precision weighting "half-whitens" each error row ($P P^{\\top} = \\tilde\\Sigma^{-1}$), not the full $\\Sigma^{-1} e$ of paper Eq. 10. Layer 0 has no precision: $\\tilde e^0 = e^0$.',
    },
    // --- settling
    {
      part: 'settle',
      tex: 'z^{\\ell} \\leftarrow z^{\\ell} + \\beta \\bigl(-\\gamma z^{\\ell} + \\tilde e^{\\ell-1} E^{\\ell} - \\tilde e^{\\ell} - \\phi(z^{\\ell})\\, V^{\\ell}\\bigr)',
      text: 'One settling step: the error below through the learned error synapses $E$, minus the layer\'s own error, a leak, and lateral competition. β = 0.1 and γ = 0.001: the leak is multiplied by β too.',
    },
    {
      part: 'settle',
      tex: '\\begin{aligned} z^3 &\\mathrel{+}= 0.1\\bigl(-0.001\\, z^3 + \\tilde e^2 E^3 - \\phi(z^3) V^3\\bigr) \\\\ z^2 &\\mathrel{+}= 0.1\\bigl(-0.001\\, z^2 + \\tilde e^1 E^2 - \\tilde e^2 - \\phi(z^2) V^2\\bigr) \\\\ z^1 &\\mathrel{+}= 0.1\\bigl(-0.001\\, z^1 + e^0 E^1 - \\tilde e^1 - \\phi(z^1) V^1\\bigr) \\end{aligned}',
      text: 'Per layer: the top layer has no error of its own. All layers move together from the previous step\'s errors; then $\\mu$ and $e$ are recomputed from the new $z$.',
    },
    {
      part: 'settle',
      tex: 'V = 0.1\\, B \\odot (1 - I) - 0.15\\, I \\qquad (\\text{paper: } 0.125,\\ 0.13)',
      text: 'B is the block-diagonal 0/1 mask of groups (12 units in $z^1, z^2$; columns of 18 in $z^3$ in [W]), so $-\\phi(z) V$ gives +0.15 self-excitation and −0.1 inhibition from each group mate. V is fixed, never learned.',
    },
    {
      part: 'settle',
      tex: 'z^{\\ell} = 0,\\ e = 0 \\text{ at } k = 0; \\qquad k = 1, \\dots, K,\\ K = 50; \\qquad \\hat x = \\mu^0 \\text{ after step } K',
      text: 'A cold start for every batch: step 1 leaves $z$ at 0 and only computes $\\mu$ and $e$, so $z$ moves $K - 1$ = 49 times in the reference (here K is the settling-steps setting, default 20).',
      terms: ['bce'],
    },
    // --- learning
    {
      part: 'learn',
      tex: '\\Delta W^3 = \\tfrac{1}{N} \\phi(z^3)^{\\top} \\tilde e^2, \\qquad \\Delta W^2 = \\tfrac{1}{N} \\phi(z^2)^{\\top} \\tilde e^1, \\qquad \\Delta W^1 = \\tfrac{1}{N} \\phi(z^1)^{\\top} e^0',
      text: 'Once, after the K-th step: each generative synapse moves by (activity above)ᵀ × (error below), averaged over the N images of the batch. It uses $\\phi(z)$, not the raw state.',
    },
    {
      part: 'learn',
      tex: '\\Delta M^3 = \\tfrac{1}{N} \\phi(z^3)^{\\top} \\tilde e^1, \\qquad \\Delta M^2 = \\tfrac{1}{N} \\phi(z^2)^{\\top} e^0',
      text: 'The skip synapses learn the same way, from the layer two above to the errors they predict.',
    },
    {
      part: 'learn',
      tex: '\\Delta E^{\\ell} = \\tfrac{1}{N} \\bigl(\\tilde e^{\\ell-1}\\bigr)^{\\top} \\phi(z^{\\ell}) = \\bigl(\\Delta W^{\\ell}\\bigr)^{\\top}',
      text: 'The error synapses receive exactly the transpose of W\'s update ($\\lambda$ = 1 in the code; the paper gives λ in [0, 1]). E is still its own matrix: it starts independent of W.',
    },
    {
      part: 'learn',
      tex: '\\Delta \\Sigma^{\\ell} = \\tfrac{1}{2N} \\Bigl(\\bigl(\\tilde e^{\\ell}\\bigr)^{\\top} \\tilde e^{\\ell} - P^{\\ell}\\Bigr) \\quad (\\ell = 1, 2)',
      text: 'The code\'s precision update, built from the whitened errors and P; the paper cites a different rule, $\\tfrac12 \\Sigma - \\tfrac12 (z - \\bar z)(z - \\bar z)^{\\top}$ (Eq. 3).',
    },
    // --- optimizer and constraints
    {
      part: 'constraints',
      tex: 'g_\\theta = -\\Delta\\theta, \\qquad \\theta \\leftarrow \\operatorname{Adam}_{\\eta = 10^{-3}}(\\theta, g_\\theta) \\qquad (\\text{paper: SGD, } \\theta \\leftarrow \\theta + \\eta\\, \\Delta\\theta)',
      text: 'The Δ are ascent directions; the code hands −Δ to Keras Adam with learning rate 1e-3, the paper uses SGD (the optimizer setting). There is no weight-decay term.',
    },
    {
      part: 'constraints',
      tex: 'A_{:,j} \\leftarrow A_{:,j} \\cdot \\min\\!\\Bigl(1,\\ \\frac{1}{\\lVert A_{:,j} \\rVert_2}\\Bigr), \\qquad A \\in \\{W, M, E, \\Sigma\\}',
      text: 'After every update each column (axis 0 of the [source, target] storage) is clipped to norm ≤ 1 in the code; the paper normalizes to exactly 1. Σ is fixed up and P recomputed before its columns are clipped.',
    },
    // --- vs backprop
    {
      part: 'backprop',
      tex: '\\Delta W^{\\ell} \\propto \\underbrace{\\phi(z^{\\ell})^{\\top}}_{\\text{presynaptic}} \\; \\underbrace{\\tilde e^{\\ell-1}}_{\\text{postsynaptic error}}',
      text: 'Locality: each update uses only the two neuron groups the synapse joins, available at the synapse, after settling.',
    },
    {
      part: 'backprop',
      tex: '\\text{backprop: } \\delta^{\\ell} = \\bigl(\\delta^{\\ell-1} (W^{\\ell})^{\\top}\\bigr) \\odot \\phi\'(z^{\\ell}) \\qquad \\text{NGC: error up through } E^{\\ell} \\ne (W^{\\ell})^{\\top}',
      text: 'No weight transport: errors travel up through separate learned synapses E, not the transpose of the forward weights, and no derivative $\\phi\'$ is used. No stored activations either: no backward pass over a saved graph, the settled state is all there is.',
    },
  ],
};
