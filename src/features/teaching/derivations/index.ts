/** Every derivation by id: one per model, plus the shared log p(x) estimator. */
import type { Derivation, DerivationId } from '@/features/teaching/types';
import { GVAE_DERIVATION } from '@/features/teaching/derivations/gvae';
import { GVAE_CV_DERIVATION } from '@/features/teaching/derivations/gvae-cv';
import { RAE_DERIVATION } from '@/features/teaching/derivations/rae';
import { GNCN_PDH_DERIVATION } from '@/features/teaching/derivations/gncn-pdh';
import { LOGPX_DERIVATION } from '@/features/teaching/derivations/log-px';

export { CV_KL_EXAMPLE } from '@/features/teaching/derivations/gvae-cv';
export { LOGPX_NUMBERS } from '@/features/teaching/derivations/log-px';

export const DERIVATIONS: Readonly<Record<DerivationId, Derivation>> = {
  gvae: GVAE_DERIVATION,
  'gvae-cv': GVAE_CV_DERIVATION,
  rae: RAE_DERIVATION,
  'gncn-pdh': GNCN_PDH_DERIVATION,
  logpx: LOGPX_DERIVATION,
};
