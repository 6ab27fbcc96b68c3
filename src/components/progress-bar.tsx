/** A labelled progress bar (0..1). */
export function ProgressBar({ label, value }: { label: string; value: number }) {
  const pct = Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div className="progress">
      <span className="progress-label">{label}</span>
      <progress max={100} value={pct} aria-label={label} />
      <span className="progress-value">{pct}%</span>
    </div>
  );
}
