import type { BackendInfo } from '@/platform/backend';

/** Which tfjs backend trains, at which float precision and on which thread; honest about fallbacks. */
export function BackendBadge({ backend, stepsPerSecond, thread }: { backend: BackendInfo | null; stepsPerSecond: number; thread: 'main' | 'worker' }) {
  if (!backend) return <span className="badge">starting…</span>;
  const where = thread === 'worker' ? 'training in a Web Worker, so the page stays responsive' : 'training on the page\'s thread';
  return (
    <span className={`badge backend-${backend.name}`} title={`${backend.detail}; ${where}`} data-testid="backend-badge">
      {backend.name.toUpperCase()} · {backend.precision}{thread === 'worker' && <> · worker</>}
      {stepsPerSecond > 0 && <> · {stepsPerSecond.toFixed(1)} steps/s</>}
    </span>
  );
}
