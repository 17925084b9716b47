import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { METHODS } from '../../shared/api/contract';
import { LedgerApp } from '../../electron/app';
import { MIGRATIONS } from '../../electron/db/migrations';
import { inProcessRelay } from '../../electron/worker/relay';
import { dumpDb, makeApp, tempDir } from '../helpers/app';
import { damagedOffice } from '../helpers/store';

type Fn = (...a: never[]) => unknown;
type PreventEvent = { preventDefault: ReturnType<typeof vi.fn>; url?: string };

// A stand-in for Electron that records what the thin layer asks of it: the real binary cannot be downloaded
// here, and `import { app } from 'electron'` would throw trying to.
const h = vi.hoisted(() => {
  const fresh = () => ({
    windows: [] as {
      options: Record<string, unknown>;
      url?: string;
      once: Map<string, () => void>;
      shown: number;
      focused: number;
      reloaded: number;
    }[],
    ipc: new Map<string, Fn>(),
    protocolHandlers: new Map<string, Fn>(),
    schemes: [] as unknown[],
    lockRequested: 0,
    lockResult: true,
    listeners: new Map<string, Fn[]>(),
    ready: [] as (() => void)[],
    userData: '/nonexistent',
    menu: null as unknown,
    session: {} as Record<string, Fn>,
    exposed: new Map<string, unknown>(),
    invoked: [] as unknown[][],
  });
  // Shared by every copy of the fake module (vi.resetModules re-runs the factory when main.ts is re-imported).
  const quit = vi.fn();
  const showErrorBox = vi.fn();
  const showMessageBox = vi.fn(() => Promise.resolve({ response: 0 }));
  const showMessageBoxSync = vi.fn((_o: { buttons: string[]; message: string; detail: string }) => 1);
  return { s: fresh(), fresh, quit, showErrorBox, showMessageBox, showMessageBoxSync };
});

vi.mock('electron', () => {
  const { quit, showErrorBox, showMessageBox, showMessageBoxSync } = h;
  class BrowserWindow {
    private rec: (typeof h.s.windows)[number];
    constructor(options: Record<string, unknown>) {
      this.rec = { options, once: new Map(), shown: 0, focused: 0, reloaded: 0 };
      h.s.windows.push(this.rec);
    }
    once(ev: string, fn: () => void) {
      this.rec.once.set(ev, fn);
    }
    show() {
      this.rec.shown++;
    }
    loadURL(url: string) {
      this.rec.url = url;
      return Promise.resolve();
    }
    isMinimized() {
      return false;
    }
    reload() {
      this.rec.reloaded++;
    }
    restore() {}
    focus() {
      this.rec.focused++;
    }
  }
  const defaultSession = {
    webRequest: { onHeadersReceived: (fn: Fn) => (h.s.session.onHeadersReceived = fn) },
    setPermissionRequestHandler: (fn: Fn) => (h.s.session.permissionRequest = fn),
    setPermissionCheckHandler: (fn: Fn) => (h.s.session.permissionCheck = fn),
    setDevicePermissionHandler: (fn: Fn) => (h.s.session.devicePermission = fn),
  };
  return {
    app: {
      requestSingleInstanceLock: () => {
        h.s.lockRequested++;
        return h.s.lockResult;
      },
      on: (ev: string, fn: Fn) => h.s.listeners.set(ev, [...(h.s.listeners.get(ev) ?? []), fn]),
      whenReady: () => new Promise<void>((r) => h.s.ready.push(r)),
      getPath: (name: string) => (name === 'userData' ? h.s.userData : '/nonexistent'),
      quit,
    },
    BrowserWindow,
    ipcMain: { handle: (ch: string, fn: Fn) => h.s.ipc.set(ch, fn) },
    ipcRenderer: {
      invoke: (...a: unknown[]) => {
        h.s.invoked.push(a);
        return Promise.resolve({ ok: true, value: null });
      },
    },
    contextBridge: { exposeInMainWorld: (k: string, v: unknown) => h.s.exposed.set(k, v) },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown) => h.s.schemes.push(s),
      handle: (scheme: string, fn: Fn) => h.s.protocolHandlers.set(scheme, fn),
    },
    session: { defaultSession },
    Menu: { setApplicationMenu: (m: unknown) => (h.s.menu = m), buildFromTemplate: (t: unknown) => t },
    dialog: { showErrorBox, showMessageBox, showMessageBoxSync },
  };
});

