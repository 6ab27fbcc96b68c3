/**
 * binary16 codec against the IEEE 754 definition: known bit patterns, exhaustive round trip of
 * every half, and nearest rounding checked by brute force against all halves.
 */
import { describe, expect, it } from 'vitest';
import { decodeHalf, encodeHalf, fromHalfBits, toHalfBits } from '@/core/util/float16';

describe('float16', () => {
  it('encodes the textbook values', () => {
    expect(toHalfBits(1)).toBe(0x3c00);
    expect(toHalfBits(-2)).toBe(0xc000);
    expect(toHalfBits(65504)).toBe(0x7bff); // largest finite
    expect(toHalfBits(2 ** -14)).toBe(0x0400); // smallest normal
    expect(toHalfBits(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(toHalfBits(1 / 3)).toBe(0x3555);
    expect(toHalfBits(0)).toBe(0);
    expect(toHalfBits(-0)).toBe(0x8000);
    expect(toHalfBits(Infinity)).toBe(0x7c00);
    expect(toHalfBits(1e6)).toBe(0x7c00); // overflow
    expect(Number.isNaN(fromHalfBits(toHalfBits(NaN)))).toBe(true);
    expect(fromHalfBits(0x3555)).toBeCloseTo(0.333251953125, 12);
  });

  it('round-trips every one of the 65,536 halves (NaNs stay NaN)', () => {
    const all = new Uint16Array(65536).map((_, i) => i);
    const back = encodeHalf(decodeHalf(all));
    for (let h = 0; h < 65536; h++) {
      const isNaN = (h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0;
      if (isNaN) expect(Number.isNaN(fromHalfBits(back[h]))).toBe(true);
      else expect(back[h]).toBe(h);
    }
  });

  it('rounds to the nearest half, ties to even (brute force over all finite halves)', () => {
    const finite: number[] = [];
    for (let h = 0; h < 0x7c00; h++) finite.push(fromHalfBits(h));
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const probes = [2 ** -25, 3 * 2 ** -26, 1 + 2 ** -11, 1 + 3 * 2 ** -11, 2049, 2051];
    for (let i = 0; i < 400; i++) probes.push(Math.fround((rand() * 2 - 1) * 2 ** (rand() * 40 - 26)));
    for (const v of probes) {
      const a = Math.abs(Math.fround(v));
      let best = 0;
      let bestErr = Infinity;
      for (let h = 0; h < finite.length; h++) {
        const err = Math.abs(finite[h] - a);
        if (err < bestErr || (err === bestErr && (h & 1) === 0)) {
          best = h;
          bestErr = err;
        }
      }
      expect(toHalfBits(a)).toBe(best);
    }
  });
});
