import { useEffect, useRef } from 'react';
import { renderMaskedRows, type DigitRow } from '@/viz/masked-digits';

/** One 28 x 28 digit on a canvas with a caption (plain, masked or filled-in style). */
export function DigitTile({ row, caption, label, scale = 3, testId }: { row: DigitRow | null; caption: string; label: string; scale?: number; testId?: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current) renderMaskedRows(ref.current, [row ?? { images: new Float32Array(784), mask: null, style: 'plain' }], 1, { scale, gap: 0 });
  }, [row, scale]);
  return (
    <figure className="tile">
      <canvas ref={ref} className="pixels" role="img" aria-label={label} data-testid={testId} />
      <figcaption>{caption}</figcaption>
    </figure>
  );
}
