/**
 * Interview cards: a short answer, two likely follow-ups, and a "show me" action that opens the
 * state demonstrating it. Numbers from the paper are its MNIST test results (arXiv 2012.03405v4,
 * Tables 1-2; reference models-and-metrics.md §4): BCE and log p(x) in nats per image.
 */
import type { InterviewItem } from '@/features/teaching/types';

export const INTERVIEW: readonly InterviewItem[] = [
  {
    id: 'vae-vs-ae',
    question: 'What is the difference between a VAE and an autoencoder?',
    answer: 'An autoencoder maps $x$ to one code $z = f(x)$ and minimizes reconstruction error; it has no prior, so it is not a generative model by itself. A VAE is a latent-variable model $p(x \\given z)\\,p(z)$ with $p(z) = \\N(0, I)$, fitted by maximizing the ELBO; its encoder outputs a distribution $q(z \\given x)$, and the KL term keeps the codes close to the prior, so decoding prior samples gives digits and the ELBO bounds $\\log p(x)$.',
    tex: '\\text{AE: } \\min\\, \\text{recon}(x, f(x)) \\qquad \\text{VAE: } \\min\\, \\E_q\\bigl[-\\log p(x \\given z)\\bigr] + \\KL\\bigl(q(z \\given x)\\,\\|\\,p(z)\\bigr)',
    followUps: [
      {
        q: 'Is a VAE with a tiny posterior variance just an autoencoder?',
        a: 'Nearly, for the reconstruction: the noise vanishes as $\\sigma^2 \\to 0$. But the KL then grows like $-\\tfrac{J}{2} \\ln \\sigma^2$, so the bound gets worse; that is the GVAE-CV limit.',
      },
      {
        q: 'How do you sample from a plain autoencoder?',
        a: 'You cannot directly; fit a density to its training codes after training (the paper uses a 75-component GMM) and decode its samples.',
      },
    ],
    showMe: {
      model: 'gvae', settings: { klWeight: 1 }, play: true,
      note: 'Watch the kl curve: the encoder pays nats for every bit of information its code carries. The RAE tab has no such term.',
    },
  },
  {
    id: 'reparam',
    question: 'What is the reparameterization trick, and why is it needed?',
    answer: 'The ELBO is an expectation over $q_\\phi(z \\given x)$, and a sampled $z$ carries no gradient to $\\phi$. Writing $z = \\mu_\\phi(x) + \\sigma_\\phi(x) \\odot \\varepsilon$ with $\\varepsilon \\sim \\N(0, I)$ moves the randomness into a fixed distribution, so the gradient passes inside the expectation and one sample per image gives an unbiased, low-variance estimate by ordinary backprop.',
    tex: '\\nabla_\\phi\\, \\E_{q_\\phi}[f(z)] = \\E_{\\varepsilon}\\bigl[\\nabla_\\phi f(\\mu_\\phi + \\sigma_\\phi \\odot \\varepsilon)\\bigr]',
    followUps: [
      {
        q: 'What is the alternative when z is discrete?',
        a: 'The score-function (REINFORCE) estimator $\\E_q[f(z)\\,\\nabla_\\phi \\log q_\\phi(z)]$, which is unbiased but high-variance, or a continuous relaxation such as Gumbel-softmax.',
      },
      {
        q: 'Why does the encoder output log σ² rather than σ?',
        a: 'It is unconstrained: $\\sigma = \\exp(\\tfrac12 \\log \\sigma^2)$ is always positive. Here $\\log \\sigma^2$ is clamped to [−10, 10] so that the exponential stays finite.',
      },
    ],
    showMe: {
      model: 'gvae', play: true,
      note: 'Each training step draws one ε per image from the seed; the recon curve is that one-sample estimate, so it is noisier than the exact kl curve.',
    },
  },
  {
    id: 'kl-role',
    question: 'What does the KL term do in a VAE?',
    answer: 'It is the rate: averaged over images, it upper-bounds the information (in nats) that the code carries about $x$. It pulls each $q(z \\given x)$ toward $\\N(0, I)$, so the aggregate of codes fills the prior and prior samples decode to digits; without it the VAE is a noisy autoencoder. Weighting it by $\\beta$ trades reconstruction for a smaller KL.',
    tex: '-\\ELBO_\\beta = \\underbrace{\\E_q\\bigl[-\\log p(x \\given z)\\bigr]}_{\\text{distortion}} + \\beta\\, \\underbrace{\\KL\\bigl(q(z \\given x)\\,\\|\\,p(z)\\bigr)}_{\\text{rate}}',
    followUps: [
      {
        q: 'What is posterior collapse?',
        a: 'The KL drops to about 0 nats: $q(z \\given x) \\approx p(z)$ for every $x$ and a strong decoder ignores $z$. Large $\\beta$ or a powerful decoder makes it more likely.',
      },
      {
        q: 'With β ≠ 1, is the objective still a bound on −log p(x)?',
        a: 'For $\\beta > 1$ yes, a looser upper bound; for $\\beta < 1$ no.',
      },
    ],
    showMe: {
      model: 'gvae', settings: { klWeight: 0 }, play: true,
      note: 'With β = 0 the KL is free: the recon curve falls further while the kl curve climbs, and decoded samples from N(0, I) get worse.',
    },
  },
  {
    id: 'cv-vs-gvae',
    question: 'How does GVAE-CV differ from GVAE?',
    answer: 'GVAE-CV drops the variance head: $q(z \\given x) = \\N(\\mu(x), \\sigma^2 I)$ with one fixed $\\sigma^2$ (the paper tuned it in [0.025, 1.0] and did not report it). The KL becomes $\\tfrac12 \\lVert\\mu\\rVert^2$ plus a constant in $\\sigma^2$, so its gradient is the same for every $\\sigma^2$ while the reported KL is not; $\\sigma^2$ also sets the noise scale $\\sqrt{\\sigma^2}$.',
    tex: '\\KL = \\tfrac12 \\lVert \\mu \\rVert^2 + \\tfrac{J}{2}\\bigl(\\sigma^2 - 1 - \\ln \\sigma^2\\bigr)',
    followUps: [
      {
        q: 'What happens at σ² = 1?',
        a: 'The constant is 0 and the KL is exactly $\\tfrac12 \\lVert\\mu\\rVert^2$. At $\\sigma^2 = 0.3$ with $J = 20$ the constant is 5.04 nats per image.',
      },
      {
        q: 'Why would you fix the variance at all?',
        a: 'Fewer parameters and no log-variance blow-ups; Ghosh et al. read it as an autoencoder with noise injection and a code penalty, which motivates the RAE.',
      },
    ],
    showMe: {
      model: 'gvae-cv', settings: { sigma2: 0.3 }, play: true,
      note: 'The kl curve starts 5.04 nats above ½‖μ‖²; move σ² and that offset moves, while the pull of the KL on μ (its gradient, μ) does not.',
    },
  },
  {
    id: 'hebbian-plausible',
    question: 'Why is local Hebbian learning called biologically plausible?',
    answer: 'Each synapse changes using only what its two ends hold: the presynaptic activity $\\phi(z)$ and the postsynaptic error neuron, after the network settles. There is no weight transport (errors travel through separate learned synapses $E$, not $W^{\\top}$), no derivative of the activation, and no stored forward pass to replay backward; backprop needs all three.',
    tex: '\\Delta W^{\\ell} = \\tfrac{1}{N}\\, \\phi(z^{\\ell})^{\\top}\\, \\tilde e^{\\ell-1}',
    followUps: [
      {
        q: 'Does GNCN-PDH compute the same gradient as backprop?',
        a: 'No. Its settling is not gradient descent on one energy (E is learned separately from W), and the reference clips column norms after each update. It is a different learning rule with its own fixed points.',
      },
      {
        q: 'What keeps the weights from growing without bound?',
        a: 'There is no weight decay; after every update each column of W, M, E and Σ is clipped to norm ≤ 1 (the paper: normalized to 1).',
      },
    ],
    showMe: {
      model: 'gncn-pdh', settings: { settlingSteps: 50 }, play: true,
      note: 'K = 50 settling steps as in the paper: the energy curves fall as the error-Hebbian updates accumulate, with no gradient computed anywhere.',
    },
  },
  {
    id: 'predictive-coding',
    question: 'What is predictive coding, and how does NGC implement it?',
    answer: 'Each layer predicts the activity of the layer below; error neurons hold the mismatch, and latent states move to reduce it (inference) before synapses change (learning). NGC, in GNCN-PDH, predicts through $W$ and skip paths $M$, weights errors by learned precisions, and settles states for K steps with a leak and lateral competition.',
    tex: 'z^{\\ell} \\leftarrow z^{\\ell} + \\beta\\bigl(-\\gamma z^{\\ell} + \\tilde e^{\\ell-1} E^{\\ell} - \\tilde e^{\\ell} - \\phi(z^{\\ell})\\, V^{\\ell}\\bigr)',
    followUps: [
      {
        q: 'Is inference amortized as in a VAE?',
        a: 'No: there is no encoder. Each image gets K settling steps (50 in the paper), so inference costs K prediction passes per image.',
      },
      {
        q: 'What does PDH stand for?',
        a: 'Partially decomposable hierarchy: skip predictions from layer ℓ+2 into layer ℓ ($\\alpha_m = 1$). It is not "Predictive Discrete Hebbian".',
      },
    ],
    showMe: {
      model: 'gncn-pdh', settings: { settlingSteps: 5 }, play: true,
      note: 'With only K = 5 settling steps the states cannot explain the image: the bce curve stays higher. Raise K and compare.',
    },
  },
  {
    id: 'rae-tradeoff',
    question: 'Why does an RAE reconstruct better but estimate density worse?',
    answer: 'It decodes the code itself with no noise, so nothing blurs the reconstruction; but nothing shapes its code distribution either, so it needs an ex-post density whose fit limits $\\log p(x)$. Paper, MNIST: RAE BCE 60.946 vs GVAE 75.521 nats, but log p(x) −117.009 vs −100.097 nats.',
    followUps: [
      {
        q: 'Which regularizer does the paper\'s RAE use?',
        a: 'L2 on the decoder weights only, no latent penalty; Ghosh et al. add $\\tfrac12\\lVert z\\rVert^2$, and study notes often say L2 on all weights.',
      },
      {
        q: 'Are those log p(x) numbers comparable across models?',
        a: 'They use the same estimator for every model (GMM prior, 5000 samples), but the reference script\'s +log S error (17.03 nats) may be in them; that is consistent with, not proven by, the published values.',
      },
    ],
    showMe: {
      model: 'rae', settings: { lambda: 0.001, regularizer: 'decoder-l2' }, play: true,
      note: 'The paper\'s RAE: compare its recon curve with the GVAE\'s after the same number of steps; then look at what decoding N(0, I) gives.',
    },
  },
  {
    id: 'log-px-estimate',
    question: 'How does the paper estimate log p(x) for each model?',
    answer: 'For every model, VAEs included, it fits a 75-component GMM to the top-layer training codes and uses plain Monte Carlo with 5000 samples: $\\log p(x) \\approx \\LSE_s \\log p(x \\given z_s) - \\log 5000$, $z_s$ from the GMM. Not importance sampling and no encoder proposal.',
    tex: '\\log p(x) \\approx \\LSE_{s=1}^{S}\\bigl(\\log p(x \\given z_s)\\bigr) - \\log S, \\quad z_s \\sim \\hat p_{\\mathrm{GMM}},\\ S = 5000',
    followUps: [
      {
        q: 'What is wrong in the reference evaluation script?',
        a: 'It adds log S instead of subtracting it, which inflates every value by 2 ln 5000 = 17.03 nats.',
      },
      {
        q: 'How would you estimate it for a VAE instead?',
        a: 'Importance sampling with $q(z \\given x)$ as proposal and K samples: the IWAE bound, at least the ELBO in expectation and rising toward log p(x) with K.',
      },
    ],
    showMe: {
      model: 'gvae', settings: { klWeight: 1 }, play: true,
      note: 'The negElbo curve upper-bounds −log p(x) under N(0, I); the paper\'s number is a different quantity, under a GMM prior fitted after training.',
    },
  },
  {
    id: 'choose',
    question: 'How would you choose between GVAE, GVAE-CV, RAE and GNCN-PDH?',
    answer: 'By the task. A likelihood bound and amortized, one-pass inference: GVAE. The same with a fixed noise level and a simpler posterior: GVAE-CV. Sharp reconstructions and simplicity, with sampling through an ex-post GMM: RAE. Reconstruction, masked completion and local learning at the cost of K settling steps per image: GNCN-PDH (paper, MNIST: BCE 44.857 nats per image; M-MSE 3.04 vs 20.06 for the GVAE, a per-image sum of squared errors over the masked half).',
    followUps: [
      {
        q: 'What does GNCN-PDH cost at test time?',
        a: 'K prediction passes per image (50 in the paper) instead of one encoder pass; sampling still needs the ex-post GMM.',
      },
      {
        q: 'Which has the best log p(x) in the paper?',
        a: 'Of these four on MNIST, GNCN-PDH at −97.255 nats, then GVAE −100.097, GVAE-CV −106.413 and RAE −117.009 (the GAN-AE baseline has −94.418).',
      },
    ],
    showMe: {
      model: 'gncn-pdh', play: true,
      note: 'Train it next to a GVAE for the same number of images and compare the bce and recon curves (both in nats per image).',
    },
  },
];
