import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session } from 'electron';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../shared/api/errors';
import { LedgerApp } from './app';
import { createBackup, type BackupInfo } from './backup/service';
import { newestGoodBackup, replaceDamagedDatabase } from './backup/startup';
import { registerIpc } from './ipc';
import { menuTemplate } from './menu';
import { rendererDir } from './paths';
import { PrintPages } from './printing/pages';
import { openPrintPreview } from './printing/window';
import { saveFileWithDialog } from './system/saveDialog';
import { APP_URL, hardenSession, hardenWebContents, registerAppScheme, serveAppProtocol, webPreferences } from './security';
import { recordEvent } from './system/audit';
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
  app
    .whenReady()
    .then(() => start())
    .catch((e: unknown) => fail(e));
}

function start(recovery?: { from: BackupInfo; keptAs: string }) {
  try {
    ledger = new LedgerApp({ dataDir: app.getPath('userData') });
  } catch (e) {
    return fail(e, !!recovery);
  }
  if (recovery)
    recordEvent(
      ledger,
      { userId: null, userName: '系统' },
      {
        action: 'backup-restore',
        entity: 'backups',
        recordId: recovery.from.name,
        note: `启动时发现数据文件损坏,已用 ${recovery.from.createdAt} 的备份(${recovery.from.reason})恢复;损坏的文件保留为 ${recovery.keptAs}。`,
      },
    );
  void createBackup(ledger.store.sqlite, ledger.dataDir, 'start').catch((e: unknown) => console.error('[backup] start backup failed', e));
  dailyBackup = setInterval(
    () => ledger && void createBackup(ledger.store.sqlite, ledger.dataDir, 'daily').catch(() => undefined),
    24 * 3600 * 1000,
  );
  dailyBackup.unref();
  hardenSession(session.defaultSession);
  serveAppProtocol(protocol, rendererDir(), (f) => readFile(f), printPages);
  registerIpc(ipcMain, ledger, {
    printPreview: (doc) => openPrintPreview(doc, { pages: printPages, parent: win, documentsDir: app.getPath('documents') }),
    saveFile: (name, bytes) => saveFileWithDialog(win, app.getPath('documents'), name, bytes),
  });
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({
        onAbout: () =>
          void dialog.showMessageBox({
            type: 'info',
            title: '关于',
            message: `养老服务台账 ${APP_VERSION}`,
            detail: '乡镇/街道民政办离线台账。数据保存在本机。',
          }),
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
function fail(e: unknown, afterRecovery = false) {
  if (!afterRecovery && e instanceof AppError && e.code === 'DB_CORRUPT' && offerNewestBackup(e.message)) return;
  const message = e instanceof AppError ? e.message : `程序无法启动:${(e as Error)?.message ?? String(e)}`;
  dialog.showErrorBox('养老服务台账无法打开数据', message);
  app.quit();
}

/**
 * A damaged database: offers the newest backup that passes its check. On yes the damaged file is renamed
 * (never deleted) and the program starts from the backup. Returns false when there is none or the clerk
 * declines, and the caller explains and quits as before.
 */
function offerNewestBackup(why: string): boolean {
  const dataDir = app.getPath('userData');
  const good = newestGoodBackup(dataDir);
  if (!good) return false;
  const choice = dialog.showMessageBoxSync({
    type: 'error',
    title: '养老服务台账:数据文件损坏',
    message: why,
    detail: `可以用最新的完好备份恢复:${good.createdAt}(${good.reason})。损坏的数据文件不会删除,会改名保留在数据文件夹中;备份之后录入的内容需要重新录入。`,
    buttons: ['用这个备份恢复', '退出程序'],
    defaultId: 0,
    cancelId: 1,
    noLink: true,
  });
  if (choice !== 0) return false;
  try {
    const { keptAs } = replaceDamagedDatabase(dataDir, good.name);
    start({ from: good, keptAs });
  } catch (e) {
    fail(e, true);
  }
  return true;
}

app.on('window-all-closed', () => app.quit());
app.on('will-quit', () => {
  if (dailyBackup) clearInterval(dailyBackup);
  ledger?.close();
  ledger = null;
});
