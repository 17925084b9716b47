import { randomUUID } from 'node:crypto';
import { APP_ORIGIN } from '../security';

const PREFIX = '/print/';

/**
 * Print documents waiting in a preview window, served on app://ledger/print/<random>.html by the app
 * protocol, so they get the same origin and CSP as the app (the browser mode prints the same HTML in a frame
 * of the app page). Held in memory only while their window is open: documents hold personal data and are
 * never written to a temporary folder.
 */
export class PrintPages {
  private readonly pages = new Map<string, string>();

  add(html: string): string {
    const id = randomUUID();
    this.pages.set(id, html);
    return `${APP_ORIGIN}${PREFIX}${id}.html`;
  }

  /** The HTML for an app:// URL, or undefined when the URL is not a print page that is still open. */
  get(url: string): string | undefined {
    const id = idOf(url);
    return id ? this.pages.get(id) : undefined;
  }

  remove(url: string): void {
    const id = idOf(url);
    if (id) this.pages.delete(id);
  }

  get size(): number {
    return this.pages.size;
  }
}

function idOf(url: string): string | null {
  try {
    const u = new URL(url);
    if (`${u.protocol}//${u.host}` !== APP_ORIGIN) return null;
    const m = /^\/print\/([0-9a-f-]{36})\.html$/.exec(u.pathname);
    return m ? m[1] : null;
  } catch {
    return null;
  }
}
