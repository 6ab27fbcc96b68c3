/**
 * The IDX format of the MNIST files (LeCun et al.): a 4-byte magic number
 * (0x00 0x00 <type> <rank>), `rank` big-endian uint32 sizes, then the data.
 * MNIST uses type 0x08 (unsigned byte): rank 3 for images [N, 28, 28], rank 1 for labels [N].
 */
export interface IdxArray {
  /** Sizes along each axis, e.g. [60000, 28, 28]. */
  dims: number[];
  /** The payload, row-major; a view into the input buffer. */
  data: Uint8Array;
}

/**
 * Parses and validates an unsigned-byte IDX file.
 * @param bytes the whole file
 * @param expectedRank 3 for images, 1 for labels
 * @throws Error naming what is wrong (magic, rank, or a size that does not match the length)
 */
export function parseIdx(bytes: Uint8Array, expectedRank: number): IdxArray {
  if (bytes.length < 4) throw new Error(`IDX file too short (${bytes.length} bytes)`);
  if (bytes[0] !== 0 || bytes[1] !== 0) throw new Error('IDX magic number must start with two zero bytes');
  if (bytes[2] !== 0x08) throw new Error(`IDX type 0x${bytes[2].toString(16)} is not unsigned byte (0x08)`);
  const rank = bytes[3];
  if (rank !== expectedRank) throw new Error(`IDX rank ${rank}, expected ${expectedRank}`);
  const header = 4 + 4 * rank;
  if (bytes.length < header) throw new Error('IDX header truncated');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let i = 0; i < rank; i++) dims.push(view.getUint32(4 + 4 * i, false));
  const count = dims.reduce((a, b) => a * b, 1);
  if (bytes.length !== header + count) {
    throw new Error(`IDX payload is ${bytes.length - header} bytes, header says ${count}`);
  }
  return { dims, data: bytes.subarray(header) };
}
