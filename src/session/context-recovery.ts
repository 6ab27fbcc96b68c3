/**
 * Surviving a lost WebGL context: detection (the canvas's webglcontextlost event, plus a watchdog
 * on readbacks), and the rebuild (drain the stuck reads, free the old tensors, a fresh WebGL
 * backend, or WASM when WebGL will not come back). The session restores the weights from its
 * latest snapshot (weight-snapshot.ts) and resumes; this file holds the parts that need no
 * session state.
 */
import { startBackend, type BackendInfo } from '@/platform/backend';
import { drainLostReads, isWebglContextLost, onWebglContextLost, rebuildWebglBackend } from '@/platform/webgl-context';

/** A readback counts as lost after at least this long (ms) ... */
export const WATCHDOG_MIN_MS = 20_000;
/** ... or this many times its expected duration, whichever is longer (slow GPUs are not lost). */
export const WATCHDOG_SLACK = 10;
/** How often (ms) a pending readback checks whether the context is lost. */
export const WATCHDOG_POLL_MS = 500;

export class GpuLostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GpuLostError';
  }
}

/**
 * @param steps steps the readback covers; @param stepsPerSecond recent training speed (0: unknown)
 * @returns how long (ms) the readback may take before it counts as lost
 */
export function watchdogLimitMs(steps: number, stepsPerSecond: number): number {
  const expected = stepsPerSecond > 0 ? (1000 * Math.max(1, steps)) / stepsPerSecond : 0;
  return Math.max(WATCHDOG_MIN_MS, WATCHDOG_SLACK * expected);
}

/**
 * Races `work` against a lost context: rejects with GpuLostError as soon as `isLost()` turns
 * true while waiting, or when `limitMs` passes (a GPU that stopped answering). A late result or
 * error of `work` is then ignored.
 */
export function watchdog<T>(work: Promise<T>, limitMs: number, isLost: () => boolean, pollMs = WATCHDOG_POLL_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t0 = Date.now();
    const timer = setInterval(() => {
      if (isLost()) fail('the GPU context was lost during a readback');
      else if (Date.now() - t0 >= limitMs) fail(`a readback did not finish in ${(limitMs / 1000).toFixed(0)} s`);
    }, pollMs);
    const fail = (why: string) => {
      clearInterval(timer);
      reject(new GpuLostError(why));
    };
    work.then(
      (v) => {
        clearInterval(timer);
        resolve(v);
      },
      (err) => {
        clearInterval(timer);
        reject(err);
      },
    );
  });
}

/** Watches the active backend for a lost context; re-attach after each backend (re)start. */
export class ContextGuard {
  private detach: () => void = () => {};

  constructor(private readonly onLost: (cause: string) => void) {}

  attach(): void {
    this.detach();
    this.detach = onWebglContextLost(() => this.onLost('the browser reported webglcontextlost'));
  }

  /** True when tfjs computes on WebGL and its context is lost. */
  lost(): boolean {
    return isWebglContextLost();
  }

  /** `work` under the watchdog on WebGL; as it is elsewhere (WASM and CPU reads cannot hang). */
  watch<T>(work: Promise<T>, steps: number, stepsPerSecond: number, onWebgl: boolean): Promise<T> {
    return onWebgl ? watchdog(work, watchdogLimitMs(steps, stepsPerSecond), () => this.lost()) : work;
  }
}

/**
 * Rebuilds the compute backend after a loss.
 * @param release disposes every tensor of the old backend (model, optimizer, queued terms);
 * called after the stuck reads are drained, before the backend is replaced
 * @param previous the backend info before the loss (kept when WebGL comes back)
 * @returns the backend now in use, and whether it had to fall back from WebGL
 */
export async function rebuildAfterLoss(release: () => void, previous: BackendInfo): Promise<{ info: BackendInfo; fellBack: boolean }> {
  await drainLostReads();
  release();
  if (await rebuildWebglBackend()) return { info: previous, fellBack: false };
  const info = await startBackend('?backend=wasm');
  return { info: { ...info, notice: null }, fellBack: true };
}

/** The notice after a recovery, in the page's words. */
export function recoveryNotice(r: { cause: string; lostStep: number; restoredStep: number | null; ms: number; backend: string; fellBack: boolean }): string {
  const where = r.fellBack
    ? `WebGL could not be restarted, so training continues on ${r.backend.toUpperCase()}`
    : 'the WebGL backend was rebuilt on a new context';
  const what = r.restoredStep === null
    ? 'no snapshot had been taken yet, so the model restarted from its starting weights'
    : `the weights were restored from the snapshot at step ${r.restoredStep}` +
      (r.lostStep > r.restoredStep ? ` (${r.lostStep - r.restoredStep} steps are retrained; Adam's running averages restart)` : '');
  return `The GPU context was lost at step ${r.lostStep} (${r.cause}): ${where} and ${what}, in ${(r.ms / 1000).toFixed(1)} s.`;
}
