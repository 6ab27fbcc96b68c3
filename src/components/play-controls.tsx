import { useId } from 'react';
import { CopyLink } from '@/components/copy-link';
import { SETTINGS } from '@/settings/settings';

/** Play / Pause, Step, Reset and the speed slider. */
export function PlayControls({ playing, disabled, speed, onPlay, onPause, onStep, onReset, onSpeed }: {
  playing: boolean;
  disabled: boolean;
  speed: number;
  onPlay: () => void;
  onPause: () => void;
  onStep: () => void;
  onReset: () => void;
  onSpeed: (v: number) => void;
}) {
  const s = SETTINGS.stepsPerFrame;
  const id = useId();
  return (
    <div className="controls" role="group" aria-label="Training controls">
      {playing ? (
        <button type="button" onClick={onPause} className="primary" aria-keyshortcuts="Space">Pause</button>
      ) : (
        <button type="button" onClick={onPlay} className="primary" disabled={disabled} aria-keyshortcuts="Space">Play</button>
      )}
      <button type="button" onClick={onStep} disabled={disabled || playing}>Step</button>
      <button type="button" onClick={onReset} disabled={disabled} title="Back to the initial weights of this seed">Reset</button>
      <CopyLink />
      <span className="speed">
        <label htmlFor={id}>{s.label}: <output>{speed}</output></label>
        <input id={id} type="range" min={s.min} max={s.max} step={s.step} value={speed} onChange={(e) => onSpeed(Number(e.target.value))} />
      </span>
    </div>
  );
}
