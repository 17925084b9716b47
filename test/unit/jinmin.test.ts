import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api/dispatch';
import { recordInspection } from '../../electron/inspections/service';
import { catalogues } from '../../electron/system/service';
import { FENGHUANG, GULOU, makeApp } from '../helpers/app';

// Today 2025-12-20: a 限期整改 hazard of Q3 still open is past its deadline (overdue).
let t: Awaited<ReturnType<typeof makeApp>>;
beforeEach(async () => {
  t = await makeApp({ level: 'district', divisionCode: '420704000000', now: () => Date.UTC(2025, 11, 20, 2) });
});
afterEach(() => t.cleanup());

function answers(failing: Record<string, string> = {}, fixedOnSite: string[] = []) {
  return catalogues(t.app).checklist.map((i) =>
    failing[i.code]
      ? {
          itemCode: i.code,
          result: '不符合' as const,
          remark: failing[i.code],
          ...(fixedOnSite.includes(i.code) ? { hazard: { method: '立行立改' as const, fixedOnSite: true } } : {}),
        }
      : { itemCode: i.code, result: '符合' as const },
  );
}

async function readBack(dataBase64: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(dataBase64, 'base64') as unknown as ArrayBuffer);
  const rows = (name: string) => {
    const ws = wb.getWorksheet(name)!;
    const out: string[][] = [];
    ws.eachRow((r) => out.push((r.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)))));
    return out;
  };
  return { names: wb.worksheets.map((w) => w.name), inspections: rows('检查记录'), hazards: rows('隐患整改') };
}

describe('金民 export (inspections and hazards of one quarter)', () => {
  it('lists the quarter’s inspections with their counts and every hazard (重大 first, overdue marked), nothing from other quarters or deleted', async () => {
    const items = catalogues(t.app).checklist;
    const major = items.find((i) => i.major)!;
    const plain = items.find((i) => !i.major)!;
    const fh = t.app.records.create('facilities', { townshipCode: FENGHUANG, name: '凤凰敬老院', type: '其他', status: '运营' }, t.actor)
      .record.id;
    const gl = t.app.records.create(
      'canteens',
      { townshipCode: GULOU, name: '古楼幸福食堂', type: '老年食堂(幸福食堂)', status: '运营' },
      t.actor,
    ).record;
    const head = (over: Record<string, unknown>) => ({
      subjectType: 'facility',
      facilityId: fh,
      inspectionType: '乡镇排查',
      inspectedOn: '2025-07-03',
      inspectors: '张三、李四',
      ...over,
    });
    recordInspection(t.app, t.actor, {
      inspection: head({}),
      answers: answers({ [major.code]: '消防通道堵塞', [plain.code]: '制度未上墙' }, [plain.code]),
    });
    recordInspection(t.app, t.actor, {
      inspection: head({
        subjectType: 'canteen',
        facilityId: null,
        canteenId: gl.id,
        inspectedOn: '2025-08-15',
        inspectionType: '第三方专家检查',
      }),
      answers: answers(),
    });
    recordInspection(t.app, t.actor, {
      inspection: head({ inspectedOn: '2025-06-30' }),
      answers: answers({ [plain.code]: '上季度的问题' }),
    }); // Q2
    const gone = recordInspection(t.app, t.actor, { inspection: head({ inspectedOn: '2025-09-01' }), answers: answers() });
    t.app.records.remove('inspections', gone.inspection.id, t.actor);

    const r = await dispatch(t.ctx, 'inspections.exportJinmin', { year: 2025, quarter: 3 });
    expect(r.ok).toBe(true);
    const f = (r as { value: { fileName: string; dataBase64: string; inspections: number; hazards: number } }).value;
    expect(f).toMatchObject({ inspections: 2, hazards: 2 });
    expect(f.fileName).toMatch(/2025年第3季度.*金民/);
    const book = await readBack(f.dataBase64);
    expect(book.names).toEqual(['检查记录', '隐患整改']);
    expect(book.inspections[0][0]).toContain('2025年第3季度');
    expect(book.inspections[1].slice(0, 4)).toEqual(['序号', '所属乡镇(街道)', '被检查单位', '单位类别']);
    const data = book.inspections.slice(2);
    expect(data.map((row) => [row[2], row[3], row[5], row[8], row[9], row[10], row[11]])).toEqual([
      ['凤凰敬老院', '养老机构', '2025-07-03', String(items.length), '2', '2', '1'],
      ['古楼幸福食堂', '助餐点', '2025-08-15', String(items.length), '0', '0', '0'],
    ]);
    expect(data[0][1]).toBe('凤凰街道');

    const hz = book.hazards.slice(2);
    expect(hz.map((row) => [row[2], row[4], row[5], row[6], row[12]])).toEqual([
      ['凤凰敬老院', major.code, '消防通道堵塞', '重大事故隐患', '待整改'],
      ['凤凰敬老院', plain.code, '制度未上墙', '一般隐患', '已销号'],
    ]);
    // The open 限期整改 one is overdue; the one rectified on the spot is closed that day and never overdue.
    expect(hz.map((row) => [row[7], row[8] < '2025-12-20', row[13], row[14]])).toEqual([
      ['限期整改', true, '', '是'],
      ['立行立改', true, '2025-07-03', '否'],
    ]);
  });

  it('an empty quarter gives both sheets with a “no records” row; a bad quarter is refused in Chinese', async () => {
    const r = await dispatch(t.ctx, 'inspections.exportJinmin', { year: 2024, quarter: 1 });
    const book = await readBack((r as { value: { dataBase64: string } }).value.dataBase64);
    expect(book.inspections.at(-1)).toEqual(['本季度没有记录']);
    expect(book.hazards.at(-1)).toEqual(['本季度没有记录']);
    const bad = await dispatch(t.ctx, 'inspections.exportJinmin', { year: 2025, quarter: 5 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(JSON.stringify(bad)).toContain('季度应为 1–4');
  });
});
