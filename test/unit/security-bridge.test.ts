import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY, startWebBridge, type WebBridge } from '../../electron/web/server';
import { makeApp, tempDir } from '../helpers/app';

/*
 * Issue 14.6, the HTTP bridge: the token is checked before any input is read (a 100 MB body is refused
 * unread), a malformed URL gets 400, API answers carry nosniff, and a body above the largest legitimate
 * upload gets a clear message instead of a reset connection. Raw sockets, so "unread" is observable: the
 * answer arrives while the client has sent only the headers and a few bytes of the announced body.
 */
let t: Awaited<ReturnType<typeof makeApp>>;
let bridge: WebBridge;
let rendererDir: string;

beforeAll(async () => {
  t = await makeApp();
  rendererDir = tempDir('renderer-');
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>养老服务台账</title>');
  bridge = await startWebBridge(t.app, { rendererDir });
});
afterAll(async () => {
  await bridge.close();
  t.cleanup();
  rmSync(rendererDir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Body bytes the client had written when the answer came. */
  sent: number;
  /** The connection was reset rather than answered. */
  reset: boolean;
}

/** Sends the head, then `bodyStart` bytes of a body of `announced` bytes (never more), and reads the answer. */
function send(head: string, opts: { announced?: number; bodyStart?: Buffer } = {}): Promise<Answer> {
  return new Promise((resolve) => {
    const s = connect(bridge.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let sent = 0;
    let sentAtAnswer = -1;
    let reset = false;
    s.on('data', (c) => {
      if (sentAtAnswer < 0) sentAtAnswer = sent;
      chunks.push(c);
      // The whole answer is in (its Content-Length): done, whatever the server does with the connection.
      const text = Buffer.concat(chunks);
      const end = text.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(text.subarray(0, Math.max(end, 0)).toString())?.[1];
      if (end >= 0 && length && text.length >= end + 4 + Number(length)) s.destroy();
    });
    s.on('error', () => void (reset = true));
    s.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [headText = '', body = ''] = text.split('\r\n\r\n');
      const [statusLine, ...lines] = headText.split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine?.split(' ')[1] ?? 0), headers, body, sent: sentAtAnswer, reset: reset && !text });
    });
    const length = opts.announced !== undefined ? `Content-Length: ${opts.announced}\r\n` : '';
    s.write(`${head}\r\nHost: 127.0.0.1:${bridge.port}\r\n${length}Content-Type: application/json\r\n\r\n`);
    if (opts.bodyStart) {
      s.write(opts.bodyStart);
      sent = opts.bodyStart.length;
    }
    // The rest of the announced body never comes: a server that waited for it would never answer.
    setTimeout(() => s.destroy(), 10_000);
  });
}

const envelope = (a: Answer) => JSON.parse(a.body) as { ok: boolean; error: { code: string; message: string } };

describe('HTTP bridge hardening', () => {
  it('a 100 MB body without the token is refused unread: 401 after the first kilobyte, in Chinese', async () => {
    const a = await send('POST /api/facilities.create HTTP/1.1', { announced: 100 * 1024 * 1024, bodyStart: Buffer.alloc(1024, 0x7b) });
    expect(a.status).toBe(401);
    expect(a.sent).toBe(1024);
    expect(a.headers['x-content-type-options']).toBe('nosniff');
    expect(envelope(a).error.message).toMatch(/访问口令不对/);
  });

  it('a body above the largest upload is refused with a clear message before it is read, not with a reset', async () => {
    const a = await send(`POST /api/backups.restoreArchive HTTP/1.1\r\nX-Ledger-Token: ${bridge.token}`, {
      announced: MAX_BODY + 1,
      bodyStart: Buffer.from('{"dataBase64":"'),
    });
    expect(a.reset).toBe(false);
    expect(a.status).toBe(413);
    expect(a.sent).toBe(15);
    expect(envelope(a)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(envelope(a).error.message).toMatch(/^提交的内容超过 420 MB,没有处理。/);
  });

  it('a chunked body that grows past the limit gets the same message', async () => {
    const s = connect(bridge.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    s.on('data', (c) => chunks.push(c));
    s.on('error', () => {});
    s.write(
      `POST /api/backups.restoreArchive HTTP/1.1\r\nHost: 127.0.0.1:${bridge.port}\r\nX-Ledger-Token: ${bridge.token}\r\nTransfer-Encoding: chunked\r\n\r\n`,
    );
    const piece = Buffer.alloc(8 * 1024 * 1024, 0x41);
    const chunk = Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]);
    // Written as the socket drains, until the answer arrives (past MAX_BODY at the latest).
    let written = 0;
    await new Promise<void>((done) => {
      s.on('close', () => done());
      const pump = () => {
        while (!chunks.length && written <= MAX_BODY + piece.length) {
          written += piece.length;
          if (!s.write(chunk)) return void s.once('drain', pump);
        }
      };
      pump();
    });
    const text = Buffer.concat(chunks).toString('utf8');
    expect(text).toMatch(/^HTTP\/1\.1 413/);
    expect(text).toMatch(/提交的内容超过 420 MB,没有处理/);
    expect(written).toBeGreaterThan(MAX_BODY);
  }, 120_000);

  it('a malformed URL gets 400, never a 500', async () => {
    for (const path of ['/api/%E0%A4%A', '/api/%', '/%zz', '//[']) {
      const a = await send(`POST ${path} HTTP/1.1\r\nX-Ledger-Token: ${bridge.token}\r\nConnection: close`, {
        announced: 2,
        bodyStart: Buffer.from('{}'),
      });
      expect(a.status, path).toBeGreaterThanOrEqual(400);
      expect(a.status, path).toBeLessThan(500);
    }
    const bad = await send(`POST /api/%E0%A4%A HTTP/1.1\r\nX-Ledger-Token: ${bridge.token}\r\nConnection: close`, {
      announced: 2,
      bodyStart: Buffer.from('{}'),
    });
    expect(bad.status).toBe(400);
    expect(envelope(bad).error.message).toBe('网址格式不对');
  });

  it('every API answer carries nosniff: a call, a refusal, bad JSON', async () => {
    const token = `X-Ledger-Token: ${bridge.token}`;
    const ok = await send(`POST /api/system.status HTTP/1.1\r\n${token}\r\nConnection: close`, {
      announced: 2,
      bodyStart: Buffer.from('{}'),
    });
    const json = await send(`POST /api/system.status HTTP/1.1\r\n${token}\r\nConnection: close`, {
      announced: 3,
      bodyStart: Buffer.from('{x}'),
    });
    const get = await send(`GET /api/system.status HTTP/1.1\r\n${token}\r\nConnection: close`);
    expect([ok.status, json.status, get.status]).toEqual([200, 400, 405]);
    for (const a of [ok, json, get]) expect(a.headers['x-content-type-options']).toBe('nosniff');
    expect(envelope(json).error.message).toBe('提交的内容不是有效的 JSON');
  });
});
