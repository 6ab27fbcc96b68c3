/**
 * Chooses and starts the tfjs backend for the page, and describes it honestly for the badge.
 *
 * Order without a request: WebGL on a real GPU, then WASM, then CPU. tfjs creates its WebGL
 * context with failIfMajorPerformanceCaveat, so software-only WebGL (SwiftShader) is refused
 * and we move on to WASM, which trains several times faster on a CPU. `?backend=webgl|wasm|cpu`
 * forces one (forcing webgl also accepts software WebGL, which the browser tests use).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

export const BACKENDS = ['webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export interface BackendInfo {
  name: BackendName;
  /** Float precision of the arithmetic: WebGL may render to 16-bit textures on phones. */
  precision: 'float32' | 'float16';
  /** Extra detail for the badge's tooltip (renderer, SIMD, threads). */
  detail: string;
  /** Set when the backend in use is not the one requested or preferred, saying why. */
  notice: string | null;
}

/** @returns the backend named by `?backend=`, null when absent; a notice when the value is invalid. */
export function requestedBackend(search: string): { name: BackendName | null; notice: string | null } {
  const raw = new URLSearchParams(search).get('backend');
  if (raw === null) return { name: null, notice: null };
  if ((BACKENDS as readonly string[]).includes(raw)) return { name: raw as BackendName, notice: null };
  return { name: null, notice: `Unknown backend "${raw.slice(0, 20)}" in the link; choosing automatically.` };
}

/**
 * @returns the WebGL renderer's name when it is a software rasterizer (SwiftShader, llvmpipe,
 * Microsoft Basic Render), which some browsers report without a performance caveat.
 */
export function softwareRenderer(): string | null {
  try {
    // Probe the kind of canvas tfjs will use (an OffscreenCanvas for WebGL 2): Chromium with
    // --disable-3d-apis refuses WebGL on canvas elements but still grants it to OffscreenCanvas.
    const offscreen = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(1, 1).getContext('webgl2') : null;
    const gl = offscreen ?? document.createElement('canvas').getContext('webgl2') ?? document.createElement('canvas').getContext('webgl');
    if (!gl) return null;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return /swiftshader|llvmpipe|softpipe|software|basic render/i.test(renderer) ? renderer : null;
  } catch {
    return null;
  }
}

async function tryBackend(name: BackendName, forced: boolean): Promise<boolean> {
  try {
    if (name === 'webgl') {
      if (forced) tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
      else if (softwareRenderer()) return false;
    } else if (name === 'wasm') {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      wasm.setWasmPaths({
        'tfjs-backend-wasm.wasm': wasmPlain,
        'tfjs-backend-wasm-simd.wasm': wasmSimd,
        'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
      });
    } else {
      await import('@tensorflow/tfjs-backend-cpu');
    }
    if (!(await tf.setBackend(name))) return false;
    await tf.ready();
    return tf.getBackend() === name;
  } catch {
    return false;
  }
}

async function describe(name: BackendName): Promise<Pick<BackendInfo, 'precision' | 'detail'>> {
  if (name === 'webgl') {
    const f32 = tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED');
    const version = tf.env().getNumber('WEBGL_VERSION');
    return { precision: f32 ? 'float32' : 'float16', detail: `WebGL ${version}${f32 ? '' : ', 16-bit float textures'}` };
  }
  if (name === 'wasm') {
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    return { precision: 'float32', detail: `WebAssembly${simd ? ', SIMD' : ''}${threads ? ', threads' : ''}` };
  }
  return { precision: 'float32', detail: 'plain JavaScript' };
}

/**
 * Starts the first backend that works, in order of preference.
 * @param search location.search of the page
 */
export async function startBackend(search: string): Promise<BackendInfo> {
  const req = requestedBackend(search);
  const order: BackendName[] = req.name ? [req.name, ...BACKENDS.filter((b) => b !== req.name)] : [...BACKENDS];
  const failed: BackendName[] = [];
  let safeMode = false;
  for (const name of order) {
    const forced = name === req.name;
    if (await tryBackend(name, forced)) {
      const info = await describe(name);
      // 16-bit float textures (many phone GPUs) overflow and underflow in training: measured here,
      // the GVAE's BCE became NaN within a dozen steps. Unless WebGL was asked for, use the
      // float32 safe mode (WASM) and say why.
      if (info.precision === 'float16' && !forced) {
        failed.push(name);
        safeMode = true;
        continue;
      }
      let notice = req.notice;
      if (safeMode) {
        notice = `This GPU computes with 16-bit floats, too coarse for training (the GVAE went NaN within a few steps here); safe mode: training on ${name.toUpperCase()} (float32) instead. Add ?backend=webgl to the address to use the GPU anyway.`;
      } else if (failed.length > 0) {
        const why = failed.includes('webgl') && !req.name
          ? 'WebGL is unavailable or software-only on this device'
          : `${failed.join(' and ')} could not start`;
        notice = `${why}; training on ${name.toUpperCase()} instead.`;
      } else if (info.precision === 'float16') {
        notice = 'WebGL here computes with 16-bit floats: training may produce NaN. Remove ?backend=webgl to train in float32 safe mode.';
      }
      return { name, ...info, notice };
    }
    failed.push(name);
  }
  throw new Error('No tfjs backend could start (WebGL, WASM and CPU all failed).');
}
