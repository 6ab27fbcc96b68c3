import { useEffect, useRef, useState } from 'react';
import { useSession } from '@/hooks/use-session';
import { PAPER_MNIST, PAPER_ORDER, type PaperMetric } from '@/core/metrics/paper-values';
import type { ModelKind } from '@/core/models/types';
import {
  BROWSER_PROTOCOL, runScoreboard, TEST_SUBSETS, type ScoreboardProgress, type ScoreColumn, type ScoreSource,
} from '@/session/scoreboard';
import './scoreboard.css';

const LABEL: Record<ModelKind, string> = { rae: 'RAE', 'gvae-cv': 'GVAE-CV', gvae: 'GVAE', 'gncn-pdh': 'GNCN-PDH' };
const f = (v: number, d = 2) => (Number.isFinite(v) ? v.toFixed(d) : '—');

function sourceText(s: ScoreSource): string {
  if (s.kind === 'pretrained') return `pretrained in Node, ${s.epochs} epochs`;
  if (s.kind === 'browser') return `this page: ${s.steps.toLocaleString('en')} steps${s.startedFrom === 'pretrained' ? ' after the pretrained weights' : ' from scratch'} (short run)`;
  return `untrained: ${s.why}`;
}

interface Row {
  key: string;
  metric: string;
  unit: string;
  paper?: PaperMetric;
  value: (c: ScoreColumn) => string;
  note?: (c: ScoreColumn) => string | null;
}

const P = BROWSER_PROTOCOL;
const ROWS: Row[] = [
  {
    key: 'bce', metric: 'BCE', unit: 'nats per image, summed over 784 pixels', paper: 'bce', value: (c) => f(c.bce),
    note: (c) => `= ${f(c.bcePerPixel, 4)} nats per pixel (the per-pixel mean some notes quote)`,
  },
  {
    key: 'mmse', metric: 'M-MSE', unit: 'squared error summed over the masked right half, per image (the paper labels it "nats"; it is not)', paper: 'mmse',
    value: (c) => f(c.mmse), note: (c) => c.mmseMethod,
  },
  {
    key: 'err', metric: 'Err', unit: `% test error, log-linear classifier on ${P.trainCodes.toLocaleString('en')} training codes`, paper: 'err',
    value: (c) => f(c.errPercent),
  },
  {
    key: 'logpx', metric: 'log p(x)', unit: `nats per image: ${P.gmm.k}-component full GMM on ${P.gmm.codes.toLocaleString('en')} codes, S = ${P.samples.toLocaleString('en')}, logsumexp − log S`, paper: 'logPx',
    value: (c) => `${f(c.logPx)} ± ${f(c.logPxSe)}`,
    note: (c) => `+log S variant (ngc-learn's script): ${f(c.logPxCodeCompatible)}; ESS ${f(c.ess, 1)} of ${P.samples}`,
  },
  {
    key: 'is', metric: 'log p(x), importance sampled', unit: `nats per image, encoder as proposal, K = ${P.importance.K}, first ${P.importance.images} images (VAEs)`,
    value: (c) => (c.importance ? f(c.importance.logPx) : '—'),
    note: (c) => (c.importance ? `ELBO ${f(c.importance.elbo)}: the gap is the bound's slack` : null),
  },
];

/**
 * The Scoreboard: all four models on the same test images with the paper's metrics, ours beside
 * the paper's, with units and estimators named; a run can be cancelled and never freezes the page.
 */
