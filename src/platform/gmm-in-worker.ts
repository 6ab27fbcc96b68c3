/**
 * A GmmFitter (core/metrics/log-likelihood.ts) that runs EM in a Web Worker
 * (gmm-worker.ts) and rebuilds the Gmm from its parameters here. Aborting terminates the
 * worker. Where workers are missing it fits on this thread.
 */
import { Gmm, type GmmFitInfo, type GmmParams } from '@/core/density/gmm';
import { fitGmmHere, type GmmFitter } from '@/core/metrics/log-likelihood';

export const fitGmmInWorker: GmmFitter = (data, n, d, opts, signal) => {
  if (typeof Worker === 'undefined') return fitGmmHere(data, n, d, opts, signal);
  return new Promise<Gmm>((resolve, reject) => {
    signal?.throwIfAborted();
    const worker = new Worker(new URL('./gmm-worker.ts', import.meta.url), { type: 'module' });
    const finish = () => {
      worker.terminate();
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      finish();
      reject(signal?.reason ?? new DOMException('Aborted', 'AbortError'));
    };
    signal?.addEventListener('abort', onAbort);
    worker.onmessage = (e: MessageEvent<{ type: string; iteration?: number; params?: GmmParams; fitInfo?: GmmFitInfo; message?: string }>) => {
      const m = e.data;
      if (m.type === 'iteration') {
        opts.onIteration?.(m.iteration ?? 0, NaN);
        return;
      }
      finish();
      if (m.type === 'done' && m.params) resolve(new Gmm(m.params, m.fitInfo ?? null));
      else reject(new Error(m.message ?? 'GMM worker failed'));
    };
    worker.onerror = (e) => {
      finish();
      reject(new Error(`GMM worker: ${e.message || 'failed to start'}`));
    };
    const plain: Partial<typeof opts> = { ...opts };
    delete plain.onIteration; // functions cannot be posted
    worker.postMessage({ data, n, d, opts: plain });
  });
};
