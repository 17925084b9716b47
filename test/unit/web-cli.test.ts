import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/app';

let child: ChildProcess | null = null;
let dir: string | null = null;
afterEach(() => {
  child?.kill('SIGTERM');
  child = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

/** The URL `npm run web` prints (it runs the CLI from source with tsx, as here). */
function startCli(): Promise<string> {
  dir = tempDir('ledger-web-cli-');
  const { LEDGER_RENDERER_DIR: _own, ...env } = process.env; // the CLI must find the built renderer by itself
  child = spawn(process.execPath, ['--import', 'tsx', 'electron/web/cli.ts'], {
    env: { ...env, LEDGER_DATA_DIR: dir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 30_000);
    child!.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+\/\S*/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
    child!.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    child!.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}

describe('npm run web (the CLI run from source)', () => {
  it('serves the built renderer: the page loads a JavaScript bundle, not the source main.tsx', async () => {
    const url = await startCli();
    const page = await fetch(url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toContain('main.tsx');
    const script = /<script[^>]+type="module"[^>]+src="([^"]+)"/.exec(html)?.[1];
    expect(script).toMatch(/^(\.\/|\/)?assets\/.+\.js$/);
    const js = await fetch(new URL(script!, url), { headers: { cookie: page.headers.get('set-cookie')?.split(';')[0] ?? '' } });
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
  }, 60_000);
});
