/**
 * "What limits it", per target, for bench.md: what was found by profiling the steps on this
 * machine (tf.profile kernel times and CPU-time splits of the training step, Chrome traces of
 * the page), kept here as text beside the numbers the run measures.
 */
export const limits = {
  peak:
    'Backprop models: the matMuls run near the batch-64 XNNPACK rate, but a step is more than matMuls. On Node WASM at hidden 256, per CPU-second, ' +
    'forward + backward take ~14 ms of a ~20 ms step and tfjs\'s Adam ~6 ms (about 12 elementwise kernels per variable, over all 0.55 M parameters; ' +
    'not counted as FLOPs), and a step makes ~470 kernel calls. XNNPACK also re-packs every W in the forward matMul because the optimizer replaced it ' +
    '(about as long as the matMul itself at batch 64). GNCN-PDH: the settling loop runs at 70-90% of the peak; the rest of a step is the Cholesky of ' +
    'both Sigmas in JavaScript once per batch (~10% of a paper-sized step), the Hebbian products, Adam and the column constraints. ' +
    'CPU backend: its matMul is a JavaScript loop (the peak itself is < 1 GFLOP/s). WebGL: SwiftShader runs each shader pass in software with a fixed cost per pass.',
  naive:
    'On WASM the naive step\'s backward matMuls read W and x transposed, which tfjs-backend-wasm runs in a scalar loop instead of XNNPACK (5-20x slower ' +
    'per matMul); our layers use plain matMuls there. On CPU and WebGL a transposed operand costs nothing extra, and our step does a little more than the ' +
    'naive one (global-norm clipping: ~60 more kernels per step), so ~1x is what the layer design can give there; the naive readback per step costs ' +
    'a GPU sync on WebGL, small against SwiftShader\'s matMuls.',
  torch:
    'tfjs WASM runs matMuls on one thread with 128-bit SIMD: tfjs hands XNNPACK no thread pool, so even the threaded WASM build multiplies on one ' +
    'core. OpenBLAS runs two threads with AVX2 kernels. The matMul peak ratio is the ceiling for GNCN-PDH (mostly matMuls); the backprop models are ' +
    'further below it because every tfjs kernel is a JavaScript call into WASM and Adam is ~12 unfused passes over the weights, where PyTorch\'s ' +
    'autograd and optimizer run native loops.',
  /** Training in a Web Worker (the app's own choice on WASM and CPU). */
  worker:
    'On WASM and CPU the app trains in a Web Worker: the steps, their readbacks and the test-set evaluation run there, so the page\'s ' +
    '"longtask" observer never sees them. The page\'s thread still handles the worker\'s messages (Worker.onmessage): the terms after ' +
    'each readback (appended to the history, then React\'s update and the loss chart) and, every second, the worker\'s weights, loaded ' +
    'into the page\'s own copy of the model for the demos, with the reconstruction grid. Those handlers and the drawing are what is left ' +
    'on the page\'s thread; on this shared 2-core machine the worker\'s steps, the page and other processes also compete for the cores, ' +
    'so under load a handler can take far longer in wall time than its CPU time.',
  /** ?worker=off on WASM or CPU: the path before the worker. */
  pageThreadSync:
    'With ?worker=off (the path before the worker, kept for comparison) the steps run on the page\'s thread, where every WASM and CPU ' +
    'kernel runs synchronously: each animation frame runs training steps for up to 12 ms and at least one step, so a frame lasts at ' +
    'least one step (the GVAE\'s is ~20-30 ms of CPU on WASM here; with other processes busy, two to ten times longer in wall time). ' +
    'The test-set evaluation (1,000 images at the start and every 250 steps) runs there too, in chunks of 25 images with a yield ' +
    'between them, each chunk one task.',
  /** WebGL: training on the page's thread by design. */
  webgl:
    'WebGL training stays on the page\'s thread by design: on a real GPU the kernels run asynchronously (the thread only queues shader ' +
    'passes and reads the terms back every 10 steps or 400 ms), and the recovery from a lost GPU context lives there. Here WebGL is ' +
    'SwiftShader, which runs the shaders on the CPU, and the page\'s readback waits for the queued passes synchronously, so the cost ' +
    'of the queued steps lands in page-thread tasks of a second or more. That is why the app picks WASM (and the worker) on a machine ' +
    'whose only WebGL is software.',
  gncnStep:
    'A GNCN-PDH step settles K times: at the browser defaults (240 wide, K 20) it is ~3 GFLOP, ~150 ms on WASM here even at 70-90% of the matMul peak.',
  /** Added to gncnStep when the steps ran on the page's thread. */
  gncnOnPage: 'On the page\'s thread, with at least one step per frame, the page draws at most ~6 frames/s while it trains.',
  /** Added to gncnStep when the steps ran in the worker. */
  gncnInWorker: 'In the worker that bounds the training rate, not the page\'s frames.',
  sizes:
    'The first view carries tfjs-core with the WebGL backend, React and D3; the WASM binary is fetched when the WASM backend starts (here at once: the ' +
    'app prefers WASM to software WebGL), the training split and the pretrained weights after the first view.',
};
