/**
 * useThrottled: a value that follows its input at most once every `ms` milliseconds (the latest
 * input always lands at the end of a pause). For text that screen readers read, such as a
 * chart's summary, which would otherwise change with every readback.
 */
import { useEffect, useRef, useState } from 'react';

export function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const lastAt = useRef(0);
  useEffect(() => {
    const wait = lastAt.current + ms - Date.now();
    const apply = () => {
      lastAt.current = Date.now();
      setShown(value);
    };
    if (wait <= 0) {
      apply();
      return;
    }
    const id = setTimeout(apply, wait);
    return () => clearTimeout(id);
  }, [value, ms]);
  return shown;
}
