/**
 * Runs a demo's query against the live model and keeps its answer as plain numbers:
 *  - at once when the model is rebuilt (the old answer is dropped) or when `inputs` change
 *    (a new mask, a new drawing: the user is waiting);
 *  - after training progress (snap.historyVersion) at most once every `minIntervalMs` (or twice
 *    the last run's wall time if longer), so the page stays responsive while training (on WASM
 *    a query runs on the main thread); at once when training pauses (the final weights);
 *  - never two at a time; a request during a run is served when the run ends;
 *  - only while the demo is on screen (IntersectionObserver), catching up when it scrolls in.
 * A query rejected with AbortError (the model was rebuilt meanwhile) is dropped silently.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';

/**
 * What the hook watches: the session's snapshot, or any source with the same three fields
 * (the side-by-side runs): `model` changes identity on a rebuild, `historyVersion` on progress.
 */
export interface LiveSource {
  model: unknown;
  historyVersion: number;
  playing: boolean;
}

export interface LiveQuery<T> {
  data: T | null;
  error: string | null;
  /** Wall time of the last completed run (ms), including the JS work after the readback. */
  ms: number | null;
  busy: boolean;
}

export const REFRESH_MS = 2000;

export function useLiveQuery<T>(
  snap: LiveSource,
  run: () => Promise<T | null>,
  inputs: readonly unknown[],
  box: RefObject<HTMLElement | null>,
  minIntervalMs = REFRESH_MS,
): LiveQuery<T> {
  const [state, setState] = useState<LiveQuery<T>>({ data: null, error: null, ms: null, busy: false });
  const runRef = useRef(run);
  runRef.current = run;
  const modelRef = useRef(snap.model);
  modelRef.current = snap.model;
  const ctl = useRef({ inFlight: false, pending: false, urgent: false, lastStart: -Infinity, lastMs: 0, timer: 0, visible: true, dirty: false, alive: true });

  const schedule = useRef<(urgent: boolean) => void>(() => {});
  schedule.current = (urgent: boolean) => {
    const c = ctl.current;
    if (!c.alive) return;
    c.urgent ||= urgent;
    if (!c.visible) {
      c.dirty = true;
      return;
    }
    if (c.inFlight) {
      c.pending = true;
      return;
    }
    // A slow query waits longer (twice its own wall time), so it never runs back to back.
    const interval = Math.max(minIntervalMs, 2 * c.lastMs);
    const wait = c.urgent ? 0 : Math.max(0, c.lastStart + interval - performance.now());
    window.clearTimeout(c.timer);
    c.timer = window.setTimeout(() => void start(), wait);
  };

  const start = async () => {
    const c = ctl.current;
    if (c.inFlight || !c.alive) return;
    c.inFlight = true;
    c.urgent = false;
    c.lastStart = performance.now();
    const model = modelRef.current;
    setState((s) => ({ ...s, busy: true }));
    try {
      const data = await runRef.current();
      // An answer about a model that has since been replaced is never shown.
      c.lastMs = performance.now() - c.lastStart;
      if (c.alive && modelRef.current === model) setState({ data, error: null, ms: c.lastMs, busy: false });
    } catch (err) {
      const aborted = err instanceof DOMException && err.name === 'AbortError';
      if (c.alive) setState((s) => ({ ...s, busy: false, error: aborted ? s.error : err instanceof Error ? err.message : String(err) }));
    } finally {
      c.inFlight = false;
      if (c.pending) {
        c.pending = false;
        schedule.current(false);
      }
    }
  };

  // Visibility: refresh only on screen; catch up when scrolled back in.
  useEffect(() => {
    const el = box.current;
    const c = ctl.current;
    c.alive = true;
    if (!el || typeof IntersectionObserver === 'undefined') return () => { c.alive = false; };
    const io = new IntersectionObserver(([entry]) => {
      c.visible = entry.isIntersecting;
      if (c.visible && c.dirty) {
        c.dirty = false;
        schedule.current(false);
      }
    }, { rootMargin: '200px' });
    io.observe(el);
    return () => {
      c.alive = false;
      io.disconnect();
      window.clearTimeout(c.timer);
    };
  }, [box]);

  // A rebuilt model: drop the old answer and ask the new one at once.
  useEffect(() => {
    setState({ data: null, error: null, ms: null, busy: false });
    schedule.current(true);
  }, [snap.model]);
  // New inputs from the user: at once.
  useEffect(() => {
    schedule.current(true);
  }, inputs);
  // Training progress: throttled while playing. When paused (a single step, the last readback),
  // at once: the weights no longer change, so the answer is final, and it lands promptly.
  useEffect(() => {
    schedule.current(!snap.playing);
  }, [snap.historyVersion]);
  useEffect(() => {
    if (!snap.playing) schedule.current(true);
  }, [snap.playing]);

  return state;
}
