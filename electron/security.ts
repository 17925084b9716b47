import { normalize, resolve, sep } from 'node:path';
import type { Protocol, Session, WebContents, WebFrameMain, WebPreferences } from 'electron';
import { CSP } from './web/server';

/**
 * Electron hardening, all in one place (Electron's security checklist): isolated, sandboxed renderer with
 * no Node; a strict CSP; the app served from its own `app://` scheme rather than file:// (file:// would let
 * a page read any file and makes every local file "same origin"); navigation, new windows, webviews and
 * permission requests refused; IPC accepted only from our own top frame.
 *
 * Only types are imported from 'electron' so every function here runs in plain Node tests with fakes.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'ledger';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

/** Everything but the preload path; frozen so no caller can loosen it by accident. */
export const WEB_PREFERENCES = Object.freeze({
  // The page and the preload get separate JavaScript worlds: the page cannot reach ipcRenderer.
  contextIsolation: true,
  // Chromium's OS sandbox for the renderer; the preload can only use the small sandboxed API set.
  sandbox: true,
  // No require() or process in the page, its workers or its frames: an XSS stays an XSS, not code execution.
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  // The spellchecker would download dictionaries from Google; the app is offline.
  spellcheck: false,
  // Dropping a file on the window must not navigate away from the app (and lose unsaved input).
  navigateOnDragDrop: false,
  // A middle click on a link would ask for a new window (refused anyway by setWindowOpenHandler); the app
  // has no use for it, so the event is switched off (electronegativity AUXCLICK_JS_CHECK).
  disableBlinkFeatures: 'Auxclick',
} satisfies WebPreferences);

/** The window's preferences with the bundled preload (out/preload/preload.cjs). */
export function webPreferences(preload: string): WebPreferences {
  return { ...WEB_PREFERENCES, preload };
}

/**
 * True only for our own app:// origin. Compared by parsed scheme and host, never by string prefix, so
 * `app://ledger.evil/` or `app://ledger@evil/` do not pass.
 */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && !u.username && !u.password;
  } catch {
    return false;
  }
}

/**
 * The IPC sender check: only our own page, in the top frame, may call the API. A subframe (even one of ours)
 * or any other origin is refused, so injected or embedded content cannot drive the database.
 */
export function isTrustedSender(frame: Pick<WebFrameMain, 'url' | 'parent'> | null | undefined): boolean {
  // senderFrame is null when the frame has navigated away or been destroyed since sending.
  if (!frame || frame.parent) return false;
  return isAppUrl(frame.url);
}

/**
 * Maps an app:// URL to a file inside the built renderer, or null when the URL is not ours or the decoded,
 * normalised path would leave that folder (path traversal). The URL parser already folds a literal `../`,
 * but percent-encoded separators (`..%2f`, `%5c`) survive it and are decoded here, so the decoded path is
 * checked again. Windows-only forms (backslashes, drive letters, alternate data streams) and NUL are
 * refused outright, whatever platform this runs on: Vite never emits such names.
 */
export function resolveAppUrl(rendererDir: string, url: string): string | null {
  if (!isAppUrl(url)) return null;
  // A dot-dot segment as given, literal or percent-encoded, is refused before URL parsing can fold it away:
  // no file of ours is addressed that way, so such a request is an attempt, not a page.
  if (/(?:^|[/\\]|%2f|%5c)(?:\.|%2e){2}(?:[/\\?#]|%2f|%5c|$)/i.test(url)) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null; // malformed percent-encoding
  }
  if (/[\\\0:]/.test(rel) || rel.startsWith('//')) return null;
  if (rel.split('/').some((seg) => seg === '..')) return null;
  const root = resolve(rendererDir);
  const file = normalize(resolve(root, `.${rel === '/' ? '/index.html' : rel}`));
  return file.startsWith(root + sep) ? file : null;
}

/**
 * Must run before the app is ready (Electron only accepts it then): app:// behaves like a standard, secure
 * origin, so the page gets a real origin for the CSP's 'self', fetch and localStorage. It is deliberately
 * not `bypassCSP`.
 */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

/**
 * Serves the built renderer on app://ledger/ (call after ready: protocol.handle is not available before).
 * Every response carries the CSP: custom-protocol responses do not pass through webRequest, so the session
 * header hook alone would leave the page without one. `printPages` adds the documents of open print previews.
 */
export function serveAppProtocol(
  protocol: Pick<Protocol, 'handle'>,
  rendererDir: string,
  readFile: (file: string) => Promise<Buffer>,
  printPages?: { get(url: string): string | undefined },
): void {
  protocol.handle(APP_SCHEME, async (request) => {
    // A document open in a print-preview window (electron/printing/pages.ts): generated, never a file.
    const printed = printPages?.get(request.url);
    if (printed !== undefined)
      return new Response(printed, {
        headers: { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff' },
      });
    const file = resolveAppUrl(rendererDir, request.url);
    if (!file) return new Response('禁止访问', { status: 403 });
    try {
      const body = await readFile(file);
      return new Response(new Uint8Array(body), {
        headers: { 'Content-Type': mimeOf(file), 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff' },
      });
    } catch {
      return new Response('找不到文件', { status: 404 });
    }
  });
}

function mimeOf(file: string): string {
  const ext = file.slice(file.lastIndexOf('.'));
  return (
    (
      {
        '.html': 'text/html; charset=utf-8',
        '.js': 'text/javascript; charset=utf-8',
        '.css': 'text/css; charset=utf-8',
        '.svg': 'image/svg+xml',
        '.png': 'image/png',
        '.ico': 'image/x-icon',
        '.woff2': 'font/woff2',
        '.json': 'application/json; charset=utf-8',
      } as Record<string, string>
    )[ext] ?? 'application/octet-stream'
  );
}

/**
 * The session: our CSP on every response (replacing any other, whatever its header case), and every
 * permission (camera, microphone, geolocation, notifications, USB/HID/serial devices…) refused. The app
 * needs none; photos are chosen through the main process's file dialog.
 */
export function hardenSession(
  session: Pick<Session, 'webRequest' | 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>,
): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(details.responseHeaders ?? {})) if (k.toLowerCase() !== 'content-security-policy') headers[k] = v;
    headers['Content-Security-Policy'] = [CSP];
    callback({ responseHeaders: headers });
  });
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/**
 * Every webContents (the window and anything it could create): it may only ever show our own pages. A
 * link or a compromised page cannot navigate the window to a remote site that would then hold the preload
 * bridge, open new windows, or attach a <webview>.
 */
export function hardenWebContents(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>): void {
  const stayHome = (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url)) event.preventDefault();
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-frame-navigate', (event) => stayHome(event, event.url));
  contents.on('will-redirect', stayHome);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
