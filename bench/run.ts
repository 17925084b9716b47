import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LedgerApp } from '../electron/app';
import { dashboard } from '../electron/dashboard/service';
import { seed } from '../electron/seed/generate';
import type { EntityName } from '../shared/domain/entity';

/**
 * `npm run bench`: city-scale synthetic data, then p50/p95 of the list queries clerks run all day, each
 * beside the same query as hand-written SQL on the raw connection (the baseline; ratio = service / raw).
 * Figures are measured on this machine as they come; no pass/fail.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const scale = (process.env.BENCH_SCALE ?? 'city') as 'township' | 'district' | 'city';

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}
function time(fn: () => unknown): number[] {
  for (let i = 0; i < 5; i++) fn(); // warm the statement cache
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return out;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
  const app = new LedgerApp({ dataDir: dir });
  const rssBefore = process.memoryUsage().rss;
  const s = await seed(app, { scale });
  const dbBytes =
    statSync(join(dir, 'ledger.sqlite')).size + (statSync(join(dir, 'ledger.sqlite-wal'), { throwIfNoEntry: false })?.size ?? 0);
  console.log(
    `seed ${scale}: ${(s.ms / 1000).toFixed(1)} s, database ${(dbBytes / 1e6).toFixed(0)} MB, RSS +${((process.memoryUsage().rss - rssBefore) / 1e6).toFixed(0)} MB`,
  );
  console.log(JSON.stringify(s.counts));
  app.store.sqlite.pragma('optimize');

  const sql = app.store.sqlite;
  const township = (
    sql.prepare('SELECT townshipCode AS c FROM facilities GROUP BY townshipCode ORDER BY count(*) DESC LIMIT 1').get() as { c: string }
  ).c;
  const last4 = (sql.prepare('SELECT substr(idCard, -4) AS l FROM households LIMIT 1 OFFSET 777').get() as { l: string }).l;
  const today = new Date().toISOString().slice(0, 10);
  const raw = (q: string, ...p: unknown[]) => {
    const st = sql.prepare(q);
    return () => st.all(...p);
  };
  const cases: { name: string; entity: EntityName; query: object; raw: () => unknown }[] = [
    {
      name: '机构 列表第1页',
      entity: 'facilities',
      query: {},
      raw: raw('SELECT * FROM facilities WHERE deletedAt IS NULL ORDER BY updatedAt DESC, id LIMIT 20'),
    },
    {
      name: '机构 按乡镇+类型',
      entity: 'facilities',
      query: { filters: { townshipCode: township, type: '民办养老机构' } },
      raw: raw(
        'SELECT * FROM facilities WHERE deletedAt IS NULL AND townshipCode = ? AND type = ? ORDER BY updatedAt DESC, id LIMIT 20',
        township,
        '民办养老机构',
      ),
    },
    {
      name: '机构 名称搜索',
      entity: 'facilities',
      query: { search: '颐养' },
      raw: raw("SELECT * FROM facilities WHERE deletedAt IS NULL AND (name LIKE '%颐养%') ORDER BY updatedAt DESC, id LIMIT 20"),
    },
    {
      name: '助餐点 按状态排序',
      entity: 'canteens',
      query: { filters: { status: '运营' }, sort: { field: 'name', order: 'asc' } },
      raw: raw("SELECT * FROM canteens WHERE deletedAt IS NULL AND status = '运营' ORDER BY name, id LIMIT 20"),
    },
    {
      name: '改造户 列表第1页',
      entity: 'households',
      query: {},
      raw: raw('SELECT * FROM households WHERE deletedAt IS NULL ORDER BY updatedAt DESC, id LIMIT 20'),
    },
    {
      name: '改造户 身份证后4位',
      entity: 'households',
      query: { search: last4 },
      raw: raw('SELECT * FROM households WHERE deletedAt IS NULL AND idCardLast4 = ? ORDER BY updatedAt DESC, id LIMIT 20', last4),
    },
    {
      name: '改造户 年度+进度+乡镇',
      entity: 'households',
      query: { filters: { projectYear: new Date().getFullYear(), status: '施工', townshipCode: township } },
      raw: raw(
        'SELECT * FROM households WHERE deletedAt IS NULL AND projectYear = ? AND status = ? AND townshipCode = ? ORDER BY updatedAt DESC, id LIMIT 20',
        new Date().getFullYear(),
        '施工',
        township,
      ),
    },
    {
      name: '改造户 深翻页(第500页)',
      entity: 'households',
      query: { page: 500 },
      raw: raw('SELECT * FROM households WHERE deletedAt IS NULL ORDER BY updatedAt DESC, id LIMIT 20 OFFSET 9980'),
    },
    {
      name: '检查 按年度',
      entity: 'inspections',
      query: { filters: { year: new Date().getFullYear(), townshipCode: township } },
      raw: raw(
        'SELECT * FROM inspections WHERE deletedAt IS NULL AND inspectedOn BETWEEN ? AND ? AND townshipCode = ? ORDER BY inspectedOn DESC, id LIMIT 20',
        `${new Date().getFullYear()}-01-01`,
        `${new Date().getFullYear()}-12-31`,
        township,
      ),
    },
    {
      name: '检查 深翻页(第500页)',
      entity: 'inspections',
      query: { page: 500 },
      raw: raw('SELECT * FROM inspections WHERE deletedAt IS NULL ORDER BY inspectedOn DESC, id LIMIT 20 OFFSET 9980'),
    },
    {
      name: '年度任务',
      entity: 'targets',
      query: {},
      raw: raw('SELECT * FROM targets WHERE deletedAt IS NULL ORDER BY year DESC, id LIMIT 20'),
    },
    {
      name: '隐患 逾期(重大优先)',
      entity: 'hazards',
      query: { filters: { overdue: true } },
      raw: raw(
        "SELECT * FROM hazards WHERE deletedAt IS NULL AND deadline < ? AND status IN ('待整改','整改中') ORDER BY level DESC, id LIMIT 20",
        today,
      ),
    },
    {
      name: '隐患 全部(重大优先)',
      entity: 'hazards',
      query: {},
      raw: raw('SELECT * FROM hazards WHERE deletedAt IS NULL ORDER BY level DESC, id LIMIT 20'),
    },
    {
      name: '隐患 按状态(已销号)',
      entity: 'hazards',
      query: { filters: { status: '已销号' } },
      raw: raw("SELECT * FROM hazards WHERE deletedAt IS NULL AND status = '已销号' ORDER BY level DESC, id LIMIT 20"),
    },
    {
      name: '隐患 未整改',
      entity: 'hazards',
      query: { filters: { open: true } },
      raw: raw("SELECT * FROM hazards WHERE deletedAt IS NULL AND status IN ('待整改','整改中') ORDER BY level DESC, id LIMIT 20"),
    },
  ];
  const rows: Record<string, unknown>[] = [];
  for (const c of cases) {
    const svc = time(() => app.records.list(c.entity, c.query));
    const base = time(c.raw);
    const row = {
      case: c.name,
      p50_ms: +percentile(svc, 50).toFixed(2),
      p95_ms: +percentile(svc, 95).toFixed(2),
      raw_p95_ms: +percentile(base, 95).toFixed(2),
      ratio_p95: +(percentile(svc, 95) / Math.max(percentile(base, 95), 0.001)).toFixed(1),
    };
    rows.push(row);
  }
  console.table(rows);
  const dash = time(() => dashboard(app));
  console.log(`dashboard: p50 ${percentile(dash, 50).toFixed(1)} ms, p95 ${percentile(dash, 95).toFixed(1)} ms`);
  writeFileSync(
    join(import.meta.dirname, 'results.json'),
    JSON.stringify(
      {
        measuredAt: new Date().toISOString(),
        scale,
        runs: RUNS,
        seed: { ms: s.ms, dbBytes, counts: s.counts },
        lists: rows,
        dashboard: { p50: percentile(dash, 50), p95: percentile(dash, 95) },
      },
      null,
      2,
    ),
  );
  app.close();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
