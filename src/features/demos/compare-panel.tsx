/** <ComparePanel>: the side-by-side section: the four models, or two settings of one model, trained in lockstep. */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useSession } from '@/hooks/use-session';
import { ArmRow, ARM_CODES, type ArmInputs } from '@/features/demos/arm-row';
import { CompareChart } from '@/features/demos/compare-chart';
import { CompareConfig } from '@/features/demos/compare-config';
import { bceKey, chartTerms, comparisonArms, DEFAULT_COMPARISON, lineupArms, modelName, type SettingsComparison } from '@/features/demos/compare-specs';
import { N_MASKED } from '@/features/demos/masked-demo';
import { describeMask, maskFor, type MaskSpec } from '@/features/demos/masks';
import { useCompare } from '@/features/demos/use-compare';
import { useWidth } from '@/features/demos/use-width';
import { OKABE_ITO } from '@/viz/palette';
import { renderMaskedRows } from '@/viz/masked-digits';

const DIGIT_IDX = Array.from({ length: N_MASKED }, (_, i) => i);
const CODE_IDX = Array.from({ length: ARM_CODES }, (_, i) => i);
const COLORS = OKABE_ITO.slice(0, 4) as unknown as string[];

type Mode = 'lineup' | 'settings';

/**
 * Side by side: models trained in lockstep (same seed, same batches) in place of the live model:
 * the four models at the page's settings, or one model at two values of one setting. Loss curves,
 * reconstructions, completions of the masked demo's digits under its mask (with M-MSE), and each
 * arm's latent space with the drawing starred.
 */
