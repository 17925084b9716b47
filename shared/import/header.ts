/**
 * Finding the real header in a clerk's sheet and matching its columns to what the app understands.
 * Government ledgers put a merged title and a 填报单位 line above the header, often split the header over
 * two rows (床位数 over 总数 | 其中护理型), and may add a 栏次 row (甲 乙 1 2 3 …) below it.
 */
import { cellText, isBlank, normaliseKey, type Cell } from './cells';
import type { ImportColumn } from './kinds';

export interface HeaderColumn {
  index: number;
  /** What the clerk sees: the header cell, with the group above it when the header has two rows. */
  header: string;
}

export interface DetectedHeader {
  /** 0-based index of the (last) header row; data starts below it. */
  row: number;
  columns: HeaderColumn[];
  /** 0-based rows right below the header that only number the columns (栏次). */
  skipAfter: number;
  /** How many columns matched: 0 means no header was found. */
  matched: number;
}

const SCAN_ROWS = 30;

function stripQualifier(k: string): string {
  return k.replace(/^其中/, '');
}

/**
 * How well a header means a column: 100 exact, less for a containing match, 0 none. `texts` are the cell's
 * own text, then (two-row headers) group + own, then the group alone; the group alone counts for less, so
 * 联系人/姓名 is the contact's name, not the 老人's.
 */
export function headerScore(texts: string[], col: ImportColumn): number {
  const weights = texts.length === 3 ? [0.95, 1, 0.7] : [1];
  let best = 0;
  texts.forEach((t, i) => {
    const h = stripQualifier(normaliseKey(t));
    if (!h) return;
    for (const s of col.synonyms) {
      const k = stripQualifier(normaliseKey(s));
      if (!k) continue;
      let score = 0;
      if (h === k) score = 100;
      else if (k.length >= 2 && h.includes(k)) score = 50 + Math.min(k.length * 4, 40);
      else if (h.length >= 2 && k.includes(h)) score = 40 + Math.min(h.length * 4, 40);
      best = Math.max(best, score * weights[i]);
    }
  });
  return best;
}

/** A row that holds one text repeated (a merged title) or nothing cannot be a header group row. */
function distinctTexts(row: Cell[]): number {
  return new Set(row.filter((c) => !isBlank(c)).map((c) => cellText(c))).size;
}

/** "填报单位:凤凰街道" is a line above the table, not a header: a header names, it does not state. */
function headerish(c: Cell | undefined): string {
  const t = cellText(c ?? null);
  // 其中:护理型床位 is a header (a part of the column before), not a statement.
  return /[:：]\s*\S/.test(t.replace(/^\s*其中\s*[:：]/, '')) ? '' : t;
}

function columnTexts(grid: Cell[][], r: number, c: number): { texts: string[]; header: string } {
  const own = headerish(grid[r]?.[c]);
  const upRow = r > 0 ? grid[r - 1] : undefined;
  const up = upRow && distinctTexts(upRow.map(headerish)) > 1 ? headerish(upRow[c]) : '';
  if (up && own && up !== own) return { texts: [own, up + own, up], header: `${up}/${own}` };
  return { texts: [own || up], header: own || up };
}

/**
 * Assigns sheet columns to app columns, best matches first; each is used at most once.
 * Returns sheet column index → app column key.
 */
export function autoMap(columns: { index: number; texts: string[] }[], cols: ImportColumn[]): Map<number, string> {
  return scoredMap(columns, cols).mapping;
}

/** The mapping and how sure it is (sum of the match scores): the header row is the surest one. */
function scoredMap(columns: { index: number; texts: string[] }[], cols: ImportColumn[]): { mapping: Map<number, string>; score: number } {
  const pairs: { index: number; key: string; score: number }[] = [];
  for (const c of columns)
    for (const col of cols) {
      const score = headerScore(c.texts, col);
      if (score >= 50) pairs.push({ index: c.index, key: col.key, score });
    }
  pairs.sort((a, b) => b.score - a.score || a.index - b.index);
  const mapping = new Map<number, string>();
  const used = new Set<string>();
  let score = 0;
  for (const p of pairs) {
    if (mapping.has(p.index) || used.has(p.key)) continue;
    mapping.set(p.index, p.key);
    used.add(p.key);
    score += p.score;
  }
  return { mapping, score };
}

function isColumnNumbering(row: Cell[]): boolean {
  const cells = row.filter((c) => !isBlank(c)).map((c) => cellText(c));
  if (cells.length < 3) return false;
  return cells.every((t) => /^\d{1,2}$/.test(t) || /^[甲乙丙丁]$/.test(t) || t === '栏次');
}

