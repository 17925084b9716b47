import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../electron/api/dispatch';
import type { DesktopHost } from '../../electron/api/types';
import { PrintPages } from '../../electron/printing/pages';
import { PDF_OPTIONS, savePdf } from '../../electron/printing/preview';
import { serveAppProtocol } from '../../electron/security';
import { FENGHUANG, makeApp, tempDir } from '../helpers/app';

type Fn = (...a: never[]) => unknown;

// Electron stand-in for the preview window (the real binary cannot be downloaded here).
const h = vi.hoisted(() => ({
  windows: [] as {
    options: Record<string, unknown>;
    url?: string;
    menu?: { label: string; accelerator?: string; click: () => void }[];
    on: Map<string, () => void>;
    printed: unknown[];
    pdfOptions: unknown[];
    closed: number;
  }[],
  saveTo: undefined as string | undefined,
  dialogs: [] as unknown[],
  messages: [] as { type: string; message: string }[],
}));

vi.mock('electron', () => {
  class BrowserWindow {
    rec: (typeof h.windows)[number];
    webContents: { print: Fn; printToPDF: Fn };
    constructor(options: Record<string, unknown>) {
      this.rec = { options, on: new Map(), printed: [], pdfOptions: [], closed: 0 };
      h.windows.push(this.rec);
      const rec = this.rec;
      this.webContents = {
        print: ((opts: unknown, cb: (ok: boolean, reason: string) => void) => {
          rec.printed.push(opts);
          cb(false, 'cancelled');
        }) as Fn,
        printToPDF: ((opts: unknown) => {
          rec.pdfOptions.push(opts);
          return Promise.resolve(Buffer.from('%PDF-1.7 fake'));
        }) as Fn,
      };
    }
    on(ev: string, fn: () => void) {
      this.rec.on.set(ev, fn);
    }
    once(ev: string, fn: () => void) {
      this.rec.on.set(ev, fn);
    }
    setMenu(m: (typeof h.windows)[number]['menu']) {
      this.rec.menu = m;
    }
    loadURL(url: string) {
      this.rec.url = url;
      return Promise.resolve();
    }
    show() {}
    close() {
      this.rec.closed++;
      this.rec.on.get('closed')?.();
    }
  }
  return {
    BrowserWindow,
    Menu: { buildFromTemplate: (t: unknown) => t },
    dialog: {
      showSaveDialog: vi.fn((...a: unknown[]) => {
        h.dialogs.push(a.at(-1));
        return Promise.resolve(h.saveTo ? { canceled: false, filePath: h.saveTo } : { canceled: true });
      }),
      showMessageBox: vi.fn((_w: unknown, o: { type: string; message: string }) => {
        h.messages.push(o);
        return Promise.resolve({ response: 0 });
      }),
    },
  };
});

let t: Awaited<ReturnType<typeof makeApp>>;
let facilityId: string;
beforeAll(async () => {
  t = await makeApp();
  facilityId = t.app.records.create('facilities', { townshipCode: FENGHUANG, name: '凤凰敬老院', type: '其他', status: '运营' }, t.actor)
    .record.id;
});
afterAll(() => t.cleanup());

describe('print.preview (contract)', () => {
  it('renders the named document in the main process and hands it to the desktop host', async () => {
    const opened: { title: string; html: string }[] = [];
    const desktop: DesktopHost = { printPreview: async (doc) => void opened.push(doc), saveFile: async () => null };
    const r = await dispatch({ ...t.ctx, desktop }, 'print.preview', {
      method: 'print.blankChecklist',
      input: { subjectType: 'facility', id: facilityId },
    });
    expect(r).toEqual({ ok: true, value: { opened: true } });
    expect(opened).toHaveLength(1);
    expect(opened[0].title).toContain('凤凰敬老院');
    expect(opened[0].html).toContain('凤凰敬老院');
    expect(opened[0].html).toContain('@page');
  });

  it('refuses in the browser mode, a document it does not know, and an input that document would refuse', async () => {
    const opened: unknown[] = [];
    const desktop: DesktopHost = { printPreview: async (doc) => void opened.push(doc), saveFile: async () => null };
    const browser = await dispatch(t.ctx, 'print.preview', {
      method: 'print.blankChecklist',
      input: { subjectType: 'facility', id: facilityId },
    });
    expect(browser).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringContaining('浏览器') } });
    const unknown = await dispatch({ ...t.ctx, desktop }, 'print.preview', { method: 'system.status', input: {} });
    expect(unknown).toMatchObject({ ok: false });
    const bad = await dispatch({ ...t.ctx, desktop }, 'print.preview', { method: 'print.notice', input: { inspectionId: 'not-a-uuid' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/[\u4e00-\u9fff]/) } });
    expect(opened).toEqual([]);
  });

  it('over IPC: main.ts’s desktop host reaches the handler, from the store worker back to the main process', async () => {
    const { registerIpc } = await import('../../electron/ipc');
    const { StoreClient } = await import('../../electron/worker/client');
    const opened: { title: string; html: string }[] = [];
    // The store worker opens the same data folder; the preview it asks for is opened by this (main) process.
    const store = await StoreClient.start({
      dataDir: t.dir,
      backups: false,
      desktop: { printPreview: async (d) => void opened.push(d), saveFile: async () => null },
    });
    try {
      let call: ((...a: unknown[]) => Promise<unknown>) | null = null;
      registerIpc(
        {
          handle: (_c: string, fn: Fn) => {
            call = fn as never;
          },
        } as never,
        store,
      );
      const sender = { id: 41, once: vi.fn() };
      const frame = { url: 'app://ledger/index.html', parent: null };
      expect(await call!({ sender, senderFrame: frame }, 'session.login', { username: 'admin', password: 'Admin12345' })).toMatchObject({
        ok: true,
      });
      expect(
        await call!({ sender, senderFrame: frame }, 'print.preview', { method: 'print.batchChecklists', input: { year: 2026, month: 11 } }),
      ).toMatchObject({ ok: true });
      expect(opened).toHaveLength(1);
      expect(opened[0].html).toContain('@page');
    } finally {
      await store.close();
    }
  });
});