// The spies the thin layer calls (the same objects whichever copy of the fake module main.ts got).
const electron = { app: { quit: h.quit }, dialog: { showErrorBox: h.showErrorBox } };
const emit = (ev: string, ...args: unknown[]) => {
  for (const fn of h.s.listeners.get(ev) ?? []) (fn as (...a: unknown[]) => unknown)(...args);
};
/** Quitting: main.ts holds the quit until the store worker has closed the database, then quits again. */
async function quit() {
  const quitsBefore = h.quit.mock.calls.length;
  const event = { preventDefault: vi.fn() };
  emit('will-quit', event);
  if (event.preventDefault.mock.calls.length) await vi.waitFor(() => expect(h.quit.mock.calls.length).toBeGreaterThan(quitsBefore));
}
const TRUSTED = { url: 'app://ledger/index.html', parent: null };
const fakeSender = (id: number) => {
  const on = new Map<string, () => void>();
  return { id, once: vi.fn((ev: string, fn: () => void) => on.set(ev, fn)), destroy: () => on.get('destroyed')?.() };
};

// The store worker compiles the sources with tsx as it starts (the built program loads a bundle): allow for it.
// Upper bounds for a start (worker thread, database, the start backup) when a dozen test runs share 2 cores.
const STARTED = { timeout: 60_000 };

