import { z } from 'zod';
import { query } from '../api/define';

export interface PrintDocOut {
  title: string;
  html: string;
}

/** The printable documents: each renders one A4 HTML document in the main process. */
const documents = {
  'print.blankChecklist': query(z.strictObject({ subjectType: z.enum(['facility', 'canteen']), id: z.uuid() })).returns<PrintDocOut>(),
  'print.filledChecklist': query(z.strictObject({ inspectionId: z.uuid() })).returns<PrintDocOut>(),
  'print.notice': query(z.strictObject({ inspectionId: z.uuid() })).returns<PrintDocOut>(),
  'print.household': query(
    z.strictObject({ householdId: z.uuid(), kind: z.enum(['plan', 'acceptance']), reveal: z.boolean().optional() }),
  ).returns<PrintDocOut>(),
  'print.batchChecklists': query(
    z.strictObject({ year: z.number().int().min(2000).max(2100), month: z.number().int().min(1).max(12) }),
  ).returns<PrintDocOut>(),
};
export type PrintDocMethod = keyof typeof documents;
export const PRINT_DOC_METHODS = Object.keys(documents) as [PrintDocMethod, ...PrintDocMethod[]];
export const printDocuments = documents;

export const printingContract = {
  ...documents,
  /**
   * Desktop only: renders the document in the main process (never HTML sent by the page) and opens it in the
   * print-preview window, where the clerk prints it or saves it as PDF. `input` is checked against the
   * document's own schema. The browser mode has no such window and prints through the browser instead.
   */
  'print.preview': query(z.strictObject({ method: z.enum(PRINT_DOC_METHODS, { error: '不认识的打印文档' }), input: z.unknown() })).returns<{
    opened: true;
  }>(),
};
