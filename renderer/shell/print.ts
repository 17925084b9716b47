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
