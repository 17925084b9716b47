import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LedgerApp } from '../app';
import { seed, SCALES, type Scale } from './generate';

/** `npm run seed -- --scale township|district|city [--seed N] [--out DIR] [--force]` */
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  const scale = (arg('scale') ?? 'township') as Scale;
  if (!(scale in SCALES)) throw new Error(`--scale 应为 township、district 或 city(收到 ${scale})`);
  const seedNo = Number(arg('seed') ?? 1);
  const out = resolve(arg('out') ?? `.tmp/seed-${scale}`);
  if (existsSync(join(out, 'ledger.sqlite'))) {
    if (!process.argv.includes('--force')) throw new Error(`${out} 中已有数据库。如要重新生成,请加 --force(会删除该文件夹)。`);
    rmSync(out, { recursive: true, force: true });
  }
  const app = new LedgerApp({ dataDir: out });
  try {
    const s = await seed(app, { scale, seed: seedNo });
    console.log(`已生成 ${scale} 规模演示数据(种子 ${seedNo}),${s.townships} 个乡镇,用时 ${(s.ms / 1000).toFixed(1)} 秒:`);
    for (const [k, v] of Object.entries(s.counts)) console.log(`  ${k.padEnd(12)} ${v}`);
    console.log(`数据文件夹:${out}(管理员 admin / Admin12345)。浏览器查看:LEDGER_DATA_DIR=${out} npm run web`);
  } finally {
    app.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
