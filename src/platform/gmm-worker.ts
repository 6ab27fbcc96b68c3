/**
 * Web Worker: fits a GMM by EM (core/density/gmm.ts, plain JS, no tfjs) off the main thread,
 * so the Scoreboard's log p(x) stage does not freeze the page. Messages: in
 * { data, n, d, opts } (opts without callbacks); out { type: 'iteration', iteration } per EM
 * iteration, then { type: 'done', params, fitInfo } or { type: 'error', message }.
 */
import { fitGmm, type GmmFitOptions } from '@/core/density/gmm';

interface Request { data: Float64Array; n: number; d: number; opts: Omit<GmmFitOptions, 'onIteration'> }

self.onmessage = (e: MessageEvent<Request>) => {
  const { data, n, d, opts } = e.data;
  try {
    const gmm = fitGmm(data, n, d, { ...opts, onIteration: (iteration) => self.postMessage({ type: 'iteration', iteration }) });
    const { k, covariance, weights, means, covariances, fitInfo } = gmm;
    self.postMessage({ type: 'done', params: { k, d: gmm.d, covariance, weights, means, covariances }, fitInfo });
  } catch (err) {
    self.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
