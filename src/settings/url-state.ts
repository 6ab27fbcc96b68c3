/**
 * Settings <-> the URL hash, driven by the settings table. The hash (not the query) keeps state
 * on any static host without rewrites; `?` stays free for tfjs flags and ?backend=.
 *
 * Format: #v=1&model=gvae&seed=7&learningRate=0.003 (only values that differ from the
 * defaults, plus v and model). Reading is defensive: unknown keys are ignored, numbers are
 * clamped, choices whitelisted, and each invalid field falls back on its own with a notice.
 */
import { defaultSettings, SETTINGS, validateSetting, type SettingKey, type Settings } from '@/settings/settings';

/** The version written by encodeHash. */
export const URL_VERSION = 1;
/** A longer hash is not parsed at all (a pasted blob is not a link we wrote). */
export const MAX_HASH_LENGTH = 2000;

/**
 * Migrations from version n to n + 1, applied in order to the raw parameters.
 * (None yet: version 1 is the first. A rename of a key goes here, never a silent drop.)
 */
const MIGRATIONS: Record<number, (p: Map<string, string>) => Map<string, string>> = {};

/** @returns the hash (with '#') that reproduces `s`. */
export function encodeHash(s: Settings): string {
  const d = defaultSettings();
  const parts = [`v=${URL_VERSION}`, `model=${encodeURIComponent(s.model)}`];
  for (const key of Object.keys(SETTINGS) as SettingKey[]) {
    if (key === 'model' || s[key] === d[key]) continue;
    parts.push(`${key}=${encodeURIComponent(String(s[key]))}`);
  }
  return `#${parts.join('&')}`;
}

/**
 * Reads settings from a hash. Never throws.
 * @returns settings (defaults where the hash says nothing or something invalid), and notices
 */
export function decodeHash(hash: string): { settings: Settings; notices: string[]; present: boolean } {
  const settings = defaultSettings();
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  if (body.length === 0) return { settings, notices: [], present: false };
  if (body.length > MAX_HASH_LENGTH) {
    return { settings, notices: [`The link's settings are too long (${body.length} characters) to be ours; using the defaults.`], present: true };
  }
  let params = new Map<string, string>();
  for (const part of body.split('&')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    try {
      params.set(decodeURIComponent(part.slice(0, eq)), decodeURIComponent(part.slice(eq + 1)));
    } catch {
      // a malformed %-escape: ignore this field
    }
  }
  const notices: string[] = [];
  const v = Number(params.get('v') ?? URL_VERSION);
  if (!Number.isInteger(v) || v < 1 || v > URL_VERSION) {
    notices.push(`This link was made by a newer or unknown version (v=${String(params.get('v')).slice(0, 12)}); reading what we can.`);
  } else {
    for (let from = v; from < URL_VERSION; from++) params = MIGRATIONS[from]?.(params) ?? params;
  }
  for (const [key, raw] of params) {
    if (!Object.hasOwn(SETTINGS, key)) continue; // unknown keys (and 'v') are ignored
    const { value, notice } = validateSetting(key as SettingKey, raw);
    (settings as Record<SettingKey, unknown>)[key as SettingKey] = value;
    if (notice) notices.push(notice);
  }
  return { settings, notices, present: true };
}
