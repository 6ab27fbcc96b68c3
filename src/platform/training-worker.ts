/**
 * Web Worker entry for training (session/training-host.ts does the work). It starts the same
 * CPU-side backend the page chose (WASM or CPU: their kernels run synchronously, so training on
 * the page's thread would block its frames), takes the data, then hands every message to the host.
 * Protocol: session/training-protocol.ts.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { TrainingHost } from '@/session/training-host';
import type { FromWorker, ToWorker } from '@/session/training-protocol';

const post = (message: FromWorker, transfer: Transferable[] = []) => self.postMessage(message, { transfer });
const host = new TrainingHost(post);

async function init(msg: Extract<ToWorker, { type: 'init' }>): Promise<void> {
  try {
    if (msg.backend === 'wasm') {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      wasm.setWasmPaths({
        'tfjs-backend-wasm.wasm': wasmPlain,
        'tfjs-backend-wasm-simd.wasm': wasmSimd,
        'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
      });
    } else if (msg.backend === 'cpu') {
      await import('@tensorflow/tfjs-backend-cpu');
    } else {
      throw new Error(`the training worker runs WASM or CPU, not ${msg.backend}`);
    }
    if (!(await tf.setBackend(msg.backend))) throw new Error(`${msg.backend} did not start in the worker`);
    await tf.ready();
    post({ type: 'ready' });
  } catch (err) {
    post({ type: 'init-failed', message: err instanceof Error ? err.message : String(err) });
  }
}

// Messages wait for the backend: a model built before setBackend would live on the wrong one.
let started: Promise<void> = Promise.resolve();
self.onmessage = (e: MessageEvent<ToWorker>) => {
  const msg = e.data;
  started = msg.type === 'init' ? init(msg) : started.then(() => host.handle(msg)).catch((err: unknown) => {
    // Unexpected (a bug, or weights that do not fit): the page stops training and shows the message.
    post({ type: 'failed', gen: 'gen' in msg ? msg.gen : -1, step: 0, message: err instanceof Error ? err.message : String(err) });
  });
};
