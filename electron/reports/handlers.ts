import type { JobProgress } from '../../shared/system/progressContract';
import { reportProgress } from '../system/progress';
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
    reportProgress<JobProgress>(ctx.app, input.jobId, { step: '正在计算表1–表4', done: 0, total: 1 });
    const bytes = await writeWorkbook(ctx.app, computeAll(ctx.app, input.year, input.quarter), {
      year: input.year,
      quarter: input.quarter,
      revealIds,
      onProgress: (done, total, sheet) => reportProgress<JobProgress>(ctx.app, input.jobId, { step: `已写好“${sheet}”`, done, total }),
    });
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
