/**
 * Binarized MNIST held in memory as packed bits, and the batches drawn from it.
 * Batches are Float32Arrays [B, 784]; turning them into tensors is the trainer's job.
 */
import { createRng, deriveSeed, permutation, type Rng } from '@/core/rng';
import { BYTES_PER_IMAGE, PIXELS, unpackImage } from '@/core/data/bit-pack';

/** One split (train or test) of binarized MNIST. */
export interface MnistSplit {
  /** Number of images. */
  count: number;
  /** Packed pixels, [count, 98]. */
  images: Uint8Array;
  /** Digit labels 0-9, [count]. */
  labels: Uint8Array;
}

/** @throws Error when the packed arrays do not agree with `count`. */
export function makeSplit(images: Uint8Array, labels: Uint8Array): MnistSplit {
  const count = labels.length;
  if (images.length !== count * BYTES_PER_IMAGE) {
    throw new Error(`images hold ${images.length} bytes, ${count} labels need ${count * BYTES_PER_IMAGE}`);
  }
  for (let i = 0; i < count; i++) {
    if (labels[i] > 9) throw new Error(`label ${labels[i]} at index ${i} is not a digit`);
  }
  return { count, images, labels };
}

/** @returns the images at `indices` as floats in {0, 1}, [indices.length, 784]. */
export function gatherImages(split: MnistSplit, indices: ArrayLike<number>): Float32Array {
  const out = new Float32Array(indices.length * PIXELS);
  for (let i = 0; i < indices.length; i++) unpackImage(split.images, indices[i], out, i * PIXELS);
  return out;
}

/** @returns the first n indices 0..n-1 (a fixed evaluation subset). */
export function firstIndices(n: number): Uint32Array {
  return Uint32Array.from({ length: n }, (_, i) => i);
}

/**
 * Draws mini-batches without replacement within an epoch, in an order fixed by the seed:
 * epoch e uses permutation(seed, "batches", e). A batch never straddles two epochs; the
 * remainder of an epoch that does not fill a batch is skipped (as a DataLoader with drop_last).
 */
export class BatchSampler {
  private order: Uint32Array;
  private position = 0;
  private epochIndex = 0;

  /**
   * @param count number of training images
   * @param batchSize images per batch (at most count)
   * @param seed the run's seed
   */
  constructor(
    private readonly count: number,
    private readonly batchSize: number,
    private readonly seed: number,
  ) {
    if (batchSize < 1 || batchSize > count) throw new Error(`batch size ${batchSize} outside 1..${count}`);
    this.order = this.epochOrder(0);
  }

  /** Epochs completed so far. */
  get epoch(): number {
    return this.epochIndex + this.position / this.count;
  }

  /** @returns the indices of the next batch. */
  next(): Uint32Array {
    if (this.position + this.batchSize > this.count) {
      this.epochIndex += 1;
      this.order = this.epochOrder(this.epochIndex);
      this.position = 0;
    }
    const batch = this.order.subarray(this.position, this.position + this.batchSize);
    this.position += this.batchSize;
    return batch;
  }

  private epochOrder(e: number): Uint32Array {
    const rng: Rng = createRng(deriveSeed(this.seed, 'batches', e));
    return permutation(rng, this.count);
  }
}
