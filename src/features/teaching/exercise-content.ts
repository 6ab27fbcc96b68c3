/**
 * Derivation exercises: the steps of some parts of a derivation, the first one given and the
 * rest revealed one at a time. The steps are the derivations' own (one source of truth).
 */
import { DERIVATIONS } from '@/features/teaching/derivations';
import type { DerivationStep, Exercise } from '@/features/teaching/types';

export const EXERCISES: readonly Exercise[] = [
  {
    id: 'elbo',
    title: 'The ELBO, two ways',
    prompt: 'Starting from $\\log p(x) = \\log \\int p(x \\given z)\\,p(z)\\,dz$, derive the ELBO with Jensen\'s inequality, then show that the gap $\\log p(x) - \\ELBO(x)$ is a KL divergence.',
    derivation: 'gvae',
    parts: ['jensen', 'gap'],
  },
  {
    id: 'gaussian-kl',
    title: 'The Gaussian KL in closed form',
    prompt: 'Derive $\\KL\\bigl(\\N(\\mu, \\diag\\,\\sigma^2)\\,\\|\\,\\N(0, I)\\bigr)$ one latent unit at a time. Which two moments of $q$ do you need?',
    derivation: 'gvae',
    parts: ['kl'],
  },
  {
    id: 'reparam-gradient',
    title: 'The reparameterization gradient',
    prompt: 'Why can\'t you backpropagate through $z \\sim q_\\phi(z \\given x)$, and how does writing $z$ as a function of $\\phi$ and fixed noise fix it?',
    derivation: 'gvae',
    parts: ['reparam'],
  },
  {
    id: 'gncn-updates',
    title: 'GNCN-PDH: the settling and learning updates',
    prompt: 'Write one settling step of every layer of GNCN-PDH with the reference values of β, γ and V, then the weight updates computed after the last step. Which quantities does each update read?',
    derivation: 'gncn-pdh',
    parts: ['settle', 'learn'],
  },
  {
    id: 'log-px',
    title: 'Estimating log p(x) as the paper does',
    prompt: 'Given a trained decoder and its training codes, write the paper\'s estimator of $\\log p(x)$ for one test image, numerically stable, in nats.',
    derivation: 'logpx',
    parts: ['mc', 'bug'],
  },
];

/** @returns the exercise's steps, in derivation order (the first one is given). */
export function exerciseSteps(ex: Exercise): DerivationStep[] {
  const d = DERIVATIONS[ex.derivation];
  return ex.parts.flatMap((p) => d.steps.filter((s) => s.part === p));
}
