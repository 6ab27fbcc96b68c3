/**
 * Save and load of named variables, shared by every model.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { WeightMap } from '@/core/models/types';

/**
 * Reads every variable (async, no blocking readback) into arrays of its own. All reads are queued before the first await,
 * so the copy is of one moment even while training keeps queuing steps (a lost-context snapshot).
 */
export async function readWeights(vars: Record<string, tf.Variable>): Promise<WeightMap> {
  const entries = Object.entries(vars);
  const values = await Promise.all(entries.map(([, v]) => v.data()));
  // Copies: the CPU backend's data() is the variable's own storage, which a transfer to a worker would detach.
  return Object.fromEntries(entries.map(([name, v], i) => [name, { shape: v.shape.slice(), values: Float32Array.from(values[i] as Float32Array) }]));
}

/** Assigns saved values; throws on a missing name or a shape mismatch, before changing anything. */
export function writeWeights(vars: Record<string, tf.Variable>, weights: WeightMap): void {
  for (const [name, v] of Object.entries(vars)) {
    const w = weights[name];
    if (!w) throw new Error(`weights: "${name}" is missing`);
    const n = v.shape.reduce((a, b) => a * b, 1);
    if (w.shape.join('x') !== v.shape.join('x') || w.values.length !== n) {
      throw new Error(`weights: "${name}" has shape [${w.shape}], the model needs [${v.shape}]`);
    }
  }
  for (const [name, v] of Object.entries(vars)) {
    tf.tidy(() => v.assign(tf.tensor(weights[name].values, v.shape)));
  }
}

/** @returns the number of scalars in the variables. */
export function countParams(vars: tf.Variable[]): number {
  return vars.reduce((a, v) => a + v.size, 0);
}
