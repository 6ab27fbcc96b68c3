import { PlayControls } from '@/components/play-controls';
import { SettingControl } from '@/components/setting-control';
import { useSession } from '@/hooks/use-session';
import { appliesTo, type SettingKey } from '@/settings/settings';
import { LossChart } from '@/features/training/loss-chart';
import { ReconGrid } from '@/features/training/recon-grid';
import { TestMetric } from '@/features/training/test-metric';

const SLIDERS: SettingKey[] = ['learningRate', 'beta', 'batchSize', 'latentDim', 'hiddenWidth', 'seed'];

/** The live model: controls, the loss chart, reconstructions, the test metric and the settings. */
export function ModelPanel() {
  const { session, snap } = useSession();
  const { settings, model } = snap;
  if (!model) return null;
  return (
    <section className="panel" aria-label="Live training">
      <PlayControls
        playing={snap.playing}
        disabled={!snap.trainReady}
        speed={settings.stepsPerFrame}
        onPlay={() => session.play()}
        onPause={() => session.pause()}
        onStep={() => void session.stepOnce()}
        onReset={() => session.reset()}
        onSpeed={(v) => session.set('stepsPerFrame', v)}
      />
      <p className="status-line" aria-live="polite">
        step <strong data-testid="step">{snap.step}</strong> · epoch {snap.epoch.toFixed(2)} ·{' '}
        {model.numParams.toLocaleString('en')} parameters
        {!snap.trainReady && ' · loading the training set…'}
      </p>
      {snap.pauseReason && <p className="alert" role="alert" data-testid="pause-reason">{snap.pauseReason}</p>}
      <div className="grid">
        <LossChart terms={model.terms} history={snap.history} version={snap.historyVersion} latest={snap.losses} />
        <div className="stack">
          <ReconGrid recon={snap.recon} />
          <TestMetric testEval={snap.testEval} terms={model.terms} objectiveKey={model.objectiveKey} />
        </div>
      </div>
      <div className="card settings">
        <h3>Settings</h3>
        <div className="settings-grid">
          {SLIDERS.filter((k) => appliesTo(k, settings.model)).map((k) => (
            <SettingControl key={k} name={k} value={settings[k]} onChange={(v) => session.set(k, v)} />
          ))}
        </div>
      </div>
    </section>
  );
}
