import type { TableRequest } from '../../shared/lists/contract';
import { api } from '../api';
import { saveExport } from '../shell/files';
import { printHtml } from '../shell/print';

/**
 * Export a list to .xlsx (desktop: the 另存为 dialog; browser: a download). Resolves to the row count, or
 * null when the clerk cancelled the dialog.
 */
export async function exportTable(req: TableRequest): Promise<number | null> {
  const r = await saveExport('lists.export', req);
  return r ? r.rows : null;
}

/** Print a list (desktop: the print-preview window; browser: the browser's print dialog, which can save a PDF). */
export async function printTable(req: TableRequest): Promise<void> {
  if (window.ledger) {
    await api['lists.printPreview']({ method: 'lists.print', input: req });
    return;
  }
  const doc = await api['lists.print'](req);
  printHtml(doc.html, doc.title);
}

/** Blank checklists of the chosen facilities and canteens, printed one after another. */
export async function printBlankChecklists(subjects: { subjectType: 'facility' | 'canteen'; id: string }[]): Promise<void> {
  if (window.ledger) {
    await api['lists.printPreview']({ method: 'lists.blankChecklists', input: { subjects } });
    return;
  }
  const doc = await api['lists.blankChecklists']({ subjects });
  printHtml(doc.html, doc.title);
}