const made: string[] = [];
/** A fresh userData folder, removed after the file's tests. */
const userDataDir = () => {
  const dir = tempDir('ledger-');
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** Imports main.ts afresh (it runs at import), as Electron would at start. */
async function startMain(userData: string, opts: { lock?: boolean } = {}) {
  vi.resetModules();
  h.s = h.fresh();
  h.s.userData = userData;
  h.s.lockResult = opts.lock ?? true;
  h.quit.mockClear();
  h.showErrorBox.mockClear();
  h.showMessageBoxSync.mockClear();
  await import('../../electron/main');
}

describe('main.ts (with a stubbed electron module)', { timeout: 180_000 }, () => {
  beforeEach(() => vi.spyOn(console, 'error').mockImplementation(() => undefined));

  it('before ready: single-instance lock, privileged app:// scheme, hardening of every webContents; nothing served yet', async () => {
    await startMain(userDataDir());
    expect(h.s.lockRequested).toBe(1);
    expect(h.s.schemes).toEqual([[{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]]);
    expect(JSON.stringify(h.s.schemes)).not.toContain('bypassCSP');
    expect(h.s.listeners.has('web-contents-created')).toBe(true);
    expect(h.s.ready).toHaveLength(1);
    expect(h.s.windows).toHaveLength(0);
    expect(h.s.protocolHandlers.size).toBe(0);
  });

  it('on ready: a hardened 1280×800 window on app://ledger, one IPC channel, CSP and permissions set; quit closes the database', async () => {
    const dir = userDataDir();
    await startMain(dir);
    h.s.ready[0]();
    await vi.waitFor(() => expect(h.s.windows).toHaveLength(1), STARTED);
    const w = h.s.windows[0];
    expect(w.options).toMatchObject({ title: '养老服务台账', width: 1280, height: 800, minWidth: 1024, minHeight: 700, show: false });
    const prefs = w.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    });
    expect(prefs.preload).toMatch(new RegExp(`\\${sep}preload\\${sep}preload\\.cjs$`));
    expect(w.url).toBe('app://ledger/index.html');
    // Shown only once painted, so the clerk never sees a white flash.
    expect(w.shown).toBe(0);
    w.once.get('ready-to-show')!();
    expect(w.shown).toBe(1);
    // A second start hands over to this window.
    emit('second-instance');
    expect(w.focused).toBe(1);

    expect([...h.s.ipc.keys()]).toEqual(['ledger:call']);
    expect([...h.s.protocolHandlers.keys()]).toEqual(['app']);
    expect(Object.keys(h.s.session).sort()).toEqual(['devicePermission', 'onHeadersReceived', 'permissionCheck', 'permissionRequest']);
    expect(JSON.stringify(h.s.menu)).toContain('关于养老服务台账');

    // The database lives in userData, and our page reaches it through the one channel.
    expect(existsSync(join(dir, 'ledger.sqlite'))).toBe(true);
    const call = h.s.ipc.get('ledger:call') as unknown as (e: unknown, m: unknown, i: unknown) => Promise<unknown>;
    expect(await call({ sender: fakeSender(1), senderFrame: TRUSTED }, 'system.status', {})).toMatchObject({
      ok: true,
      value: { setupDone: false, user: null },
    });

    // Let the start-up backup finish before quitting (it reads the open database).
    await vi.waitFor(() => expect(readdirSync(join(dir, 'backups')).filter((n) => !n.endsWith('.part'))).toHaveLength(1), STARTED);
    // A login attempt reads the users table: refused normally while open, an internal error once closed.
    const login = () => call({ sender: fakeSender(1), senderFrame: TRUSTED }, 'session.login', { username: 'nobody', password: 'x' });
    expect(await login()).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    // The store runs in a worker, which marks the data folder while it has the database open.
    expect(existsSync(join(dir, 'ledger.running'))).toBe(true);
    await quit();
    expect(await login()).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringContaining('退出') } });
    // A clean shutdown: the marker is gone, so the next start does not check the whole file first.
    expect(existsSync(join(dir, 'ledger.running'))).toBe(false);
  });

  it('the protocol handler serves the renderer with the CSP and refuses traversal with 403', async () => {
    const dir = userDataDir();
    await startMain(dir);
    h.s.ready[0]();
    await vi.waitFor(() => expect(h.s.protocolHandlers.has('app')).toBe(true), STARTED);
    const handler = h.s.protocolHandlers.get('app') as unknown as (r: { url: string }) => Promise<Response>;
    const bad = await handler({ url: 'app://ledger/..%2f..%2fpackage.json' });
    expect(bad.status).toBe(403);
    const missing = await handler({ url: 'app://ledger/no-such-file.js' });
    expect(missing.status).toBe(404);
    const page = await handler({ url: 'app://ledger/index.html' });
    // The built renderer may not exist in a fresh checkout; when it does, it is served with our CSP.
    if (page.status === 200) {
      expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(page.headers.get('content-type')).toContain('text/html');
    } else expect(page.status).toBe(404);
    await vi.waitFor(() => expect(readdirSync(join(dir, 'backups')).filter((n) => !n.endsWith('.part'))).toHaveLength(1), STARTED);
    await quit();
  });

  it('a database from a newer version: Chinese error box, quit, no window, and the file is not touched', async () => {
    const dir = userDataDir();
    const a = new LedgerApp({ dataDir: dir });
    a.store.sqlite
      .prepare("INSERT INTO schema_migrations (name, appliedAt, appVersion) VALUES ('0999_future', '2030-01-01', '9.0.0')")
      .run();
    a.store.sqlite.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    a.close();
    const file = join(dir, 'ledger.sqlite');
    const before = readFileSync(file);
    const mtime = statSync(file).mtimeMs;

    await startMain(dir);
    h.s.ready[0]();
    await vi.waitFor(() => expect(electron.dialog.showErrorBox).toHaveBeenCalledTimes(1), STARTED);
    const [title, message] = h.showErrorBox.mock.calls[0];
    expect(title).toMatch(/[\u4e00-\u9fff]/);
    expect(message).toContain('更新版本');
    expect(electron.app.quit).toHaveBeenCalled();
    expect(h.s.windows).toHaveLength(0);
    expect(h.s.ipc.size).toBe(0);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(statSync(file).mtimeMs).toBe(mtime);
    expect(existsSync(join(dir, 'backups'))).toBe(false);
  });

  it('a damaged database: Chinese error box and quit, file unchanged', async () => {
    const dir = userDataDir();
    const file = join(dir, 'ledger.sqlite');
    writeFileSync(file, '这不是数据库'.repeat(500));
    const before = readFileSync(file);
    await startMain(dir);
    h.s.ready[0]();
    await vi.waitFor(() => expect(electron.dialog.showErrorBox).toHaveBeenCalledTimes(1), STARTED);
    expect(h.showErrorBox.mock.calls[0][1]).toMatch(/损坏|不是本程序/);
    expect(electron.app.quit).toHaveBeenCalled();
    expect(h.s.windows).toHaveLength(0);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('a damaged database with a good backup: offers it; on yes starts from it and keeps the damaged file; on no quits, touching nothing', async () => {
    const dir = userDataDir();
    const a = new LedgerApp({ dataDir: dir });
    const { setup } = await import('../../electron/system/service');
    await setup(a, {
      office: { level: 'township', divisionCode: '420704001000', name: '凤凰街道民政办' },
      admin: { username: 'admin', displayName: '王', password: 'Admin12345' },
    });
    const { createBackup } = await import('../../electron/backup/service');
    const good = await createBackup(a.store.sqlite, dir, 'manual');
    a.close();
    const file = join(dir, 'ledger.sqlite');
    writeFileSync(file, '这不是数据库'.repeat(500));
    const damaged = readFileSync(file);

    // No: explained and quit, the damaged file as it was.
    h.showMessageBoxSync.mockReturnValueOnce(1);
    await startMain(dir);
    h.s.ready[0]();
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalled(), STARTED);
    const offer = h.showMessageBoxSync.mock.calls[0][0];
    expect(offer.buttons).toEqual(['用这个备份恢复', '退出程序']);
    expect(offer.detail).toContain(good.createdAt);
    expect(h.s.windows).toHaveLength(0);
    expect(readFileSync(file).equals(damaged)).toBe(true);

    // Yes: the program starts from the backup; the damaged file is kept beside it; the restore is audited.
    h.showMessageBoxSync.mockReturnValueOnce(0);
    await startMain(dir);
    h.s.ready[0]();
    await vi.waitFor(() => expect(h.s.windows).toHaveLength(1), STARTED);
    expect(electron.app.quit).not.toHaveBeenCalled();
    const kept = readdirSync(dir).filter((f) => f.startsWith('ledger.sqlite.damaged-'));
    expect(kept).toHaveLength(1);
    expect(readFileSync(join(dir, kept[0])).equals(damaged)).toBe(true);
    const call = h.s.ipc.get('ledger:call') as unknown as (e: unknown, m: unknown, i: unknown) => Promise<unknown>;
    expect(await call({ sender: fakeSender(3), senderFrame: TRUSTED }, 'system.status', {})).toMatchObject({
      ok: true,
      value: { setupDone: true, office: { name: '凤凰街道民政办' } },
    });
    await vi.waitFor(() => expect(readdirSync(join(dir, 'backups')).filter((n) => n.endsWith('-start'))).toHaveLength(1), STARTED);
    await quit();
    const db = new (await import('better-sqlite3')).default(file, { readonly: true });
    expect(db.prepare("SELECT userName, note FROM audit_log WHERE action = 'backup-restore'").all()).toEqual([
      { userName: '系统', note: expect.stringContaining(kept[0]) },
    ]);
    db.close();
  });

  it('damage found by the background check: the guided restore is offered; on yes the store reopens on the backup and the window reloads', async () => {
    const dir = userDataDir();
    const { good, bytes } = await damagedOffice(dir);
    h.showMessageBox.mockClear();
    await startMain(dir);
    h.s.ready[0]();
    // The window comes first: the file is checked after it, in the background.
    await vi.waitFor(() => expect(h.s.windows).toHaveLength(1), STARTED);
    await vi.waitFor(() => expect(h.showMessageBox).toHaveBeenCalled(), STARTED);
    const offer = h.showMessageBox.mock.calls[0].at(-1) as unknown as { buttons: string[]; message: string; detail: string };
    expect(offer.buttons).toEqual(['用这个备份恢复', '稍后']);
    expect(offer.message).toContain('暂停保存');
    expect(offer.detail).toContain(good.createdAt);
    await vi.waitFor(() => expect(h.s.windows[0].reloaded).toBe(1), STARTED);
    const kept = readdirSync(dir).filter((f) => f.startsWith('ledger.sqlite.damaged-'));
    expect(kept).toHaveLength(1);
    expect(readFileSync(join(dir, kept[0])).subarray(0, 4096).equals(bytes.subarray(0, 4096))).toBe(true);
    const call = h.s.ipc.get('ledger:call') as unknown as (e: unknown, m: unknown, i: unknown) => Promise<unknown>;
    const frame = { sender: fakeSender(5), senderFrame: TRUSTED };
    expect(await call(frame, 'session.login', { username: 'admin', password: 'Admin12345' })).toMatchObject({ ok: true });
    expect(await call(frame, 'system.status', {})).toMatchObject({
      ok: true,
      value: { dataCheck: 'ok', office: { name: '凤凰街道民政办' } },
    });
    await quit();
  });

  it('a second copy of the program quits at once and never opens the database', async () => {
    const dir = userDataDir();
    await startMain(dir, { lock: false });
    expect(h.s.lockRequested).toBe(1);
    expect(electron.app.quit).toHaveBeenCalled();
    expect(h.s.ready).toHaveLength(0);
    expect(existsSync(join(dir, 'ledger.sqlite'))).toBe(false);
  });
});

