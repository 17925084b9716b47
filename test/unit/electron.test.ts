import { mkdirSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { METHODS } from '../../shared/api/contract';
import { makeApp, tempDir, dumpDb } from '../helpers/app';

// A stand-in for Electron: records what the thin layer asks of it. The real binary cannot be downloaded here.
const h = vi.hoisted(() => {
  const listeners = new Map<string, (...a: unknown[]) => unknown>();
  const state = {
    windows: [] as { options: Record<string, unknown>; url?: string }[],
    handlers: new Map<string, (...a: unknown[]) => unknown>(),
    exposed: new Map<string, unknown>(),
    schemes: [] as unknown[],
    lockRequested: 0,
    menu: null as unknown,
    listeners,
    permissionRequest: null as null | ((wc: unknown, p: string, cb: (ok: boolean) => void) => void),
    permissionCheck: null as null | (() => boolean),
    headers: null as null | ((d: { responseHeaders: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void),
    invoked: [] as unknown[][],
  };
  return state;
});

vi.mock('electron', () => {
  class BrowserWindow {
    constructor(public options: Record<string, unknown>) {
      h.windows.push({ options });
    }
    once() {}
    show() {}
    loadURL(url: string) {
      h.windows[h.windows.length - 1].url = url;
      return Promise.resolve();
    }
    isMinimized() {
      return false;
    }
    focus() {}
    restore() {}
  }
  return {
    app: {
      requestSingleInstanceLock: () => {
        h.lockRequested++;
        return true;
      },
      on: (ev: string, fn: (...a: unknown[]) => unknown) => h.listeners.set(ev, fn),
      whenReady: () => new Promise(() => undefined), // start() is exercised piecewise below
      getPath: () => '/nonexistent',
      quit: vi.fn(),
    },
    BrowserWindow,
    ipcMain: { handle: (ch: string, fn: (...a: unknown[]) => unknown) => h.handlers.set(ch, fn) },
    ipcRenderer: { invoke: (...a: unknown[]) => (h.invoked.push(a), Promise.resolve({ ok: true, value: null })) },
    contextBridge: { exposeInMainWorld: (k: string, v: unknown) => h.exposed.set(k, v) },
    protocol: { registerSchemesAsPrivileged: (s: unknown) => h.schemes.push(s), handle: vi.fn() },
    session: { defaultSession: {} },
    Menu: { setApplicationMenu: (m: unknown) => (h.menu = m), buildFromTemplate: (t: unknown) => t },
    dialog: { showErrorBox: vi.fn(), showMessageBox: vi.fn() },
  };
});

describe('Electron layer (with a stubbed electron module)', () => {
  let t: Awaited<ReturnType<typeof makeApp>>;
  beforeAll(async () => {
    t = await makeApp();
  });
  afterAll(() => t.cleanup());

  it('main.ts asks for the single-instance lock and registers the privileged app:// scheme before ready', async () => {
    await import('../../electron/main');
    expect(h.lockRequested).toBe(1);
    expect(JSON.stringify(h.schemes)).toContain('"scheme":"app"');
    expect(h.listeners.has('web-contents-created')).toBe(true);
    expect(h.listeners.has('second-instance')).toBe(true);
  });

  it('window preferences: isolated, sandboxed, no Node, preload is the bundled CJS file', async () => {
    const { webPreferences } = await import('../../electron/security');
    const p = webPreferences('/x/out/preload/preload.cjs');
    expect(p).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, webSecurity: true, webviewTag: false });
    expect(p.preload).toMatch(/preload\.cjs$/);
  });

  it('registers exactly one IPC channel; an untrusted frame is refused before dispatch; our page reaches it', async () => {
    const { registerIpc } = await import('../../electron/ipc');
    const handlers = new Map<string, (...a: unknown[]) => Promise<unknown>>();
    registerIpc({ handle: (ch: string, fn: (...a: never[]) => unknown) => void handlers.set(ch, fn as never) } as never, t.app);
    expect([...handlers.keys()]).toEqual(['ledger:call']);
    const call = handlers.get('ledger:call')!;
    const sender = { id: 7, once: vi.fn() };
    const before = dumpDb(t.app);
    for (const frame of [{ url: 'https://evil.example/', parent: null }, { url: 'app://ledger/index.html', parent: {} }, { url: 'file:///etc/passwd', parent: null }, null]) {
      const r = await call({ sender, senderFrame: frame }, 'system.setup', { office: { level: 'township', divisionCode: '420704001000', name: '假' }, admin: { username: 'evil', displayName: 'x', password: 'Abcdefg123' } });
      expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(dumpDb(t.app)).toBe(before);
    const ok = await call({ sender, senderFrame: { url: 'app://ledger/index.html', parent: null } }, 'system.status', {});
    expect(ok).toMatchObject({ ok: true, value: { setupDone: true, user: null } });
  });

  it('hardening: navigation and new windows denied, permissions denied, CSP set on every response', async () => {
    const { hardenSession, hardenWebContents } = await import('../../electron/security');
    const events = new Map<string, (e: { preventDefault: () => void }, url?: string) => void>();
    let openHandler: (() => { action: string }) | null = null;
    hardenWebContents({ on: (ev: string, fn: never) => events.set(ev, fn), setWindowOpenHandler: (fn: never) => (openHandler = fn) } as never);
    const nav = { preventDefault: vi.fn() };
    events.get('will-navigate')!(nav, 'https://example.com/');
    expect(nav.preventDefault).toHaveBeenCalled();
    const own = { preventDefault: vi.fn() };
    events.get('will-navigate')!(own, 'app://ledger/index.html#/facilities');
    expect(own.preventDefault).not.toHaveBeenCalled();
    const wv = { preventDefault: vi.fn() };
    events.get('will-attach-webview')!(wv);
    expect(wv.preventDefault).toHaveBeenCalled();
    expect(openHandler!()).toEqual({ action: 'deny' });

    let reqHandler: ((wc: unknown, p: string, cb: (ok: boolean) => void) => void) | null = null;
    let checkHandler: (() => boolean) | null = null;
    let headers: ((d: { responseHeaders: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void) | null = null;
    hardenSession({ webRequest: { onHeadersReceived: (fn: never) => (headers = fn) }, setPermissionRequestHandler: (fn: never) => (reqHandler = fn), setPermissionCheckHandler: (fn: never) => (checkHandler = fn) } as never);
    const answers: boolean[] = [];
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal']) reqHandler!(null, p, (ok) => answers.push(ok));
    expect(answers).toEqual([false, false, false, false]);
    expect(checkHandler!()).toBe(false);
    let out: Record<string, string[]> = {};
    headers!({ responseHeaders: { 'X-A': ['1'] } }, (r) => (out = r.responseHeaders));
    expect(out['Content-Security-Policy'][0]).toContain("default-src 'self'");
    expect(out['Content-Security-Policy'][0]).toContain("object-src 'none'");
  });

  it('the app:// protocol never serves a file outside the renderer folder', async () => {
    const { resolveAppUrl } = await import('../../electron/security');
    const dir = tempDir('renderer-');
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), 'x');
    expect(resolveAppUrl(dir, 'app://ledger/')).toBe(join(dir, 'index.html'));
    expect(resolveAppUrl(dir, 'app://ledger/assets/a.js')).toBe(join(dir, 'assets', 'a.js'));
    // URL parsing already folds a literal ../ back inside the root; encoded ones must be caught by us.
    expect(resolveAppUrl(dir, 'app://ledger/../package.json')).toBe(join(dir, 'package.json'));
    expect(resolveAppUrl(dir, 'app://ledger/%2e%2e/%2e%2e/etc/passwd')).toBe(join(dir, 'etc', 'passwd'));
    // An encoded slash survives URL parsing and is decoded by us: that path would leave the folder.
    for (const bad of ['app://ledger/assets/..%2f..%2f..%2fx', 'app://ledger/..%2f..%2fetc%2fpasswd', 'app://ledger/%00', 'app://evil/index.html', 'file:///etc/passwd', 'not a url'])
      expect(resolveAppUrl(dir, bad), bad).toBeNull();
    for (const any of ['app://ledger/%2e%2e%5c..%5cwin.ini', 'app://ledger/a/../../../../b']) {
      const r = resolveAppUrl(dir, any);
      expect(r === null || r.startsWith(dir + sep), any).toBe(true);
    }
  });

  it('the preload exposes exactly the contract methods over the one channel, and nothing else', async () => {
    (globalThis as Record<string, unknown>).__LEDGER_METHODS__ = METHODS;
    await import('../../electron/preload');
    const exposed = h.exposed.get('ledger') as Record<string, (i: unknown) => Promise<unknown>>;
    expect([...h.exposed.keys()]).toEqual(['ledger']);
    expect(Object.keys(exposed).sort()).toEqual([...METHODS].sort());
    expect(Object.isFrozen(exposed)).toBe(true);
    await exposed['facilities.list']({ page: 1 });
    expect(h.invoked.at(-1)).toEqual(['ledger:call', 'facilities.list', { page: 1 }]);
  });

  it('the application menu is in Chinese', async () => {
    const { menuTemplate } = await import('../../electron/menu');
    const labels = JSON.stringify(menuTemplate({ onAbout: () => undefined }));
    for (const l of ['文件', '编辑', '视图', '帮助', '退出', '复制', '粘贴', '关于养老服务台账']) expect(labels).toContain(l);
    expect(labels).not.toMatch(/"label":"[A-Za-z]/);
  });
});