describe('print pages on app://', () => {
  it('serves an open document with the app’s CSP, nothing else under /print/, and forgets it when closed', async () => {
    const pages = new PrintPages();
    const url = pages.add('<html><body>检查表</body></html>');
    expect(url).toMatch(/^app:\/\/ledger\/print\/[0-9a-f-]{36}\.html$/);
    let handler: ((r: { url: string }) => Promise<Response>) | null = null;
    const dir = tempDir('renderer-');
    serveAppProtocol(
      {
        handle: (_s: string, fn: never) => {
          handler = fn;
        },
      } as never,
      dir,
      async (f) => readFileSync(f),
      pages,
    );
    const ok = await handler!({ url });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('检查表');
    expect(ok.headers.get('content-security-policy')).toContain("default-src 'self'");
    for (const other of [
      url.replace('app://ledger', 'app://evil'),
      url.replace(/[0-9a-f]{4}\.html$/, '0000.html'),
      'app://ledger/print/../index.html',
    ])
      expect(await (await handler!({ url: other })).text(), other).not.toContain('检查表');
    pages.remove(url);
    expect(pages.size).toBe(0);
    expect((await handler!({ url })).status).toBe(404);
  });
});

describe('save as PDF', () => {
  it('asks first, writes the whole file (adding .pdf), and a cancel renders nothing', async () => {
    const dir = tempDir('pdf-');
    const render = vi.fn(async () => Buffer.from('%PDF-1.7 检查表'));
    let offered = '';
    const path = await savePdf('凤凰敬老院 安全检查表/2026年11月', {
      chooseFile: async (n) => {
        offered = n;
        return join(dir, '检查表');
      },
      render,
    });
    expect(offered).toBe('凤凰敬老院 安全检查表_2026年11月.pdf');
    expect(path).toBe(join(dir, '检查表.pdf'));
    expect(readFileSync(path!, 'utf8')).toBe('%PDF-1.7 检查表');
    expect(readdirSync(dir)).toEqual(['检查表.pdf']);

    render.mockClear();
    expect(await savePdf('x', { chooseFile: async () => undefined, render })).toBeNull();
    expect(render).not.toHaveBeenCalled();
  });

  it('a failed render or write leaves the earlier file as it was and no partial file', async () => {
    const dir = tempDir('pdf-');
    const target = join(dir, '通知书.pdf');
    writeFileSync(target, 'old');
    await expect(
      savePdf('通知书', {
        chooseFile: async () => target,
        render: async () => Promise.reject(new Error('ENOSPC: no space left on device')),
      }),
    ).rejects.toThrow(/文件没有保存:磁盘或 U 盘空间不足/);
    await expect(
      savePdf('通知书', { chooseFile: async () => join(dir, 'no-such-folder', 'a.pdf'), render: async () => Buffer.from('x') }),
    ).rejects.toThrow(/文件没有保存/);
    expect(readFileSync(target, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['通知书.pdf']);
  });
});

describe('the print-preview window (with a stubbed electron)', () => {
  it('shows the document from app:// with JavaScript off and no preload; its menu prints, saves A4 PDF, closes', async () => {
    const { openPrintPreview } = await import('../../electron/printing/window');
    const pages = new PrintPages();
    const dir = tempDir('docs-');
    await openPrintPreview({ title: '隐患整改通知书', html: '<p>通知书</p>' }, { pages, parent: null, documentsDir: dir });
    const w = h.windows.at(-1)!;
    expect(w.options.title).toBe('打印预览 — 隐患整改通知书');
    expect(w.options.webPreferences).toMatchObject({ javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect((w.options.webPreferences as Record<string, unknown>).preload).toBeUndefined();
    expect(pages.get(w.url!)).toBe('<p>通知书</p>');
    expect(w.menu!.map((m) => [m.label, m.accelerator])).toEqual([
      ['打印(&P)…', 'CmdOrCtrl+P'],
      ['保存为 PDF(&S)…', 'CmdOrCtrl+S'],
      ['关闭(&C)', 'Esc'],
    ]);

    w.menu![0].click();
    expect(w.printed).toEqual([{ printBackground: true }]);
    expect(h.messages).toEqual([]); // a cancelled print dialog is not an error

    h.saveTo = join(dir, '通知书.pdf');
    w.menu![1].click();
    await vi.waitFor(() => expect(existsSync(h.saveTo!)).toBe(true));
    expect(w.pdfOptions).toEqual([PDF_OPTIONS]);
    expect(PDF_OPTIONS).toMatchObject({ pageSize: 'A4', preferCSSPageSize: true });
    await vi.waitFor(() => expect(h.messages.at(-1)).toMatchObject({ type: 'info', message: expect.stringContaining('通知书.pdf') }));

    w.menu![2].click();
    expect(w.closed).toBe(1);
    expect(pages.size).toBe(0); // the document (personal data) is not kept once its window is gone
  });
});

describe('另存为 in the desktop app (files.saveAs)', () => {
  it('runs the export with its own access rule and saves it atomically where the clerk chose; a cancel saves nothing', async () => {
    const dir = tempDir('save-');
    let chosen: string | null = join(dir, '报表');
    const { saveChosenFile } = await import('../../electron/system/files');
    const desktop: DesktopHost = {
      printPreview: async () => undefined,
      saveFile: (name, bytes) => saveChosenFile(name, { chooseFile: async () => chosen ?? undefined, bytes: () => bytes }),
    };
    const r = await dispatch({ ...t.ctx, desktop }, 'files.saveAs', {
      method: 'inspections.exportJinmin',
      input: { year: 2026, quarter: 4 },
    });
    expect(r).toMatchObject({
      ok: true,
      value: { saved: true, path: join(dir, '报表.xlsx'), result: { inspections: 0, hazards: 0, fileName: expect.stringMatching(/金民/) } },
    });
    expect(readFileSync(join(dir, '报表.xlsx')).subarray(0, 2).toString()).toBe('PK'); // a real workbook (zip)
    expect(JSON.stringify(r)).not.toContain('dataBase64');
    chosen = null;
    expect(await dispatch({ ...t.ctx, desktop }, 'files.saveAs', { method: 'sync.officeCard', input: {} })).toMatchObject({
      ok: true,
      value: { saved: false, path: null },
    });
    expect(readdirSync(dir)).toEqual(['报表.xlsx']);
    // The inner method's input check and access rule apply; methods that are not files are refused.
    expect(
      await dispatch({ ...t.ctx, desktop }, 'files.saveAs', { method: 'inspections.exportJinmin', input: { year: 2026, quarter: 9 } }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await dispatch({ ...t.ctx, desktop }, 'files.saveAs', { method: 'users.list', input: {} })).toMatchObject({ ok: false });
    expect(await dispatch(t.ctx, 'files.saveAs', { method: 'sync.officeCard', input: {} })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
  });

  it('the Electron save dialog starts in Documents with the suggested name and a filter for its type, and writes whole files', async () => {
    const { saveFileWithDialog } = await import('../../electron/system/saveDialog');
    const dir = tempDir('docs-');
    h.saveTo = join(dir, '季度报表');
    const path = await saveFileWithDialog(null, dir, '凤凰街道2026年第4季度.xlsx', Buffer.from('PK-workbook'));
    expect(path).toBe(join(dir, '季度报表.xlsx'));
    expect(readFileSync(path!, 'utf8')).toBe('PK-workbook');
    expect(h.dialogs.at(-1)).toMatchObject({
      title: '另存为',
      defaultPath: join(dir, '凤凰街道2026年第4季度.xlsx'),
      filters: [{ name: 'Excel 工作簿', extensions: ['xlsx'] }],
    });
    h.saveTo = undefined;
    expect(await saveFileWithDialog(null, dir, 'x.tar', Buffer.from('x'))).toBeNull();
  });
});
