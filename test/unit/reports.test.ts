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
// District scale in CI; REPORT_SCALE=city runs the same recomputation on the city-scale seed (about 3 minutes).
const SCALE = (process.env.REPORT_SCALE ?? 'district') as 'district' | 'city';
const YEAR = 2026;
const QUARTER = 3;
const END = '2026-09-30';
let app: LedgerApp;
let dir: string;
let wb: ExcelJS.Workbook;

beforeAll(async () => {
  dir = tempDir('report-');
  app = new LedgerApp({ dataDir: dir, now: () => Date.parse(`${TODAY}T10:00:00`) });
  await seed(app, { scale: SCALE, seed: 3, today: TODAY });
  const bytes = await writeWorkbook(app, computeAll(app, YEAR, QUARTER), { year: YEAR, quarter: QUARTER, revealIds: false });
  mkdirSync(resolve(import.meta.dirname, '../../test-output/xlsx'), { recursive: true });
  writeFileSync(resolve(import.meta.dirname, `../../test-output/xlsx/${SCALE}-2026Q3.xlsx`), bytes);
  wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
}, 900_000);
afterAll(() => {
  app?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A sheet's data rows as { township name → [numbers] }, read back from the file. */
function sheetRows(name: string): Map<string, (number | null)[]> {
  const ws = wb.getWorksheet(name)!;
  const out = new Map<string, (number | null)[]>();
  // The figures stop before the 数据截至 column a roll-up adds (checked on its own below).
  const headers = (ws.getRow(4).values as unknown[]).slice(2);
  const width = headers.includes('数据截至') ? headers.indexOf('数据截至') : headers.length;
  ws.eachRow((row, i) => {
    if (i <= 4) return;
    const label = row.getCell(1).value;
    if (typeof label !== 'string' || label.startsWith('单位负责人')) return;
    const vals = (row.values as unknown[])
      .slice(2, 2 + width)
      .map((v) => (typeof v === 'number' ? v : v === null || v === undefined ? null : Number(v)));
    out.set(label, vals);
  });
  return out;
}

// Independent recomputation: plain SELECT * and JavaScript, written from the spec, not the engine's SQL.
const all = (sqlText: string, ...p: unknown[]) => app.store.sqlite.prepare(sqlText).all(...p) as Record<string, any>[];
/** Rows of the office's area only (the city demo seed also has townships of other cities). */
const mine = (rows: Record<string, any>[], key = 'townshipCode') => rows.filter((r) => app.area().has(r[key]));
const registered = (r: Record<string, any>, end: string) =>
  r.deletedAt === null &&
  r.status !== '筹建' &&
  (!r.openedOn || r.openedOn <= end) &&
  !((r.status === '停业(注销)' || r.status === '停业') && (!r.statusDate || r.statusDate <= end));
const townName = () =>
  new Map(all("SELECT code, name FROM divisions WHERE level = 'township'").map((d) => [d.code as string, d.name as string]));
const r1 = (v: number) => Math.round(v * 10) / 10;

describe(`quarterly workbook (${SCALE} scale), read back with ExcelJS`, () => {
  it('has the four tables and the rosters, in Chinese, with the government layout', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      ...REPORT_TABLES.map((t) => t.sheetName),
      '养老机构名册',
      '助餐点名册',
      '适老化改造户名册',
      '隐患整改台账',
    ]);
    for (const t of REPORT_TABLES) {
      const ws = wb.getWorksheet(t.sheetName)!;
      // A roll-up (district, city) ends with 数据截至: when each township's data last arrived by package.
      const n = leafColumns(t).length + 2;
      expect(ws.getCell(4, n).value).toBe('数据截至');
      expect(ws.getCell(5, n).value ?? '').toBe(''); // 合计
      expect(ws.getCell(6, n).value).toBe('尚未收到数据'); // the seed's townships never sent a package
      expect(ws.getCell(1, 1).value).toBe(`${app.office()!.name}${YEAR}年第${QUARTER}季度${t.title}`);
      expect(ws.getCell(2, 1).value).toBe(`填报单位(盖章):${app.office()!.name}`);
      expect(String(ws.getCell(2, n - 2).value)).toContain(`单位:${t.units}`);
      expect(ws.getCell(5, 1).value).toBe('合计');
      expect(ws.pageSetup.orientation).toBe('landscape');
      expect(ws.pageSetup.paperSize).toBe(9);
      expect(ws.pageSetup.fitToWidth).toBe(1);
      expect(ws.pageSetup.printTitlesRow).toBe('3:4');
      // merged title across all columns; merged group header over its columns
      expect((ws.getCell(1, n) as unknown as { isMerged: boolean }).isMerged).toBe(true);
      expect(ws.getCell(3, 2).value).toBe(t.groups[0].header);
      // 表4's monthly groups name the quarter's months.
      if (t.id === 't4')
        expect([...new Set((ws.getRow(3).values as unknown[]).filter((v) => typeof v === 'string' && /^\d+月$/.test(v)))]).toEqual(
          [1, 2, 3].map((m) => `${(QUARTER - 1) * 3 + m}月`),
        );
      const lastRow = ws.getRow(ws.rowCount).getCell(1).value as string;
      expect(lastRow).toMatch(/^单位负责人:.*审核人:.*填报人:.*联系电话:.*填报日期:\d{4}年\d+月\d+日$/);
      // number formats: % and 万元 with one decimal, counts whole
      leafColumns(t).forEach((c, i) => expect(ws.getCell(5, i + 2).numFmt, c.key).toBe(c.format === 'int' ? '0' : '0.0'));
      // column widths fit the Chinese headers (about 2 units per character)
      leafColumns(t).forEach((c, i) =>
        expect(ws.getColumn(i + 2).width!).toBeGreaterThanOrEqual(
          Math.min(18, [...c.header].reduce((a, ch) => a + (ch.charCodeAt(0) > 0x2e80 ? 2 : 1), 0) + 2) - 0.01,
        ),
      );
    }
  });

  it('表1 every figure matches an independent recomputation from the records', () => {
    const rows = sheetRows('表1 养老机构基本情况');
    const names = townName();
    const facilities = mine(all('SELECT * FROM facilities')).filter((f) => registered(f, END));
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
    expect(rows.size).toBe(1 + app.area().size); // 合计 + every township of the area (15 in 鄂城区)
    for (const [code, fs] of byTown) expect(rows.get(names.get(code)!), code).toEqual(expectRow(fs));
  });

  it('表2 every figure matches an independent recomputation from the records', () => {
    const rows = sheetRows('表2 老年助餐服务情况');
    const canteens = mine(all('SELECT * FROM canteens')).filter((c) => registered(c, END));
    const months = mine(
      all(
        'SELECT m.*, c.townshipCode AS town FROM canteen_months m JOIN canteens c ON c.id = m.canteenId WHERE m.deletedAt IS NULL AND c.deletedAt IS NULL AND m.year = ? AND m.month IN (7, 8, 9)',
        YEAR,
      ),
      'town',
    );
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
      expect(rows.get(names.get(code)!), code).toEqual(
        calc(
          canteens.filter((c) => c.townshipCode === code),
          months.filter((m) => m.town === code),
        ),
      );
  });

  it('表3 every figure matches an independent recomputation from the records (year to date by step dates)', () => {
    const rows = sheetRows('表3 适老化改造进度');
    const names = townName();
    // A household counts at a step when it has reached that step or a later one by the quarter end (spec:
    // "status reached"), by the steps' dates. The workflow's order, from the spec:
    const ORDER = ['申请', '资格审核', '入户评估', '制定方案', '施工', '竣工验收', '回访', '归档'];
    const steps = all('SELECT householdId, step, date FROM household_steps WHERE deletedAt IS NULL AND date <= ?', END);
    const furthest = new Map<string, number>();
    for (const st of steps) furthest.set(st.householdId, Math.max(furthest.get(st.householdId) ?? -1, ORDER.indexOf(st.step)));
    const items = all('SELECT householdId, kind FROM household_items WHERE deletedAt IS NULL');
    const households = mine(all("SELECT * FROM households WHERE deletedAt IS NULL AND projectYear = ? AND status != '退出'", YEAR));
    const targets = mine(all('SELECT townshipCode, retrofitHouseholds FROM targets WHERE deletedAt IS NULL AND year = ?', YEAR));
    const calc = (hs: Record<string, any>[], ts: Record<string, any>[]) => {
      const at = (h: Record<string, any>, step: string) => (furthest.get(h.id) ?? -1) >= ORDER.indexOf(step);
      const planned = hs.filter((h) => at(h, '制定方案'));
      const target = ts.reduce((a, t) => a + (t.retrofitHouseholds ?? 0), 0);
      const accepted = hs.filter((h) => at(h, '竣工验收') && h.acceptanceBy).length;
      const money = (k: string) => planned.reduce((a, h) => a + (h[k] ?? 0), 0);
      const costed = planned.filter((h) => h.totalCost !== null);
      const ids = new Set(planned.map((h) => h.id));
      return [
        target,
        hs.filter((h) => at(h, '申请')).length,
        hs.filter((h) => at(h, '入户评估')).length,
        planned.length,
        hs.filter((h) => at(h, '施工') && !at(h, '竣工验收')).length,
        hs.filter((h) => at(h, '竣工验收')).length,
        accepted,
        target ? r1((accepted / target) * 100) : null,
        items.filter((i) => ids.has(i.householdId) && i.kind === 'basic').length,
        items.filter((i) => ids.has(i.householdId) && i.kind === 'optional').length,
        r1(money('subsidy') / 10000),
        r1(money('selfPaid') / 10000),
        r1(money('totalCost') / 10000),
        costed.length ? Math.round(money('totalCost') / costed.length) : null,
      ];
    };
    expect(rows.get('合计')).toEqual(calc(households, targets));
    const codes = new Set([...households.map((h) => h.townshipCode as string), ...targets.map((t) => t.townshipCode as string)]);
    expect(codes.size).toBeGreaterThan(3);
    for (const code of codes)
      expect(rows.get(names.get(code)!), code).toEqual(
        calc(
          households.filter((h) => h.townshipCode === code),
          targets.filter((t) => t.townshipCode === code),
        ),
      );
  });

  it('表4 every figure matches an independent recomputation from the records (monthly and quarterly coverage, hazards)', () => {
    const rows = sheetRows('表4 安全检查情况');
    const names = townName();
    const settings = app.settings();
    const months = [7, 8, 9].map((m) => ({ start: `2026-0${m}-01`, end: `2026-0${m}-${m === 9 ? 30 : 31}` }));
    const facilities = mine(all('SELECT * FROM facilities'));
    const inspections = all(
      'SELECT facilityId, inspectionType, inspectedOn FROM inspections WHERE deletedAt IS NULL AND facilityId IS NOT NULL',
    );
    const hazards = mine(
      all(
        "SELECT h.*, i.inspectedOn FROM hazards h JOIN inspections i ON i.id = h.inspectionId WHERE h.deletedAt IS NULL AND i.deletedAt IS NULL AND i.inspectedOn BETWEEN '2026-07-01' AND '2026-09-30'",
      ),
    );
    const pctOf = (a: number, b: number) => (b ? r1((a / b) * 100) : null);
    const calc = (town: string | null) => {
      const fs = facilities.filter((f) => town === null || f.townshipCode === town);
      const checked = (type: string, p: { start: string; end: string }, inReg: Record<string, any>[]) => {
        const ids = new Set(inReg.map((f) => f.id));
        return new Set(
          inspections
            .filter((i) => i.inspectionType === type && i.inspectedOn >= p.start && i.inspectedOn <= p.end && ids.has(i.facilityId))
            .map((i) => i.facilityId),
        ).size;
      };
      const due = fs.filter((f) => registered(f, END));
      const perMonth = months.flatMap((p) => {
        const reg = fs.filter((f) => registered(f, p.end));
        const self = checked('机构自查', p, reg);
        const expert = checked('第三方专家检查', p, reg);
        return [self, pctOf(self, reg.length), expert, pctOf(expert, reg.length)];
      });
      const expertQ = checked('第三方专家检查', { start: '2026-07-01', end: END }, due);
      const hs = hazards.filter((h) => town === null || h.townshipCode === town);
      const fixedBy = (h: Record<string, any>) => (h.status === '已整改' || h.status === '已销号') && h.completedOn && h.completedOn <= END;
      const fixed = hs.filter(fixedBy).length;
      return [
        due.length,
        ...perMonth,
        expertQ,
        pctOf(expertQ, due.length),
        hs.length,
        hs.filter((h) => h.level === '重大事故隐患').length,
        fixed,
        pctOf(fixed, hs.length),
        hs.filter((h) => !fixedBy(h) && h.deadline && h.deadline < END).length,
      ];
    };
    expect(settings.expertMonthlyPct).toBe(30);
    expect(rows.get('合计')).toEqual(calc(null));
    const codes = new Set(facilities.map((f) => f.townshipCode as string));
    for (const code of codes) expect(rows.get(names.get(code)!), code).toEqual(calc(code));
    expect(rows.get('合计')![rows.get('合计')!.length - 5]).toBeGreaterThan(0); // hazards were found: the comparison means something
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
    const found = mine(
      all(
        "SELECT h.townshipCode FROM hazards h JOIN inspections i ON i.id = h.inspectionId WHERE h.deletedAt IS NULL AND i.deletedAt IS NULL AND i.inspectedOn BETWEEN '2026-07-01' AND '2026-09-30'",
      ),
    ).length;
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
      const rows = [
        t.rows[0],
        ...t.rows
          .slice(1)
          .filter((r) => Object.values(r.values).some((v) => v))
          .slice(0, 3),
      ];
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
    const outside = (all("SELECT code FROM divisions WHERE level = 'township' ORDER BY code") as { code: string }[]).find(
      (d) => !app.area().has(d.code),
    )!.code;
    expect(() => drill(app, { year: YEAR, quarter: QUARTER, tableId: 't1', columnKey: 'count', townshipCode: outside })).toThrow(
      /不在本单位管辖范围/,
    );
  });
});

