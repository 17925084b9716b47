import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { LedgerApp } from '../app';
import type { Relay } from '../worker/relay';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** Same policy as the Electron window: only our own scripts, styles and local images; nothing remote. */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

// Sync packages and photos travel as base64 in the body; bounded so a runaway upload cannot exhaust memory.
const MAX_BODY = 512 * 1024 * 1024;

export interface WebBridge {
  url: string;
  token: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

/**
 * The browser bridge: the built renderer and the same API contract over HTTP on 127.0.0.1, guarded by a
 * random token made at each start. Lets the real renderer run in Chromium for end-to-end tests and demos.
 * The API is one route, POST /api/<method>, relayed like Electron's IPC to the store worker (`npm run web`,
 * the e2e tests); given a LedgerApp instead, it serves that app in this process (unit tests of the bridge).
 */
export async function startWebBridge(store: Relay | LedgerApp, opts: { rendererDir: string; port?: number }): Promise<WebBridge> {
  const token = randomBytes(24).toString('base64url');
  const tokenBuf = Buffer.from(token);
  // One login per bridge (its token), kept by the store like a desktop window's.
  // Loaded only then, so the main process (which imports this module for its CSP) never loads the services.
  const relay = 'call' in store ? store : (await import('../worker/relay')).inProcessRelay(store);
  const session = `web:${randomBytes(6).toString('hex')}`;
  const root = resolve(opts.rendererDir);
  let port = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      console.error('[web] request failed', e);
      if (!res.headersSent) send(res, 500, { ok: false, error: { code: 'INTERNAL', message: '程序内部出错,请重试。' } });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    // Refuse pages that reach us under another host name (DNS rebinding) or from another origin.
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`)
      return send(res, 421, { ok: false, error: { code: 'BAD_REQUEST', message: '地址不对' } });
    const url = new URL(req.url ?? '/', `http://${host}`);
    if (url.pathname.startsWith('/api/')) {
      const origin = req.headers.origin;
      if (origin && origin !== `http://${host}`)
        return send(res, 403, { ok: false, error: { code: 'FORBIDDEN', message: '来源不被允许' } });
      if (req.method !== 'POST') return send(res, 405, { ok: false, error: { code: 'BAD_REQUEST', message: '只接受 POST' } });
      const given = Buffer.from(String(req.headers['x-ledger-token'] ?? ''));
      if (given.length !== tokenBuf.length || !timingSafeEqual(given, tokenBuf))
        return send(res, 401, { ok: false, error: { code: 'UNAUTHENTICATED', message: '访问口令不对:请使用启动时显示的完整网址打开。' } });
      const method = decodeURIComponent(url.pathname.slice('/api/'.length));
      let payload: unknown;
      try {
        const body = await readBody(req);
        payload = body.length ? JSON.parse(body.toString('utf8')) : undefined;
      } catch (e) {
        return send(res, 400, {
          ok: false,
          error: { code: 'BAD_REQUEST', message: (e as Error).message === 'too large' ? '提交的内容太大' : '提交的内容不是有效的 JSON' },
        });
      }
      return send(res, 200, await relay.call(session, method, payload));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, { ok: false, error: { code: 'BAD_REQUEST', message: '只接受 GET' } });
    serveStatic(url.pathname, res);
  }

  function serveStatic(pathname: string, res: ServerResponse) {
    let rel: string;
    try {
      rel = decodeURIComponent(pathname);
    } catch {
      return send(res, 400, 'bad path');
    }
    const file = normalize(join(root, rel === '/' ? 'index.html' : rel));
    // Path traversal: anything that resolves outside the renderer folder is refused.
    if (file !== root && !file.startsWith(root + sep)) return send(res, 403, 'forbidden');
    const target = existsSync(file) && statSync(file).isFile() ? file : join(root, 'index.html');
    if (!existsSync(target)) return send(res, 503, '界面尚未构建:请先运行 npm run build');
    res.writeHead(200, {
      'Content-Type': MIME[extname(target)] ?? 'application/octet-stream',
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    });
    createReadStream(target).pipe(res);
  }

  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(opts.port ?? 0, '127.0.0.1', () => res());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    token,
    port,
    server,
    close: () => new Promise<void>((res) => server.close(() => res())),
  };
}

function send(res: ServerResponse, status: number, body: unknown) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((res, rej) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        rej(new Error('too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => res(Buffer.concat(chunks)));
    req.on('error', rej);
  });
}
