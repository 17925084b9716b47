/**
 * Messy ledgers as clerks keep them, generated for the import tests and the import benchmark: a merged
 * title, a 填报单位 line, a two-row merged header, a 栏次 row, blank rows, a 合计 row and a signature footer,
 * dates in every spelling, 是/否 and √/×, numbers as text, and 身份证 as text or as Excel-damaged numbers.
 */
import ExcelJS from 'exceljs';
import { idCardCheckChar } from '../../shared/validators/idCard';

/** A valid 18-digit 身份证号 for a person born on the given day, with sequence n. */
export function idCardFor(birth: string, n: number, area = '420704'): string {
  const first17 = `${area}${birth.replace(/-/g, '')}${String(n % 1000).padStart(3, '0')}`;
  return first17 + idCardCheckChar(first17);
}

export type Row = (string | number | boolean | Date | null)[];

/** Writes a sheet with title, unit line, the header rows and the data, as a real ledger would. */
/** The header row of a household (改造户) ledger as townships keep it (amounts in 元 in the header). */
export const HOUSEHOLD_LEDGER_HEADER: Row[] = [
  [
    '序号',
    '姓名',
    '身份证号码',
    '联系电话',
    '村(社区)',
    '对象类别',
    '低保',
    '独居',
    '项目年度',
    '改造总费用(元)',
    '政府补贴(元)',
    '个人自付(元)',
  ],
];

export async function ledgerXlsx(opts: {
  title: string;
  /** One or two header rows; in the two-row form a group cell spans the columns under it. */
  header: Row[];
  merges?: string[];
  rows: Row[];
  footer?: Row[];
  columnNumbers?: boolean;
  sheetName?: string;
  extraSheets?: { name: string; rows: Row[] }[];
  textColumns?: number[];
}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const x of opts.extraSheets ?? []) wb.addWorksheet(x.name).addRows(x.rows);
  const ws = wb.addWorksheet(opts.sheetName ?? '台账');
  const width = opts.header[opts.header.length - 1].length;
  ws.addRow([opts.title]);
  ws.mergeCells(1, 1, 1, width);
  ws.addRow(['填报单位:凤凰街道民政办', null, null, '填报日期:2024年7月5日']);
  for (const h of opts.header) ws.addRow(h);
  for (const m of opts.merges ?? []) ws.mergeCells(m);
  if (opts.columnNumbers) ws.addRow(Array.from({ length: width }, (_, i) => (i === 0 ? '甲' : i)));
  for (const r of opts.rows) {
    const row = ws.addRow(r);
    for (const c of opts.textColumns ?? []) row.getCell(c + 1).numFmt = '@';
  }
  for (const f of opts.footer ?? []) ws.addRow(f);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** GB18030 bytes of a text (Node has a GB18030 decoder but no encoder: the table is built from the decoder). */
let gbTable: Map<string, number[]> | null = null;
export function encodeGb18030(text: string): Buffer {
  if (!gbTable) {
    gbTable = new Map();
    const dec = new TextDecoder('gb18030');
    for (let lead = 0x81; lead <= 0xfe; lead++)
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const ch = dec.decode(new Uint8Array([lead, trail]));
        if (ch.length === 1 && ch !== '\uFFFD' && !gbTable.has(ch)) gbTable.set(ch, [lead, trail]);
      }
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else {
      const b = gbTable.get(ch);
      if (!b) throw new Error(`no GB18030 two-byte code for ${ch}`);
      out.push(...b);
    }
  }
  return Buffer.from(out);
}

export function csvLine(cells: (string | number | null)[]): string {
  return cells.map((c) => (c === null ? '' : /[",\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c))).join(',');
}
