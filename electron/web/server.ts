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

/**
 * The largest legitimate body: a 300 MB 迁移包 as base64 in JSON (about 400 MB). Anything larger is refused
 * with a message before a byte of it is read (Content-Length), or as soon as it passes this (chunked).
 */
export const MAX_BODY = 420 * 1024 * 1024;
const TOO_LARGE = `提交的内容超过 ${MAX_BODY / 1024 / 1024} MB,没有处理。迁移包最大 300 MB;更大的数据请联系技术支持。`;

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
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://${host}`);
    } catch {
      return refuse(res, 400, '网址格式不对');
    }
    if (url.pathname.startsWith('/api/')) {
      const origin = req.headers.origin;
      if (origin && origin !== `http://${host}`) return refuse(res, 403, '来源不被允许');
      if (req.method !== 'POST') return refuse(res, 405, '只接受 POST');
      // The token is checked before a byte of the body is read or parsed.
      const given = Buffer.from(String(req.headers['x-ledger-token'] ?? ''));
      if (given.length !== tokenBuf.length || !timingSafeEqual(given, tokenBuf))
        return refuse(res, 401, '访问口令不对:请使用启动时显示的完整网址打开。');
      if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) return refuse(res, 413, TOO_LARGE);
      let method: string;
      try {
        method = decodeURIComponent(url.pathname.slice('/api/'.length));
      } catch {
        return refuse(res, 400, '网址格式不对');
      }
      let payload: unknown;
      try {
        const body = await readBody(req);
        if (body === null) return refuse(res, 413, TOO_LARGE);
        payload = body.length ? JSON.parse(body.toString('utf8')) : undefined;
      } catch {
        return refuse(res, 400, '提交的内容不是有效的 JSON');
      }
      return send(res, 200, await relay.call(session, method, payload));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, '只接受 GET');
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

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

const CODE_OF: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  405: 'BAD_REQUEST',
  413: 'BAD_REQUEST',
};

/**
 * Answers a request we will not serve, in the API's envelope, at once. A body still on its way is neither
 * kept nor parsed: Node discards what still arrives. The connection is not closed under the sender: a close
 * with unread bytes makes the kernel reset it, and the sender would see a reset instead of this answer.
 */
function refuse(res: ServerResponse, status: number, message: string) {
  send(res, status, { ok: false, error: { code: CODE_OF[status] ?? 'BAD_REQUEST', message } });
}

/** The body, or null as soon as it passes MAX_BODY (what came so far is dropped, not kept). */
function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((res, rej) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) return void chunks.push(c);
      chunks.length = 0;
      req.off('data', onData);
      res(null);
    };
    req.on('data', onData);
    req.on('end', () => res(Buffer.concat(chunks)));
    req.on('error', rej);
  });
}
