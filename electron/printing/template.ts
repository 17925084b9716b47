/**
 * A very small Mustache-like template language for the print templates in resources/print (so an office
 * can adjust wording and layout without code): `{{name}}` (HTML-escaped), `{{{name}}}` (raw, for our own
 * pre-built fragments), `{{#list}}…{{/list}}` repeats for each item of an array (or shows once if truthy),
 * `{{^list}}…{{/list}}` shows when empty/false. Dotted names read nested values; `.` is the item itself.
 */
export function escapeHtml(v: unknown): string {
  return String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

type Ctx = Record<string, unknown>;

function lookup(stack: unknown[], name: string): unknown {
  if (name === '.') return stack[stack.length - 1];
  const parts = name.split('.');
  for (let i = stack.length - 1; i >= 0; i--) {
    const top = stack[i];
    if (top && typeof top === 'object' && parts[0] in (top as Ctx))
      return parts.reduce<unknown>((v, p) => (v && typeof v === 'object' ? (v as Ctx)[p] : undefined), top);
  }
  return undefined;
}

export function renderTemplate(template: string, data: Ctx): string {
  return render(template, [data]);
}

function render(t: string, stack: unknown[]): string {
  let out = '';
  let i = 0;
  while (i < t.length) {
    const open = t.indexOf('{{', i);
    if (open < 0) {
      out += t.slice(i);
      break;
    }
    out += t.slice(i, open);
    if (t.startsWith('{{{', open)) {
      const close = t.indexOf('}}}', open);
      out += String(lookup(stack, t.slice(open + 3, close).trim()) ?? '');
      i = close + 3;
      continue;
    }
    const close = t.indexOf('}}', open);
    const tag = t.slice(open + 2, close).trim();
    i = close + 2;
    if (tag[0] === '#' || tag[0] === '^') {
      const name = tag.slice(1).trim();
      const end = findSectionEnd(t, i, name);
      const inner = t.slice(i, end.start);
      i = end.after;
      const v = lookup(stack, name);
      const empty = v === undefined || v === null || v === false || v === '' || v === 0 || (Array.isArray(v) && v.length === 0);
      if (tag[0] === '^') out += empty ? render(inner, stack) : '';
      else if (Array.isArray(v)) out += v.map((item) => render(inner, [...stack, item])).join('');
      else if (!empty) out += render(inner, typeof v === 'object' ? [...stack, v] : stack);
    } else out += escapeHtml(lookup(stack, tag));
  }
  return out;
}

/** Finds the matching {{/name}}, skipping nested sections of the same name. */
function findSectionEnd(t: string, from: number, name: string): { start: number; after: number } {
  let depth = 1;
  const re = new RegExp(`\\{\\{\\s*([#^/])\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\}\\}`, 'g');
  re.lastIndex = from;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    depth += m[1] === '/' ? -1 : 1;
    if (depth === 0) return { start: m.index, after: m.index + m[0].length };
  }
  throw new Error(`打印模板缺少 {{/${name}}}`);
}
