import ExcelJS from 'exceljs';
import type { JobProgress } from '../../shared/system/progressContract';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerApp } from '../../electron/app';
import { drill, NO_VILLAGE } from '../../electron/reports/drill';
import { cellValue, computeAll } from '../../electron/reports/engine';
import { figures } from '../../electron/reports/queries';
import { writeWorkbook } from '../../electron/reports/xlsx';
import { seed } from '../../electron/seed/generate';
import { leafColumns } from '../../shared/reports/tables';
import { tempDir } from '../helpers/app';

// A township office's own workbook has one row per village/community (spec §4), not a single township row.
const TODAY = '2026-11-20';
let app: LedgerApp;
let dir: string;
beforeAll(async () => {
  dir = tempDir('report-town-');
  app = new LedgerApp({ dataDir: dir, now: () => Date.parse(`${TODAY}T10:00:00`) });
  await seed(app, { scale: 'township', seed: 5, today: TODAY });
}, 120_000);
afterAll(() => {
  app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('township workbook: one row per village/community', () => {
  it('rows are the villages; each 表1 figure per village recomputed by plain SQL; 合计 equals the whole township', () => {
    const tables = computeAll(app, 2026, 3);
    const t1 = tables.find((t) => t.table.id === 't1')!;
    expect(t1.rowHeader).toBe('村(社区)');
    const code = app.requireOffice().divisionCode;
    const reg = app.store.sqlite
      .prepare(
        "SELECT coalesce(nullif(trim(village), ''), ?) AS v, count(*) AS n, sum(coalesce(bedsTotal, 0)) AS beds FROM facilities WHERE deletedAt IS NULL AND status != '筹建' AND (openedOn IS NULL OR openedOn <= '2026-09-30') AND NOT (status IN ('停业(注销)', '停业') AND (statusDate IS NULL OR statusDate <= '2026-09-30')) GROUP BY 1",
      )
      .all(NO_VILLAGE) as { v: string; n: number; beds: number }[];
    expect(reg.length).toBeGreaterThan(3);
    for (const r of reg) expect(t1.rows.find((x) => x.label === r.v)?.values, r.v).toMatchObject({ count: r.n, beds: r.beds });
    // 合计 of every table equals the same figures computed per township (the roll-up path).
    for (const t of tables) {
      const f = figures(app.store.sqlite, t.table.query, 2026, 3).get(code) ?? {};
      const expected = Object.fromEntries(leafColumns(t.table).map((c) => [c.key, cellValue(c, f)]));
      expect(t.rows[0].values, t.table.id).toEqual(expected);
      expect(t.rows.slice(1).every((r) => r.village === r.label && r.code === code)).toBe(true);
    }
  });

  it('every figure of a village row lists exactly its records (drill-down)', () => {
    for (const t of computeAll(app, 2026, 3)) {
      const row = t.rows[1];
      for (const c of leafColumns(t.table)) {
        if (!('measure' in c.value)) continue;
        const d = drill(app, {
          year: 2026,
          quarter: 3,
          tableId: t.table.id,
          columnKey: c.key,
          townshipCode: row.code,
          village: row.village,
        });
        const sum = d.totals[c.value.measure];
        expect(c.format === 'wan' ? Math.round(sum * 10) / 10 : Math.round(sum), `${t.table.id} ${c.key} ${row.label}`).toBe(
          row.values[c.key],
        );
      }
    }
  });

  it('the workbook says 村(社区) in its header and lists the villages', async () => {
    const tables = computeAll(app, 2026, 3);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await writeWorkbook(app, tables, { year: 2026, quarter: 3, revealIds: false })) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('表1 养老机构基本情况')!;
    expect(ws.getCell('A3').value).toBe('村(社区)');
    expect(ws.getCell('A5').value).toBe('合计');
    expect(ws.getCell('A6').value).toBe(tables[0].rows[1].label);
  });
});

describe('export progress', () => {
  it('progress.get follows a workbook export sheet by sheet while the call runs', async () => {
    const { reportsHandlers } = await import('../../electron/reports/handlers');
    const { jobProgress } = await import('../../electron/system/progress');
    const ctx = {
      app,
      session: { user: { id: 'u', username: 'admin', displayName: '王', role: 'admin' as const }, lastActive: Date.now() },
    };
    const seen: string[] = [];
    let finished = false;
    const call = Promise.resolve(reportsHandlers['reports.export']({ year: 2026, quarter: 3, jobId: 'job-test-0001' }, ctx)).then(
      () => (finished = true),
    );
    while (!finished) {
      const p = jobProgress<JobProgress>(app, 'job-test-0001');
      if (p && seen.at(-1) !== p.step) seen.push(p.step);
      await new Promise((r) => setImmediate(r));
    }
    await call;
    expect(seen.some((s) => s.includes('表1'))).toBe(true);
    expect(seen.some((s) => s.includes('名册'))).toBe(true);
    expect(jobProgress(app, 'job-test-0001')).toMatchObject({ done: 8, total: 8 });
  });
});
