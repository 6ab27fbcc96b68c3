/**
 * The binarized MNIST assets (public/data, written by `npm run data`) read from disk in Node,
 * checked against their manifest like the page's loader does. Used by the Node scripts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeAsset, parseManifest } from '@/core/data/manifest';
import { makeSplit, type MnistSplit } from '@/core/data/mnist';
import { BYTES_PER_IMAGE } from '@/core/data/bit-pack';

export async function loadSplit(which: 'train' | 'test'): Promise<MnistSplit> {
  const dir = join(process.cwd(), 'public', 'data');
  const m = parseManifest(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'))).splits[which];
  const images = await decodeAsset(new Uint8Array(readFileSync(join(dir, m.images.file))), m.images);
  const labels = await decodeAsset(new Uint8Array(readFileSync(join(dir, m.labels.file))), m.labels);
  return makeSplit(images, labels);
}

/** The first n images (MNIST's first images are close to class-balanced). */
export const head = (s: MnistSplit, n: number): MnistSplit => {
  const c = Math.min(n, s.count);
  return { count: c, images: s.images.subarray(0, c * BYTES_PER_IMAGE), labels: s.labels.subarray(0, c) };
};
