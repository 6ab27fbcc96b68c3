/**
 * The view settings of the table (study section, derivation and step, completion mask) to and
 * from the shapes the views use, so that a link opens the page onto the same view. Patches go
 * through the table's validation, like a link.
 */
import type { MaskSpec } from '@/features/demos/masks';
import type { StudyView } from '@/features/teaching/teaching-panel';
import { validateSetting, type SettingKey, type Settings } from '@/settings/settings';

/** @returns settings with `patch` applied, each field validated (clamped or whitelisted) by the table. */
export function withSettings(s: Settings, patch: Partial<Settings>): Settings {
  const next = { ...s };
  for (const [k, v] of Object.entries(patch)) {
    (next as Record<SettingKey, unknown>)[k as SettingKey] = validateSetting(k as SettingKey, v).value;
  }
  return next;
}

/** The completion mask the settings describe (never the hand-painted brush: it is not in the link). */
export function maskFromSettings(s: Pick<Settings, 'mask' | 'maskFraction' | 'maskSeed' | 'maskBox'>): MaskSpec {
  switch (s.mask) {
    case 'random':
      return { kind: 'random', fraction: s.maskFraction, seed: s.maskSeed };
    case 'box':
      return { kind: 'box', size: s.maskBox };
    default:
      return { kind: s.mask };
  }
}

/** The settings of a mask; null for a brush mask (kept by the page only). */
export function maskSettings(m: MaskSpec): Partial<Settings> | null {
  switch (m.kind) {
    case 'brush':
      return null;
    case 'random':
      return { mask: 'random', maskFraction: m.fraction, maskSeed: m.seed };
    case 'box':
      return { mask: 'box', maskBox: m.size };
    default:
      return { mask: m.kind };
  }
}

/** The study panel's view (step 0-based) from the settings (derivationStep is 1-based in the link). */
export function studyView(s: Pick<Settings, 'study' | 'derivation' | 'derivationStep'>): StudyView {
  return { section: s.study, derivation: s.derivation, step: s.derivationStep - 1 };
}

/** The settings of a change of the study panel's view. */
export function studySettings(patch: Partial<StudyView>): Partial<Settings> {
  const out: Partial<Settings> = {};
  if (patch.section !== undefined) out.study = patch.section;
  if (patch.derivation !== undefined) out.derivation = patch.derivation;
  if (patch.step !== undefined) out.derivationStep = patch.step + 1;
  return out;
}