export function ComparePanel({ mask, drawing }: { mask: MaskSpec; drawing: Float32Array | null }) {
  const { session, snap: main } = useSession();
  const box = useRef<HTMLElement>(null);
  const shared = useRef<HTMLCanvasElement>(null);
  const width = useWidth(box, 260, 1100, 900);
  const [mode, setMode] = useState<Mode>('lineup');
  const [cmp, setCmp] = useState<SettingsComparison>(DEFAULT_COMPARISON['gvae-cv']);
  const c = useCompare(
    () => (mode === 'lineup' ? lineupArms(session.getSnapshot().settings) : comparisonArms(session.getSnapshot().settings, cmp)),
    mode === 'lineup' ? 'lineup' : JSON.stringify(cmp),
  );
  const m = useMemo(() => maskFor(mask), [mask]);
  const inputs = useMemo<ArmInputs | null>(() => {
    const d = session.testImages(DIGIT_IDX);
    const codes = session.testImages(CODE_IDX);
    if (!d || !codes) return null;
    return { digits: d.images, n: N_MASKED, mask: m, codeImages: codes.images, codeLabels: codes.labels, drawing };
  }, [session, m, drawing]);
  useEffect(() => {
    if (!shared.current || !inputs) return;
    renderMaskedRows(shared.current, [
      { images: inputs.digits, mask: null, style: 'plain' },
      { images: inputs.digits, mask: m, style: 'masked' },
    ], N_MASKED, { scale: 2 });
  }, [inputs, m, c.snap !== null]);

  const snap = c.snap;
  const arms = snap?.model ?? [];
  const histories = useMemo(() => c.run?.histories() ?? [], [c.run]);
  const terms = arms.length ? chartTerms(arms[0].terms, arms[0].objectiveKey, mode === 'lineup') : [];
  const chartWidth = Math.max(260, Math.min(420, Math.floor((width - 16 * (terms.length - 1)) / Math.max(1, terms.length))));
  const s = main.settings;
  return (
    <section className="card wide compare" ref={box} data-testid="compare" aria-label="Side by side">
      <h3>Side by side: trained in lockstep</h3>
      <div className="model-picker" role="tablist" aria-label="What to compare">
        {([['lineup', 'All four models'], ['settings', 'Two settings of one model']] as const).map(([k, label]) => (
          <button key={k} type="button" role="tab" aria-selected={mode === k} className={mode === k ? 'tab active' : 'tab'} onClick={() => setMode(k)}>{label}</button>
        ))}
      </div>
      <p className="note">
        {mode === 'lineup'
          ? `GVAE, GVAE-CV, RAE and GNCN-PDH, each built from the page's settings (now: hidden width ${s.hiddenWidth}, latent size ${s.latentDim}, GNCN-PDH widths ${s.layerWidth}, K = ${s.settlingSteps}, learning rate ${s.learningRate.toExponential(1)}, batch ${s.batchSize}, seed ${s.seed}) when you press Play side by side.`
          : `One model at two values of one setting; everything else from the page's settings (batch ${s.batchSize}, seed ${s.seed}).`}
        {' '}Every arm starts from the same seed and trains on the same batches in the same order; one lockstep step is one step of every arm.
        {' '}Training here pauses the live model above (and the reverse): the page trains one thing at a time.
      </p>
      {mode === 'settings' && <CompareConfig value={cmp} onChange={setCmp} />}
      <div className="controls" role="group" aria-label="Side-by-side controls">
        {snap?.playing
          ? <button type="button" className="primary" onClick={c.pause}>Pause side by side</button>
          : <button type="button" className="primary" onClick={c.play} disabled={!main.trainReady}>Play side by side</button>}
        <button type="button" onClick={c.step} disabled={!main.trainReady || snap?.playing}>Step side by side</button>
        <button type="button" onClick={c.reset} disabled={!c.run}>Reset side by side</button>
        <span className="note" data-testid="compare-status" data-step={snap?.step ?? 0} data-playing={snap?.playing ? 'true' : 'false'}>
          {snap ? `lockstep step ${snap.step}${snap.playing && snap.stepsPerSecond ? ` · ${snap.stepsPerSecond.toFixed(1)} lockstep steps/s` : ''}` : 'not built yet'}
        </span>
      </div>
      {(c.error || snap?.pauseReason) && <p className="alert" role="alert">{c.error ?? snap?.pauseReason}</p>}
      {c.run && snap && inputs && (
        <>
          <div className="compare-charts">
            {terms.map((t) => (
              <CompareChart key={t.key} term={t} keys={arms.map((a) => (mode === 'lineup' ? bceKey(a.terms) ?? t.key : t.key))} histories={histories} labels={arms.map((a) => a.label)} colors={COLORS} version={snap.historyVersion} width={chartWidth} />
            ))}
          </div>
          {mode === 'lineup' && <p className="note">Plotted: each model&apos;s reconstruction BCE on its training batch, the one term all four report in the same unit (nats per image). GNCN-PDH&apos;s is of µ⁰ after settling.</p>}
          <div className="rows shared-digits">
            <div className="row-labels" aria-hidden="true"><span>original</span><span>masked</span></div>
            <canvas ref={shared} className="pixels" role="img" aria-label={`The ${N_MASKED} test digits every arm reconstructs and completes, and the mask: ${describeMask(mask)}.`} />
            <p className="note">The masked demo&apos;s digits and mask ({describeMask(mask)}); change the mask there.{drawing ? ' Your drawing is starred in each latent space.' : ' Draw a digit above to see where it lands in each latent space.'}</p>
          </div>
          {arms.map((a, i) => (
            <ArmRow key={`${i}-${a.label}`} run={c.run!} snap={snap} arm={i} color={COLORS[i]} inputs={inputs} />
          ))}
          <p className="note">
            Completion: {arms.map((a) => `${modelName(a.kind)} ${a.kind === 'gncn-pdh' ? 'settles with the observed pixels clamped (Eq. 19)' : 'encodes the masked input and decodes'}`).filter((t, i, all) => all.indexOf(t) === i).join('; ')}.
            {' '}M-MSE = Σ over masked pixels of (x̂ − x)², as in the paper. Each arm refreshes at most every 2 s while training, its latent plot every 5 s.
          </p>
        </>
      )}
    </section>
  );
}
