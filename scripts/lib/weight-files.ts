/**
 * Writes a weight pack (src/core/metrics/weight-pack.ts) to disk: `<kind>.bin` and a readable
 * `<kind>.json` manifest (one line per tensor). Used by reproduce --export-weights and pretrain.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packWeights, type WeightDtype, type WeightManifest } from '@/core/metrics/weight-pack';
import type { ModelKind, WeightMap } from '@/core/models/types';

export function writeWeightPack(
  dir: string, kind: ModelKind, weights: WeightMap, meta: Record<string, unknown>, dtype: WeightDtype = 'float32',
): { manifest: WeightManifest; manifestPath: string; binaryPath: string; bytes: Uint8Array } {
  mkdirSync(dir, { recursive: true });
  const binary = `${kind}.bin`;
  const { manifest, bytes } = packWeights(kind, weights, binary, meta, dtype);
  writeFileSync(join(dir, binary), bytes);
  const json = JSON.stringify({ ...manifest, tensors: '@' }, null, 1)
    .replace('"@"', `[\n${manifest.tensors.map((t) => `  ${JSON.stringify(t)}`).join(',\n')}\n ]`);
  writeFileSync(join(dir, `${kind}.json`), `${json}\n`);
  return { manifest, manifestPath: join(dir, `${kind}.json`), binaryPath: join(dir, binary), bytes };
}
