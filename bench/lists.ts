import { LedgerApp } from '../electron/app';
import type { EntityName } from '../shared/domain/entity';
import { percentile, type Figures } from './figures';

/**
 * 30 list queries clerks run all day (substring search on names, filter by township + status, sort by a
 * visible column, deep pages, overdue hazards major first) through the records service on a seeded data
 * folder, p95 of `runs` each (after a warm-up). list.p95MaxMs is the slowest of them.
 */
export function listBench(figures: Figures, dataDir: string, runs: number): void {
  const app = new LedgerApp({ dataDir });
  try {
    const sql = app.store.sqlite;
    const one = (q: string) => sql.prepare(q).pluck().get() as string;
    const township = one('SELECT townshipCode FROM facilities GROUP BY townshipCode ORDER BY count(*) DESC LIMIT 1');
    const year = new Date().getFullYear();
    // Fragments of real names, as a clerk types them: two characters of a name in the middle of the table.
    const household2 = one('SELECT substr(name, 2, 2) FROM households ORDER BY id LIMIT 1 OFFSET 777');
    const household1 = one('SELECT substr(name, 1, 1) FROM households ORDER BY id LIMIT 1 OFFSET 4321');
    const facility = one('SELECT substr(name, 3, 2) FROM facilities ORDER BY id LIMIT 1 OFFSET 77');
    const canteen = one('SELECT substr(name, 1, 3) FROM canteens ORDER BY id LIMIT 1 OFFSET 55');
    const village = one("SELECT substr(village, 1, 2) FROM households WHERE village <> '' ORDER BY id LIMIT 1 OFFSET 999");
    const last4 = one('SELECT substr(idCard, -4) FROM households ORDER BY id LIMIT 1 OFFSET 777');
    const phone = one("SELECT substr(phone, 4, 4) FROM households WHERE phone <> '' ORDER BY id LIMIT 1 OFFSET 3000");
    const inspector = one('SELECT substr(inspectors, 1, 2) FROM inspections ORDER BY id LIMIT 1 OFFSET 900');
    const cases: [string, EntityName, object][] = [
      ['机构 列表第1页', 'facilities', {}],
      ['机构 按乡镇+类型', 'facilities', { filters: { townshipCode: township, type: '民办养老机构' } }],
      [`机构 名称搜索“${facility}”`, 'facilities', { search: facility }],
      ['机构 运营中按床位数', 'facilities', { filters: { status: '运营' }, sort: { field: 'bedsTotal', order: 'desc' } }],
      ['机构 按名称排序', 'facilities', { sort: { field: 'name', order: 'asc' } }],
      ['机构 许可证将到期', 'facilities', { filters: { licenceExpiring: true } }],
      ['机构 按开业日期,第 60 页', 'facilities', { sort: { field: 'openedOn', order: 'desc' }, page: 60 }],
      ['机构 乡镇内按护理床位', 'facilities', { filters: { townshipCode: township }, sort: { field: 'bedsNursing', order: 'desc' } }],
      ['助餐点 列表第1页', 'canteens', {}],
      ['助餐点 运营中按名称', 'canteens', { filters: { status: '运营' }, sort: { field: 'name', order: 'asc' } }],
      [`助餐点 名称搜索“${canteen}”`, 'canteens', { search: canteen }],
      ['助餐点 乡镇内按供餐能力', 'canteens', { filters: { townshipCode: township }, sort: { field: 'mealCapacity', order: 'desc' } }],
      ['助餐点 许可证将到期', 'canteens', { filters: { licenceExpiring: true } }],
      ['改造户 列表第1页', 'households', {}],
      ['改造户 身份证后4位', 'households', { search: last4 }],
      [`改造户 姓名搜索“${household2}”`, 'households', { search: household2 }],
      [`改造户 姓名搜索“${household1}”`, 'households', { search: household1 }],
      [`改造户 村(社区)搜索“${village}”`, 'households', { search: village }],
      [`改造户 电话中间4位“${phone}”`, 'households', { search: phone }],
      ['改造户 年度+进度+乡镇', 'households', { filters: { projectYear: year, status: '施工', townshipCode: township } }],
      ['改造户 按总费用', 'households', { sort: { field: 'totalCost', order: 'desc' } }],
      ['改造户 乡镇内按补贴', 'households', { filters: { townshipCode: township }, sort: { field: 'subsidy', order: 'asc' } }],
      ['改造户 施工中按姓名', 'households', { filters: { status: '施工' }, sort: { field: 'name', order: 'asc' } }],
      ['改造户 深翻页(第500页)', 'households', { page: 500 }],
      ['检查 按年度+乡镇', 'inspections', { filters: { year, townshipCode: township } }],
      [`检查 检查人搜索“${inspector}”`, 'inspections', { search: inspector }],
      ['检查 深翻页(第500页)', 'inspections', { page: 500 }],
      ['隐患 逾期(重大优先)', 'hazards', { filters: { overdue: true } }],
      ['隐患 已销号', 'hazards', { filters: { status: '已销号' } }],
      ['隐患 乡镇内未整改', 'hazards', { filters: { open: true, townshipCode: township } }],
    ];
    const rows: { case: string; total: number; p50: number; p95: number }[] = [];
    for (const [name, entity, query] of cases) {
      let total = 0;
      for (let i = 0; i < 3; i++) total = app.records.list(entity, query).total;
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        app.records.list(entity, query);
        times.push(performance.now() - t);
      }
      rows.push({ case: name, total, p50: +percentile(times, 50).toFixed(2), p95: +percentile(times, 95).toFixed(2) });
    }
    console.table(rows);
    figures.details.lists = rows;
    figures.set('list.p95MaxMs', Math.max(...rows.map((r) => r.p95)));
  } finally {
    app.close();
  }
}
