/**
 * The loss history of a run, bounded by design (issue 8: an hour-long run must not grow the heap).
 *
 * The latest FULL_STEPS steps are kept at full resolution, one entry per step. Older steps are
 * merged into at most MAX_BINS bins at the front of the arrays: a bin holds the mean of each term
 * over its steps, its last step (in `steps`, like a plain entry) and, in `bins`, its first step and
 * its number of steps. As the run grows the bin width W doubles (W = the smallest power of two with
 * old steps / W < MAX_BINS), so bins get wider with time and the history never holds more than
 * CAP entries: O(CAP) memory for any run length, and a chart path that stays small.
 *
 * A history with no merged entry is just `{ steps, terms }` (plain per-step arrays), as before.
 * The arrays are changed in place (never replaced), so a holder of `history` always sees the
 * current entries.
 */

/** Steps kept one entry per step (the newest). */
export const FULL_STEPS = 2000;
/** At most this many merged entries (bins) in front of them (the chart draws at most 400 points). */
export const MAX_BINS = 600;
/**
 * Appending past this many entries merges the older ones, so no history holds more after an
 * append (~36 bytes an entry for three terms: about 110 kB at most).
 */
export const CAP = FULL_STEPS + MAX_BINS + 400;

/** The merged entries at the front of a history: entry i < counts.length is a bin. */
export interface LossBins {
  /** Steps merged into entry i (sum of counts + single entries = steps covered). */
  counts: number[];
  /** First step of entry i (its last step is `steps[i]`). */
  firsts: number[];
}

/**
 * Terms over training. Entry i covers the steps from `bins.firsts[i]` to `steps[i]` when i is a
 * bin (i < bins.counts.length), else the single step `steps[i]`; `terms[key][i]` is the mean of
 * the term over the entry's steps (the step's own value for a single step).
 */
export interface LossHistory {
  steps: number[];
  terms: Record<string, number[]>;
  /** Absent (or empty): no merged entry yet. */
  bins?: LossBins;
}

/** An empty history for `keys`. */
export function emptyHistory(keys: readonly string[]): LossHistory {
  return { steps: [], terms: Object.fromEntries(keys.map((k) => [k, []])) };
}

/** Number of merged entries (bins) at the front of `h`. */
export function binCount(h: LossHistory): number {
  return h.bins?.counts.length ?? 0;
}

/** Steps merged into entry i (1 for a single step). */
export function entryCount(h: LossHistory, i: number): number {
  return i < binCount(h) ? h.bins!.counts[i] : 1;
}

/** First step of entry i. */
export function entryFirst(h: LossHistory, i: number): number {
  return i < binCount(h) ? h.bins!.firsts[i] : h.steps[i];
}

/** Training steps the history covers (its entries' counts summed). */
export function stepsCovered(h: LossHistory): number {
  let n = h.steps.length - binCount(h);
  for (const c of h.bins?.counts ?? []) n += c;
  return n;
}

/** The latest entry's terms (a single step once anything was appended), or null when empty. */
export function latestTerms(h: LossHistory): Record<string, number> | null {
  const last = h.steps.length - 1;
  return last >= 0 ? Object.fromEntries(Object.entries(h.terms).map(([k, v]) => [k, v[last]])) : null;
}

/**
 * Appends steps (in order, after the history's last step) and merges old entries when the
 * history exceeds CAP entries. The one way to add to a history: the Trainer's readback uses it,
 * and so does any code that receives terms from elsewhere (e.g. a training worker).
 * @param steps the steps, ascending
 * @param rows per term key, the values aligned with `steps` (keys missing from the history are ignored;
 *   a history key missing from `rows` gets NaN)
 * @returns the number of steps appended
 */
export function appendToHistory(h: LossHistory, steps: readonly number[], rows: Readonly<Record<string, ArrayLike<number>>>, limits = { full: FULL_STEPS, maxBins: MAX_BINS, cap: CAP }): number {
  for (const s of steps) h.steps.push(s);
  for (const [k, arr] of Object.entries(h.terms)) {
    const row = rows[k];
    for (let i = 0; i < steps.length; i++) arr.push(row ? row[i] : NaN);
  }
  if (h.steps.length > limits.cap) compact(h, limits.full, limits.maxBins);
  return steps.length;
}

