/**
 * The pretrained weights the page opens onto: public/weights/<kind>.json + <kind>.bin, written
 * by `npm run pretrain` (scripts/pretrain.ts: each model trained in Node at the settings
 * table's defaults). They apply only when every re-initializing setting of the model equals the
 * one they were trained with; otherwise the model starts from its seed and the page says why.
 */
import { unpackWeights, type WeightManifest } from '@/core/metrics/weight-pack';
import type { ModelKind, WeightMap } from '@/core/models/types';
import { appliesTo, SETTINGS, type SettingKey, type Settings } from '@/settings/settings';

/** What the page says about pretrained weights (plain numbers, from the manifest). */
export interface PretrainedInfo {
  epochs: number;
  steps: number;
  batchSize: number;
  trainImages: number;
  backend: string;
  trainSeconds: number;
  /** Test-set BCE of the shipped (binary16) weights, nats per image; null if not recorded. */
  testBce: number | null;
  /** Test-set BCE of the float32 weights before rounding to binary16. */
  testBceFloat32: number | null;
  dtype: string;
  bytes: number;
}

/** Where the current model's weights came from. */
export type Origin =
  | { kind: 'loading' }
  | { kind: 'pretrained'; info: PretrainedInfo }
  /** `why`: null when the user chose a random start; otherwise the reason none was loaded. */
  | { kind: 'scratch'; why: string | null };

export interface Pretrained {
  weights: WeightMap;
  settings: Partial<Settings>;
  info: PretrainedInfo;
}

/** Settings that re-initialize a model of `kind` and differ from those of the pretrained run. */
export function pretrainedMismatch(trained: Partial<Settings>, current: Settings): SettingKey[] {
  return (Object.keys(SETTINGS) as SettingKey[]).filter((k) =>
    k !== 'init' && SETTINGS[k].effect === 'reinit' && appliesTo(k, current.model) && trained[k] !== current[k]);
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

async function fetchOk(url: string, signal?: AbortSignal): Promise<Response> {
  const r = await fetch(url, { signal });
  if (!r.ok) throw new Error(`${url.split('/').pop()}: HTTP ${r.status}`);
  return r;
}

/** Fetches, checks (format, kind, size, CRC-32) and unpacks one model's pretrained weights. */
export async function fetchPretrained(baseUrl: string, kind: ModelKind, signal?: AbortSignal): Promise<Pretrained> {
  const manifest = (await (await fetchOk(new URL(`${kind}.json`, baseUrl).href, signal)).json()) as WeightManifest;
  if (manifest?.format !== 'latent-lab-weights' || manifest.kind !== kind || !Array.isArray(manifest.tensors)) {
    throw new Error(`${kind}.json is not a weights manifest for ${kind}`);
  }
  const bytes = new Uint8Array(await (await fetchOk(new URL(manifest.file, baseUrl).href, signal)).arrayBuffer());
  const weights = unpackWeights(manifest, bytes); // throws on a size or CRC-32 mismatch
  const meta = (manifest.meta ?? {}) as Record<string, unknown>;
  const settings = (meta.settings ?? {}) as Partial<Settings>;
  const test = (meta.test ?? {}) as Record<string, unknown>;
  return {
    weights,
    settings,
    info: {
      epochs: num(meta.epochs) ?? 0,
      steps: num(meta.steps) ?? 0,
      batchSize: num(settings.batchSize) ?? 0,
      trainImages: num(meta.trainImages) ?? 0,
      backend: typeof meta.backend === 'string' ? meta.backend : '?',
      trainSeconds: num(meta.trainSeconds) ?? 0,
      testBce: num(test.bceFloat16),
      testBceFloat32: num(test.bceFloat32),
      dtype: manifest.dtype,
      bytes: bytes.length,
    },
  };
}

/** Fetches each model's weights once per page (a failed fetch is retried on the next request). */
export class PretrainedStore {
  private readonly cache = new Map<ModelKind, Promise<Pretrained>>();
  constructor(private readonly baseUrl: string) {}

  get(kind: ModelKind): Promise<Pretrained> {
    let p = this.cache.get(kind);
    if (!p) {
      p = fetchPretrained(this.baseUrl, kind);
      this.cache.set(kind, p);
      p.catch(() => this.cache.delete(kind));
    }
    return p;
  }
}
