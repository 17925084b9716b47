import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session } from 'electron';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../shared/api/errors';
import type { BackupInfo } from './backup/service';
import { registerIpc } from './ipc';
import { menuTemplate } from './menu';
import { rendererDir } from './paths';
import { PrintPages } from './printing/pages';
import { openPrintPreview } from './printing/window';
import { saveFileWithDialog } from './system/saveDialog';
import { APP_URL, hardenSession, hardenWebContents, registerAppScheme, serveAppProtocol, webPreferences } from './security';
import { APP_VERSION } from './version';
import { slowQueryMsFor, StoreClient, StoreStartError } from './worker/client';
import type { DataCheckResult } from './worker/protocol';

// The thin Electron layer: windows, dialogs and the relay to the store worker, where all the data lives.
let store: StoreClient | null = null;
let win: BrowserWindow | null = null;
let quitting = false;
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

async function start(recoverFrom?: BackupInfo) {
  try {
    store = await StoreClient.start({
      dataDir: app.getPath('userData'),
      backups: true,
      recoverFrom: recoverFrom?.name,
      slowQueryMs: slowQueryMsFor(!app.isPackaged),
      // The worker asks for these: only this process has windows.
      desktop: {
        printPreview: (doc) => openPrintPreview(doc, { pages: printPages, parent: win, documentsDir: app.getPath('documents') }),
        saveFile: (name, bytes) => saveFileWithDialog(win, app.getPath('documents'), name, bytes),
      },
    });
  } catch (e) {
    return fail(e, !!recoverFrom);
  }
  store.on('data-check', (r) => void offerRestoreAfterCheck(r));
  store.on('down', (message) => dialog.showErrorBox('养老服务台账', message));
  hardenSession(session.defaultSession);
  serveAppProtocol(protocol, rendererDir(), (f) => readFile(f), printPages);
  registerIpc(ipcMain, store);
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
 * Chinese and quit. The worker only reads such a file before refusing it, so nothing is written to it.
 */
function fail(e: unknown, afterRecovery = false) {
  if (
    !afterRecovery &&
    e instanceof StoreStartError &&
    e.code === 'DB_CORRUPT' &&
    e.goodBackup &&
    offerNewestBackup(e.message, e.goodBackup)
  )
    return;
  if (!(e instanceof AppError)) console.error('[start] failed', e);
  const message = e instanceof AppError ? e.message : '程序无法启动:读取数据时出错。请重新打开程序;如果反复出现,请把日志发给技术支持。';
  dialog.showErrorBox('养老服务台账无法打开数据', message);
  app.quit();
}

/**
 * A damaged database at start: offers the newest backup that passes its check (the worker found it). On yes
 * the damaged file is renamed (never deleted) and the program starts from the backup. Returns false when the
 * clerk declines, and the caller explains and quits as before.
 */
function offerNewestBackup(why: string, good: BackupInfo): boolean {
  const choice = dialog.showMessageBoxSync({
    type: 'error',
    title: '养老服务台账:数据文件损坏',
    message: why,
    detail: restoreDetail(good),
    buttons: ['用这个备份恢复', '退出程序'],
    defaultId: 0,
    cancelId: 1,
    noLink: true,
  });
  if (choice !== 0) return false;
  void start(good);
  return true;
}

function restoreDetail(good: BackupInfo): string {
  return `可以用最新的完好备份恢复:${good.createdAt}(${good.reason})。损坏的数据文件不会删除,会改名保留在数据文件夹中;备份之后录入的内容需要重新录入。`;
}

/**
 * The background check found the file damaged while the program runs: saving is paused (the worker refuses
 * writes) and the same guided restore is offered; on yes the worker is restarted on the backup and the window
 * reloads. Declined, the banner stays and the next start offers it again.
 */
async function offerRestoreAfterCheck(r: DataCheckResult) {
  if (r.ok) return;
  const options = {
    type: 'error' as const,
    title: '养老服务台账:数据文件损坏',
    message: '后台检查发现数据库文件已损坏。为避免进一步损坏,程序已暂停保存。',
    detail: r.goodBackup ? restoreDetail(r.goodBackup) : r.message,
    buttons: r.goodBackup ? ['用这个备份恢复', '稍后'] : ['知道了'],
    defaultId: 0,
    cancelId: r.goodBackup ? 1 : 0,
    noLink: true,
  };
  const { response } = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
  if (!r.goodBackup || response !== 0 || !store) return;
  try {
    await store.recover(r.goodBackup.name);
    win?.reload();
  } catch (e) {
    fail(e, true);
  }
}

app.on('window-all-closed', () => app.quit());
// The store closes cleanly first (calls in flight finish, the running marker goes), then the program ends.
app.on('will-quit', (e) => {
  if (!store || quitting) return;
  quitting = true;
  e.preventDefault();
  void store.close().finally(() => app.quit());
});
