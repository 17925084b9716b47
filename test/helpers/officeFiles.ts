/**
 * The same ledger in the other formats clerks have: Excel 97–2003 .xls and OpenDocument .ods saved by
 * LibreOffice (as WPS and old Excel write them), a WPS .et (BIFF inside), and the "xls" files other
 * government systems export that are really an HTML table or SpreadsheetML XML, written by hand the way
 * those systems write them (charset gb2312, rowspan/colspan, display:none, ss:Hidden).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { encodeGb18030, type Row } from './ledgers';
import { tempDir } from './app';

/** Converts an .xlsx to .xls or .ods with LibreOffice (its own profile folder, so an open LibreOffice is left alone). */
export function convertWithLibreOffice(xlsx: Buffer, to: 'xls' | 'ods'): Buffer {
  const dir = tempDir('lo-import-');
  try {
    const profile = join(dir, 'profile');
    const out = join(dir, 'out');
    mkdirSync(out);
    writeFileSync(join(dir, 'ledger.xlsx'), xlsx);
    execFileSync(
      'soffice',
      [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', to, '--outdir', out, join(dir, 'ledger.xlsx')],
      { stdio: 'ignore', timeout: 180_000 },
    );
    return readFileSync(join(out, `ledger.${to}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface PlainSheet {
  name?: string;
  rows: Row[];
  /** 0-based inclusive ranges [r0, c0, r1, c1]. */
  merges?: [number, number, number, number][];
  hiddenRows?: number[];
  hiddenColumns?: number[];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const iso = (d: Date) => d.toISOString().slice(0, 10);

/** Cells covered by a merge other than its top-left one. */
function covered(sheet: PlainSheet): Set<string> {
  const out = new Set<string>();
  for (const [r0, c0, r1, c1] of sheet.merges ?? [])
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) if (r !== r0 || c !== c0) out.add(`${r}:${c}`);
  return out;
}

/** An HTML table saved as .xls, the way report systems export it: GB2312, <col> widths, rowspan/colspan. */
export function htmlTableXls(sheet: PlainSheet, opts: { gb2312?: boolean } = {}): Buffer {
  const hide = covered(sheet);
  const width = Math.max(...sheet.rows.map((r) => r.length));
  const cols = Array.from(
    { length: width },
    (_, c) => `<col width="80"${sheet.hiddenColumns?.includes(c) ? ' style="display:none"' : ''}>`,
  );
  const body = sheet.rows.map((row, r) => {
    const cells: string[] = [];
    for (let c = 0; c < row.length; c++) {
      if (hide.has(`${r}:${c}`)) continue;
      const m = sheet.merges?.find(([r0, c0]) => r0 === r && c0 === c);
      const span = m ? `${m[2] > m[0] ? ` rowspan="${m[2] - m[0] + 1}"` : ''}${m[3] > m[1] ? ` colspan="${m[3] - m[1] + 1}"` : ''}` : '';
      const v = row[c];
      const text = v === null ? '' : v instanceof Date ? iso(v) : String(v);
      const hidden = sheet.hiddenColumns?.includes(c) ? ' style="display:none"' : '';
      cells.push(`<td${span}${hidden}>${esc(text)}</td>`);
    }
    return `<tr${sheet.hiddenRows?.includes(r) ? ' style="display:none"' : ''}>${cells.join('')}</tr>`;
  });
  const html = `<html xmlns:x="urn:schemas-microsoft-com:office:excel">
<head><meta http-equiv="Content-Type" content="text/html; charset=${opts.gb2312 ? 'gb2312' : 'utf-8'}"><title>导出</title></head>
<body><table border="1">${cols.join('')}
${body.join('\n')}
</table></body></html>`;
  return opts.gb2312 ? encodeGb18030(html) : Buffer.from(html, 'utf8');
}

/** Excel 2003 XML (SpreadsheetML) saved as .xls: what several provincial systems export. */
export function spreadsheetMlXls(sheets: PlainSheet[]): Buffer {
  const worksheets = sheets.map((sheet, i) => {
    const hide = covered(sheet);
    const width = Math.max(...sheet.rows.map((r) => r.length));
    const columns = Array.from(
      { length: width },
      (_, c) => `<Column ss:Width="80"${sheet.hiddenColumns?.includes(c) ? ' ss:Hidden="1"' : ''}/>`,
    );
    const rows = sheet.rows.map((row, r) => {
      const cells: string[] = [];
      let skipped = false;
      for (let c = 0; c < row.length; c++) {
        if (hide.has(`${r}:${c}`)) {
          skipped = true;
          continue;
        }
        const m = sheet.merges?.find(([r0, c0]) => r0 === r && c0 === c);
        const attrs = `${skipped ? ` ss:Index="${c + 1}"` : ''}${m && m[3] > m[1] ? ` ss:MergeAcross="${m[3] - m[1]}"` : ''}${m && m[2] > m[0] ? ` ss:MergeDown="${m[2] - m[0]}"` : ''}`;
        skipped = false;
        const v = row[c];
        if (v === null) {
          cells.push(`<Cell${attrs}/>`);
          continue;
        }
        if (v instanceof Date) cells.push(`<Cell${attrs} ss:StyleID="d"><Data ss:Type="DateTime">${iso(v)}T00:00:00.000</Data></Cell>`);
        else if (typeof v === 'number') cells.push(`<Cell${attrs}><Data ss:Type="Number">${v}</Data></Cell>`);
        else cells.push(`<Cell${attrs}><Data ss:Type="String">${esc(String(v))}</Data></Cell>`);
      }
      return `<Row${sheet.hiddenRows?.includes(r) ? ' ss:Hidden="1"' : ''}>${cells.join('')}</Row>`;
    });
    return `<Worksheet ss:Name="${esc(sheet.name ?? `Sheet${i + 1}`)}"><Table>${columns.join('')}
${rows.join('\n')}
</Table></Worksheet>`;
  });
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
<Styles><Style ss:ID="d"><NumberFormat ss:Format="yyyy\\-mm\\-dd"/></Style></Styles>
${worksheets.join('\n')}
</Workbook>`,
    'utf8',
  );
}

/** The sheet as an .xlsx written by ExcelJS: merges, hidden rows and columns, Date cells as dates. */
export async function plainXlsx(sheets: PlainSheet[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  sheets.forEach((sheet, i) => {
    const ws = wb.addWorksheet(sheet.name ?? `Sheet${i + 1}`);
    for (const r of sheet.rows) {
      const row = ws.addRow(r);
      r.forEach((v, c) => {
        if (v instanceof Date) row.getCell(c + 1).numFmt = 'yyyy-mm-dd';
      });
    }
    for (const [r0, c0, r1, c1] of sheet.merges ?? []) ws.mergeCells(r0 + 1, c0 + 1, r1 + 1, c1 + 1);
    for (const r of sheet.hiddenRows ?? []) ws.getRow(r + 1).hidden = true;
    for (const c of sheet.hiddenColumns ?? []) ws.getColumn(c + 1).hidden = true;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
