import { createRequire } from 'node:module';
import * as XLSX from '@e965/xlsx';
import { AppError } from '../../shared/api/errors';
import type { Cell } from '../../shared/import/cells';
import { decodeText, parseCsv, type TextEncoding } from './csv';
import { htmlVisibility, odsVisibility, type SheetVisibility } from './visibility';
import { readZip } from './zip';

/**
 * Every spreadsheet a clerk has, read into one shape: the sheets with their cells, merged areas, hidden rows
 * and columns and which cells are dates. Excel .xlsx/.xlsm/.xlsb, Excel 97–2003 .xls, WPS .et, OpenDocument
 * .ods, the "xls" files other government systems export that are really HTML tables or SpreadsheetML XML,
 * and CSV/TSV text. The file's content decides how it is read, not its name (a renamed file is common).
 * SheetJS reads them all, so every format comes through the same way; ExcelJS stays for writing.
 */
export type SheetFormat = 'xlsx' | 'xlsb' | 'xls' | 'et' | 'ods' | 'html' | 'spreadsheetml' | 'csv';

export const FORMAT_LABELS: Record<SheetFormat, string> = {
  xlsx: 'Excel 工作簿(.xlsx)',
  xlsb: 'Excel 二进制工作簿(.xlsb)',
  xls: 'Excel 97-2003 工作簿(.xls)',
  et: 'WPS 表格(.et)',
  ods: 'OpenDocument 表格(.ods)',
  html: '网页表格(其他系统导出的 .xls)',
  spreadsheetml: 'XML 表格(Excel 2003 XML)',
  csv: 'CSV/文本表格',
};

/** 0-based, inclusive. */
export interface CellRange {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

export interface WorkbookSheet {
  name: string;
  /** A sheet the workbook hides (helper lists, old copies). */
  hidden: boolean;
  /**
   * Rows of cells, 0-based; trailing empty cells cut. A merged area carries its top-left value in every cell.
   * Date cells (a number under a date format) are Dates at UTC, keeping the time of day of the serial;
   * a number under a percent format is the text it shows at full precision (0.6 → "60%").
   */
  rows: Cell[][];
  merges: CellRange[];
  hiddenRows: ReadonlySet<number>;
  hiddenColumns: ReadonlySet<number>;
}

export interface Workbook {
  format: SheetFormat;
  sheets: WorkbookSheet[];
  /** For text formats (CSV, HTML, XML): how the bytes were decoded. */
  encoding?: TextEncoding;
}

const MAX_ROWS = 200_000;
const MAX_COLS = 200;

const SAVE_AS_XLSX = '请在 Excel/WPS 中打开它,选择“另存为”→“Excel 工作簿(*.xlsx)”后再导入。';
const SAVE_AS_XLSX_WPS = '请在 WPS 表格中打开它,选择“文件”→“另存为”,文件类型选“Excel 工作簿(*.xlsx)”,保存后再导入这个 .xlsx 文件。';

const refuse = (message: string) => new AppError('VALIDATION', message);

/** Reads a spreadsheet file of any kind listed above. A foreign, broken or locked file is refused in Chinese. */
export function readWorkbook(fileName: string, bytes: Buffer, opts: { encoding?: TextEncoding } = {}): Workbook {
  const ext = /\.([^.]+)$/.exec(fileName.toLowerCase())?.[1] ?? '';
  if (isZip(bytes)) return readZipWorkbook(fileName, ext, bytes);
  if (isCfb(bytes)) return readCfb(fileName, ext, bytes);
  const text = looksLikeText(bytes) ? decodeMarkup(bytes, opts.encoding) : null;
  if (text && /^\s*<\?xml[\s\S]{0,2000}urn:schemas-microsoft-com:office:spreadsheet/.test(text.text.slice(0, 4000)))
    return readSheetJs(fileName, 'spreadsheetml', () => XLSX.read(text.text, READ_OPTIONS('spreadsheetml', 'string')), text.encoding);
  if (text && /<table[\s>]/i.test(text.text) && /^\s*(<!doctype|<html|<\?xml|<meta|<head|<body|<table|<style|<!--)/i.test(text.text)) {
    const wb = readSheetJs(fileName, 'html', () => XLSX.read(text.text, READ_OPTIONS('html', 'string')), text.encoding);
    return applyVisibility(wb, htmlVisibility(text.text));
  }
  if (ext === 'csv' || ext === 'txt' || (text && ['xls', 'et'].includes(ext))) {
    // Some systems save tab-separated text under .xls; Excel opens it, so the clerk believes it is one.
    const decoded = decodeText(bytes, opts.encoding);
    const rows = parseCsv(decoded.text).slice(0, MAX_ROWS);
    return { format: 'csv', encoding: decoded.encoding, sheets: [plainSheet(fileName, rows)] };
  }
  if (['xlsx', 'xlsm', 'xlsb', 'xls', 'et', 'ods'].includes(ext))
    throw refuse(
      `“${fileName}”不是有效的 Excel 文件(可能已损坏,或是改了扩展名的其他文件)。请在 Excel/WPS 中打开确认,另存为 .xlsx 后再导入。`,
    );
  throw refuse(
    `“${fileName}”不是 Excel(.xlsx)或 CSV 文件,也不是 .xls、.et、.ods 表格。请选择台账的表格文件(.xlsx、.xls、.et、.ods 或 .csv)。`,
  );
}

const isZip = (b: Buffer) => b.length >= 4 && b.readUInt32LE(0) === 0x04034b50;
const isCfb = (b: Buffer) => b.length >= 8 && b.readUInt32BE(0) === 0xd0cf11e0 && b.readUInt32BE(4) === 0xa1b11ae1;

/** Text, not binary: no NUL or other control bytes in the first 8 KB (tabs and line breaks aside). */
function looksLikeText(b: Buffer): boolean {
  const head = b.subarray(0, 8192);
  for (const byte of head) if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) return false;
  return head.length > 0;
}

