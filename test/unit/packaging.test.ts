import { extractFile, listPackage } from '@electron/asar';
import { getCurrentFuseWire } from '@electron/fuses';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/app';

/*
 * The packaged layout, checked as far as this machine allows: the real Electron binary cannot be downloaded,
 * so electron-builder packs against a stand-in Electron folder (see ../shared/spec/toolchain.md). The stand-in
 * binary carries the fuse sentinel with Electron's default fuse wire, so the fuses electron-builder flips
 * from electron-builder.yml can be read back here.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
// Electron's defaults, in FuseV1Options order: RunAsNode on, cookie encryption off, NODE_OPTIONS on,
// --inspect on, asar integrity off, only-asar off, browser V8 snapshot off, file:// privileges on, (9th) on.
const DEFAULT_WIRE = '101100011';

const work = tempDir('ledger-pack-');
const appDir = join(work, 'out', 'linux-unpacked');
const asar = join(appDir, 'resources', 'app.asar');
let files: string[] = [];

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'out', 'main', 'main.js')))
    throw new Error('缺少 out/main/main.js:请先运行 npm run build(npm test 会自动构建)');
  const dist = join(work, 'electron-dist');
  mkdirSync(join(dist, 'locales'), { recursive: true });
  for (const l of ['zh-CN', 'en-US', 'de', 'fr', 'ja']) writeFileSync(join(dist, 'locales', `${l}.pak`), 'pak');
  writeFileSync(
    join(dist, 'electron'),
    Buffer.concat([
      Buffer.from(`#!/bin/sh\nexit 0\n# ${SENTINEL}`),
      Buffer.from([1, DEFAULT_WIRE.length]),
      Buffer.from(DEFAULT_WIRE),
      Buffer.from('\n'),
    ]),
  );
  chmodSync(join(dist, 'electron'), 0o755);
  await promisify(execFile)(
    process.execPath,
    [
      join(ROOT, 'node_modules/electron-builder/cli.js'),
      '--dir',
      '--linux',
      '--x64',
      `-c.electronDist=${dist}`,
      `-c.directories.output=${join(work, 'out')}`,
    ],
    {
      cwd: ROOT,
      env: { ...process.env, ELECTRON_BUILDER_OFFLINE: 'true', CI: 'true' },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  files = listPackage(asar, { isPack: false }).map((f) => f.replace(/\\/g, '/'));
}, 240_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('packed app (electron-builder --dir with a stand-in Electron)', () => {
  it('app.asar holds the built bundles and package.json whose main exists; no sources, tests, maps or renderer-only packages', () => {
    for (const f of ['/package.json', '/out/main/main.js', '/out/preload/preload.cjs', '/out/renderer/index.html'])
      expect(files, f).toContain(f);
    const pkg = JSON.parse(extractFile(asar, 'package.json').toString()) as { main: string };
    expect(files).toContain(`/${pkg.main.replace(/^\.\//, '')}`);
    const own = files.filter((f) => !f.startsWith('/node_modules/'));
    expect(own.filter((f) => /\.(ts|tsx|map)$/.test(f) || /^\/(electron|renderer|shared|test|bench|scripts)\//.test(f))).toEqual([]);
    // Renderer-only packages are bundled by Vite and must not be shipped again as node_modules.
    // (dayjs is also a dependency of exceljs, so it is shipped for the main process.)
    for (const p of ['antd', 'react', 'react-dom', 'echarts', 'zustand', 'electron', 'vitest', 'playwright-core'])
      expect(
        files.some((f) => f.startsWith(`/node_modules/${p}/`)),
        p,
      ).toBe(false);
    for (const p of ['better-sqlite3', 'kysely', 'exceljs', 'zod'])
      expect(
        files.some((f) => f.startsWith(`/node_modules/${p}/`)),
        p,
      ).toBe(true);
  });

  it('the store worker and the data check are bundles of their own beside main.js, with every chunk they import', () => {
    // electron/worker/threads.ts starts them by these names, from the folder main.js runs in.
    for (const entry of ['main.js', 'worker.js', 'data-check.js']) {
      const path = `/out/main/${entry}`;
      expect(files, path).toContain(path);
      const code = extractFile(asar, path.slice(1)).toString();
      for (const [, chunk] of code.matchAll(/from "\.\/([^"]+)"/g))
        expect(files, `${entry} imports ${chunk}`).toContain(`/out/main/${chunk}`);
    }
    // The main process loads no database code: SQLite, Kysely and ExcelJS are the worker's.
    const main = extractFile(asar, 'out/main/main.js').toString();
    const chunks = [...main.matchAll(/from "\.\/([^"]+)"/g)].map((m) => extractFile(asar, `out/main/${m[1]}`).toString());
    for (const code of [main, ...chunks]) expect(code).not.toMatch(/from "(better-sqlite3|kysely|exceljs)"/);
  });

  it('better-sqlite3’s Linux N-API prebuild is unpacked beside the asar; its C sources and other systems’ prebuilds are left out', () => {
    const unpacked = join(appDir, 'resources', 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'prebuilds');
    expect(readdirSync(unpacked).sort()).toEqual(expect.arrayContaining(['linux-x64.node']));
    expect(readdirSync(unpacked).some((f) => /darwin|linuxmusl/.test(f))).toBe(false);
    expect(files.some((f) => f.startsWith('/node_modules/better-sqlite3/deps/'))).toBe(false);
    expect(files.some((f) => f.startsWith('/node_modules/better-sqlite3/src/'))).toBe(false);
  });

  it('reference data, print templates and icons ship outside the asar; only the zh-CN and en-US locales are kept', () => {
    const res = join(appDir, 'resources', 'resources');
    for (const d of ['data', 'print', 'icons']) expect(existsSync(join(res, d)), d).toBe(true);
    expect(readdirSync(join(res, 'print'))).toEqual(
      expect.arrayContaining(['checklist.html', 'notice.html', 'household.html', 'print.css']),
    );
    expect(readdirSync(join(res, 'data')).filter((f) => f.endsWith('.json')).length).toBeGreaterThan(0);
    expect(readdirSync(join(appDir, 'locales')).sort()).toEqual(['en-US.pak', 'zh-CN.pak']);
  });

  it('fuses are flipped as electron-builder.yml says: no RunAsNode, NODE_OPTIONS or --inspect; app only from an integrity-checked asar', async () => {
    const exe = readdirSync(appDir).find((f) => statSync(join(appDir, f)).isFile() && (statSync(join(appDir, f)).mode & 0o111) !== 0)!;
    const wire = await getCurrentFuseWire(join(appDir, exe));
    const on = (i: number) => (wire as unknown as Record<number, number>)[i] === 49; // FuseState.ENABLE, by FuseV1Options index
    expect({
      runAsNode: on(0),
      cookieEncryption: on(1),
      nodeOptions: on(2),
      inspect: on(3),
      asarIntegrity: on(4),
      onlyLoadAppFromAsar: on(5),
      fileProtocolExtraPrivileges: on(7),
    }).toEqual({
      runAsNode: false,
      cookieEncryption: true,
      nodeOptions: false,
      inspect: false,
      asarIntegrity: true,
      onlyLoadAppFromAsar: true,
      fileProtocolExtraPrivileges: false,
    });
  });

  it('the asar stays small (renderer-only packages bundled, not shipped)', () => {
    const mb = statSync(asar).size / 1e6;
    console.log(
      `packed: app.asar ${mb.toFixed(1)} MB, ${files.length} entries; top level: ${[...new Set(files.map((f) => f.split('/')[1]))].join(', ')}`,
    );
    expect(mb).toBeLessThan(40);
  });
});
