/**
 * The tfjs WebGL backend's GL context: watching it for loss and rebuilding the backend in place.
 *
 * tfjs 4.22 (tfjs-backend-webgl) creates one context per WebGL version (canvas_util.ts, cached
 * until it reports webglcontextlost) and registers the backend with a factory
 * (`registerBackend('webgl', () => new MathBackendWebGL(), 2)`). It does not recover by itself:
 * a read on a lost context polls its fence forever (gpgpu_context.ts pollFence), so training hangs.
 * Rebuilding = drain those polls, remove the backend (disposes its textures and programs and the
 * shared program cache), register the same factory again and set it: the new MathBackendWebGL
 * asks canvas_util for a context, which makes a fresh canvas because the old one is lost.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GPGPUContext, MathBackendWebGL } from '@tensorflow/tfjs-backend-webgl';

type Gl = WebGLRenderingContext | WebGL2RenderingContext;

/** The GPGPU context of the active WebGL backend; null when the backend in use is not WebGL. */
function activeGpgpu(): GPGPUContext | null {
  if (tf.getBackend() !== 'webgl') return null;
  return (tf.backend() as unknown as MathBackendWebGL).gpgpu ?? null;
}

/** The GL context tfjs computes with, or null on another backend. */
export function webglContext(): Gl | null {
  return activeGpgpu()?.gl ?? null;
}

/** True when the WebGL backend is active and its context is lost (false on other backends). */
export function isWebglContextLost(): boolean {
  const gl = webglContext();
  return gl !== null && gl.isContextLost();
}

/**
 * Calls `onLost` when the active WebGL backend's canvas reports webglcontextlost.
 * @returns a function that stops listening (a no-op when the backend is not WebGL)
 */
export function onWebglContextLost(onLost: () => void): () => void {
  const canvas = webglContext()?.canvas as (HTMLCanvasElement | OffscreenCanvas | undefined);
  if (!canvas) return () => {};
  const handler = (e: Event) => {
    e.preventDefault(); // as tfjs does: we rebuild rather than wait for a restore
    onLost();
  };
  canvas.addEventListener('webglcontextlost', handler);
  return () => canvas.removeEventListener('webglcontextlost', handler);
}

/**
 * Resolves every read still polling its fence on the lost context, so that the awaiting code
 * finishes (with meaningless zeros, which the session drops as stale) and frees its tensors,
 * and the poll loop stops. Repeats while new reads appear, a few rounds at most.
 */
export async function drainLostReads(): Promise<number> {
  const gpgpu = activeGpgpu() as unknown as { itemsToPoll?: { resolveFn: () => void }[] } | null;
  let drained = 0;
  for (let round = 0; round < 10 && gpgpu?.itemsToPoll?.length; round++) {
    const items = gpgpu.itemsToPoll;
    gpgpu.itemsToPoll = [];
    items.forEach((item) => item.resolveFn());
    drained += items.length;
    await new Promise((r) => setTimeout(r, 0)); // let the continuations run and dispose
  }
  return drained;
}

/**
 * Replaces the WebGL backend with a fresh instance on a new context. Call after every tensor on
 * the old backend has been disposed (they cannot move: their data lived in the lost textures).
 * @returns true when tfjs computes on a working WebGL context again
 */
export async function rebuildWebglBackend(): Promise<boolean> {
  const factory = tf.findBackendFactory('webgl');
  if (!factory) return false;
  try {
    tf.removeBackend('webgl');
  } catch {
    // disposing a lost context's resources should not throw; if it did, the registration stays
    // and the check below fails, so the caller falls back to another backend
  }
  try {
    if (!tf.registerBackend('webgl', factory, 2)) return false;
    if (!(await tf.setBackend('webgl'))) return false;
    await tf.ready();
  } catch {
    return false;
  }
  const gl = webglContext();
  return gl !== null && !gl.isContextLost();
}
