/** A legend key: a short line in the curve's color and line style, so it reads without color too. */
export function LineSwatch({ color, dash }: { color: string; dash: string }) {
  return (
    // Inline size and display: the charts' own `svg { display: block }` rules must not apply to it.
    <svg className="line-swatch" width="24" height="10" viewBox="0 0 24 10" aria-hidden="true" focusable="false"
      style={{ display: 'inline-block', width: 24, height: 10, verticalAlign: 'middle' }}>
      <line x1="1" y1="5" x2="23" y2="5" stroke={color} strokeWidth="2.5" strokeDasharray={dash || undefined} />
    </svg>
  );
}
