import { createContext, useContext, useSyncExternalStore } from 'react';
import type { Session, SessionSnapshot } from '@/session/session';

export const SessionContext = createContext<Session | null>(null);

/** @returns the session (for actions) and its latest snapshot (plain numbers). */
export function useSession(): { session: Session; snap: SessionSnapshot } {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionContext');
  const snap = useSyncExternalStore(session.subscribe, session.getSnapshot);
  return { session, snap };
}
