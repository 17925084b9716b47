import ExcelJS from 'exceljs';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerApp } from '../../electron/app';
import { computeAll } from '../../electron/reports/engine';
import { writeWorkbook } from '../../electron/reports/xlsx';
import { seed } from '../../electron/seed/generate';
import { FACILITY_TYPES } from '../../shared/domain/enums';
import { leafColumns, REPORT_TABLES } from '../../shared/reports/tables';
import { tempDir } from '../helpers/app';

const TODAY = '2026-11-20';
const YEAR = 2026;
const QUARTER = 3;
const END = '2026-09-30';
let app: LedgerApp;
let dir: string;
let wb: ExcelJS.Workbook;

beforeAll(async () => {
  dir = tempDir('report-');
  app = new LedgerApp({ dataDir: dir, now: () => Date.parse(`${TODAY}T10:00:00`) });
  await seed(app, { scale: 'district', seed: 3, today: TODAY });
  const bytes = await writeWorkbook(app, computeAll(app, YEAR, QUARTER), { year: YEAR, quarter: QUARTER, revealIds: false });
  mkdirSync(resolve(import.meta.dirname, '../../test-output/xlsx'), { recursive: true });
  writeFileSync(resolve(import.meta.dirname, '../../test-output/xlsx/district-2026Q3.xlsx'), bytes);
  wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
}, 120_000);
afterAll(() => {
  app?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A sheet's data rows as { township name → [numbers] }, read back from the file. */
function sheetRows(name: string): Map<string, (number | null)[]> {
  const ws = wb.getWorksheet(name)!;
  const out = new Map<string, (number | null)[]>();
  ws.eachRow((row, i) => {
    if (i <= 4) return;
    const label = row.getCell(1).value;
    if (typeof label !== 'string' || label.startsWith('单位负责人')) return;
    const vals = (row.values as unknown[]).slice(2).map((v) => (typeof v === 'number' ? v : v === null || v === undefined ? null : Number(v)));
    out.set(label, vals);
  });
  return out;
}

// Independent recomputation: plain SELECT * and JavaScript, written from the spec, not the engine's SQL.
const all = (sqlText: string, ...p: unknown[]) => app.store.sqlite.prepare(sqlText).all(...p) as Record<string, any>[];
const registered = (r: Record<string, any>, end: string) =>
  r.deletedAt === null && r.status !== '筹建' && (!r.openedOn || r.openedOn <= end) && !((r.status === '停业(注销)' || r.status === '停业') && (!r.statusDate || r.statusDate <= end));
const townName = () => new Map(all("SELECT code, name FROM divisions WHERE level = 'township'").map((d) => [d.code as string, d.name as string]));
const r1 = (v: number) => Math.round(v * 10) / 10;

describe('quarterly workbook (district scale), read back with ExcelJS', () => {
  it('has the four tables and the rosters, in Chinese, with the government layout', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual([...REPORT_TABLES.map((t) => t.sheetName), '养老机构名册', '助餐点名册', '适老化改造户名册', '隐患整改台账']);
    for (const t of REPORT_TABLES) {
      const ws = wb.getWorksheet(t.sheetName)!;
      const n = leafColumns(t).length + 1;
      expect(ws.getCell(1, 1).value).toBe(`鄂城区民政局${YEAR}年第${QUARTER}季度${t.title}`);
      expect(ws.getCell(2, 1).value).toBe('填报单位(盖章):鄂城区民政局');
      expect(String(ws.getCell(2, n - 2).value)).toContain(`单位:${t.units}`);
      expect(ws.getCell(5, 1).value).toBe('合计');
      expect(ws.pageSetup.orientation).toBe('landscape');
      expect(ws.pageSetup.paperSize).toBe(9);
      expect(ws.pageSetup.fitToWidth).toBe(1);
      expect(ws.pageSetup.printTitlesRow).toBe('3:4');
      // merged title across all columns; merged group header over its columns
      expect((ws.getCell(1, n) as unknown as { isMerged: boolean }).isMerged).toBe(true);
      expect(ws.getCell(3, 2).value).toBe(t.groups[0].header);
      const lastRow = ws.getRow(ws.rowCount).getCell(1).value as string;
      expect(lastRow).toMatch(/^单位负责人:.*审核人:.*填报人:.*联系电话:.*填报日期:\d{4}年\d+月\d+日$/);
      // number formats: % and 万元 with one decimal, counts whole
      leafColumns(t).forEach((c, i) => expect(ws.getCell(5, i + 2).numFmt, c.key).toBe(c.format === 'int' ? '0' : '0.0'));
      // column widths fit the Chinese headers (about 2 units per character)
      leafColumns(t).forEach((c, i) => expect(ws.getColumn(i + 2).width!).toBeGreaterThanOrEqual(Math.min(18, [...c.header].reduce((a, ch) => a + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0) + 2) - 0.01));
    }
  });

  it('表1 every figure matches an independent recomputation from the records', () => {
    const rows = sheetRows('表1 养老机构基本情况');
    const names = townName();
    const facilities = all('SELECT * FROM facilities').filter((f) => registered(f, END));
    const quarters = all('SELECT * FROM facility_quarters WHERE deletedAt IS NULL AND year = ? AND quarter = ?', YEAR, QUARTER);
    const byTown = new Map<string, Record<string, any>[]>();
    for (const f of facilities) byTown.set(f.townshipCode, [...(byTown.get(f.townshipCode) ?? []), f]);
    const expectRow = (fs: Record<string, any>[]) => {
      const ids = new Set(fs.map((f) => f.id));
      const qs = quarters.filter((q) => ids.has(q.facilityId));
      const sum = (xs: Record<string, any>[], k: string) => xs.reduce((a, x) => a + (x[k] ?? 0), 0);
      const beds = sum(fs, 'bedsTotal');
      const nursing = sum(fs, 'bedsNursing');
      const cg = sum(fs, 'caregivers');
      const cert = sum(fs, 'caregiversCertified');
      return [
        fs.length,
        ...FACILITY_TYPES.map((t) => fs.filter((f) => f.type === t).length),
        beds,
        nursing,
        beds ? r1((nursing / beds) * 100) : null,
        sum(qs, 'residents'),
        sum(qs, 'residentsDisabled'),
        sum(qs, 'residentsTekun'),
        sum(fs, 'staffTotal'),
        cg,
        cert,
        cg ? r1((cert / cg) * 100) : null,
        fs.filter((f) => ['二级', '三级', '四级', '五级'].includes(f.rating)).length,
        fs.filter((f) => f.fireCheck === '合格').length,
      ];
    };
    expect(rows.get('合计')).toEqual(expectRow(facilities));
    expect(rows.size).toBe(16); // 合计 + 15 townships of 鄂城区
    for (const [code, fs] of byTown) expect(rows.get(names.get(code)!), code).toEqual(expectRow(fs));
  });

  it('表2 every figure matches an independent recomputation from the records', () => {
    const rows = sheetRows('表2 老年助餐服务情况');
    const canteens = all('SELECT * FROM canteens').filter((c) => registered(c, END));
    const months = all('SELECT m.*, c.townshipCode AS town FROM canteen_months m JOIN canteens c ON c.id = m.canteenId WHERE m.deletedAt IS NULL AND c.deletedAt IS NULL AND m.year = ? AND m.month IN (7, 8, 9)', YEAR);
    const calc = (cs: Record<string, any>[], ms: Record<string, any>[]) => [
      cs.length,
      cs.filter((c) => c.type === '老年食堂(幸福食堂)').length,
      cs.filter((c) => c.type === '老年助餐点').length,
      cs.filter((c) => c.type === '老年餐桌(合作餐厅)').length,
      ms.reduce((a, m) => a + m.mealsTotal, 0),
      ms.reduce((a, m) => a + (m.mealsElderly ?? 0), 0),
      ms.reduce((a, m) => a + (m.mealsSpecial ?? 0), 0),
      ms.reduce((a, m) => a + (m.mealsDelivered ?? 0), 0),
      ms.filter((m) => m.month === 9).reduce((a, m) => a + (m.registeredElders ?? 0), 0),
      r1(ms.reduce((a, m) => a + (m.subsidyAmount ?? 0), 0) / 10000),
      cs.filter((c) => c.foodLicenseNo && c.foodLicenseExpiry >= END).length,
    ];
    expect(rows.get('合计')).toEqual(calc(canteens, months));
    const names = townName();
    for (const code of new Set(canteens.map((c) => c.townshipCode as string)))
      expect(rows.get(names.get(code)!), code).toEqual(calc(canteens.filter((c) => c.townshipCode === code), months.filter((m) => m.town === code)));
  });

  it('表3 and 表4: the 合计 row equals the sum of the township rows, ratios recomputed from the sums', () => {
    for (const name of ['表3 适老化改造进度', '表4 安全检查情况']) {
      const t = REPORT_TABLES.find((x) => x.sheetName === name)!;
      const rows = sheetRows(name);
      const total = rows.get('合计')!;
      const towns = [...rows].filter(([k]) => k !== '合计').map(([, v]) => v);
      leafColumns(t).forEach((c, i) => {
        if (c.format === 'pct' || 'ratio' in c.value) return;
        const s = towns.reduce((a, v) => a + (v[i] ?? 0), 0);
        expect(total[i], `${name} ${c.key}`).toBeCloseTo(s, c.format === 'wan' ? 0 : 5);
      });
    }
    // Independent check of 表4's hazards found in the quarter.
    const found = all("SELECT count(*) AS n FROM hazards h JOIN inspections i ON i.id = h.inspectionId WHERE h.deletedAt IS NULL AND i.inspectedOn BETWEEN '2026-07-01' AND '2026-09-30'")[0].n;
    const t4 = REPORT_TABLES.find((x) => x.id === 't4')!;
    expect(sheetRows(t4.sheetName).get('合计')![leafColumns(t4).findIndex((c) => c.key === 'found')]).toBe(found);
  });

  it('the rosters mask 身份证号 and names', () => {
    const ws = wb.getWorksheet('适老化改造户名册')!;
    const ids: string[] = [];
    ws.eachRow((row, i) => i > 2 && ids.push(String(row.getCell(4).value)));
    expect(ids.length).toBeGreaterThan(1000);
    expect(ids.every((v) => /^\d{6}\*{8}[\dX]{4}$/.test(v))).toBe(true);
  });
});

describe('drill-down: every figure is the sum of the records behind it', () => {
  it('for every table and column, 合计 and three townships: the records listed add up to the figure shown', async () => {
    const { drill } = await import('../../electron/reports/drill');
    const { cellValue } = await import('../../electron/reports/engine');
    let checked = 0;
    let nonZero = 0;
    for (const t of computeAll(app, YEAR, QUARTER)) {
      const rows = [t.rows[0], ...t.rows.slice(1).filter((r) => Object.values(r.values).some((v) => v)).slice(0, 3)];
      for (const row of rows)
        for (const col of leafColumns(t.table)) {
          const d = drill(app, { year: YEAR, quarter: QUARTER, tableId: t.table.id, columnKey: col.key, townshipCode: row.code });
          expect(cellValue(col, d.totals), `${t.table.id} ${row.label} ${col.header}`).toBe(row.values[col.key]);
          if (row.code) for (const r of d.rows) expect(r.townshipCode).toBe(row.code);
          checked++;
          if (d.rows.length) nonZero++;
        }
    }
    expect(checked).toBeGreaterThan(150);
    expect(nonZero).toBeGreaterThan(checked / 2); // the seed gives most figures records behind them
  }, 120_000);

  it('household names are masked in the drill list; a township outside the area is refused', async () => {
    const { drill } = await import('../../electron/reports/drill');
    const d = drill(app, { year: YEAR, quarter: QUARTER, tableId: 't3', columnKey: 'applied', townshipCode: null });
    expect(d.rows.length).toBeGreaterThan(100);
    for (const r of d.rows.slice(0, 50)) expect(r.title).toContain('*');
    expect(() => drill(app, { year: YEAR, quarter: QUARTER, tableId: 't1', columnKey: 'count', townshipCode: '420702001000' })).toThrow(/不在本单位管辖范围/);
  });
});
