import type { MenuItemConstructorOptions } from 'electron';
import { safeFileName, saveChosenFile } from '../system/files';

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

/** Save as PDF: a cancel renders nothing; the PDF on a USB stick is either complete or absent. */
export function savePdf(title: string, deps: SavePdfDeps): Promise<string | null> {
  return saveChosenFile(safeFileName(title, 'pdf'), { chooseFile: deps.chooseFile, bytes: deps.render });
}
