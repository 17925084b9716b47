import { normalize, resolve, sep } from 'node:path';
import type { Protocol, Session, WebContents, WebFrameMain, WebPreferences } from 'electron';
import { CSP } from './web/server';

/**
 * Electron hardening, all in one place (Electron's security checklist): isolated, sandboxed renderer with
 * no Node; a strict CSP; the app served from its own `app://` scheme rather than file://; navigation, new
 * windows, webviews and permission requests refused; IPC accepted only from our own top frame.
 */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://ledger`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

export function webPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
  };
}

/** Only our own page, in the top frame, may call the API. */
export function isTrustedSender(frame: Pick<WebFrameMain, 'url' | 'parent'> | null | undefined): boolean {
  if (!frame || frame.parent) return false;
  try {
    const u = new URL(frame.url);
    return `${u.protocol}//${u.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

/**
 * Maps an app:// URL to a file inside the built renderer, or null when the decoded, normalised path would
 * leave that folder (path traversal) or the URL is not ours.
 */
export function resolveAppUrl(rendererDir: string, url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== 'ledger') return null;
  let rel: string;
  try {
    rel = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (rel.includes('\0')) return null;
  const root = resolve(rendererDir);
  const file = normalize(resolve(root, `.${rel === '/' ? '/index.html' : rel}`));
  return file.startsWith(root + sep) ? file : null;
}

/** Must run before the app is ready: app:// behaves like a secure, standard origin. */
export function registerAppScheme(protocol: Protocol): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }]);
}

export function serveAppProtocol(protocol: Protocol, rendererDir: string, readFile: (file: string) => Promise<Buffer>): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppUrl(rendererDir, request.url);
    if (!file) return new Response('禁止访问', { status: 403 });
    try {
      const body = await readFile(file);
      return new Response(new Uint8Array(body), { headers: { 'Content-Type': mimeOf(file), 'Content-Security-Policy': CSP } });
    } catch {
      return new Response('找不到文件', { status: 404 });
    }
  });
}

function mimeOf(file: string): string {
  const ext = file.slice(file.lastIndexOf('.'));
  return ({ '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.json': 'application/json' } as Record<string, string>)[ext] ?? 'application/octet-stream';
}

export function hardenSession(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CSP] } });
  });
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
