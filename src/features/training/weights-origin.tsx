import type { Origin } from '@/session/pretrained';

const fmt = (n: number) => n.toLocaleString('en');

/**
 * Where the live model's weights came from, with the way to the other start: "Train from
 * scratch" (random weights from the seed) or back to the pretrained weights.
 */
export function WeightsOrigin({ origin, onInit }: { origin: Origin; onInit: (init: 'pretrained' | 'scratch') => void }) {
  if (origin.kind === 'loading') {
    return <p className="origin" data-testid="origin" data-origin="loading" aria-live="polite">Loading the pretrained weights…</p>;
  }
  if (origin.kind === 'scratch') {
    return (
      <p className="origin" data-testid="origin" data-origin="scratch">
        {origin.why ?? 'Random weights from the seed: training starts from scratch.'}{' '}
        <button type="button" className="link-button" onClick={() => onInit('pretrained')}>Load the pretrained model</button>
      </p>
    );
  }
  const i = origin.info;
  return (
    <p className="origin" data-testid="origin" data-origin="pretrained">
      Pretrained in Node: {i.epochs} epochs ({fmt(i.steps)} steps of {i.batchSize} on {fmt(i.trainImages)} training images, {i.backend},{' '}
      {Math.round(i.trainSeconds / 60)} min), shipped as {i.dtype} ({(i.bytes / 1e6).toFixed(1)} MB)
      {i.testBce !== null && <>; test BCE {i.testBce.toFixed(1)} nats/image</>}. Training continues from here.{' '}
      <button type="button" className="link-button" onClick={() => onInit('scratch')}>Train from scratch</button>
    </p>
  );
}
