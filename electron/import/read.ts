import ExcelJS from 'exceljs';
import { AppError } from '../../shared/api/errors';
import type { Cell } from '../../shared/import/cells';
import { parseCsv, decodeText, type TextEncoding } from './csv';

export interface SheetGrid {
  sheetName: string;
  /** Rows of cells, 0-based; merged areas carry their top-left value in every cell. */
  rows: Cell[][];
  encoding?: TextEncoding;
}

const MAX_ROWS = 200_000;
const MAX_COLS = 200;

/** Reads every worksheet of an .xlsx, or the one table of a .csv. A foreign or broken file is refused in Chinese. */
export async function readGrids(fileName: string, bytes: Buffer, encoding?: TextEncoding): Promise<SheetGrid[]> {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) {
    const text = decodeText(bytes, encoding);
    return [{ sheetName: fileName, rows: parseCsv(text.text).slice(0, MAX_ROWS), encoding: text.encoding }];
  }
  if (lower.endsWith('.xls') || (bytes.length >= 8 && bytes.readUInt32BE(0) === 0xd0cf11e0))
    throw new AppError(
      'VALIDATION',
      `“${fileName}”是旧版 Excel 97-2003(.xls)文件,本软件读不了。请在 Excel/WPS 中打开它,选择“另存为”→“Excel 工作簿(*.xlsx)”后再导入。`,
    );
  if (!lower.endsWith('.xlsx') && !lower.endsWith('.xlsm'))
    throw new AppError('VALIDATION', `“${fileName}”不是 Excel(.xlsx)或 CSV 文件。请选择 .xlsx 或 .csv 文件。`);
  // An xlsx is a zip: "PK" first. Anything else renamed to .xlsx is refused before ExcelJS sees it.
  if (bytes.length < 4 || bytes.readUInt32LE(0) !== 0x04034b50)
    throw new AppError(
      'VALIDATION',
      `“${fileName}”不是有效的 Excel 文件(可能已损坏,或是改了扩展名的其他文件)。请在 Excel/WPS 中打开确认,另存为 .xlsx 后再导入。`,
    );
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new AppError(
      'VALIDATION',
      `“${fileName}”无法读取:文件已损坏或不是 Excel 工作簿。请在 Excel/WPS 中打开确认,另存为 .xlsx 后再导入。`,
    );
  }
  const grids: SheetGrid[] = [];
  wb.eachSheet((ws) => {
    if (ws.state && ws.state !== 'visible') return; // hidden helper sheets are not the ledger
    const rows: Cell[][] = [];
    const last = Math.min(ws.rowCount, MAX_ROWS);
    const width = Math.min(ws.columnCount, MAX_COLS);
    for (let r = 1; r <= last; r++) {
      const row = ws.getRow(r);
      const cells: Cell[] = [];
      for (let c = 1; c <= width; c++) cells.push(cellValue(row.getCell(c).value));
      while (cells.length && cells[cells.length - 1] === null) cells.pop();
      rows.push(cells);
    }
    grids.push({ sheetName: ws.name, rows });
  });
  if (grids.length === 0) throw new AppError('VALIDATION', `“${fileName}”里没有可见的工作表。`);
  return grids;
}

/** ExcelJS cell values to plain cells: formulas give their result, rich text its text, errors nothing. */
export function cellValue(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('formula' in v || 'sharedFormula' in v) return cellValue((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('text' in v && typeof v.text === 'string') return v.text; // hyperlink
    if ('error' in v) return null;
  }
  return String(v);
}