/** Picks the row (among the first 30) whose cells name the most known columns. */
export function detectHeader(grid: Cell[][], cols: ImportColumn[]): DetectedHeader {
  let best: DetectedHeader = { row: 0, columns: [], skipAfter: 0, matched: 0 };
  let bestScore = 0;
  for (let r = 0; r < Math.min(SCAN_ROWS, grid.length); r++) {
    const width = grid[r]?.length ?? 0;
    if (distinctTexts((grid[r] ?? []).map(headerish)) < 2) continue;
    const columns = [];
    for (let c = 0; c < width; c++) {
      const { texts, header } = columnTexts(grid, r, c);
      if (header) columns.push({ index: c, header, texts });
    }
    const { mapping, score } = scoredMap(columns, cols);
    if (score > bestScore) {
      bestScore = score;
      best = { row: r, columns: columns.map(({ index, header }) => ({ index, header })), skipAfter: 0, matched: mapping.size };
    }
  }
  // A second header row under the first (改造项目 over 基础类 | 可选类, the rest repeated by vertical merges)
  // is header, never data: the header moves down to it and its columns combine the two rows.
  while (best.matched && isHeaderContinuation(grid[best.row], grid[best.row + 1])) best = headerAt(grid, best.row + 1, cols);
  while (best.matched && grid[best.row + 1 + best.skipAfter] && isColumnNumbering(grid[best.row + 1 + best.skipAfter])) best.skipAfter++;
  return withUnnamedColumns(grid, best);
}

function headerAt(grid: Cell[][], r: number, cols: ImportColumn[]): DetectedHeader {
  const columns = [];
  for (let c = 0; c < (grid[r]?.length ?? 0); c++) {
    const { texts, header } = columnTexts(grid, r, c);
    if (header) columns.push({ index: c, header, texts });
  }
  const { mapping } = scoredMap(columns, cols);
  return { row: r, columns: columns.map(({ index, header }) => ({ index, header })), skipAfter: 0, matched: mapping.size };
}

/** The row under a header repeats most of it (merged cells) and differs in a few columns with words, not data. */
function isHeaderContinuation(head: Cell[] | undefined, next: Cell[] | undefined): boolean {
  if (!head || !next) return false;
  let same = 0;
  let differ = 0;
  let filled = 0;
  for (let c = 0; c < next.length; c++) {
    if (isBlank(next[c])) continue;
    filled++;
    const t = cellText(next[c]);
    if (t === cellText(head[c] ?? null)) same++;
    else if (typeof next[c] === 'string' && !/\d/.test(t) && t.length <= 20) differ++;
    else return false;
  }
  return differ > 0 && same >= 2 && same * 2 >= filled;
}

/** Columns with data but no header still appear in the mapping (as 第 F 列), so nothing is dropped unseen. */
function withUnnamedColumns(grid: Cell[][], h: DetectedHeader): DetectedHeader {
  if (!h.matched) return h;
  const named = new Set(h.columns.map((c) => c.index));
  const start = h.row + 1 + h.skipAfter;
  const extra: HeaderColumn[] = [];
  const width = Math.min(200, Math.max(0, ...grid.slice(start, start + 500).map((r) => r.length)));
  for (let c = 0; c < width; c++) {
    if (named.has(c)) continue;
    if (grid.slice(start, start + 500).some((r) => !isBlank(r[c] ?? null) && skipReason(r) === null))
      extra.push({ index: c, header: `(无表头)第 ${columnLetter(c)} 列` });
  }
  if (!extra.length) return h;
  return { ...h, columns: [...h.columns, ...extra].sort((a, b) => a.index - b.index) };
}

/** A, B, … Z, AA … as Excel names columns. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** The texts a detected column is matched by (used again when re-mapping with the same header). */
export function headerTexts(grid: Cell[][], row: number, index: number): string[] {
  return columnTexts(grid, row, index).texts;
}

export type RowSkip = 'blank' | 'total' | 'footer' | 'section';

const TOTAL_WORDS = /^(合计|总计|小计|共计|累计|全区合计|全镇合计|全街道合计)/;
const FOOTER_WORDS =
  /^(填表人|填报人|制表人|制表|审核人|审核|负责人|单位负责人|分管领导|主管领导|填报日期|填表日期|制表日期|报送日期|联系电话|联系人[:：]|填报单位|制表单位|说明|填报说明|数据来源|附注|注\d*[:：.、]|备注[:：])/;

/**
 * Rows under the header that hold no record: blank lines, 合计 rows, the signature footer and note lines
 * (填表人: … 审核人: …, 注:…, 说明:…), also when merged across the whole sheet (every cell then reads the
 * same text, so the row counts its distinct texts, not its cells).
 */
export function skipReason(row: Cell[]): RowSkip | null {
  const cells = row.filter((c) => !isBlank(c));
  if (cells.length === 0) return 'blank';
  const first = cells.slice(0, 3).map((c) => normaliseKey(cellText(c)));
  if (first.some((t) => TOTAL_WORDS.test(t))) return 'total';
  const distinct = new Set(cells.map((c) => cellText(c)));
  if (distinct.size <= 4 && FOOTER_WORDS.test(cellText(cells[0]).replace(/\s+/g, ''))) return 'footer';
  // One text merged across the row (东湖社区, 一、公办机构): a group label between records, not a record.
  if (distinct.size === 1 && cells.length >= 3 && !/^[\d.,\s-]+$/.test(cellText(cells[0]))) return 'section';
  return null;
}
