/**
 * The demos rendered to static markup (Node, no DOM, no effects) over a fake session: what each
 * model's panel says before any answer arrives, the accessible names, and the units.
 */
import { describe, expect, it, vi } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { ModelKind } from '@/core/models/types';
import type { Session, SessionSnapshot } from '@/session/session';
import { defaultSettings } from '@/settings/settings';
import { DemosPanel } from '@/features/demos/demos-panel';

function fakeSession(kind: ModelKind): Session {
  const snap = {
    phase: 'ready', backend: null, progress: { test: 1, train: 1 }, trainReady: true, error: null, notices: [],
    settings: { ...defaultSettings(), model: kind }, model: { kind, terms: [], numParams: 1, objectiveKey: 'x' },
    playing: false, pauseReason: null, step: 0, epoch: 0, stepsPerSecond: 0, losses: null, historyVersion: 0,
    history: null, recon: null, testEval: null, divergence: null, origin: { kind: 'scratch', why: null }, thread: 'main',
  } as SessionSnapshot;
  return {
    subscribe: () => () => {},
    getSnapshot: () => snap,
    testImages: (idx: ArrayLike<number>) => ({ images: new Float32Array(idx.length * 784), labels: Array.from(idx, () => 0) }),
    trainImages: () => null,
    query: () => new Promise(() => {}),
  } as unknown as Session;
}
// useSession reads the session through useSyncExternalStore, which server rendering cannot; the fake is handed out directly.
const current = vi.hoisted(() => ({ session: null as unknown }));
vi.mock('@/hooks/use-session', () => ({
  useSession: () => {
    const session = current.session as Session;
    return { session, snap: session.getSnapshot() };
  },
}));
const markup = (kind: ModelKind) => {
  current.session = fakeSession(kind);
  return renderToStaticMarkup(createElement(DemosPanel)).replace(/<!-- -->/g, '');
};

describe('<DemosPanel>', () => {
  it.each(['gvae', 'gvae-cv', 'rae', 'gncn-pdh'] as ModelKind[])('%s: every demo, named buttons, canvases with text summaries', (kind) => {
    const html = markup(kind);
    for (const id of ['latent-space', 'samples', 'rate-distortion', 'masked-demo', 'draw-pad']) expect(html).toContain(`data-testid="${id}"`);
    for (const name of ['New samples', 'Right half (paper)', 'Bottom half', 'Random pixels', 'Centered box', 'Brush', 'Clear', 'Load test digit #0']) {
      expect(html).toContain(`>${name}</button>`);
    }
    expect(html).toMatch(/<canvas[^>]*role="img"[^>]*aria-label="Latent space: encoding test digits…"/);
    expect(html).toContain('aria-pressed="true">Right half (paper)</button>');
    expect(html).toContain("right half (columns 14-27 masked; the paper&#x27;s mask)");
    expect(html).toContain('squared error per image (sum over the masked pixels)');
    expect(html).toContain('it is a sum of squares, not a log-likelihood');
  });

  it('names the completion method per model', () => {
    expect(markup('gvae')).toContain('encode the masked input, decode');
    expect(markup('rae')).toContain('encode the masked input, decode');
    expect(markup('gncn-pdh')).toContain('Eq. 19 settling');
  });

  it('says where samples come from and what the latent plot overlays', () => {
    expect(markup('gvae')).toContain('z ~ N(0, I), the prior, decoded.');
    expect(markup('gncn-pdh')).toContain('running diagonal Gaussian of relu(z³)');
    expect(markup('gncn-pdh')).toContain('75-component GMM');
    const rae = markup('rae');
    expect(rae).toContain('The RAE has no prior');
    expect(rae).toContain('>Fit ex-post GMM (k = 10, 3,000 training codes)</button>');
  });

  it('rate-distortion axes and units per model; none for GNCN-PDH', () => {
    expect(markup('gvae')).toContain('Rate-distortion plane (β sweep)');
    expect(markup('gvae-cv')).toContain('Rate-distortion plane (σ² sweep)');
    expect(markup('rae')).toContain('its x axis is the unweighted regularizer R');
    expect(markup('gncn-pdh')).toContain('GNCN-PDH has no rate term');
  });
});
