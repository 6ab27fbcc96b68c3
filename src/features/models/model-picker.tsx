import type { ModelKind } from '@/core/models/types';
import { MODEL_OPTIONS } from '@/settings/settings';
import { MODEL_INFO } from '@/features/models/model-info';

/** Tabs for the four models; switching builds the chosen model from the current seed. */
export function ModelPicker({ value, onChange }: { value: ModelKind; onChange: (m: ModelKind) => void }) {
  return (
    <div className="model-picker" role="tablist" aria-label="Model">
      {MODEL_OPTIONS.map((o) => (
        <button key={o.value} type="button" role="tab" aria-selected={o.value === value}
          className={o.value === value ? 'tab active' : 'tab'} title={MODEL_INFO[o.value].fullName}
          onClick={() => o.value !== value && onChange(o.value)}>
          {o.label}
        </button>
      ))}
    </div>
  );
}
