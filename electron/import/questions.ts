import type { ImportDefaults, ImportQuestion } from '../../shared/import/contract';
import type { ImportKind } from '../../shared/import/kinds';
import type { Plan } from './plan';
import type { YearOption } from './year';

/**
 * What the preview asks before anything is written. The import does not guess these (spec §7): the year of
 * rows that have none (never today's year by itself) and whether rows the sheet hides are records.
 * Answers come back in the defaults of import.remap; the commit refuses while a question is open.
 */
export function importQuestions(kind: ImportKind, plan: Plan, defaults: ImportDefaults, years: YearOption[]): ImportQuestion[] {
  const out: ImportQuestion[] = [];
  const list = (rows: number[]) => (rows.length > 8 ? `${rows.slice(0, 8).join('、')} 等` : rows.join('、'));
  if (plan.defaultYearRows > 0) {
    const field = kind === 'households' ? '项目年度' : '年度';
    const rows = plan.yearColumn ? `这 ${plan.defaultYearRows} 行` : '全部';
    out.push({
      key: 'year',
      title: `这份台账是哪一年度的?`,
      detail: `表中${plan.yearColumn ? `有 ${plan.defaultYearRows} 行没有填${field}` : `没有“${field}”列`},${rows}记录的${field}按你选的年度记。${
        years.length ? '下面是在标题、工作表名或文件名里找到的年度,请确认;' : '标题、工作表名和文件名里都没有写年度,'
      }本软件不会按今天的日期猜年度。`,
      options: years.map((y) => ({ value: String(y.value), label: y.label })),
      answer: defaults.year ? String(defaults.year) : null,
    });
  }
  if (plan.hiddenDataRows.length)
    out.push({
      key: 'hiddenRows',
      title: `表中有 ${plan.hiddenDataRows.length} 行是隐藏的,要导入吗?`,
      detail: `隐藏的是第 ${list(plan.hiddenDataRows)} 行。隐藏的行常是作废、重复或旧的记录,只有你确认后才导入。`,
      options: [
        { value: 'no', label: '不导入隐藏的行' },
        { value: 'yes', label: '隐藏的行也导入' },
      ],
      answer: defaults.includeHiddenRows === undefined ? null : defaults.includeHiddenRows ? 'yes' : 'no',
    });
  return out;
}

/** The refusal of a commit while questions are open: which ones, and that nothing was written. */
export function openQuestionsMessage(questions: ImportQuestion[]): string | null {
  const open = questions.filter((q) => q.answer === null);
  if (!open.length) return null;
  return `还有 ${open.length} 个问题没有回答(${open.map((q) => `“${q.title}”`).join('、')}),没有导入任何数据。请在预览上方作出选择后再导入。`;
}
