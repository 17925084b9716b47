import { z } from 'zod';
import { query, revealing } from '../api/define';

export interface PrintDocOut {
  title: string;
  html: string;
}

/**
 * The printable documents: each renders one A4 HTML document in the main process. The documents people sign
 * and file (一户一案, 竣工验收单, a filled checklist, 隐患整改通知书) carry full names, 身份证号 and phones for
 * the roles that may reveal (each print audited as a reveal) and masked values for the others.
 */
const documents = {
  'print.blankChecklist': query(z.strictObject({ subjectType: z.enum(['facility', 'canteen']), id: z.uuid() })).returns<PrintDocOut>(),
  'print.filledChecklist': revealing(query(z.strictObject({ inspectionId: z.uuid() })).returns<PrintDocOut>(), {
    entity: 'inspections',
    recordId: (i) => i.inspectionId,
    note: () => '打印已填安全检查表(完整个人信息)',
  }),
  'print.notice': revealing(query(z.strictObject({ inspectionId: z.uuid() })).returns<PrintDocOut>(), {
    entity: 'inspections',
    recordId: (i) => i.inspectionId,
    note: () => '打印隐患整改通知书(完整个人信息)',
  }),
  'print.household': revealing(
    query(z.strictObject({ householdId: z.uuid(), kind: z.enum(['plan', 'acceptance']) })).returns<PrintDocOut>(),
    {
      entity: 'households',
      recordId: (i) => i.householdId,
      note: (i) => (i.kind === 'plan' ? '打印一户一案(完整个人信息)' : '打印竣工验收单(完整个人信息)'),
    },
  ),
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
   * print-preview window, where the clerk prints it or saves it as PDF. The document is rendered through
   * dispatch as if its own method were called (its schema, access and reveal rule apply). The browser mode
   * has no such window and prints through the browser instead.
   */
  'print.preview': query(z.strictObject({ method: z.enum(PRINT_DOC_METHODS, { error: '不认识的打印文档' }), input: z.unknown() })).returns<{
    opened: true;
  }>(),
};
