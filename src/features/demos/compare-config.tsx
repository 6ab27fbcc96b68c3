/** <CompareConfig>: the model, setting and two values that "two settings of one model" compares. */
import { useId } from 'react';
import type { ModelKind } from '@/core/models/types';
import { COMPARABLE, DEFAULT_COMPARISON, type SettingsComparison, type SettingValue } from '@/features/demos/compare-specs';
import { formatValue } from '@/components/setting-control';
import { MODEL_OPTIONS, SETTINGS, type ChoiceSetting, type NumberSetting, type SettingKey } from '@/settings/settings';

/** One value of the compared setting: the table's range and scale, as a slider or a select. */
function ValueControl({ name, label, setting, value, onChange }: {
  name: string;
  label: string;
  setting: SettingKey;
  value: SettingValue;
  onChange: (v: SettingValue) => void;
}) {
  const id = useId();
  const s = SETTINGS[setting] as NumberSetting | ChoiceSetting;
  if (s.kind === 'choice') {
    return (
      <div className="setting">
        <label htmlFor={id}>{label}</label>
        <select id={id} name={name} value={String(value)} onChange={(e) => onChange(e.target.value)}>
          {s.options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        </select>
      </div>
    );
  }
  const v = Number(value);
  const to = (x: number) => (s.scale === 'log' ? Math.log10(x) : x);
  const from = (x: number) => (s.scale === 'log' ? Number((10 ** x).toPrecision(3)) : x);
  return (
    <div className="setting">
      <label htmlFor={id}>{label}: <output>{formatValue(s, v)}</output></label>
      <input id={id} name={name} type="range" min={to(s.min)} max={to(s.max)} step={s.step} value={to(v)}
        onChange={(e) => onChange(from(Number(e.target.value)))} />
    </div>
  );
}

/** Picks what "two settings of one model" compares: the model, the setting and its two values. */
export function CompareConfig({ value, onChange }: { value: SettingsComparison; onChange: (c: SettingsComparison) => void }) {
  const modelId = useId();
  const keyId = useId();
  const pickKey = (key: SettingKey) => {
    const s = SETTINGS[key] as NumberSetting | ChoiceSetting;
    const values: [SettingValue, SettingValue] = s.kind === 'choice'
      ? [s.options[0].value, s.options[1]?.value ?? s.options[0].value]
      : [s.default, s.scale === 'log' ? Math.min(s.max, s.default * 10) : Math.min(s.max, s.default * 2)];
    onChange({ model: value.model, key, values });
  };
  return (
    <div className="settings-grid compare-config">
      <div className="setting">
        <label htmlFor={modelId}>Model</label>
        <select id={modelId} value={value.model} onChange={(e) => onChange(DEFAULT_COMPARISON[e.target.value as ModelKind])}>
          {MODEL_OPTIONS.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
        </select>
      </div>
      <div className="setting">
        <label htmlFor={keyId}>Setting to compare</label>
        <select id={keyId} value={value.key} onChange={(e) => pickKey(e.target.value as SettingKey)}>
          {COMPARABLE[value.model].map((k) => <option key={k} value={k}>{SETTINGS[k].label}</option>)}
        </select>
        <p className="watch">{SETTINGS[value.key].watch}</p>
      </div>
      <ValueControl name="compare-a" label="Arm A" setting={value.key} value={value.values[0]} onChange={(v) => onChange({ ...value, values: [v, value.values[1]] })} />
      <ValueControl name="compare-b" label="Arm B" setting={value.key} value={value.values[1]} onChange={(v) => onChange({ ...value, values: [value.values[0], v] })} />
    </div>
  );
}
