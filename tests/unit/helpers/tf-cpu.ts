/** Node tests run tfjs on the CPU backend (float32, deterministic). */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

export async function useCpuBackend(): Promise<typeof tf> {
  await tf.setBackend('cpu');
  await tf.ready();
  return tf;
}
