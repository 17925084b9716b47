import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { Envelope } from '../shared/api/errors';
import { dispatch } from './api/dispatch';
import type { DesktopHost, Session } from './api/types';
import type { LedgerApp } from './app';
import { IPC_CHANNEL } from './bridge';
import { isTrustedSender } from './security';

/**
 * One IPC handler for the whole contract: the sender frame is checked, then the same dispatch as the
 * browser bridge validates the input and runs the method. Each window has its own login session. `desktop`
 * is what only the desktop window offers (the print preview); the browser bridge has none.
 */
export function registerIpc(ipcMain: Pick<IpcMain, 'handle'>, app: LedgerApp, desktop?: DesktopHost): { sessions: Map<number, Session> } {
  const sessions = new Map<number, Session>();
  const sessionFor = (event: IpcMainInvokeEvent): Session => {
    const id = event.sender.id;
    let s = sessions.get(id);
    if (!s) {
      s = { user: null, lastActive: app.now() };
      sessions.set(id, s);
      event.sender.once('destroyed', () => sessions.delete(id));
    }
    return s;
  };
  ipcMain.handle(IPC_CHANNEL, async (event, method: unknown, input: unknown): Promise<Envelope<unknown>> => {
    if (!isTrustedSender(event.senderFrame)) return { ok: false, error: { code: 'FORBIDDEN', message: '请求来自不受信任的页面,已拒绝。' } };
    return dispatch({ app, session: sessionFor(event), desktop }, method, input);
  });
  return { sessions };
}
