import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { Envelope } from '../shared/api/errors';
import { IPC_CHANNEL } from './bridge';
import { isTrustedSender } from './security';
import type { Relay } from './worker/relay';

/**
 * One IPC handler for the whole contract: the sender frame is checked, then the call is relayed to the store
 * worker, where the same dispatch as the browser bridge's validates the input and runs the method. Each
 * window has its own login session there (`window:<webContents id>`), forgotten when the window goes.
 */
export function registerIpc(ipcMain: Pick<IpcMain, 'handle'>, relay: Relay): { sessions: Map<number, string> } {
  const sessions = new Map<number, string>();
  const sessionFor = (event: IpcMainInvokeEvent): string => {
    const id = event.sender.id;
    let key = sessions.get(id);
    if (!key) {
      const k = `window:${id}`;
      key = k;
      sessions.set(id, k);
      event.sender.once('destroyed', () => {
        sessions.delete(id);
        relay.endSession(k);
      });
    }
    return key;
  };
  ipcMain.handle(IPC_CHANNEL, async (event, method: unknown, input: unknown): Promise<Envelope<unknown>> => {
    if (!isTrustedSender(event.senderFrame)) return { ok: false, error: { code: 'FORBIDDEN', message: '请求来自不受信任的页面,已拒绝。' } };
    return relay.call(sessionFor(event), method, input);
  });
  return { sessions };
}
