/**
 * CSV as clerks have it: saved by Excel/WPS on a Chinese Windows PC (GB18030/GBK, no BOM) or by newer
 * tools as UTF-8 (with or without BOM). The encoding is detected, or chosen by the clerk when the preview
 * shows 乱码.
 */
export const TEXT_ENCODINGS = ['utf-8', 'gb18030'] as const;
export type TextEncoding = (typeof TEXT_ENCODINGS)[number];

export function decodeText(bytes: Buffer, chosen?: TextEncoding): { text: string; encoding: TextEncoding } {
  const hasBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  if (chosen) return { text: new TextDecoder(chosen).decode(body), encoding: chosen };
  if (hasBom) return { text: new TextDecoder('utf-8').decode(body), encoding: 'utf-8' };
  try {
    // Valid UTF-8 is almost never GB text by accident; the fatal decoder says which one this is.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    // GB18030 is a superset of GBK and GB2312, so one decoder covers all three.
    return { text: new TextDecoder('gb18030').decode(body), encoding: 'gb18030' };
  }
}

/** RFC 4180 with the usual liberties: quoted fields with "" and line breaks, CRLF or LF, , or tab or ;. */
export function parseCsv(text: string): string[][] {
  // The separator the first lines use most (a title line alone may have none); otherwise the comma.
  const head = text.slice(0, 4000);
  const sep = [',', '\t', ';'].map((c) => ({ c, n: head.split(c).length - 1 })).sort((a, b) => b.n - a.n)[0];
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === sep.c) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
