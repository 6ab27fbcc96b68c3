/**
 * Loads the binarized MNIST assets over HTTP (the page) with progress, test split first so
 * that the first view (test digits and their reconstructions) needs only 1/7 of the data.
 */
import { AssetError, decodeAsset, parseManifest, type AssetEntry, type DataManifest } from '@/core/data/manifest';
import { makeSplit, type MnistSplit } from '@/core/data/mnist';

/** Progress in bytes as stored, over all files of one load. */
export type ProgressFn = (loadedBytes: number, totalBytes: number) => void;

async function fetchBytes(url: string, onChunk: (n: number) => void): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url, { cache: 'no-cache' });
  } catch {
    throw new AssetError(`Could not reach ${url} (offline, or the server stopped).`);
  }
  if (!response.ok) throw new AssetError(`${url}: HTTP ${response.status} (the file is missing from the site).`);
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
    onChunk(value.length);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

/** @returns the parsed manifest at `${baseUrl}manifest.json`. */
export async function fetchManifest(baseUrl: string): Promise<DataManifest> {
  const bytes = await fetchBytes(`${baseUrl}manifest.json`, () => {});
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new AssetError('The data manifest is not valid JSON.');
  }
  return parseManifest(json);
}

/**
 * Fetches and verifies one split.
 * @param baseUrl folder of the assets, ending in '/'
 * @param which 'train' or 'test'
 */
export async function fetchSplit(
  baseUrl: string,
  manifest: DataManifest,
  which: 'train' | 'test',
  onProgress: ProgressFn,
): Promise<MnistSplit> {
  const entry = manifest.splits[which];
  const files: AssetEntry[] = [entry.labels, entry.images];
  const total = files.reduce((s, f) => s + f.storedBytes, 0);
  let loaded = 0;
  const [labels, images] = await Promise.all(
    files.map(async (f) => {
      const stored = await fetchBytes(`${baseUrl}${f.file}`, (n) => {
        loaded += n;
        onProgress(Math.min(loaded, total), total);
      });
      return decodeAsset(stored, f);
    }),
  );
  const split = makeSplit(images, labels);
  if (split.count !== entry.count) throw new AssetError(`${which}: ${split.count} images, the manifest says ${entry.count}.`);
  return split;
}
