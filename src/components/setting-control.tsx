import { useEffect, useId, useState } from 'react';
import { SETTINGS, type ChoiceSetting, type NumberSetting, type SettingKey } from '@/settings/settings';

/** Formats a setting's value for its label. */
export function formatValue(s: NumberSetting, v: number): string {
  if (s.scale === 'log') return v.toExponential(1);
  return s.integer ? String(v) : String(Number(v.toFixed(3)));
}

/**
 * A slider or a select for one entry of the settings table; the table gives its range,
 * scale and the one line of what to watch.
 */
export function SettingControl({ name, value, onChange }: { name: SettingKey; value: number | string; onChange: (v: number | string) => void }) {
  const id = useId();
  const s = SETTINGS[name] as NumberSetting | ChoiceSetting;
  // A slider that rebuilds the model commits on release, not on every step of a drag.
  const [draft, setDraft] = useState<number | null>(null);
  useEffect(() => setDraft(null), [value]);
  if (s.kind === 'choice') {
    return (
      <div className="setting">
        <label htmlFor={id}>{s.label}</label>
        <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
          {s.options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        </select>
        <p className="watch">{s.watch}</p>
      </div>
    );
  }
  const v = draft ?? (value as number);
  if (s.control === 'number') {
    return (
      <div className="setting">
        <label htmlFor={id}>
          {s.label}{s.effect === 'reinit' && <span className="tag" title="Changing this re-initializes the model">re-init</span>}
        </label>
        <input id={id} type="number" min={s.min} max={s.max} step={s.step} defaultValue={v} key={v}
          onBlur={(e) => e.target.value !== String(v) && onChange(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()} />
        <p className="watch">{s.watch}</p>
      </div>
    );
  }
  const commitOnRelease = s.effect === 'reinit';
  const commit = () => {
    if (draft !== null && draft !== value) onChange(draft);
    else setDraft(null);
  };
  const toSlider = (x: number) => (s.scale === 'log' ? Math.log10(x) : x);
  const fromSlider = (x: number) => (s.scale === 'log' ? Number((10 ** x).toPrecision(3)) : x);
  return (
    <div className="setting">
      <label htmlFor={id}>
        {s.label}: <output>{formatValue(s, v)}{s.unit ? ` ${s.unit}` : ''}</output>
        {s.effect === 'reinit' && <span className="tag" title="Changing this re-initializes the model">re-init</span>}
      </label>
      <input
        id={id}
        type="range"
        min={toSlider(s.min)}
        max={toSlider(s.max)}
        step={s.step}
        value={toSlider(v)}
        onChange={(e) => {
          const next = fromSlider(Number(e.target.value));
          if (commitOnRelease) setDraft(next);
          else onChange(next);
        }}
        onPointerUp={commit}
        onKeyUp={commit}
        onBlur={commit}
      />
      <p className="watch">{s.watch}</p>
    </div>
  );
}