describe('security.ts, ipc.ts, preload and menu', () => {
  let t: Awaited<ReturnType<typeof makeApp>>;
  beforeAll(async () => {
    t = await makeApp();
  });
  afterAll(() => t.cleanup());

  it('WEB_PREFERENCES: isolated, sandboxed, no Node anywhere, frozen; webPreferences() only adds the preload', async () => {
    const { WEB_PREFERENCES, webPreferences } = await import('../../electron/security');
    expect(WEB_PREFERENCES).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(Object.isFrozen(WEB_PREFERENCES)).toBe(true);
    const p = webPreferences('/x/out/preload/preload.cjs');
    expect(p).toEqual({ ...WEB_PREFERENCES, preload: '/x/out/preload/preload.cjs' });
  });

  it('isTrustedSender: only the top frame of app://ledger', async () => {
    const { isTrustedSender } = await import('../../electron/security');
    expect(isTrustedSender(TRUSTED)).toBe(true);
    expect(isTrustedSender({ url: 'app://ledger/index.html#/facilities', parent: null })).toBe(true);
    for (const f of [
      { url: 'https://evil.example/', parent: null },
      { url: 'app://ledger/index.html', parent: {} as never }, // our page, but in a subframe
      { url: 'app://ledger.evil.example/index.html', parent: null },
      { url: 'app://ledger@evil.example/index.html', parent: null },
      { url: 'app://evil/index.html', parent: null },
      { url: 'file:///etc/passwd', parent: null },
      { url: 'http://localhost:5173/', parent: null },
      { url: '', parent: null },
      null,
      undefined,
    ])
      expect(isTrustedSender(f), JSON.stringify(f)).toBe(false);
  });

  it('registers exactly one IPC channel; an untrusted frame is refused before dispatch (database unchanged); our page reaches it', async () => {
    const { registerIpc } = await import('../../electron/ipc');
    const handlers = new Map<string, (...a: unknown[]) => Promise<unknown>>();
    registerIpc({ handle: (ch: string, fn: Fn) => void handlers.set(ch, fn as never) } as never, inProcessRelay(t.app));
    expect([...handlers.keys()]).toEqual(['ledger:call']);
    const call = handlers.get('ledger:call')!;
    const sender = fakeSender(7);
    const before = dumpDb(t.app);
    const attack = {
      office: { level: 'township', divisionCode: '420704001000', name: '假' },
      admin: { username: 'evil', displayName: 'x', password: 'Abcdefg123' },
    };
    for (const frame of [
      { url: 'https://evil.example/', parent: null },
      { url: 'app://ledger/index.html', parent: {} },
      { url: 'file:///etc/passwd', parent: null },
      null,
    ]) {
      for (const [m, input] of [
        ['system.setup', attack],
        ['session.login', { username: 'admin', password: 'Admin12345' }],
        ['system.status', {}],
      ] as const) {
        const r = (await call({ sender, senderFrame: frame }, m, input)) as { ok: boolean; error: { code: string; message: string } };
        expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
        expect(r.error.message).toMatch(/[\u4e00-\u9fff]/);
      }
    }
    expect(dumpDb(t.app)).toBe(before);
    // Refused calls do not even create a session for the sender.
    expect(sender.once).not.toHaveBeenCalled();
    const ok = await call({ sender, senderFrame: TRUSTED }, 'system.status', {});
    expect(ok).toMatchObject({ ok: true, value: { setupDone: true, user: null } });
    // Unknown methods are refused by dispatch, not by a missing handler.
    expect(await call({ sender, senderFrame: TRUSTED }, 'constructor', {})).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('sessions are per window and dropped when the window is destroyed', async () => {
    const { registerIpc } = await import('../../electron/ipc');
    let call: ((...a: unknown[]) => Promise<unknown>) | null = null;
    const relay = inProcessRelay(t.app);
    const { sessions } = registerIpc(
      {
        handle: (_ch: string, fn: Fn) => {
          call = fn as never;
        },
      } as never,
      relay,
    );
    const a = fakeSender(11);
    const b = fakeSender(12);
    expect(await call!({ sender: a, senderFrame: TRUSTED }, 'session.login', { username: 'admin', password: 'Admin12345' })).toMatchObject({
      ok: true,
    });
    expect(await call!({ sender: a, senderFrame: TRUSTED }, 'system.status', {})).toMatchObject({
      ok: true,
      value: { user: { username: 'admin' } },
    });
    // Another window is not logged in by the first one's login.
    expect(await call!({ sender: b, senderFrame: TRUSTED }, 'system.status', {})).toMatchObject({ ok: true, value: { user: null } });
    expect(await call!({ sender: b, senderFrame: TRUSTED }, 'facilities.list', {})).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    expect([...sessions.keys()].sort()).toEqual([11, 12]);
    expect([...relay.sessions.keys()].sort()).toEqual(['window:11', 'window:12']);
    expect(a.once).toHaveBeenCalledTimes(1);
    a.destroy();
    expect([...sessions.keys()]).toEqual([12]);
    // The store forgets the destroyed window's login too.
    expect([...relay.sessions.keys()]).toEqual(['window:12']);
  });

  it('hardening: navigation, redirects, new windows and webviews denied; permissions denied; our CSP replaces any other', async () => {
    const { hardenSession, hardenWebContents } = await import('../../electron/security');
    const events = new Map<string, (...a: unknown[]) => void>();
    let openHandler: ((d: { url: string }) => { action: string }) | null = null;
    hardenWebContents({
      on: (ev: string, fn: never) => events.set(ev, fn),
      setWindowOpenHandler: (fn: never) => (openHandler = fn),
    } as never);
    const ev = (url?: string): PreventEvent => ({ preventDefault: vi.fn(), url });
    for (const url of [
      'https://example.com/',
      'app://ledger.evil/index.html',
      'app://evil/',
      'file:///C:/Windows/win.ini',
      'javascript:alert(1)',
    ]) {
      const nav = ev();
      events.get('will-navigate')!(nav, url);
      expect(nav.preventDefault, url).toHaveBeenCalled();
      const frameNav = ev(url);
      events.get('will-frame-navigate')!(frameNav);
      expect(frameNav.preventDefault, url).toHaveBeenCalled();
      const redirect = ev();
      events.get('will-redirect')!(redirect, url);
      expect(redirect.preventDefault, url).toHaveBeenCalled();
    }
    const own = ev();
    events.get('will-navigate')!(own, 'app://ledger/index.html#/facilities');
    expect(own.preventDefault).not.toHaveBeenCalled();
    const wv = ev();
    events.get('will-attach-webview')!(wv);
    expect(wv.preventDefault).toHaveBeenCalled();
    expect(openHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'app://ledger/index.html' })).toEqual({ action: 'deny' });

    const s: Record<string, (...a: never[]) => unknown> = {};
    hardenSession({
      webRequest: { onHeadersReceived: (fn: never) => (s.headers = fn) },
      setPermissionRequestHandler: (fn: never) => (s.request = fn),
      setPermissionCheckHandler: (fn: never) => (s.check = fn),
      setDevicePermissionHandler: (fn: never) => (s.device = fn),
    } as never);
    const answers: boolean[] = [];
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'fullscreen'])
      (s.request as unknown as (wc: unknown, p: string, cb: (ok: boolean) => void) => void)(null, p, (ok) => answers.push(ok));
    expect(answers).toEqual([false, false, false, false, false, false]);
    expect((s.check as unknown as () => boolean)()).toBe(false);
    expect((s.device as unknown as () => boolean)()).toBe(false);
    let out: Record<string, string[]> = {};
    (s.headers as unknown as (d: unknown, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void)(
      { responseHeaders: { 'X-A': ['1'], 'content-security-policy': ['default-src *'] } },
      (r) => (out = r.responseHeaders),
    );
    expect(out['X-A']).toEqual(['1']);
    expect(Object.keys(out).filter((k) => k.toLowerCase() === 'content-security-policy')).toEqual(['Content-Security-Policy']);
    expect(out['Content-Security-Policy'][0]).toContain("default-src 'self'");
    expect(out['Content-Security-Policy'][0]).toContain("object-src 'none'");
    expect(out['Content-Security-Policy'][0]).not.toContain('unsafe-eval');
  });

  it('resolveAppUrl never maps a URL to a file outside the renderer folder', async () => {
    const { resolveAppUrl } = await import('../../electron/security');
    const dir = userDataDir();
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), 'x');
    expect(resolveAppUrl(dir, 'app://ledger/')).toBe(join(dir, 'index.html'));
    expect(resolveAppUrl(dir, 'app://ledger/index.html')).toBe(join(dir, 'index.html'));
    expect(resolveAppUrl(dir, 'app://ledger/assets/index-BaQF_eC3V.js')).toBe(join(dir, 'assets', 'index-BaQF_eC3V.js'));
    expect(resolveAppUrl(dir, 'app://ledger/index.html?x=1#/facilities')).toBe(join(dir, 'index.html'));
    const refused = [
      'app://ledger/../package.json', // literal ../ (URL parsing would fold it; refused before that)
      'app://ledger/assets/../../x',
      'app://ledger/%2e%2e/%2e%2e/etc/passwd', // encoded dots
      'app://ledger/%2e%2e%2f%2e%2e%2fetc%2fpasswd', // encoded dots and slashes
      'app://ledger/%2E%2E%2Fpackage.json',
      'app://ledger/assets/..%2f..%2f..%2fx', // encoded slash survives URL parsing
      'app://ledger/..%5c..%5cwin.ini', // encoded backslash (a separator on Windows)
      'app://ledger/a%5c..%5c..%5cb',
      'app://ledger//etc/passwd', // absolute paths
      'app://ledger/%2fetc%2fpasswd',
      'app://ledger/C:/Windows/win.ini',
      'app://ledger/C:%5cWindows%5cwin.ini',
      'app://ledger/index.html:stream', // NTFS alternate data stream
      'app://ledger/%00',
      'app://ledger/index.html%00.png',
      'app://ledger/%E0%A4%A', // malformed encoding
      'app://evil/index.html',
      'app://ledger.evil/index.html',
      'app://ledger@evil/index.html',
      'file:///etc/passwd',
      '/etc/passwd',
      'not a url',
    ];
    for (const bad of refused) expect(resolveAppUrl(dir, bad), bad).toBeNull();
  });

  it('the preload exposes exactly the contract methods over the one channel, and nothing else', async () => {
    vi.resetModules();
    h.s = h.fresh();
    (globalThis as Record<string, unknown>).__LEDGER_METHODS__ = METHODS;
    await import('../../electron/preload');
    expect([...h.s.exposed.keys()]).toEqual(['ledger']);
    const exposed = h.s.exposed.get('ledger') as Record<string, (i: unknown) => Promise<unknown>>;
    expect(Object.keys(exposed).sort()).toEqual([...METHODS].sort());
    expect(Object.values(exposed).every((f) => typeof f === 'function')).toBe(true);
    expect(Object.isFrozen(exposed)).toBe(true);
    expect(Object.getPrototypeOf(exposed)).toBeNull(); // no inherited toString/constructor either
    await exposed['facilities.list']({ page: 1 });
    expect(h.s.invoked.at(-1)).toEqual(['ledger:call', 'facilities.list', { page: 1 }]);
  });

  it('buildBridge: one function per given name, nothing more; the channel is fixed', async () => {
    const { buildBridge, IPC_CHANNEL } = await import('../../electron/bridge');
    expect(IPC_CHANNEL).toBe('ledger:call');
    const calls: unknown[][] = [];
    const api = buildBridge(['a.b', 'c.d'], async (...a) => {
      calls.push(a);
      return { ok: true, value: 1 };
    });
    expect(Reflect.ownKeys(api)).toEqual(['a.b', 'c.d']);
    expect(await api['c.d']('x')).toEqual({ ok: true, value: 1 });
    expect(calls).toEqual([['ledger:call', 'c.d', 'x']]);
  });

  // The bundle check needs `npm run build`; `npm test` builds first. Skipped in a checkout never built.
  it.skipIf(!existsSync(join(import.meta.dirname, '../../out/preload/preload.cjs')))(
    'the built preload is one small CJS file needing only electron, with the method names baked in',
    () => {
      const code = readFileSync(join(import.meta.dirname, '../../out/preload/preload.cjs'), 'utf8');
      expect(code.length).toBeLessThan(10_000);
      expect(code).not.toContain('__LEDGER_METHODS__');
      expect(code).not.toMatch(/zod|kysely|better-sqlite3/);
      const required: string[] = [];
      const exposed = new Map<string, Record<string, unknown>>();
      const fakeElectron = {
        contextBridge: { exposeInMainWorld: (k: string, v: Record<string, unknown>) => exposed.set(k, v) },
        ipcRenderer: { invoke: () => Promise.resolve() },
      };
      new Function('require', 'module', 'exports', code)(
        (id: string) => {
          required.push(id);
          return id === 'electron' ? fakeElectron : {};
        },
        { exports: {} },
        {},
      );
      expect(required).toEqual(['electron']);
      expect([...exposed.keys()]).toEqual(['ledger']);
      const names = Object.keys(exposed.get('ledger')!);
      expect(names.length).toBeGreaterThan(50);
      // Every baked-in name is a method of the contract (a stale bundle from an older contract fails here: rebuild).
      expect(names.filter((n) => !METHODS.includes(n as never))).toEqual([]);
    },
  );

  it('the application menu is in Chinese and has no developer tools', async () => {
    const { menuTemplate } = await import('../../electron/menu');
    const onAbout = vi.fn();
    const tpl = menuTemplate({ onAbout });
    expect(tpl.map((m) => m.label)).toEqual(['文件', '编辑', '视图', '帮助']);
    const labels = JSON.stringify(tpl);
    for (const l of [
      '退出',
      '撤销',
      '重做',
      '剪切',
      '复制',
      '粘贴',
      '全选',
      '重新加载',
      '实际大小',
      '放大',
      '缩小',
      '全屏',
      '关于养老服务台账',
    ])
      expect(labels).toContain(`"label":"${l}"`);
    expect(labels).not.toMatch(/"label":"[A-Za-z]/);
    expect(labels).not.toMatch(/toggleDevTools|forceReload/i);
    const help = tpl[3].submenu as { label: string; click: () => void }[];
    help.find((i) => i.label === '关于养老服务台账')!.click();
    expect(onAbout).toHaveBeenCalledTimes(1);
  });
});
