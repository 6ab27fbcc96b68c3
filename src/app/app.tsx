import { useEffect } from 'react';
import { BackendBadge } from '@/components/backend-badge';
import { ProgressBar } from '@/components/progress-bar';
import { useSession } from '@/hooks/use-session';
import { ModelPanel } from '@/features/training/model-panel';
import { Scoreboard } from '@/features/scoreboard/scoreboard';

/** The page: header with the backend badge, loading and errors, then the live model. */
export function App() {
  const { session, snap } = useSession();

  useEffect(() => {
    // Space toggles play/pause unless a control that uses the key has focus.
    const onKey = (e: KeyboardEvent) => {
      if (e.code !== 'Space' || e.repeat || e.ctrlKey || e.altKey || e.metaKey || spaceBelongsTo(e.target)) return;
      e.preventDefault();
      if (session.getSnapshot().playing) session.pause();
      else session.play();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [session]);

  return (
    <>
      <header className="top">
        <h1>Latent Lab</h1>
        <p className="tagline">Generative models of binarized MNIST, training live in your browser.</p>
        <BackendBadge backend={snap.backend} thread={snap.thread} stepsPerSecond={snap.playing ? snap.stepsPerSecond : 0} />
      </header>
      <main>
        {snap.notices.map((n, i) => <p key={i} className="notice" role="status">{n}</p>)}
        {snap.phase === 'error' && (
          <div className="alert" role="alert" data-testid="load-error">
            <p>{snap.error}</p>
            <button type="button" onClick={() => void session.start(location.search, dataUrl())}>Retry</button>
          </div>
        )}
        {(snap.phase === 'starting' || snap.phase === 'loading' || (snap.phase === 'ready' && !snap.trainReady)) && (
          <div className="card loading" aria-live="polite">
            <ProgressBar label="Test set (10,000 digits)" value={snap.progress.test} />
            <ProgressBar label="Training set (60,000 digits)" value={snap.progress.train} />
          </div>
        )}
        {snap.phase === 'ready' && <ModelPanel />}
        {snap.phase === 'ready' && <Scoreboard />}
      </main>
      <footer>
        <p>Data: MNIST (LeCun et al.), binarized at 0.5 as in Ororbia &amp; Kifer, Nat. Commun. 13, 2064 (2022).</p>
      </footer>
    </>
  );
}

/** Controls that use the space key themselves (a button presses, a box ticks, a slider or a text field types). */
const SPACE_TAGS = ['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON', 'SUMMARY', 'A', 'OPTION'];
const SPACE_ROLES = ['button', 'tab', 'checkbox', 'switch', 'radio', 'slider', 'spinbutton', 'textbox', 'combobox', 'menuitem', 'option', 'link'];

/** @returns whether the focused element handles Space itself (then it does not toggle training). */
export function spaceBelongsTo(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return SPACE_TAGS.includes(target.tagName) || target.isContentEditable || SPACE_ROLES.includes(target.getAttribute('role') ?? '');
}

/** Folder of the data assets, relative to the page (works under any sub-path). */
export function dataUrl(): string {
  return new URL('data/', document.baseURI).href;
}
