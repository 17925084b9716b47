import { AppError } from '../../shared/api/errors';
import { printDocuments, type PrintDocOut, type printingContract } from '../../shared/printing/contract';
import { type CallContext, callThrough, type HandlersOf } from '../api/types';
import { batchBlankChecklists, blankChecklists, filledChecklist, householdDoc, rectificationNotice } from './service';

// `ctx.reveal`: dispatch granted full personal values by the document's reveal rule (and audits the print).
const documents: HandlersOf<typeof printDocuments> = {
  'print.blankChecklist': (input, ctx) => blankChecklists(ctx.app, [{ kind: input.subjectType, id: input.id }]),
  'print.filledChecklist': (input, ctx) => filledChecklist(ctx.app, input.inspectionId, ctx.reveal === true),
  'print.notice': (input, ctx) => rectificationNotice(ctx.app, input.inspectionId, ctx.reveal === true),
  'print.household': (input, ctx) => householdDoc(ctx.app, input.householdId, input.kind, ctx.reveal === true),
  'print.batchChecklists': (input, ctx) => batchBlankChecklists(ctx.app, input.year, input.month),
};

export const printingHandlers: HandlersOf<typeof printingContract> = {
  ...documents,
  'print.preview': async (input, ctx: CallContext) => {
    if (!ctx.desktop)
      throw new AppError('BAD_REQUEST', '打印预览窗口只在桌面版中提供。浏览器中请用浏览器的“打印”(Ctrl+P),可选打印机或“另存为 PDF”。');
    // The document's own method through dispatch, as if called directly: its schema, access and reveal rule
    // (and the reveal's audit row) apply.
    if (!printDocuments[input.method].input.safeParse(input.input).success)
      throw new AppError(
        'BAD_REQUEST',
        '打印请求不完整或格式不对,没有打开预览。请关闭当前页面后重新点“打印”;如果反复出现,请联系技术支持。',
      );
    await ctx.desktop.printPreview((await callThrough(ctx, input.method, input.input)) as PrintDocOut);
    return { opened: true as const };
  },
};
