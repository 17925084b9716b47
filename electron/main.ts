import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session } from 'electron';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../shared/api/errors';
import { LedgerApp } from './app';
import { createBackup } from './backup/service';
import { registerIpc } from './ipc';
import { menuTemplate } from './menu';
import { rendererDir } from './paths';
import { PrintPages } from './printing/pages';
import { openPrintPreview } from './printing/window';
import { APP_URL, hardenSession, hardenWebContents, registerAppScheme, serveAppProtocol, webPreferences } from './security';
import { APP_VERSION } from './version';

// The thin Electron layer: everything it calls is plain Node, tested without Electron.
let ledger: LedgerApp | null = null;
let win: BrowserWindow | null = null;
let dailyBackup: ReturnType<typeof setInterval> | null = null;
const printPages = new PrintPages();

registerAppScheme(protocol);
app.on('web-contents-created', (_e, contents) => hardenWebContents(contents));

if (!app.requestSingleInstanceLock()) {
  // A second copy would open the same database: hand over to the first one instead.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  // .catch after .then: a failure anywhere in start() (not only opening the database) is explained, not lost.
  app.whenReady().then(start).catch(fail);
}

function start() {
  try {
    ledger = new LedgerApp({ dataDir: app.getPath('userData') });
  } catch (e) {
    return fail(e);
  }
  void createBackup(ledger.store.sqlite, ledger.dataDir, 'start').catch((e: unknown) => console.error('[backup] start backup failed', e));
  dailyBackup = setInterval(() => ledger && void createBackup(ledger.store.sqlite, ledger.dataDir, 'daily').catch(() => undefined), 24 * 3600 * 1000);
  dailyBackup.unref();
  hardenSession(session.defaultSession);
  serveAppProtocol(protocol, rendererDir(), (f) => readFile(f), printPages);
  registerIpc(ipcMain, ledger, {
    printPreview: (doc) => openPrintPreview(doc, { pages: printPages, parent: win, documentsDir: app.getPath('documents') }),
  });
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({
        onAbout: () => void dialog.showMessageBox({ type: 'info', title: '关于', message: `养老服务台账 ${APP_VERSION}`, detail: '乡镇/街道民政办离线台账。数据保存在本机。' }),
      }),
    ),
  );
  win = new BrowserWindow({
    title: '养老服务台账',
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    webPreferences: webPreferences(join(import.meta.dirname, '../preload/preload.cjs')),
  });
  win.once('ready-to-show', () => win?.show());
  win.loadURL(APP_URL).catch((e: unknown) => console.error('[window] load failed', e));
}

/**
 * The database could not be opened (DB_NEWER: written by a newer version; DB_CORRUPT: damaged): explain in
 * Chinese and quit. openStore only reads such a file before refusing it, so nothing is written to it.
 */
function fail(e: unknown) {
  const message = e instanceof AppError ? e.message : `程序无法启动:${(e as Error)?.message ?? String(e)}`;
  dialog.showErrorBox('养老服务台账无法打开数据', message);
  app.quit();
}

app.on('window-all-closed', () => app.quit());
app.on('will-quit', () => {
  if (dailyBackup) clearInterval(dailyBackup);
  ledger?.close();
  ledger = null;
});
