// Vitest setup: the gradient of each tfjs kernel is registered by this side-effect module
// (the full @tensorflow/tfjs bundle imports it; tfjs-core alone does not).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
