import { normaliseText } from '../import/cells';

/** What a grid cell holds as the clerk typed or pasted it: text, or a number already (a saved value). */
export type GridCell = string | number | null;

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const GROUPED = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;
/** Units a clerk's sheet writes after a figure; 万元 or % would change the number, so they are refused. */
const UNIT = /(人次|人|天|元|户|家|张|次)$/;

/**
 * A number from a grid cell, or a message saying why the cell is not one. Text pasted from Excel/WPS may carry
 * thousands separators (1,234), full-width digits and a unit (人次, 元); a comma anywhere else (1,23: a decimal
 * comma? a typo?) is refused rather than read as 123, and so is 万元 (the grid is in 元). A blank cell, or a
 * lone - or —, is "not filled in".
 */
export function parseGridNumber(c: GridCell): { ok: true; value: number | null } | { ok: false; error: string } {
  if (typeof c === 'number') return Number.isFinite(c) ? { ok: true, value: c } : { ok: false, error: '不是数字' };
  const t = normaliseText(c ?? '');
  if (t === '' || t === '-' || t === '—' || t === '/') return { ok: true, value: null };
  const bare = t.replace(UNIT, '');
  const shown = t.length > 20 ? `${t.slice(0, 20)}…` : t;
  if (bare.includes(',') && !GROUPED.test(bare)) return { ok: false, error: `“${shown}”中的逗号位置不对(千位分隔应为 1,234),请核对` };
  const plain = bare.replace(/,/g, '');
  if (!NUMBER.test(plain)) return { ok: false, error: `“${shown}”不是数字` };
  return { ok: true, value: Number(plain) };
}

/**
 * A block copied from Excel or WPS (text/plain): rows by CR LF (or LF, or CR), cells by tab; the trailing line
 * break Excel adds is not an extra row. A cell Excel quoted (it held a tab, a line break or a quote) is unquoted.
 */
export function parseClipboardBlock(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let atCellStart = true;
  while (i < text.length) {
    const ch = text[i];
    if (atCellStart && ch === '"') {
      // A quoted cell: up to the closing quote ("" is a quote inside).
      let j = i + 1;
      let quoted = '';
      while (j < text.length) {
        if (text[j] === '"' && text[j + 1] === '"') {
          quoted += '"';
          j += 2;
        } else if (text[j] === '"') break;
        else quoted += text[j++];
      }
      if (j < text.length && (j + 1 === text.length || /[\t\r\n]/.test(text[j + 1]))) {
        cell = quoted;
        i = j + 1;
        atCellStart = false;
        continue;
      }
      // Not a well-formed quoted cell: the quote is part of the text.
    }
    atCellStart = false;
    if (ch === '\t') {
      row.push(cell);
      cell = '';
      atCellStart = true;
    } else if (ch === '\r' || ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      atCellStart = true;
      if (ch === '\r' && text[i + 1] === '\n') i++;
    } else cell += ch;
    i++;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
