/**
 * Each model's base term list (TermSpec: key, label, TeX, unit), used by the derivations when
 * the running model's own list is not passed in. RAE's list is the paper's regularizer
 * ('decoder-l2'); the VAEs' lists are those without a decoder L2 penalty.
 */
import { CV_VAE_TERMS } from '@/core/models/constant-variance-vae';
import { GVAE_TERMS } from '@/core/models/gaussian-vae';
import { GNCN_PDH_TERMS } from '@/core/models/gncn-pdh';
import { raeTermSpecs } from '@/core/models/regularized-ae';
import type { ModelKind, TermSpec, TermUnit } from '@/core/models/types';

export const BASE_TERMS: Readonly<Record<ModelKind, readonly TermSpec[]>> = {
  gvae: GVAE_TERMS,
  'gvae-cv': CV_VAE_TERMS,
  rae: raeTermSpecs('decoder-l2'),
  'gncn-pdh': GNCN_PDH_TERMS,
};

/** How a term's unit is spoken next to its value. */
export const UNIT_TEXT: Readonly<Record<TermUnit, string>> = {
  nats: 'nats per image',
  energy: 'energy per image',
  'squared norm': 'squared norm (no unit)',
};
