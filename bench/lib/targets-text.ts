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
  mainThread:
    'Training runs on the main thread: each animation frame runs training steps for up to 12 ms and at least one step, so a frame lasts at least one ' +
    'step (the GVAE\'s is ~20-30 ms of CPU on WASM here; with other processes busy, two to ten times longer in wall time). Other main-thread work ' +
    'adds longer tasks (Chrome traces): the test-set evaluation (1,000 images at the start and every 250 steps) awaits data() per chunk of 100, ' +
    'which on WASM and CPU resolves in a microtask, so the whole evaluation is one task (seconds for GNCN-PDH, which settles K steps per chunk); ' +
    'KaTeX typesetting at load (~0.5 s). Moving training to a Web Worker would take it off the main thread (not done here: the lead decides); ' +
    'yielding to the event loop between evaluation chunks would split that task.',
  gncnStep:
    'A GNCN-PDH step settles K times: at the browser defaults (240 wide, K 20) it is ~3 GFLOP, ~150 ms on WASM here even at 70-90% of the matMul peak, ' +
    'so with one step per frame the page draws at most ~6 frames/s while it trains.',
  sizes:
    'The first view carries tfjs-core with the WebGL backend, React and D3; the WASM binary is fetched when the WASM backend starts (here at once: the ' +
    'app prefers WASM to software WebGL), the training split and the pretrained weights after the first view.',
};
