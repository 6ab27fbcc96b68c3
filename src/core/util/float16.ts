/**
 * IEEE 754 binary16 ("half") encoding of float32 arrays, for the shipped pretrained weights
 * (half the bytes). Rounds to nearest, ties to even; keeps subnormals, ±Infinity and NaN.
 * binary16: 1 sign bit, 5 exponent bits (bias 15), 10 fraction bits; largest finite 65504,
 * smallest subnormal 2^-24.
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** One float32 -> its nearest binary16 bit pattern. */
export function toHalfBits(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff; // float32 exponent, bias 127
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // Inf or (quiet) NaN
  const e = exp - 127 + 15; // binary16 exponent
  if (e >= 0x1f) return sign | 0x7c00; // overflow -> Inf
  if (e <= 0) {
    // subnormal half (or zero): value = mant' * 2^-24
    if (e < -10) return sign; // below half the smallest subnormal -> ±0
    mant |= 0x800000; // implicit leading 1
    const shift = 14 - e; // 24-bit significand -> 10-bit fraction at 2^-24 granularity
    const half = 1 << (shift - 1);
    const rest = mant & ((1 << shift) - 1);
    let h = mant >>> shift;
    if (rest > half || (rest === half && (h & 1))) h += 1; // ties to even
    return sign | h; // a carry into bit 10 makes the smallest normal, which is correct
  }
  const rest = mant & 0x1fff; // the 13 bits dropped
  let h = (e << 10) | (mant >>> 13);
  if (rest > 0x1000 || (rest === 0x1000 && (h & 1))) h += 1; // a carry may round up to Inf: correct
  return sign | h;
}

/** One binary16 bit pattern -> its exact value. */
export function fromHalfBits(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const e = (h >>> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (e === 0) return sign * frac * 2 ** -24;
  if (e === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (e - 15);
}

/** float32 values -> binary16 bit patterns. */
export function encodeHalf(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = toHalfBits(values[i]);
  return out;
}

/** binary16 bit patterns -> float32 values (exact: every half is a float32). */
export function decodeHalf(bits: Uint16Array): Float32Array {
  // a 65,536-entry table makes decoding a lookup per value
  const table = halfTable();
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = table[bits[i]];
  return out;
}

let table: Float32Array | null = null;
function halfTable(): Float32Array {
  if (!table) {
    table = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) table[h] = fromHalfBits(h);
  }
  return table;
}
