import { parseClipboardBlock, parseGridNumber } from '../../shared/grids/cells';

/** Where a pasted block lands: cell texts by row id and column, or why nothing was pasted. */
export type PastePlan = { ok: true; cells: { rowId: string; col: string; text: string }[]; note?: string } | { ok: false; error: string };

interface Target {
  rows: { id: string; name: string }[];
  columns: string[];
  /** The active cell: the block's top-left corner. */
  row: number;
  col: number;
}

const isName = (t: string) => t.trim() !== '' && !parseGridNumber(t).ok;

/**
 * Turns a block copied from Excel/WPS into cell changes. Pasted by position from the active cell, as a
 * spreadsheet does, unless the block's first column holds names while the paste starts in the first figure
 * column: then each line goes to the row of that name, whatever order the clerk's sheet has (a sheet sorted
 * differently would otherwise put one home's figures on another). Never guessed: a block that does not fit,
 * or a name found nowhere or twice, is refused with what to do, and nothing of it is pasted.
 */
export function planPaste(text: string, t: Target): PastePlan {
  const block = parseClipboardBlock(text);
  if (block.length === 0) return { ok: false, error: '剪贴板中没有可粘贴的内容' };
  const width = Math.max(...block.map((r) => r.length));
  const byName = t.col === 0 && width === t.columns.length + 1 && block.every((r) => isName(r[0] ?? ''));
  if (byName) {
    const cells: { rowId: string; col: string; text: string }[] = [];
    const problems: string[] = [];
    const used = new Set<string>();
    for (const line of block) {
      const name = line[0].trim();
      const matches = t.rows.filter((r) => r.name === name);
      if (matches.length !== 1) {
        problems.push(matches.length ? `“${name}”有 ${matches.length} 个同名` : `表格中没有“${name}”`);
        continue;
      }
      if (used.has(matches[0].id)) {
        problems.push(`“${name}”出现了两次`);
        continue;
      }
      used.add(matches[0].id);
      t.columns.forEach((col, i) => {
        cells.push({ rowId: matches[0].id, col, text: line[i + 1] ?? '' });
      });
    }
    if (problems.length)
      return {
        ok: false,
        error: `按名称粘贴没有完成,什么都没有粘贴:${problems.slice(0, 5).join(';')}${problems.length > 5 ? ` 等 ${problems.length} 处` : ''}。请核对名称后重新复制。`,
      };
    return { ok: true, cells, note: `已按名称粘贴 ${block.length} 行` };
  }
  const rowsLeft = t.rows.length - t.row;
  const colsLeft = t.columns.length - t.col;
  if (block.length > rowsLeft || width > colsLeft)
    return {
      ok: false,
      error: `粘贴的内容有 ${block.length} 行 ${width} 列,从当前单元格起只有 ${rowsLeft} 行 ${colsLeft} 列可填,没有粘贴。请先点选正确的起始单元格${
        width === t.columns.length + 1 ? '(连名称一起复制时,请从第一个数字栏开始粘贴)' : ''
      }。`,
    };
  const cells = block.flatMap((line, i) => line.map((text, j) => ({ rowId: t.rows[t.row + i].id, col: t.columns[t.col + j], text })));
  return { ok: true, cells, note: block.length * width > 1 ? `已粘贴 ${block.length} 行 ${width} 列` : undefined };
}
