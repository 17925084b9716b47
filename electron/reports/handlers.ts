import { jobStep, throwIfCancelled } from '../system/progress';
import { reportFreshness } from './freshness';
import type { reportsContract } from '../../shared/reports/contract';
import { actorOf, type HandlersOf } from '../api/types';
import { recordEvent } from '../system/audit';
import { drill } from './drill';
import { computeAll } from './engine';
import { writeWorkbook } from './xlsx';

export const reportsHandlers: HandlersOf<typeof reportsContract> = {
  'reports.preview': (input, ctx) => computeAll(ctx.app, input.year, input.quarter),
  'reports.freshness': (_input, ctx) => reportFreshness(ctx.app),
  'reports.drill': (input, ctx) => drill(ctx.app, input),
  'reports.export': async (input, ctx) => {
    const actor = actorOf(ctx);
    // Full 身份证号 only when dispatch granted the reveal the input asked for (contract's reveal rule).
    const revealIds = ctx.reveal === true;
    jobStep(ctx.app, input.jobId, '正在计算表1–表4', 0, 1);
    const bytes = await writeWorkbook(ctx.app, computeAll(ctx.app, input.year, input.quarter), {
      year: input.year,
      quarter: input.quarter,
      revealIds,
      // Each sheet is a safe point: a cancelled export stops there and writes nothing (not even its audit row).
      onProgress: (done, total, sheet) => jobStep(ctx.app, input.jobId, `已写好“${sheet}”`, done, total),
    });
    throwIfCancelled(ctx.app, input.jobId);
    recordEvent(ctx.app, actor, {
      action: 'export',
      entity: 'reports',
      newValue: `${input.year}Q${input.quarter}`,
      note: revealIds ? '导出季度报表(含完整身份证号)' : '导出季度报表',
    });
    return {
      fileName: `${ctx.app.requireOffice().name}${input.year}年第${input.quarter}季度养老服务统计报表.xlsx`,
      dataBase64: bytes.toString('base64'),
    };
  },
};
