import { createClient, httpTransport, ipcTransport, readToken } from './client';

/** Called when the main process says the session is gone (logged out, locked after idle time). */
let onUnauthenticated: () => void = () => {};
export function setUnauthenticatedHandler(fn: () => void): void {
  onUnauthenticated = fn;
}

/** The API: over IPC inside Electron, over HTTP on 127.0.0.1 in the browser mode. Same contract either way. */
export const api = createClient(window.ledger ? ipcTransport : httpTransport(readToken()), () => onUnauthenticated());
export { ApiError } from './client';
