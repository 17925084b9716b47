/**
 * Hidden rows, columns and sheets in the formats whose hiding SheetJS does not read: OpenDocument (.ods,
 * `table:visibility="collapse"`, a sheet style with `table:display="false"`) and HTML tables
 * (`style="display:none"` on a row or a <col>). A scan of the tags, in document order, sheet by sheet.
 */
export interface SheetVisibility {
  hidden: boolean;
  hiddenRows: Set<number>;
  hiddenColumns: Set<number>;
}

/** More rows or columns than any ledger (and than the reader keeps): repeated blank rows run to 1,048,576. */
const LIMIT = 200_000;

const attr = (tag: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(tag)?.[1];

export function odsVisibility(contentXml: string): SheetVisibility[] {
  const hiddenStyles = new Set<string>();
  for (const m of contentXml.matchAll(/<style:style\b([^>]*)>([\s\S]*?)<\/style:style>/g))
    if (attr(m[1], 'style:family') === 'table' && /table:display="false"/.test(m[2])) hiddenStyles.add(attr(m[1], 'style:name') ?? '');
  const sheets: SheetVisibility[] = [];
  let current: SheetVisibility | null = null;
  let row = 0;
  let col = 0;
  for (const m of contentXml.matchAll(/<table:table(-row|-column)?[\s/>][^>]*>|<\/table:table>/g)) {
    const tag = m[0];
    if (tag === '</table:table>') {
      current = null;
      continue;
    }
    if (m[1] === undefined) {
      current = { hidden: hiddenStyles.has(attr(tag, 'table:style-name') ?? ''), hiddenRows: new Set(), hiddenColumns: new Set() };
      sheets.push(current);
      row = 0;
      col = 0;
      continue;
    }
    if (!current) continue;
    const collapsed = /table:visibility="(collapse|filter)"/.test(tag);
    if (m[1] === '-row') {
      const n = Math.min(Number(attr(tag, 'table:number-rows-repeated') ?? 1), LIMIT);
      if (collapsed) for (let i = 0; i < n && row + i < LIMIT; i++) current.hiddenRows.add(row + i);
      row += n;
    } else {
      const n = Math.min(Number(attr(tag, 'table:number-columns-repeated') ?? 1), LIMIT);
      if (collapsed) for (let i = 0; i < n && col + i < LIMIT; i++) current.hiddenColumns.add(col + i);
      col += n;
    }
  }
  return sheets;
}

const HIDDEN_STYLE = /display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all/i;

export function htmlVisibility(html: string): SheetVisibility[] {
  const sheets: SheetVisibility[] = [];
  let current: SheetVisibility | null = null;
  let depth = 0;
  let row = 0;
  let col = 0;
  for (const m of html.matchAll(/<(\/?)(table|tr|col)\b([^>]*)>/gi)) {
    const closing = m[1] === '/';
    const tag = m[2].toLowerCase();
    const attrs = m[3];
    if (tag === 'table') {
      if (closing) {
        depth = Math.max(0, depth - 1);
        if (depth === 0) current = null;
      } else if (depth++ === 0) {
        current = { hidden: HIDDEN_STYLE.test(attrs), hiddenRows: new Set(), hiddenColumns: new Set() };
        sheets.push(current);
        row = 0;
        col = 0;
      }
      continue;
    }
    // Rows of a table inside a cell belong to that cell, not to the sheet.
    if (!current || closing || depth !== 1) continue;
    const hidden = HIDDEN_STYLE.test(attrs) || /\shidden(\s|=|$)/i.test(attrs);
    if (tag === 'tr') {
      if (hidden) current.hiddenRows.add(row);
      row++;
    } else {
      const span = Math.min(Number(/span\s*=\s*["']?(\d+)/i.exec(attrs)?.[1] ?? 1), LIMIT);
      if (hidden) for (let i = 0; i < span; i++) current.hiddenColumns.add(col + i);
      col += span;
    }
  }
  return sheets;
}
