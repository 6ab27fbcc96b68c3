/**
 * The steps/s figure of the badge and the side-by-side runs: the rate of one readback, smoothed.
 */

/**
 * @param previous the current figure (0: none yet)
 * @param read steps read back since `t0` (performance.now() of the previous readback; 0: none)
 * @param playing a readback while paused (a single step) says nothing about the rate
 * @returns 0.7 · previous + 0.3 · read / (now − t0), or the new rate alone when there is no previous one
 */
export function smoothedRate(previous: number, read: number, t0: number, now: number, playing: boolean): number {
  const rate = t0 > 0 && playing ? (read * 1000) / (now - t0) : previous;
  return previous ? 0.7 * previous + 0.3 * rate : rate;
}
