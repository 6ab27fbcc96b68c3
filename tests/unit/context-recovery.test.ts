/**
 * The pieces of lost-context recovery that need no GPU: the readback watchdog, the weight
 * snapshot store, the history cut at the restored step and the recovery notice.
 * (The rebuild itself runs in Chromium: tests/e2e/reliability.spec.ts.)
 */
import { describe, expect, it } from 'vitest';
import { GpuLostError, recoveryNotice, watchdog, watchdogLimitMs, WATCHDOG_MIN_MS, WATCHDOG_SLACK } from '@/session/context-recovery';
import { continueFrom, historyBefore, SNAPSHOT_MS, SnapshotStore } from '@/session/weight-snapshot';
import type { Trainer } from '@/core/train/trainer';
import type { GenerativeModel, WeightMap } from '@/core/models/types';

const never = new Promise<number>(() => {});
const after = <T>(ms: number, v: T) => new Promise<T>((r) => setTimeout(() => r(v), ms));

describe('watchdog', () => {
  it('passes a readback that finishes through, value and error alike', async () => {
    await expect(watchdog(after(20, 7), 1000, () => false, 5)).resolves.toBe(7);
    await expect(watchdog(Promise.reject(new Error('boom')), 1000, () => false, 5)).rejects.toThrow('boom');
  });

  it('rejects with GpuLostError as soon as the context reports lost, without waiting for the limit', async () => {
    let lost = false;
    setTimeout(() => (lost = true), 30);
    const t0 = Date.now();
    const err = await watchdog(never, 60_000, () => lost, 5).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GpuLostError);
    expect((err as Error).message).toMatch(/lost during a readback/);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('counts a readback that never finishes as lost after the limit, even if the context says it is fine', async () => {
    const err = await watchdog(never, 50, () => false, 5).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GpuLostError);
    expect((err as Error).message).toMatch(/did not finish in 0 s/);
  });

  it('gives slow GPUs room: the limit is the floor or a multiple of the expected duration', () => {
    expect(watchdogLimitMs(10, 0)).toBe(WATCHDOG_MIN_MS); // speed unknown
    expect(watchdogLimitMs(10, 1000)).toBe(WATCHDOG_MIN_MS); // 10 ms expected
    // 20 steps at 0.5 steps/s take 40 s; the watchdog waits SLACK times that
    expect(watchdogLimitMs(20, 0.5)).toBe(WATCHDOG_SLACK * 40_000);
  });
});

/** A stand-in model whose getWeights returns `values` (only getWeights is used by the store). */
function fakeModel(values: number[]): GenerativeModel {
  const w: WeightMap = { W: { shape: [values.length], values: Float32Array.from(values) } };
  return { getWeights: () => Promise.resolve(w) } as unknown as GenerativeModel;
}

describe('SnapshotStore', () => {
  it('takes a snapshot at most every SNAPSHOT_MS and keeps the step it was queued at', async () => {
    const store = new SnapshotStore();
    store.maybeTake(fakeModel([1, 2]), 10, () => true, 0);
    await after(0, 0);
    expect(store.latest()?.step).toBe(10);
    store.maybeTake(fakeModel([3, 4]), 20, () => true, SNAPSHOT_MS - 1); // too soon
    await after(0, 0);
    expect(store.latest()?.step).toBe(10);
    store.maybeTake(fakeModel([3, 4]), 30, () => true, SNAPSHOT_MS + 1);
    await after(0, 0);
    expect(store.latest()).toMatchObject({ step: 30 });
    expect(Array.from(store.latest()!.weights.W.values)).toEqual([3, 4]);
  });

  it('drops a snapshot that arrives after the model changed or the context was lost, and one with NaN', async () => {
    const store = new SnapshotStore();
    store.maybeTake(fakeModel([1]), 5, () => true, 0);
    await after(0, 0);
    store.maybeTake(fakeModel([0]), 9, () => false, SNAPSHOT_MS * 2); // zeros read from a lost context
    await after(0, 0);
    store.maybeTake(fakeModel([Number.NaN]), 12, () => true, SNAPSHOT_MS * 4);
    await after(0, 0);
    expect(store.latest()?.step).toBe(5);
    store.clear();
    expect(store.latest()).toBeNull();
  });

  it('is not blocked by a copy that never arrives (a read stuck on a lost context) once cleared', async () => {
    const store = new SnapshotStore();
    const stuck = { getWeights: () => new Promise(() => {}) } as unknown as GenerativeModel;
    store.maybeTake(stuck, 5, () => true, 0);
    store.maybeTake(fakeModel([1]), 9, () => true, SNAPSHOT_MS * 2);
    await after(0, 0);
    expect(store.latest()).toBeNull(); // still waiting for the stuck copy
    store.clear();
    store.maybeTake(fakeModel([2]), 12, () => true, SNAPSHOT_MS * 3);
    await after(0, 0);
    expect(store.latest()?.step).toBe(12);
  });
});

describe('historyBefore', () => {
  it('keeps the entries of steps the restored weights include, as copies', () => {
    const h = { steps: [0, 1, 2, 3, 4], terms: { loss: [9, 8, 7, 6, 5] } };
    const cut = historyBefore(h, 3);
    expect(cut).toEqual({ steps: [0, 1, 2], terms: { loss: [9, 8, 7] } });
    cut.steps.push(99);
    expect(h.steps).toHaveLength(5);
  });
});

describe('continueFrom', () => {
  it('puts a fresh trainer at the snapshot step with the history before it, and returns the latest terms', () => {
    const fresh = { step: 0, history: { steps: [] as number[], terms: { loss: [] as number[] } } } as unknown as Trainer;
    const h = historyBefore({ steps: [0, 1, 2, 3], terms: { loss: [9, 8, 7, 6] } }, 3);
    expect(continueFrom(fresh, 3, h)).toEqual({ loss: 7 });
    expect(fresh.step).toBe(3);
    expect(fresh.history).toEqual({ steps: [0, 1, 2], terms: { loss: [9, 8, 7] } });
    expect(continueFrom(fresh, 0, historyBefore(h, 0))).toBeNull();
  });
});

describe('recoveryNotice', () => {
  it('says what was lost, what was restored and where training continues', () => {
    const base = { cause: 'the browser reported webglcontextlost', lostStep: 500, ms: 1234, backend: 'webgl', fellBack: false };
    expect(recoveryNotice({ ...base, restoredStep: 450 })).toBe(
      'The GPU context was lost at step 500 (the browser reported webglcontextlost): the WebGL backend was rebuilt on a new context ' +
      "and the weights were restored from the snapshot at step 450 (50 steps are retrained; Adam's running averages restart), in 1.2 s.");
    expect(recoveryNotice({ ...base, restoredStep: null, backend: 'wasm', fellBack: true }))
      .toMatch(/WebGL could not be restarted, so training continues on WASM and no snapshot had been taken yet/);
  });
});
