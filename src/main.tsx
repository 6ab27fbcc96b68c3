import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, dataUrl } from '@/app/app';
import { installStatus } from '@/app/status';
import { syncUrl } from '@/app/url-sync';
import { decodeHash } from '@/settings/url-state';
import { SessionContext } from '@/hooks/use-session';
import { registerServiceWorker } from '@/platform/service-worker-register';
import { Session } from '@/session/session';
import '@/styles.css';

const fromLink = decodeHash(location.hash);
const session = new Session(fromLink.settings, fromLink.notices);
installStatus(session);
syncUrl(session);
document.addEventListener('visibilitychange', () => {
  if (document.hidden && session.getSnapshot().playing) session.pause('Paused while the tab was hidden; press Play to continue.');
});
void session.start(location.search, dataUrl());
if (import.meta.env.PROD) {
  // The offline cache, once the training split is in (the first view never waits for it).
  void registerServiceWorker(new Promise<void>((resolve) => {
    const unsubscribe = session.subscribe(() => {
      if (!session.getSnapshot().trainReady) return;
      unsubscribe();
      resolve();
    });
  }));
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SessionContext.Provider value={session}>
      <App />
    </SessionContext.Provider>
  </StrictMode>,
);
