/** Loads the built assets (public/data, written by `npm run data`) through the real decoder. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeAsset, parseManifest, type DataManifest } from '@/core/data/manifest';
import { makeSplit, type MnistSplit } from '@/core/data/mnist';

export const DATA_DIR = join(process.cwd(), 'public', 'data');

export function readManifest(): DataManifest {
  return parseManifest(JSON.parse(readFileSync(join(DATA_DIR, 'manifest.json'), 'utf8')));
}

export async function loadSplit(which: 'train' | 'test'): Promise<MnistSplit> {
  const m = readManifest().splits[which];
  const images = await decodeAsset(new Uint8Array(readFileSync(join(DATA_DIR, m.images.file))), m.images);
  const labels = await decodeAsset(new Uint8Array(readFileSync(join(DATA_DIR, m.labels.file))), m.labels);
  return makeSplit(images, labels);
}

/** The first n images of a split as a smaller split (for fast training tests). */
export function headOf(split: MnistSplit, n: number): MnistSplit {
  return { count: n, images: split.images.subarray(0, n * 98), labels: split.labels.subarray(0, n) };
}
