import { useEffect, useState, type RefObject } from 'react';

/** The element's content width in CSS pixels, clamped to [min, max]; follows resizes. */
export function useWidth(ref: RefObject<HTMLElement | null>, min: number, max: number, initial = max): number {
  const [width, setWidth] = useState(initial);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setWidth(Math.max(min, Math.min(max, Math.floor(el.clientWidth - 24)))));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref, min, max]);
  return width;
}
