import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../shared/api/errors';
import { resourcesDir } from '../paths';
import type { PrintDoc } from '../printing/service';
import { renderTemplate } from '../printing/template';
import type { LedgerApp } from '../app';
import type { Table } from './tables';

/** Printing this many rows is a book, not a list: the clerk narrows it first (or exports it to Excel). */
export const MAX_PRINT_ROWS = 3000;
/** Wider than this (screen px) prints on A4 landscape. */
const LANDSCAPE_FROM = 900;

/**
 * A list on A4 (resources/print/list.html with the shared print CSS): the office and the list's name, the
 * conditions that made it, the date and the count, the header repeated on every page, 第 x 页 共 y 页 below.
 */
export function tablePrint(app: LedgerApp, t: Table): PrintDoc {
  if (t.rows.length > MAX_PRINT_ROWS)
    throw new AppError(
      'VALIDATION',
      `这个列表有 ${t.rows.length} 条,一次最多打印 ${MAX_PRINT_ROWS} 条(约 100 页)。请先筛选,或导出到 Excel 后分批打印。`,
    );
  const dir = join(resourcesDir(), 'print');
  const width = t.columns.reduce((a, c) => a + c.width, 0);
  const html = renderTemplate(readFileSync(join(dir, 'list.html'), 'utf8'), {
    css: readFileSync(join(dir, 'print.css'), 'utf8'),
    landscape: width > LANDSCAPE_FROM,
    office: app.requireOffice().name,
    title: t.title,
    conditions: t.conditions,
    conditionText: t.conditions.join(';'),
    today: app.today(),
    count: t.rows.length,
    span: t.columns.length + 1,
    columns: t.columns.map((c) => ({ title: c.title, percent: ((c.width / width) * 100).toFixed(2) })),
    rows: t.rows.map((r, i) => ({ no: i + 1, cells: r.map((v) => ({ text: v ?? '', numeric: typeof v === 'number' })) })),
  });
  return { title: `${t.title} ${app.today()}`, html };
}
