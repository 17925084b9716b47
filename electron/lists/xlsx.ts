import ExcelJS from 'exceljs';
import type { LedgerApp } from '../app';
import type { Table } from './tables';

const FONT = 'SimSun';
const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/**
 * A list as a workbook the clerk can sort and sum: title, the conditions that made it, one header row
 * (frozen, with Excel's filter buttons), one row per record; numbers stay numbers. A4, landscape when wide,
 * the header repeated on every printed page.
 */
export async function tableWorkbook(app: LedgerApp, t: Table): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '养老服务台账';
  const wide = t.columns.reduce((a, c) => a + c.width, 0) > 1000;
  const ws = wb.addWorksheet(t.title.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '), {
    pageSetup: {
      paperSize: 9,
      orientation: wide ? 'landscape' : 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '第 &P 页 共 &N 页' },
    views: [{ state: 'frozen', ySplit: 3 }],
  });
  const n = t.columns.length;
  ws.columns = t.columns.map((c) => ({ width: Math.max(6, Math.round(c.width / 7)) }));
  const title = ws.addRow([`${app.requireOffice().name} ${t.title}`]);
  title.font = { name: FONT, size: 14, bold: true };
  title.alignment = { horizontal: 'center' };
  ws.mergeCells(1, 1, 1, n);
  ws.addRow([`${t.conditions.join(';')}。导出时间:${localNow(app)}`]).font = { name: FONT, size: 10 };
  ws.mergeCells(2, 1, 2, n);
  const head = ws.addRow(t.columns.map((c) => c.title));
  head.eachCell((c) => {
    c.font = { name: FONT, bold: true };
    c.border = BORDER;
    c.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF0F0F0' } };
  });
  for (const r of t.rows) {
    const row = ws.addRow(r.map((v) => v ?? ''));
    row.eachCell({ includeEmpty: true }, (c) => {
      c.font = { name: FONT };
      c.border = BORDER;
    });
  }
  ws.pageSetup.printTitlesRow = '3:3';
  ws.autoFilter = { from: { row: 3, column: 1 }, to: { row: 3 + t.rows.length, column: n } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function localNow(app: LedgerApp): string {
  const d = new Date(app.now());
  const p = (x: number) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