/**
 * Merges every entry but the newest `full` into fewer than `maxBins` + 1 bins of W or more steps
 * (W a power of two), in place. Bins are closed greedily in order, so each bin is a run of
 * consecutive entries, and a bin already W or wider stays as it is.
 */
export function compact(h: LossHistory, full = FULL_STEPS, maxBins = MAX_BINS): void {
  const n = h.steps.length;
  // every bin is re-merged (entries after the bins are single steps)
  const old = Math.max(n - full, binCount(h));
  if (old <= 0) return;
  const keys = Object.keys(h.terms);
  let oldSteps = 0;
  for (let i = 0; i < old; i++) oldSteps += entryCount(h, i);
  // W: the smallest power of two with oldSteps / W < maxBins (every closed bin holds >= W steps).
  let width = 1;
  while (oldSteps / width >= maxBins) width *= 2;

  const counts: number[] = [];
  const firsts: number[] = [];
  const lasts: number[] = [];
  const sums: number[][] = keys.map(() => []);
  let open = false;
  for (let i = 0; i < old; i++) {
    const c = entryCount(h, i);
    if (!open) {
      counts.push(0);
      firsts.push(entryFirst(h, i));
      lasts.push(0);
      sums.forEach((s) => s.push(0));
      open = true;
    }
    const b = counts.length - 1;
    counts[b] += c;
    lasts[b] = h.steps[i];
    // A bin's mean is the count-weighted mean of its entries' means: Σ_j c_j·m_j / Σ_j c_j.
    keys.forEach((k, t) => (sums[t][b] += c * h.terms[k][i]));
    if (counts[b] >= width) open = false;
  }
  const nb = counts.length;
  writeFront(h.steps, old, lasts);
  keys.forEach((k, t) => writeFront(h.terms[k], old, sums[t].map((s, b) => s / counts[b])));
  if (!h.bins) h.bins = { counts: [], firsts: [] };
  writeFront(h.bins.counts, h.bins.counts.length, counts);
  writeFront(h.bins.firsts, h.bins.firsts.length, firsts);
  if (nb === 0) delete h.bins;
}

/** Replaces arr[0..removed) by `front`, in place (the entries after `removed` move up). */
function writeFront(arr: number[], removed: number, front: readonly number[]): void {
  const tail = arr.length - removed;
  const shift = front.length - removed; // <= 0 here: merging never adds entries
  if (shift <= 0) {
    for (let i = 0; i < tail; i++) arr[front.length + i] = arr[removed + i];
    arr.length = front.length + tail;
  } else {
    arr.length = front.length + tail;
    for (let i = tail - 1; i >= 0; i--) arr[front.length + i] = arr[removed + i];
  }
  for (let i = 0; i < front.length; i++) arr[i] = front[i];
}

/**
 * The entries whose steps all come before `step` (the steps restored weights include), copied.
 * A bin that reaches `step` is left out whole.
 */
export function historyBefore(h: LossHistory, step: number): LossHistory {
  let n = 0;
  while (n < h.steps.length && h.steps[n] < step) n++;
  const out: LossHistory = { steps: h.steps.slice(0, n), terms: Object.fromEntries(Object.entries(h.terms).map(([k, v]) => [k, v.slice(0, n)])) };
  const nb = Math.min(n, binCount(h));
  if (nb > 0) out.bins = { counts: h.bins!.counts.slice(0, nb), firsts: h.bins!.firsts.slice(0, nb) };
  return out;
}

/**
 * Appends a whole history (bins included) to `target`, which must be empty or end before
 * `source` starts. Used when a fresh trainer takes over a run (context recovery).
 */
export function appendHistory(target: LossHistory, source: LossHistory): void {
  const nb = binCount(source);
  if (nb > 0) {
    if (target.steps.length > 0) throw new Error('appendHistory: merged entries can only start an empty history');
    target.bins = { counts: source.bins!.counts.slice(), firsts: source.bins!.firsts.slice() };
  }
  // No cap here (the source respects it; the next append compacts): bins must stay in front.
  appendToHistory(target, source.steps, source.terms, { full: FULL_STEPS, maxBins: MAX_BINS, cap: Infinity });
}
