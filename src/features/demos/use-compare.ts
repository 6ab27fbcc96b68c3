/**
 * Owns one side-by-side run (CompareSession) for a component: built on first Play or Step from
 * the arms given then, disposed on Reset, when the arms change, and on unmount. Only one thing
 * trains at a time on the page's main thread: playing the run pauses the live model, and the
 * live model starting to play pauses the run.
 */
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useSession } from '@/hooks/use-session';
import { CompareSession, type ArmSpec, type CompareSnapshot } from '@/session/compare-session';

const noSubscribe = () => () => {};
const noSnapshot = () => null;

export interface CompareControls {
  run: CompareSession | null;
  snap: CompareSnapshot | null;
  error: string | null;
  play: () => void;
  pause: () => void;
  step: () => void;
  reset: () => void;
}

/** @param arms what to train (read when the run is built); @param key changes when the arms do (drops the run) */
export function useCompare(arms: () => ArmSpec[], key: string): CompareControls {
  const { session, snap: main } = useSession();
  const [run, setRun] = useState<CompareSession | null>(null);
  const [error, setError] = useState<string | null>(null);
  const runRef = useRef<CompareSession | null>(null);
  const armsRef = useRef(arms);
  armsRef.current = arms;
  const getSnap = run?.getSnapshot ?? noSnapshot;
  const snap = useSyncExternalStore(run?.subscribe ?? noSubscribe, getSnap, getSnap);

  const replace = useCallback((next: CompareSession | null) => {
    runRef.current?.dispose();
    runRef.current = next;
    setRun(next);
  }, []);

  /** The run, built now if there is none. */
  const ensure = (): CompareSession | null => {
    if (runRef.current) return runRef.current;
    const train = session.trainSplit();
    if (!train) return null;
    try {
      const next = new CompareSession(train, armsRef.current());
      setError(null);
      replace(next);
      return next;
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      return null;
    }
  };

  useEffect(() => () => replace(null), [key, replace]); // new arms (and unmount): drop the run
  useEffect(() => {
    if (main.playing) runRef.current?.pause();
  }, [main.playing]);

  return {
    run, snap, error,
    play: () => {
      if (session.getSnapshot().playing) session.pause();
      ensure()?.play();
    },
    pause: () => runRef.current?.pause(),
    step: () => {
      if (session.getSnapshot().playing) session.pause();
      void ensure()?.stepOnce();
    },
    reset: () => replace(null),
  };
}
