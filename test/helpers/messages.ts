/**
 * A message a clerk can read: Chinese, and no Latin word of 3+ letters (an English fragment, a JS error, a
 * SQLite diagnostic, a field's code name) except the product words a clerk knows from the screen.
 */
const PRODUCT_WORDS = new Set(['Excel', 'CSV', 'PDF', 'USB', 'WPS', 'JPG', 'PNG', 'WebP', 'Chromium', 'Chrome', 'Ctrl']);
export function unclearWords(message: string, sent = ''): string[] {
  if (!/[\u4e00-\u9fff]/.test(message)) return [message];
  // What the caller sent, quoted back (“dyY”), is the clerk's own text; a file's extension (.xlsx) is what
  // the clerk sees in the file name.
  const own = message.replace(/“([^”]*)”/g, (q, inner: string) => (sent.includes(inner) ? '' : q));
  return (own.replace(/\.[A-Za-z0-9-]+\b/g, '').match(/[A-Za-z]{3,}/g) ?? []).filter((w) => !PRODUCT_WORDS.has(w));
}
