/**
 * Keeps the URL hash and the session's settings in step. Slider drags (live settings, view
 * sliders) replace the history entry; discrete changes (a rebuild, a tab, a mask kind, a
 * derivation step) push one, so Back returns to them (the table's pushesHistory).
 * Back/Forward and a hand-edited hash are read back through the same validation as a link.
 */
import type { Session } from '@/session/session';
import { pushesHistory, SETTINGS, type SettingKey, type Settings } from '@/settings/settings';
import { decodeHash, encodeHash } from '@/settings/url-state';

export function syncUrl(session: Session): () => void {
  let last: Settings = session.getSnapshot().settings;
  // The first write normalizes the link (defaults dropped, invalid fields corrected).
  history.replaceState(history.state, '', encodeHash(last));
  const unsubscribe = session.subscribe(() => {
    const s = session.getSnapshot().settings;
    if (s === last) return;
    const changed = (Object.keys(SETTINGS) as SettingKey[]).filter((k) => s[k] !== last[k]);
    last = s;
    const hash = encodeHash(s);
    if (hash === location.hash) return;
    const discrete = changed.some(pushesHistory);
    if (discrete) history.pushState(null, '', hash);
    else history.replaceState(history.state, '', hash);
  });
  const onNavigate = () => {
    if (location.hash === encodeHash(last)) return;
    const { settings, notices } = decodeHash(location.hash);
    last = settings;
    session.applySettings(settings, notices);
    history.replaceState(history.state, '', encodeHash(settings));
  };
  window.addEventListener('popstate', onNavigate);
  window.addEventListener('hashchange', onNavigate);
  return () => {
    unsubscribe();
    window.removeEventListener('popstate', onNavigate);
    window.removeEventListener('hashchange', onNavigate);
  };
}