/** HTML and XML name their charset (gb2312 from older systems); otherwise UTF-8, else GB18030. */
function decodeMarkup(b: Buffer, chosen?: TextEncoding): { text: string; encoding: TextEncoding } {
  if (chosen) return decodeText(b, chosen);
  const head = b.subarray(0, 2048).toString('latin1');
  const declared = /charset\s*=\s*["']?([\w-]+)|encoding\s*=\s*["']([\w-]+)/i.exec(head);
  const name = (declared?.[1] ?? declared?.[2] ?? '').toLowerCase();
  if (/^(gb2312|gbk|gb18030|x-gbk|cp936|euc-cn)$/.test(name)) return decodeText(b, 'gb18030');
  return decodeText(b);
}

function readZipWorkbook(fileName: string, ext: string, bytes: Buffer): Workbook {
  // Pictures and embedded objects are not needed to read the cells.
  const entries = readZip(bytes, (name) => /(^|\/)(media|Pictures|Thumbnails|embeddings)\//.test(name));
  if (!entries)
    throw refuse(
      `“${fileName}”无法读取:文件已损坏(可能没有复制完整)或不是 Excel 工作簿。请在 Excel/WPS 中打开确认,另存为 .xlsx 后再导入。`,
    );
  const names = new Set(entries.map((e) => e.name));
  const mimetype = entries
    .find((e) => e.name === 'mimetype')
    ?.content.toString('latin1')
    .trim();
  const format: SheetFormat | null =
    mimetype === 'application/vnd.oasis.opendocument.spreadsheet' ||
    (!mimetype && names.has('content.xml') && names.has('META-INF/manifest.xml'))
      ? 'ods'
      : names.has('xl/workbook.xml')
        ? 'xlsx'
        : names.has('xl/workbook.bin')
          ? 'xlsb'
          : null;
  if (!format) {
    if (['xlsx', 'xlsm', 'xlsb', 'xls', 'et', 'ods'].includes(ext))
      throw refuse(`“${fileName}”无法读取:文件已损坏或不是 Excel 工作簿。请在 Excel/WPS 中打开确认,另存为 .xlsx 后再导入。`);
    throw refuse(`“${fileName}”不是表格文件(可能是 Word 文档或压缩包)。请选择台账的表格文件(.xlsx、.xls、.et、.ods 或 .csv)。`);
  }
  // SheetJS reads the parts we inflated and checked: its own unzip is not used.
  const zip = XLSX.CFB.utils.cfb_new();
  for (const e of entries) XLSX.CFB.utils.cfb_add(zip, e.name, e.content, { unsafe: true });
  const wb = readSheetJs(fileName, format, () => parseZip(zip, READ_OPTIONS(format, 'buffer')));
  if (format !== 'ods') return wb;
  const content = entries.find((e) => e.name === 'content.xml')?.content.toString('utf8') ?? '';
  return applyVisibility(wb, odsVisibility(content));
}

/** SheetJS's entry point for an opened Excel 97–2003 container (exported, not in its type declarations). */
const parseCfb = (cfb: unknown, opts: XLSX.ParsingOptions): XLSX.WorkBook =>
  (XLSX as unknown as { parse_xlscfb(cfb: unknown, opts: XLSX.ParsingOptions): XLSX.WorkBook }).parse_xlscfb(cfb, opts);

/** SheetJS's entry point for an unzipped package (exported, not in its type declarations). */
const parseZip = (zip: unknown, opts: XLSX.ParsingOptions): XLSX.WorkBook =>
  (XLSX as unknown as { parse_zip(zip: unknown, opts: XLSX.ParsingOptions): XLSX.WorkBook }).parse_zip(zip, opts);

function readCfb(fileName: string, ext: string, bytes: Buffer): Workbook {
  // An .xlsx with an opening password is an encrypted package inside a CFB container.
  if (bytes.includes(Buffer.from('EncryptedPackage', 'utf16le')))
    throw refuse(
      `“${fileName}”设置了打开密码,本软件读不了。请在 Excel/WPS 中用密码打开它,取消密码(“文件”→“信息”→“保护工作簿”或“文档加密”)后另存为 .xlsx 再导入。`,
    );
  loadCodepages();
  const format = ext === 'et' ? 'et' : 'xls';
  return readSheetJs(fileName, format, () => {
    const cfb = XLSX.CFB.read(bytes, { type: 'buffer' });
    // Document properties (author, title) say nothing about the ledger, and SheetJS can spin for ever on a
    // damaged property stream: they are dropped before the workbook stream is read.
    for (const name of ['/\u0005SummaryInformation', '/\u0005DocumentSummaryInformation']) XLSX.CFB.utils.cfb_del(cfb, name);
    return parseCfb(cfb, READ_OPTIONS(format, 'buffer'));
  });
}

let codepagesLoaded = false;
/** Excel 95 and some WPS files keep text in the GBK code page: SheetJS decodes it with its code page tables. */
function loadCodepages() {
  if (codepagesLoaded) return;
  // The tables are only needed for the old binary formats; loaded on the first such file.
  XLSX.set_cptable(createRequire(import.meta.url)('@e965/xlsx/dist/cpexcel.js'));
  codepagesLoaded = true;
}

const READ_OPTIONS = (format: SheetFormat, type: 'buffer' | 'string'): XLSX.ParsingOptions => ({
  type,
  dense: true,
  // Styles carry the hidden flags of rows and columns; formats say which numbers are dates.
  cellStyles: true,
  cellNF: true,
  cellHTML: false,
  cellText: false,
  cellDates: false,
  // An HTML table is text as the other system printed it: "0012" and 18-digit numbers must stay text.
  raw: format === 'html',
  sheetRows: MAX_ROWS,
  WTF: false,
});

function readSheetJs(fileName: string, format: SheetFormat, read: () => XLSX.WorkBook, encoding?: TextEncoding): Workbook {
  let wb: XLSX.WorkBook;
  try {
    wb = quietly(read);
  } catch (e) {
    throw refuse(unreadable(fileName, format, e));
  }
  const date1904 = !!wb.Workbook?.WBProps?.date1904;
  const sheets = wb.SheetNames.map((name, i) => {
    const ws = wb.Sheets[name];
    const hidden = !!wb.Workbook?.Sheets?.[i]?.Hidden;
    const sheet = toSheet(name, hidden, ws, date1904);
    // Each sheet's SheetJS cells are let go as soon as they are copied (a 20,000-row ledger is large).
    delete wb.Sheets[name];
    return sheet;
  });
  if (sheets.length === 0) throw refuse(`“${fileName}”里没有工作表。`);
  return { format, sheets, ...(encoding ? { encoding } : {}) };
}

function unreadable(fileName: string, format: SheetFormat, e: unknown): string {
  const why = e instanceof Error ? e.message : '';
  if (/password|encrypt/i.test(why))
    return `“${fileName}”设置了密码保护,本软件读不了。请在 Excel/WPS 中用密码打开它,取消密码后另存为 .xlsx 再导入。`;
  if (format === 'et') return `“${fileName}”是 WPS 表格(.et)文件,但本软件读不了它的内容。${SAVE_AS_XLSX_WPS}`;
  if (format === 'xls') return `“${fileName}”是旧版 Excel 97-2003(.xls)文件,但已损坏或格式特殊,本软件读不了。${SAVE_AS_XLSX}`;
  return `“${fileName}”无法读取:文件已损坏或不是 Excel 工作簿。请在 Excel/WPS 中打开确认,另存为 .xlsx 后再导入。`;
}

/** SheetJS prints notes about unusual number formats to the console; they say nothing to a clerk. */
function quietly<T>(work: () => T): T {
  const { error, warn } = console;
  console.error = () => {};
  console.warn = () => {};
  try {
    return work();
  } finally {
    console.error = error;
    console.warn = warn;
  }
}

function toSheet(name: string, hidden: boolean, ws: XLSX.WorkSheet | undefined, date1904: boolean): WorkbookSheet {
  const data = (ws?.['!data'] ?? []) as (XLSX.CellObject | undefined)[][];
  const rows: Cell[][] = [];
  const last = Math.min(data.length, MAX_ROWS);
  for (let r = 0; r < last; r++) {
    const src = data[r];
    const cells: Cell[] = [];
    if (src) {
      const width = Math.min(src.length, MAX_COLS);
      for (let c = 0; c < width; c++) cells.push(toCell(src[c], date1904));
      while (cells.length && cells[cells.length - 1] === null) cells.pop();
    }
    rows.push(cells);
  }
  while (rows.length && rows[rows.length - 1].length === 0) rows.pop();
  const merges: CellRange[] = [];
  for (const m of ws?.['!merges'] ?? []) {
    const range = { r0: m.s.r, c0: m.s.c, r1: Math.min(m.e.r, rows.length - 1), c1: Math.min(m.e.c, MAX_COLS - 1) };
    if (range.r0 > range.r1 || range.c0 > range.c1 || (range.r0 === range.r1 && range.c0 === range.c1)) continue;
    merges.push(range);
    fillMerge(rows, range);
  }
  const hiddenRows = new Set<number>();
  (ws?.['!rows'] ?? []).forEach((info, r) => {
    if (info && (info.hidden || info.hpx === 0 || info.hpt === 0) && r < rows.length) hiddenRows.add(r);
  });
  const hiddenColumns = new Set<number>();
  (ws?.['!cols'] ?? []).forEach((info, c) => {
    if (info && (info.hidden || info.wpx === 0 || info.width === 0) && c < MAX_COLS) hiddenColumns.add(c);
  });
  return { name, hidden, rows, merges, hiddenRows, hiddenColumns };
}

/** A merged area reads, in every cell, what Excel shows across it: the top-left cell's value. */
function fillMerge(rows: Cell[][], m: CellRange) {
  const value = rows[m.r0]?.[m.c0] ?? null;
  if (value === null) return;
  for (let r = m.r0; r <= m.r1; r++) {
    const row = rows[r];
    if (!row) continue;
    while (row.length <= m.c1) row.push(null);
    for (let c = m.c0; c <= m.c1; c++) if (r !== m.r0 || c !== m.c0) row[c] = value;
  }
}

const dateFormats = new Map<string, boolean>();
function isDateFormat(z: string): boolean {
  let known = dateFormats.get(z);
  if (known === undefined) {
    try {
      known = !!XLSX.SSF.is_date(z);
    } catch {
      known = false;
    }
    dateFormats.set(z, known);
  }
  return known;
}

/** A % outside quoted text and [colour]/[locale] brackets: the cell shows its value × 100. */
const isPercentFormat = (z: string) => z.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '').includes('%');

function toCell(c: XLSX.CellObject | undefined, date1904: boolean): Cell {
  if (!c) return null;
  switch (c.t) {
    case 's':
      return typeof c.v === 'string' ? c.v : c.v === undefined || c.v === null ? null : String(c.v);
    case 'n': {
      const v = c.v as number;
      if (typeof v !== 'number' || !Number.isFinite(v)) return null;
      const z = typeof c.z === 'string' ? c.z : '';
      if (z && z !== 'General') {
        if (isDateFormat(z)) return serialToDate(v + (date1904 ? 1462 : 0));
        if (isPercentFormat(z)) return `${Number((v * 100).toFixed(10))}%`;
      }
      return v;
    }
    case 'b':
      return !!c.v;
    case 'd':
      return c.v instanceof Date ? c.v : null;
    default:
      return null; // errors (#N/A …) and empty stubs
  }
}

/** Excel's day number (1900 system) as a Date at UTC, time of day kept (cells.ts reads the serial back). */
function serialToDate(serial: number): Date {
  return new Date(Math.round((serial - 25569) * 86400_000));
}

function plainSheet(name: string, rows: Cell[][]): WorkbookSheet {
  return { name, hidden: false, rows, merges: [], hiddenRows: new Set(), hiddenColumns: new Set() };
}

/** Hidden rows, columns and sheets that SheetJS does not read for a format, found by our own scan. */
function applyVisibility(wb: Workbook, found: SheetVisibility[]): Workbook {
  wb.sheets.forEach((s, i) => {
    const v = found[i];
    if (!v) return;
    const rows = new Set([...s.hiddenRows, ...[...v.hiddenRows].filter((r) => r < s.rows.length)]);
    const columns = new Set([...s.hiddenColumns, ...[...v.hiddenColumns].filter((c) => c < MAX_COLS)]);
    wb.sheets[i] = { ...s, hidden: s.hidden || v.hidden, hiddenRows: rows, hiddenColumns: columns };
  });
  return wb;
}
