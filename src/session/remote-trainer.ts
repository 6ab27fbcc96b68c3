/**
 * The page's end of the training worker (training-host.ts at the other end; messages in
 * training-protocol.ts). Commands are fire-and-forget; weights and evaluations are requests
 * answered by id. Reports of an older model generation are dropped by the session, not here.
 */
import type { TermValues, WeightMap } from '@/core/models/types';
import type { MnistSplit } from '@/core/data/mnist';
import type { BackendName } from '@/platform/backend';
import type { Settings } from '@/settings/settings';
import { weightBuffers, type FromWorker, type ToWorker } from '@/session/training-protocol';

/** A Worker, or (in Node tests) a MessagePort wired to a TrainingHost. */
export interface WorkerLike {
  postMessage(message: ToWorker, transfer: Transferable[]): void;
  onmessage: ((e: MessageEvent<FromWorker>) => void) | null;
  /** A Worker's: its script failed to load, or threw. */
  onerror?: ((e: ErrorEvent) => void) | null;
  terminate?(): void;
  close?(): void;
}

export type Progress = Extract<FromWorker, { type: 'progress' }>;
export type Failure = Extract<FromWorker, { type: 'failed' }>;
export type WeightsReport = Extract<FromWorker, { type: 'weights' }>;

export interface RemoteEvents {
  progress(p: Progress): void;
  failed(f: Failure): void;
  /** Weights sent unasked (every second while training, and after a pause or a step). */
  weights(w: WeightsReport): void;
  /** The worker died (an uncaught error): the session trains on its own thread instead. */
  lost(message: string): void;
}

/** Waits this long (ms) for the worker's backend to start before giving up on the worker. */
const START_TIMEOUT_MS = 20_000;

export class RemoteTrainer {
  private nextId = 1;
  private waiting = new Map<number, { resolve: (m: FromWorker) => void; reject: (e: Error) => void }>();

  private constructor(private readonly worker: WorkerLike, private events: RemoteEvents) {}

  /**
   * Starts the worker's backend (the data follows with sendSplit).
   * @throws Error when the worker cannot start (the caller trains on the page's thread)
   */
  static async start(worker: WorkerLike, backend: BackendName, events: RemoteEvents): Promise<RemoteTrainer> {
    const remote = new RemoteTrainer(worker, events);
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer in ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
      worker.onmessage = (e) => {
        clearTimeout(timer);
        if (e.data.type === 'ready') resolve();
        else reject(new Error(e.data.type === 'init-failed' ? e.data.message : `unexpected ${e.data.type}`));
      };
      worker.onerror = (e) => {
        clearTimeout(timer);
        reject(new Error(e.message || 'the worker script failed to load'));
      };
    });
    worker.postMessage({ type: 'init', backend }, []);
    try {
      await ready;
    } catch (err) {
      remote.terminate();
      throw err;
    }
    worker.onmessage = (e) => remote.receive(e.data);
    worker.onerror = (e) => {
      const message = e.message || 'the training worker failed';
      remote.rejectAll(new Error(message));
      remote.events.lost(message);
    };
    return remote;
  }

  private receive(m: FromWorker): void {
    if ((m.type === 'weights' || m.type === 'evaluated' || m.type === 'stale') && m.id !== 0) {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.type === 'stale') w?.reject(new DOMException('The model changed', 'AbortError') as unknown as Error);
      else w?.resolve(m);
      return;
    }
    if (m.type === 'progress') this.events.progress(m);
    else if (m.type === 'failed') this.events.failed(m);
    else if (m.type === 'weights') this.events.weights(m);
  }

  private rejectAll(err: Error): void {
    this.waiting.forEach((w) => w.reject(err));
    this.waiting.clear();
  }

  /** Posts in call order, also when a message waits for its weights (read back asynchronously). */
  private chain: Promise<void> = Promise.resolve();
  private send(message: ToWorker | (() => Promise<ToWorker>)): void {
    this.chain = this.chain
      .then(async () => {
        const m = typeof message === 'function' ? await message() : message;
        this.worker.postMessage(m, m.type === 'build' || m.type === 'load' ? weightBuffers(m.weights) : []);
      })
      .catch(() => undefined); // the weights of a model disposed meanwhile: a later build follows
  }

  /**
   * A new model: the worker builds it from the settings and starts from the page's weights
   * (read by `weights()`, then moved, not copied), so both ends hold the same model.
   */
  build(gen: number, settings: Settings, weights: () => Promise<WeightMap>): void {
    this.send(async () => ({ type: 'build', gen, settings, weights: await weights() }));
  }
  /** New starting weights for the current model, from now on generation `gen` (moved). */
  load(gen: number, weights: () => Promise<WeightMap>): void {
    this.send(async () => ({ type: 'load', gen, weights: await weights() }));
  }
  /** A split for the worker (copied: the page keeps its own); `reconIndices` with the test split. */
  sendSplit(which: 'test' | 'train', split: MnistSplit, reconIndices?: number[]): void {
    this.send({ type: 'split', which, split: { count: split.count, images: split.images, labels: split.labels }, reconIndices });
  }
  play(gen: number): void {
    this.send({ type: 'play', gen });
  }
  pause(gen: number): void {
    this.send({ type: 'pause', gen });
  }
  step(gen: number, n = 1): void {
    this.send({ type: 'step', gen, n });
  }
  live(gen: number, key: string, value: number | string): void {
    this.send({ type: 'live', gen, key, value });
  }

  /** The worker's current weights and the step they include. */
  async weights(gen: number): Promise<{ step: number; weights: WeightMap }> {
    const m = await this.request({ type: 'weights', gen, id: this.nextId++ });
    if (m.type !== 'weights') throw new Error('unexpected answer');
    return m;
  }

  /** Mean terms over the first `images` test images, computed in the worker. */
  async evaluate(gen: number, images: number, seed: number): Promise<{ step: number; values: TermValues }> {
    const m = await this.request({ type: 'evaluate', gen, id: this.nextId++, images, seed });
    if (m.type !== 'evaluated') throw new Error('unexpected answer');
    if (!m.values) throw new Error(m.error ?? 'evaluation failed');
    return { step: m.step, values: m.values };
  }

  private request(message: Extract<ToWorker, { id: number }>): Promise<FromWorker> {
    return new Promise((resolve, reject) => {
      this.waiting.set(message.id, { resolve, reject });
      this.send(message);
    });
  }

  terminate(): void {
    this.rejectAll(new DOMException('The training worker stopped', 'AbortError') as unknown as Error);
    this.worker.terminate?.();
    this.worker.close?.();
  }
}
