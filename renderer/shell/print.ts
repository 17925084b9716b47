import type { InputOf } from '../../shared/api/define';
import type { PrintDocMethod, printDocuments } from '../../shared/printing/contract';
import { api } from '../api';

/**
 * Prints a document the main process rendered from the templates in resources/print. A hidden frame keeps
 * it inside our own page (new windows are refused by design); the system print dialog offers paper or PDF.
 */
export function printHtml(html: string, title: string): void {
  const frame = document.createElement('iframe');
  frame.setAttribute('aria-hidden', 'true');
  frame.style.cssText = 'position:fixed;right:0;bottom:0;width:0;height:0;border:0;';
  frame.srcdoc = html;
  frame.onload = () => {
    const w = frame.contentWindow;
    if (!w) return;
    w.document.title = title;
    w.focus();
    w.print();
    setTimeout(() => frame.remove(), 60_000);
  };
  document.body.appendChild(frame);
}

/**
 * Prints one of the documents of the printing contract. In the desktop app the main process renders it and
 * opens its print-preview window (print, or save as PDF); in the browser mode the page gets the HTML and
 * prints it in a frame (the browser's dialog offers 另存为 PDF). Errors come back as the rejected promise.
 */
export async function printDocument<M extends PrintDocMethod>(method: M, input: InputOf<(typeof printDocuments)[M]>): Promise<void> {
  if (window.ledger) {
    await api['print.preview']({ method, input });
    return;
  }
  const call = api[method] as (i: unknown) => Promise<{ title: string; html: string }>;
  const doc = await call(input);
  printHtml(doc.html, doc.title);
}