describe('the workbook opens in an office suite', () => {
  it('LibreOffice Calc converts 表1 to PDF with its title, 合计 first, the township rows and the footer', async () => {
    const { execFileSync } = await import('node:child_process');
    const out = tempDir('lo-');
    const profile = tempDir('lo-profile-');
    const file = resolve(import.meta.dirname, `../../test-output/xlsx/${SCALE}-2026Q3.xlsx`);
    // Its own profile folder, so a LibreOffice already open on the machine is not disturbed.
    execFileSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', out, file], {
      stdio: 'ignore',
      timeout: 180_000,
    });
    const pdf = resolve(out, `${SCALE}-2026Q3.pdf`);
    const text = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-layout', pdf, '-'], { encoding: 'utf8' });
    const office = app.office()!.name;
    expect(text).toContain(`${office}${YEAR}年第${QUARTER}季度养老机构基本情况统计表`);
    expect(text).toContain(`填报单位(盖章):${office}`);
    const lines = text.split('\n');
    const first = lines.findIndex((l) => /^\s*合计\s+\d/.test(l));
    expect(first).toBeGreaterThan(0);
    const total = sheetRows('表1 养老机构基本情况').get('合计')!;
    expect(lines[first].trim().split(/\s+/).slice(1, 4).map(Number)).toEqual(total.slice(0, 3));
    expect(text).toMatch(/单位负责人:.*填报日期:\d{4}年\d+月\d+日/);
    expect(text).toMatch(/第 1 页 共 \d+ 页/);
    rmSync(out, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }, 240_000);
});