export function Scoreboard() {
  const { session, snap } = useSession();
  const [images, setImages] = useState<number>(1000);
  const [progress, setProgress] = useState<ScoreboardProgress | null>(null);
  const [result, setResult] = useState<{ columns: ScoreColumn[]; images: number; seconds: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const run = async () => {
    const ctl = new AbortController();
    abort.current = ctl;
    setError(null);
    setProgress({ kind: 'gvae', stage: 'loading weights', overall: 0 });
    const t0 = performance.now();
    try {
      const src = await session.scoreboardSource();
      if (!src) throw new Error('The data or the model is still loading; try again in a moment.');
      let last = 0;
      const columns = await runScoreboard(src, images, ctl.signal, (p) => {
        const now = performance.now();
        if (now - last > 150 || p.overall >= 1) {
          last = now;
          setProgress(p);
        }
      });
      setResult({ columns, images: Math.min(images, src.test.count), seconds: (performance.now() - t0) / 1000 });
    } catch (err) {
      if (!ctl.signal.aborted) setError(err instanceof Error ? err.message : String(err));
    } finally {
      if (abort.current === ctl) abort.current = null;
      setProgress(null);
    }
  };
  const byKind = new Map(result?.columns.map((c) => [c.kind, c]));
  const running = progress !== null;

  return (
    <section className="card scoreboard" aria-labelledby="scoreboard-title" data-testid="scoreboard">
      <h2 id="scoreboard-title">Scoreboard: the paper&apos;s metrics, all four models</h2>
      <p className="muted">
        Every model on the same test digits. The model you are training is copied as it is when you press Evaluate
        (training may go on); the others use their pretrained weights. The paper&apos;s MNIST values (Ororbia &amp; Kifer 2022,
        Tables 1–2, mean ± sd of 10 runs of 50 epochs) are beside ours. Browser protocol, smaller than the paper&apos;s (75 components,
        S = 5,000, all 60,000 training codes): <code>npm run reproduce</code> runs the paper&apos;s in Node.
      </p>
      <div className="controls">
        <label>
          Test images{' '}
          <select value={images} onChange={(e) => setImages(Number(e.target.value))} disabled={running}>
            {TEST_SUBSETS.map((n) => <option key={n} value={n}>{n.toLocaleString('en')}{n === 10000 ? ' (all)' : ''}</option>)}
          </select>
        </label>
        {running ? (
          <button type="button" onClick={() => abort.current?.abort()}>Cancel</button>
        ) : (
          <button type="button" className="primary" onClick={() => void run()} disabled={!snap.trainReady}>Evaluate all four</button>
        )}
      </div>
      {running && (
        <div className="score-progress" aria-live="polite">
          <progress max={1} value={progress.overall} aria-label="Scoreboard progress" />
          <span>{LABEL[progress.kind]}: {progress.stage} · {Math.round(progress.overall * 100)}%</span>
        </div>
      )}
      {error && <p className="alert" role="alert">{error}</p>}
      {result && (
        <div className="table-scroll">
          <table data-testid="scoreboard-table">
            <caption>
              {result.images.toLocaleString('en')} test images, {f(result.seconds, 0)} s on this page. Each cell: ours, then the paper&apos;s.
            </caption>
            <thead>
              <tr>
                <th scope="col">Metric</th>
                {PAPER_ORDER.map((k) => <th scope="col" key={k}>{LABEL[k]}</th>)}
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">Weights</th>
                {PAPER_ORDER.map((k) => {
                  const c = byKind.get(k);
                  return <td key={k} className={c?.source.kind === 'pretrained' ? '' : 'short-run'}>{c ? sourceText(c.source) : '—'}</td>;
                })}
              </tr>
              {ROWS.map((r) => (
                <tr key={r.key} data-metric={r.key}>
                  <th scope="row">{r.metric}<span className="unit">{r.unit}</span></th>
                  {PAPER_ORDER.map((k) => {
                    const c = byKind.get(k);
                    const paper = r.paper ? PAPER_MNIST[k][r.paper] : null;
                    return (
                      <td key={k} data-kind={k}>
                        <strong>{c ? r.value(c) : '—'}</strong>
                        {paper && <span className="paper">paper {paper.mean.toFixed(2)} ± {paper.sd}</span>}
                        {c && r.note?.(c) && <span className="note">{r.note(c)}</span>}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
