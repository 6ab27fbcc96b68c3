/**
 * Binarized images stored one bit per pixel, most significant bit first, each image padded
 * to whole bytes (784 pixels -> 98 bytes). 70k images: 54.9 MB as bytes, 6.86 MB packed.
 */
export const PIXELS = 784;
export const BYTES_PER_IMAGE = Math.ceil(PIXELS / 8);

/**
 * Binarizes grayscale pixels as the paper does (value / 255 >= 0.5 -> 1) and packs them.
 * value/255 >= 0.5 is value >= 127.5, i.e. value >= 128 for integers.
 * @param pixels uint8 grayscale, [count, 784] row-major
 * @param count number of images
 * @returns packed bits, [count, 98]
 */
export function binarizeAndPack(pixels: Uint8Array, count: number): Uint8Array {
  const packed = new Uint8Array(count * BYTES_PER_IMAGE);
  for (let n = 0; n < count; n++) {
    const src = n * PIXELS;
    const dst = n * BYTES_PER_IMAGE;
    for (let p = 0; p < PIXELS; p++) {
      if (pixels[src + p] / 255 >= 0.5) packed[dst + (p >> 3)] |= 0x80 >> (p & 7);
    }
  }
  return packed;
}

// BYTE_BITS[b * 8 + k] = bit k (MSB first) of byte b, as 0 or 1.
const BYTE_BITS = (() => {
  const t = new Float32Array(256 * 8);
  for (let b = 0; b < 256; b++) for (let k = 0; k < 8; k++) t[b * 8 + k] = (b >> (7 - k)) & 1;
  return t;
})();

/**
 * Unpacks one image into `out` at `offset` as 784 floats in {0, 1}.
 * @param packed [count, 98] packed bits
 * @param index which image
 */
export function unpackImage(packed: Uint8Array, index: number, out: Float32Array, offset: number): void {
  const src = index * BYTES_PER_IMAGE;
  for (let j = 0; j < BYTES_PER_IMAGE; j++) {
    const bits = packed[src + j] * 8;
    const base = offset + j * 8;
    const n = Math.min(8, PIXELS - j * 8);
    for (let k = 0; k < n; k++) out[base + k] = BYTE_BITS[bits + k];
  }
}
