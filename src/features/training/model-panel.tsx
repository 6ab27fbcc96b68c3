import { useState } from 'react';
import { PlayControls } from '@/components/play-controls';
import { SettingControl } from '@/components/setting-control';
import { useSession } from '@/hooks/use-session';
import type { ModelKind } from '@/core/models/types';
import { MODEL_INFO } from '@/features/models/model-info';
import { ModelPicker } from '@/features/models/model-picker';
import { LossChart } from '@/features/training/loss-chart';
import { ReconGrid } from '@/features/training/recon-grid';
import { TestMetric } from '@/features/training/test-metric';
import { WeightsOrigin } from '@/features/training/weights-origin';
import { TeachingPanel } from '@/features/teaching/teaching-panel';
import { DemosPanel } from '@/features/demos/demos-panel';
import type { ShowMeAction } from '@/features/teaching/types';
import { validateSetting, type SettingKey, type Settings } from '@/settings/settings';
import { studySettings, studyView, withSettings } from '@/app/view-state';

/** The live model: controls, the loss chart, reconstructions, the test metric and the settings. */
export function ModelPanel() {
  const { session, snap } = useSession();
  const { settings, model } = snap;
  const [highlight, setHighlight] = useState<string | null>(null);
  if (!model) return null;
  /** A "show me" card: switch model, apply its settings (one rebuild at most), then play. */
  const showMe = (a: ShowMeAction) => {
    const next = { ...settings, model: a.model } as Settings;
    for (const [k, v] of Object.entries(a.settings ?? {})) {
      (next as Record<SettingKey, unknown>)[k as SettingKey] = validateSetting(k as SettingKey, v).value;
    }
    session.applySettings(next);
    if (a.play) session.play();
  };
  const info = MODEL_INFO[settings.model];
  const units = [...new Set(model.terms.map((t) => t.unit))];
  return (
    <section className="panel" aria-labelledby="live-training-title">
      <h2 id="live-training-title" className="sr-only">Live training</h2>
      <ModelPicker value={settings.model} onChange={(m: ModelKind) => session.set('model', m)} />
      <p className="model-summary"><strong>{info.name}</strong> — {info.fullName}. {info.summary}</p>
      <PlayControls
        playing={snap.playing}
        disabled={!snap.trainReady || snap.origin.kind === 'loading'}
        speed={settings.stepsPerFrame}
        onPlay={() => session.play()}
        onPause={() => session.pause()}
        onStep={() => void session.stepOnce()}
        onReset={() => session.reset()}
        onSpeed={(v) => session.set('stepsPerFrame', v)}
      />
      <p className="status-line">
        step <strong data-testid="step">{snap.step}</strong> · epoch {snap.epoch.toFixed(2)} ·{' '}
        {model.numParams.toLocaleString('en')} parameters
        {!snap.trainReady && ' · loading the training set…'}
      </p>
      <WeightsOrigin origin={snap.origin} onInit={(v) => session.set('init', v)} />
      {snap.pauseReason && (
        <div className="alert" role="alert" data-testid="pause-reason">
          <p>{snap.pauseReason}</p>
          {snap.divergence && <button type="button" onClick={() => session.reset()}>Reset the model</button>}
        </div>
      )}
      <div className="grid">
        <div className="stack">
          {units.map((u) => (
            <LossChart key={`${model.kind}-${u}`} terms={model.terms.filter((t) => t.unit === u)} history={snap.history}
              version={snap.historyVersion} latest={snap.losses} highlight={highlight} onHighlight={setHighlight} />
          ))}
        </div>
        <div className="stack">
          <ReconGrid recon={snap.recon} how={info.reconstruction} />
          <TestMetric testEval={snap.testEval} terms={model.terms} objectiveKey={model.objectiveKey} how={info.evaluation} />
        </div>
      </div>
      <div className="card settings">
        <h3>Settings</h3>
        <div className="settings-grid">
          {info.settings.map((k) => (
            <SettingControl key={k} name={k} value={settings[k]} onChange={(v) => session.set(k, v)} />
          ))}
        </div>
      </div>
      <DemosPanel />
      <TeachingPanel model={settings.model} terms={model.kind === settings.model ? model.terms : undefined}
        latest={snap.losses} highlight={highlight} onHighlight={setHighlight} onShowMe={showMe}
        view={studyView(settings)} onView={(p) => session.applySettings(withSettings(session.getSnapshot().settings, studySettings(p)))} />
    </section>
  );
}
