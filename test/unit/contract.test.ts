import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { handlers } from '../../electron/api/handlers';
import { startWebBridge, type WebBridge } from '../../electron/web/server';
import { contract, METHODS } from '../../shared/api/contract';
import type { Envelope } from '../../shared/api/errors';
import { ENTITIES } from '../../shared/domain/entities';
import { ENTITY_NAMES } from '../../shared/domain/entity';
import { dumpDb, makeApp, tempDir } from '../helpers/app';

describe('contract ↔ handlers', () => {
  it('every contract method has exactly one handler and there are no handlers outside the contract', () => {
    expect(Object.keys(handlers).sort()).toEqual([...METHODS].sort());
    for (const m of METHODS) expect(typeof (handlers as Record<string, unknown>)[m], m).toBe('function');
  });

  it('no method takes a file path: files cross as bytes (uploads, downloads), paths only from the main process’s own dialogs', () => {
    const names = (schema: unknown, out: Set<string>) => {
      if (!schema || typeof schema !== 'object') return out;
      for (const [k, v] of Object.entries(schema as Record<string, unknown>)) {
        if (k === 'properties' && v && typeof v === 'object') for (const p of Object.keys(v)) out.add(p);
        names(v, out);
      }
      return out;
    };
    for (const m of METHODS) {
      const props = [...names(z.toJSONSchema(contract[m].input, { unrepresentable: 'any', io: 'input' }), new Set())];
      expect(
        props.filter((p) => /path|dir$|directory|folder/i.test(p)),
        m,
      ).toEqual([]);
      if (m === 'import.preview') expect(props).toEqual(expect.arrayContaining(['fileName', 'dataBase64'])); // the walk sees nested inputs
    }
  });

  it('every record type has the seven record methods, except those only their domain writes (immutable snapshots)', () => {
    for (const e of ENTITY_NAMES)
      for (const v of ['list', 'get', 'create', 'update', 'delete', 'restore', 'history'])
        if (ENTITIES[e].recordMethods === false) expect(METHODS).not.toContain(`${e}.${v}`);
        else expect(METHODS).toContain(`${e}.${v}`);
    expect(ENTITY_NAMES.filter((e) => ENTITIES[e].recordMethods === false)).toEqual([
      'reportSubmissions',
      'reportSubmissionParts',
      'reportDecisions',
      'reportAdjustments',
    ]);
  });
});

describe('browser bridge (HTTP on 127.0.0.1)', () => {
  let t: Awaited<ReturnType<typeof makeApp>>;
  let bridge: WebBridge;
  let rendererDir: string;

  beforeAll(async () => {
    t = await makeApp();
    rendererDir = tempDir('renderer-');
    mkdirSync(join(rendererDir, 'assets'));
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>养老服务台账</title>');
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    bridge = await startWebBridge(t.app, { rendererDir });
  });
  afterAll(async () => {
    await bridge.close();
    t.cleanup();
    rmSync(rendererDir, { recursive: true, force: true });
  });

  function post(method: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: Envelope<unknown> }> {
    return raw('POST', `/api/${encodeURIComponent(method)}`, body === undefined ? '' : JSON.stringify(body), {
      'X-Ledger-Token': bridge.token,
      ...headers,
    }).then((r) => ({
      status: r.status,
      json: JSON.parse(r.body) as Envelope<unknown>,
    }));
  }
  function raw(
    method: string,
    path: string,
    body: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
    return new Promise((res, rej) => {
      const req = request(
        { host: '127.0.0.1', port: bridge.port, method, path, headers: { 'Content-Type': 'application/json', ...headers } },
        (r) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => res({ status: r.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: r.headers }));
        },
      );
      req.on('error', rej);
      req.end(body);
    });
  }

  it('listens on 127.0.0.1 only and prints a URL with the token in the fragment', () => {
    expect(bridge.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{20,}$/);
  });

  it('reaches every contract method through the bridge (a wrong payload is refused by that method, not as unknown)', async () => {
    for (const m of METHODS) {
      const { status, json } = await post(m, { definitelyNotAField: [1, 2, 3] });
      expect(status, m).toBe(200);
      expect(json.ok, m).toBe(false);
      if (!json.ok) {
        expect(json.error.code, m).not.toBe('BAD_REQUEST');
        expect(json.error.message, m).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });

  it('serves real calls: login, then list and create through HTTP', async () => {
    const unauth = await post('facilities.list', {});
    expect(unauth.json).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const login = await post('session.login', { username: 'admin', password: 'Admin12345' });
    expect(login.json).toMatchObject({ ok: true, value: { username: 'admin', role: 'admin' } });
    const created = await post('facilities.create', {
      townshipCode: t.app.office()!.divisionCode,
      name: '桥接测试养老院',
      type: '其他',
      status: '运营',
    });
    expect(created.json.ok).toBe(true);
    const list = await post('facilities.list', { search: '桥接' });
    expect(list.json).toMatchObject({ ok: true, value: { total: 1 } });
  });

  it('refuses a wrong token, an unknown method, a foreign origin and a foreign host, changing nothing', async () => {
    const before = dumpDb(t.app);
    expect((await post('system.status', {}, { 'X-Ledger-Token': 'wrong' })).status).toBe(401);
    const unknown = await post('system.dropEverything', {});
    expect(unknown.json).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const proto = await post('__proto__', {});
    expect(proto.json).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect((await post('system.status', {}, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await post('system.status', {}, { Host: 'evil.example' })).status).toBe(421);
    const bad = await raw('POST', '/api/system.status', '{not json', { 'X-Ledger-Token': bridge.token });
    expect(bad.status).toBe(400);
    expect(dumpDb(t.app)).toBe(before);
  });

  it('serves the renderer with a CSP and never a file outside its folder', async () => {
    const index = await raw('GET', '/', '');
    expect(index.status).toBe(200);
    expect(index.body).toContain('养老服务台账');
    expect(String(index.headers['content-security-policy'])).toContain("default-src 'self'");
    expect((await raw('GET', '/assets/app.js', '')).body).toBe('console.log(1)');
    for (const p of ['/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2fpackage.json']) {
      const r = await raw('GET', p, '');
      expect(r.body, p).not.toContain('"dependencies"');
      expect(r.body, p).not.toContain('root:');
    }
  });
});
