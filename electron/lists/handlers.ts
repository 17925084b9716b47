import { AppError } from '../../shared/api/errors';
import type { PrintDocOut } from '../../shared/printing/contract';
import { listsContract } from '../../shared/lists/contract';
import { actorOf, callThrough, type CallContext, type HandlersOf } from '../api/types';
import { blankChecklists } from '../printing/service';
import { recordEvent } from '../system/audit';
import { tablePrint } from './print';
import { deleteMany, globalSearch } from './service';
import { buildTable } from './tables';
import { tableWorkbook } from './xlsx';

const fileSafe = (s: string) => s.replace(/[\\/:*?"<>|\s]+/g, '');

// `ctx.reveal`: dispatch granted full personal values by the method's reveal rule (and audits the grant).
export const listsHandlers: HandlersOf<typeof listsContract> = {
  'lists.export': async (input, ctx) => {
    const t = buildTable(ctx.app, input, ctx.reveal === true);
    const bytes = await tableWorkbook(ctx.app, t);
    recordEvent(ctx.app, actorOf(ctx), {
      action: 'export',
      entity: 'lists',
      newValue: input.source.kind === 'list' ? input.source.list : input.source.kind,
      note: `导出“${t.title}”${t.rows.length} 条到 Excel${ctx.reveal ? '(含完整个人信息)' : ''}`,
    });
    return {
      fileName: fileSafe(`${ctx.app.requireOffice().name}${t.title}${ctx.app.today()}.xlsx`),
      dataBase64: bytes.toString('base64'),
      rows: t.rows.length,
    };
  },
  'lists.print': (input, ctx) => tablePrint(ctx.app, buildTable(ctx.app, input, ctx.reveal === true)),
  'lists.blankChecklists': (input, ctx) => {
    const area = ctx.app.area();
    const subjects = input.subjects.map((s) => {
      const rec = ctx.app.records.getRaw(s.subjectType === 'facility' ? 'facilities' : 'canteens', s.id);
      if (rec.deletedAt || !area.has(rec.townshipCode))
        throw new AppError('NOT_FOUND', '所选单位中有已删除或不在本单位管辖范围的,没有打印。');
      return { kind: s.subjectType, id: s.id };
    });
    return blankChecklists(ctx.app, subjects);
  },
  'lists.printPreview': async (input, ctx: CallContext) => {
    if (!ctx.desktop)
      throw new AppError('BAD_REQUEST', '打印预览窗口只在桌面版中提供。浏览器中请用浏览器的“打印”(Ctrl+P),可选打印机或“另存为 PDF”。');
    if (!listsContract[input.method].input.safeParse(input.input).success)
      throw new AppError('BAD_REQUEST', '打印请求不完整或格式不对,没有打开预览。请关闭后重新点“打印”。');
    // Through dispatch, as if the document's own method were called: its schema, access and reveal rule apply.
    await ctx.desktop.printPreview((await callThrough(ctx, input.method, input.input)) as PrintDocOut);
    return { opened: true as const };
  },
  'lists.delete': (input, ctx) => deleteMany(ctx.app, actorOf(ctx), input.list, input.ids),
  'search.global': (input, ctx) => globalSearch(ctx.app, input.term),
};
