import { AppError } from '../../shared/api/errors';
import { printDocuments, type printingContract } from '../../shared/printing/contract';
import { actorOf, type CallContext, type HandlersOf } from '../api/types';
import { batchBlankChecklists, blankChecklists, filledChecklist, householdDoc, rectificationNotice } from './service';

const documents: HandlersOf<typeof printDocuments> = {
  'print.blankChecklist': (input, ctx) => blankChecklists(ctx.app, [{ kind: input.subjectType, id: input.id }]),
  'print.filledChecklist': (input, ctx) => filledChecklist(ctx.app, input.inspectionId),
  'print.notice': (input, ctx) => rectificationNotice(ctx.app, input.inspectionId),
  'print.household': (input, ctx) => householdDoc(ctx.app, actorOf(ctx), input.householdId, input.kind, input.reveal ?? false),
  'print.batchChecklists': (input, ctx) => batchBlankChecklists(ctx.app, input.year, input.month),
};

export const printingHandlers: HandlersOf<typeof printingContract> = {
  ...documents,
  'print.preview': async (input, ctx: CallContext) => {
    if (!ctx.desktop)
      throw new AppError('BAD_REQUEST', '打印预览窗口只在桌面版中提供。浏览器中请用浏览器的“打印”(Ctrl+P),可选打印机或“另存为 PDF”。');
    // The document's own schema, as if its method had been called directly (dispatch only checked the envelope).
    const parsed = printDocuments[input.method].input.safeParse(input.input);
    if (!parsed.success)
      throw new AppError(
        'BAD_REQUEST',
        '打印请求不完整或格式不对,没有打开预览。请关闭当前页面后重新点“打印”;如果反复出现,请联系技术支持。',
      );
    const render = documents[input.method] as (i: unknown, c: CallContext) => ReturnType<(typeof documents)[typeof input.method]>;
    const doc = await render(parsed.data, ctx);
    await ctx.desktop.printPreview(doc);
    return { opened: true as const };
  },
};
