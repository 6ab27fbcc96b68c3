import type { BackendInfo } from '@/platform/backend';

/** Which tfjs backend trains, at which float precision; honest about fallbacks. */
export function BackendBadge({ backend, stepsPerSecond }: { backend: BackendInfo | null; stepsPerSecond: number }) {
  if (!backend) return <span className="badge">starting…</span>;
  return (
    <span className={`badge backend-${backend.name}`} title={backend.detail} data-testid="backend-badge">
      {backend.name.toUpperCase()} · {backend.precision}
      {stepsPerSecond > 0 && <> · {stepsPerSecond.toFixed(1)} steps/s</>}
    </span>
  );
}
