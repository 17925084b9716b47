import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { rendererDir } from '../paths';
import { slowQueryMsFor, StoreClient } from '../worker/client';
import { startWebBridge } from './server';

/**
 * `npm run web`: the app in a browser, without Electron. Data lives in LEDGER_DATA_DIR (default
 * ~/.elder-care-ledger-web) so it never touches a desktop installation's database.
 */
async function main() {
  const dataDir = resolve(process.env.LEDGER_DATA_DIR ?? join(homedir(), '.elder-care-ledger-web'));
  // The data lives in the store worker, as in the desktop app; this process only serves the page and relays.
  const store = await StoreClient.start({ dataDir, backups: false, slowQueryMs: slowQueryMsFor(true) });
  const port = process.env.LEDGER_PORT ? Number(process.env.LEDGER_PORT) : 0;
  const bridge = await startWebBridge(store, { rendererDir: process.env.LEDGER_RENDERER_DIR ?? rendererDir(), port });
  console.log(`养老服务台账(浏览器模式)已启动。数据文件夹:${dataDir}`);
  console.log(`请在 Chromium/Chrome 中打开:\n  ${bridge.url}`);
  console.log('按 Ctrl+C 退出。');
  const stop = () => {
    void bridge
      .close()
      .then(() => store.close())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
