import { BrowserWindow, dialog, Menu } from 'electron';
import { join } from 'node:path';
import { WEB_PREFERENCES } from '../security';
import type { PrintPages } from './pages';
import { PDF_OPTIONS, previewMenu, savePdf } from './preview';

export interface PreviewDeps {
  pages: PrintPages;
  /** The main window: the preview stays in front of it. */
  parent: BrowserWindow | null;
  /** Where the save dialog starts (the clerk's Documents folder). */
  documentsDir: string;
}

/**
 * The print-preview window (thin: the logic is in ./preview.ts and ./pages.ts). It shows one document the
 * main process rendered, with JavaScript off and no preload, so it can do nothing but display; printing and
 * saving are its menu commands.
 */
export async function openPrintPreview(doc: { title: string; html: string }, deps: PreviewDeps): Promise<void> {
  const url = deps.pages.add(doc.html);
  const win = new BrowserWindow({
    title: `打印预览 — ${doc.title}`,
    parent: deps.parent ?? undefined,
    width: 900,
    height: 1000,
    minWidth: 600,
    minHeight: 500,
    show: false,
    webPreferences: { ...WEB_PREFERENCES, javascript: false },
  });
  win.on('closed', () => deps.pages.remove(url));
  const failed = (title: string, message: string) => void dialog.showMessageBox(win, { type: 'error', title, message });
  win.setMenu(
    Menu.buildFromTemplate(
      previewMenu({
        print: () =>
          win.webContents.print({ printBackground: true }, (ok, reason) => {
            if (!ok && reason !== 'cancelled')
              failed('没有打印', `打印没有完成(${reason})。请检查打印机是否开机并已连接,或先“保存为 PDF”再打印。`);
          }),
        savePdf: () =>
          void savePdf(doc.title, {
            chooseFile: async (name) => {
              const r = await dialog.showSaveDialog(win, {
                title: '保存为 PDF',
                defaultPath: join(deps.documentsDir, name),
                filters: [{ name: 'PDF 文件', extensions: ['pdf'] }],
              });
              return r.canceled ? undefined : r.filePath;
            },
            render: () => win.webContents.printToPDF(PDF_OPTIONS),
          }).then(
            (path) => path && void dialog.showMessageBox(win, { type: 'info', title: '已保存', message: `已保存为 PDF:${path}` }),
            (e: Error) => failed('PDF 没有保存', e.message),
          ),
        close: () => win.close(),
      }),
    ),
  );
  win.once('ready-to-show', () => win.show());
  await win.loadURL(url);
}
