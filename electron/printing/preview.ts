import type { MenuItemConstructorOptions } from 'electron';
import { safeFileName, writeFileAtomic } from '../system/files';

/** What the preview window's menu does; the window (./window.ts) wires these to Electron. */
export interface PreviewActions {
  print(): void;
  savePdf(): void;
  close(): void;
}

/**
 * The preview window's menu bar: the document itself runs no script (JavaScript is off in that window), so
 * printing and saving are menu commands with the shortcuts clerks know from Office.
 */
export function previewMenu(a: PreviewActions): MenuItemConstructorOptions[] {
  return [
    { label: '打印(&P)…', accelerator: 'CmdOrCtrl+P', click: () => a.print() },
    { label: '保存为 PDF(&S)…', accelerator: 'CmdOrCtrl+S', click: () => a.savePdf() },
    { label: '关闭(&C)', accelerator: 'Esc', click: () => a.close() },
  ];
}

/** The PDF options for every document: A4 as the templates' @page says, backgrounds (boxes, shading) kept. */
export const PDF_OPTIONS = Object.freeze({ pageSize: 'A4' as const, printBackground: true, preferCSSPageSize: true });

export interface SavePdfDeps {
  /** Asks where to save (the system save dialog); undefined when the clerk cancels. */
  chooseFile(defaultName: string): Promise<string | undefined>;
  /** Renders the open document to PDF bytes (webContents.printToPDF). */
  render(): Promise<Uint8Array>;
}

/**
 * Save as PDF: asks for the file first (a cancel renders nothing), then writes it atomically, so a PDF on a
 * USB stick is either complete or absent. Returns the path written, or null when cancelled; a failure
 * throws a Chinese message that says what to try.
 */
export async function savePdf(title: string, deps: SavePdfDeps): Promise<string | null> {
  const target = await deps.chooseFile(safeFileName(title, 'pdf'));
  if (!target) return null;
  const path = /\.pdf$/i.test(target) ? target : `${target}.pdf`;
  try {
    writeFileAtomic(path, await deps.render());
  } catch (e) {
    const msg = (e as Error).message ?? String(e);
    const why = /ENOSPC/.test(msg) ? '磁盘或 U 盘空间不足' : /EACCES|EPERM|EROFS/.test(msg) ? '没有权限写入这个位置(U 盘可能设了写保护,或文件正在被打开)' : msg;
    throw new Error(`PDF 没有保存:${why}。请换一个位置或关闭正在打开这个文件的程序后重试。`);
  }
  return path;
}
