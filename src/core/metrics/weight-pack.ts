/**
 * A compact file form of a model's getWeights(): one little-endian binary holding every tensor
 * back to back (float32, or IEEE binary16 for the shipped pretrained weights: half the bytes),
 * and a JSON manifest naming each tensor's shape and byte offset, with the binary's size and
 * CRC-32 (so a page can check the download before setWeights).
 * Used by scripts/reproduce.ts --export-weights and scripts/pretrain.ts; the page fetches both
 * and calls unpackWeights.
 */
import { crc32Hex } from '@/core/util/crc32';
import { decodeHalf, encodeHalf } from '@/core/util/float16';
import type { ModelKind, WeightMap } from '@/core/models/types';

export type WeightDtype = 'float32' | 'float16';
const BYTES: Record<WeightDtype, number> = { float32: 4, float16: 2 };

/** The manifest written next to the binary. */
export interface WeightManifest {
  format: 'latent-lab-weights';
  version: 1;
  kind: ModelKind;
  /** File name of the binary, relative to the manifest. */
  file: string;
  byteLength: number;
  crc32: string;
  dtype: WeightDtype;
  littleEndian: true;
  tensors: { name: string; shape: number[]; offset: number; length: number }[];
  /** Free-form context (settings, epochs, seed, backend, ...). */
  meta: Record<string, unknown>;
}

/** Packs a weight map (tensors in name order) into bytes and a manifest. */
export function packWeights(kind: ModelKind, weights: WeightMap, file: string, meta: Record<string, unknown> = {}, dtype: WeightDtype = 'float32'): { manifest: WeightManifest; bytes: Uint8Array } {
  const names = Object.keys(weights).sort();
  const total = names.reduce((a, n) => a + weights[n].values.length, 0);
  const values = new Float32Array(total);
  const tensors: WeightManifest['tensors'] = [];
  let offset = 0;
  for (const name of names) {
    const { shape, values: v } = weights[name];
    if (shape.reduce((a, b) => a * b, 1) !== v.length) throw new Error(`weights: "${name}" has ${v.length} values for shape [${shape}]`);
    values.set(v, offset);
    tensors.push({ name, shape: shape.slice(), offset: offset * BYTES[dtype], length: v.length });
    offset += v.length;
  }
  // float32 typed arrays are little-endian on every platform tfjs runs on; checked below
  if (new Uint8Array(new Float32Array([1]).buffer)[3] !== 0x3f) throw new Error('weights: big-endian platform');
  const bytes = dtype === 'float16' ? new Uint8Array(encodeHalf(values).buffer) : new Uint8Array(values.buffer);
  return {
    manifest: {
      format: 'latent-lab-weights', version: 1, kind, file, byteLength: bytes.length, crc32: crc32Hex(bytes),
      dtype, littleEndian: true, tensors, meta,
    },
    bytes,
  };
}

/** @throws Error when the bytes do not match the manifest's size or CRC-32 */
export function unpackWeights(manifest: WeightManifest, bytes: Uint8Array): WeightMap {
  if (manifest.format !== 'latent-lab-weights' || manifest.version !== 1) throw new Error('weights: not a latent-lab-weights v1 manifest');
  if (bytes.length !== manifest.byteLength) throw new Error(`weights: ${bytes.length} bytes, manifest says ${manifest.byteLength}`);
  if (crc32Hex(bytes) !== manifest.crc32) throw new Error('weights: CRC-32 mismatch (corrupt download?)');
  const dtype = manifest.dtype;
  if (dtype !== 'float32' && dtype !== 'float16') throw new Error(`weights: unknown dtype "${String(dtype)}"`);
  const width = BYTES[dtype];
  const aligned = bytes.byteOffset % width === 0 ? bytes : bytes.slice();
  const all = dtype === 'float16'
    ? decodeHalf(new Uint16Array(aligned.buffer, aligned.byteOffset, aligned.length / 2))
    : new Float32Array(aligned.buffer, aligned.byteOffset, aligned.length / 4);
  const out: WeightMap = {};
  for (const t of manifest.tensors) {
    const from = t.offset / width;
    if (!Number.isInteger(from) || from + t.length > all.length) throw new Error(`weights: "${t.name}" lies outside the binary`);
    out[t.name] = { shape: t.shape.slice(), values: all.slice(from, from + t.length) };
  }
  return out;
}
