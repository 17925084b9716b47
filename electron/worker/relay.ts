import type { Envelope } from '../../shared/api/errors';
import { dispatch } from '../api/dispatch';
import type { DesktopHost, Session } from '../api/types';
import type { LedgerApp } from '../app';

/**
 * What the bridges (ipc.ts, web/server.ts) need of the store: one contract call on behalf of a session, and
 * the end of a session. The program's relay is the store worker's client (client.ts).
 */
export interface Relay {
  /** `session` names the login: `window:<id>` for a desktop window, `web:<token>` for the browser bridge. */
  call(session: string, method: unknown, input: unknown): Promise<Envelope<unknown>>;
  /** The window (or token) is gone: its login is forgotten. */
  endSession(session: string): void;
}

/**
 * The same relay without a worker, on an app in this process: for tests that drive a bridge against an app
 * they also inspect directly. The program never serves the UI this way (no SQL where the UI is served).
 */
export function inProcessRelay(app: LedgerApp, desktop?: DesktopHost): Relay & { sessions: Map<string, Session> } {
  const sessions = new Map<string, Session>();
  return {
    sessions,
    call(key, method, input) {
      let session = sessions.get(key);
      if (!session) sessions.set(key, (session = { user: null, lastActive: app.now() }));
      return dispatch({ app, session, desktop }, method, input);
    },
    endSession: (key) => void sessions.delete(key),
  };
}
