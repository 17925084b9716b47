import { PassThrough } from 'node:stream';
import { groupHeader, leafColumns } from '../../shared/reports/tables';
import { maskIdCard, maskName, maskPhone } from '../../shared/validators/mask';
import type { LedgerApp } from '../app';
import type { ComputedTable } from './engine';
import { reportFreshness } from './freshness';
import { loadExcel } from '../system/excel';

const FMT = { int: '0', pct: '0.0', wan: '0.0' } as const;
const THIN = { style: 'thin' as const };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const FONT = 'SimSun';

/** Lets the main process answer other calls (the progress poll) between sheets of a long workbook. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Display width of a header in Excel character units (CJK characters count double). */
function textWidth(s: string): number {
  return [...s].reduce((a, ch) => a + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
}

/**
 * Writes the quarterly workbook in the government statistical layout (spec §4): merged title, 填报单位 and
 * 单位 row, two header rows with merged groups, 合计 first, footer, A4 landscape with header rows repeated.
 * Rosters stream rows (WorkbookWriter) so a city-scale roster stays within memory.
 */
export async function writeWorkbook(
  app: LedgerApp,
  tables: ComputedTable[],
  opts: { year: number; quarter: number; revealIds: boolean; onProgress?: (done: number, total: number, sheet: string) => void },
): Promise<Buffer> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((res, rej) => {
    stream.on('end', () => res());
    stream.on('error', rej);
  });
  const Excel = await loadExcel();
  const wb = new Excel.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  wb.creator = '养老服务台账';
  const office = app.requireOffice();
  const contacts = app.settings().reportContacts;
  const steps = tables.length + 4;
  let step = 0;
  // A roll-up says how current each township's row is (as on screen): when its data last arrived by package.
  const fresh = office.level === 'township' ? null : reportFreshness(app);
  const freshText = (code: string | null) => (code === null ? '' : (fresh?.[code]?.packageMadeAt?.slice(0, 10) ?? '尚未收到数据'));

  for (const ct of tables) {
    const t = ct.table;
    const cols = leafColumns(t);
    const n = cols.length + 1 + (fresh ? 1 : 0);
    const ws = wb.addWorksheet(t.sheetName, {
      pageSetup: {
        paperSize: 9,
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        horizontalCentered: true,
        margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      },
      headerFooter: { oddFooter: '第 &P 页 共 &N 页' },
      views: [{ state: 'frozen', xSplit: 1, ySplit: 4 }],
    });
    ws.pageSetup.printTitlesRow = '3:4';
    ws.columns = [
      { width: 14 },
      ...cols.map((c) => ({ width: Math.max(8, Math.min(18, textWidth(c.header) + 2)) })),
      ...(fresh ? [{ width: 13 }] : []),
    ];
    const title = ws.addRow([`${office.name}${opts.year}年第${opts.quarter}季度${t.title}`]);
    title.font = { name: FONT, size: 16, bold: true };
    title.alignment = { horizontal: 'center', vertical: 'middle' };
    title.height = 30;
    ws.mergeCells(1, 1, 1, n);
    title.commit();
    const info = ws.addRow([`填报单位(盖章):${office.name}`]);
    // The right-hand block (表号 and units) is merged over the last three columns; its value sits in the first.
    info.getCell(n - 2).value = `${t.tableNo}  单位:${t.units}`;
    info.getCell(n - 2).alignment = { horizontal: 'right' };
    info.font = { name: FONT, size: 10 };
    ws.mergeCells(2, 1, 2, Math.max(1, n - 3));
    ws.mergeCells(2, n - 2, 2, n);
    info.commit();
    // Two header rows: group headers merged across their columns; single-column groups span both rows.
    const h1 = ws.addRow([ct.rowHeader]);
    const h2 = ws.addRow([ct.rowHeader]);
    let c = 2;
    const merges: [number, number, number, number][] = [[3, 1, 4, 1]];
    for (const g of t.groups) {
      const single = g.columns.length === 1 && g.columns[0].header === g.header;
      h1.getCell(c).value = groupHeader(g.header, opts.quarter);
      g.columns.forEach((col, i) => (h2.getCell(c + i).value = single ? g.header : col.header));
      merges.push(single ? [3, c, 4, c] : [3, c, 3, c + g.columns.length - 1]);
      c += g.columns.length;
    }
    if (fresh) {
      h1.getCell(c).value = '数据截至';
      h2.getCell(c).value = '数据截至';
      merges.push([3, c, 4, c]);
    }
    for (const h of [h1, h2]) {
      h.height = 36;
      for (let i = 1; i <= n; i++) {
        const cell = h.getCell(i);
        cell.font = { name: FONT, size: 10, bold: true };
        cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
        cell.border = BORDER;
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
      }
    }
    for (const m of merges) if (!(m[0] === m[2] && m[1] === m[3])) ws.mergeCells(...m);
    h1.commit();
    h2.commit();
    for (const r of ct.rows) {
      const row = ws.addRow([r.label, ...cols.map((col) => r.values[col.key]), ...(fresh ? [freshText(r.code)] : [])]);
      row.font = { name: FONT, size: 10, bold: r.code === null };
      cols.forEach((col, i) => {
        const cell = row.getCell(i + 2);
        cell.numFmt = FMT[col.format];
        cell.alignment = { horizontal: 'right' };
        const v = r.values[col.key];
        if (ct.warnings[col.key] !== undefined && v !== null && v < ct.warnings[col.key])
          cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
      });
      for (let i = 1; i <= n; i++) row.getCell(i).border = BORDER;
      row.commit();
    }
    ws.addRow([]).commit();
    const today = new Date(app.now());
    const foot = ws.addRow([
      `单位负责人:${contacts.head}    审核人:${contacts.reviewer}    填报人:${contacts.preparer}    联系电话:${contacts.phone}    填报日期:${today.getFullYear()}年${today.getMonth() + 1}月${today.getDate()}日`,
    ]);
    foot.font = { name: FONT, size: 10 };
    ws.mergeCells(foot.number, 1, foot.number, n);
    foot.commit();
    ws.commit();
    opts.onProgress?.(++step, steps, t.sheetName);
    await nextTurn();
  }

  // 明细表 (rosters): personal data masked unless the caller's role may see it (then audited by the caller).
  const id = (v: string) => (opts.revealIds ? v : maskIdCard(v));
  // Rosters list the office's own area, like the tables.
  const area = JSON.stringify([...app.area()]);
  const roster = async (
    name: string,
    headers: string[],
    widths: number[],
    sqlText: string,
    map: (r: Record<string, unknown>) => unknown[],
  ) => {
    const ws = wb.addWorksheet(name, {
      pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    });
    ws.pageSetup.printTitlesRow = '2:2';
    // Data rows carry no style: ExcelJS looks every cell's style up again (a column style too), which was a third
    // of the workbook's writing time (district 646 → 438 ms). Excel and WPS show unstyled Chinese in their default
    // CJK font; the title and header rows keep 宋体.
    ws.columns = widths.map((w) => ({ width: w }));
    const t = ws.addRow([`${office.name}${name}(截至${opts.year}年第${opts.quarter}季度末)`]);
    t.font = { name: FONT, size: 14, bold: true };
    ws.mergeCells(1, 1, 1, headers.length);
    t.commit();
    const h = ws.addRow(headers);
    h.font = { name: FONT, size: 10, bold: true };
    h.eachCell((cell) => (cell.border = BORDER));
    h.commit();
    let i = 0;
    for (const r of app.store.sqlite.prepare(sqlText).iterate(area) as Iterable<Record<string, unknown>>) {
      ws.addRow([++i, ...map(r)]).commit();
    }
    ws.commit();
    opts.onProgress?.(++step, steps, name);
    await nextTurn();
  };
  await roster(
    '养老机构名册',
    ['序号', '乡镇(街道)', '机构名称', '类型', '运营方式', '状态', '床位总数', '护理型床位', '负责人', '电话', '地址'],
    [6, 12, 28, 22, 10, 8, 9, 10, 8, 14, 30],
    `SELECT d.name AS town, f.* FROM facilities f LEFT JOIN divisions d ON d.code = f.townshipCode WHERE f.deletedAt IS NULL AND f.townshipCode IN (SELECT value FROM json_each(?)) ORDER BY f.townshipCode, f.name`,
    (r) => [
      r.town,
      r.name,
      r.type,
      r.operationMode,
      r.status,
      r.bedsTotal,
      r.bedsNursing,
      maskName(r.contactName as string),
      maskPhone(r.contactPhone as string),
      r.address,
    ],
  );
  await roster(
    '助餐点名册',
    ['序号', '乡镇(街道)', '名称', '类型', '运营模式', '状态', '供餐能力', '送餐上门', '许可证有效期', '地址'],
    [6, 12, 28, 18, 12, 8, 9, 9, 13, 30],
    `SELECT d.name AS town, c.* FROM canteens c LEFT JOIN divisions d ON d.code = c.townshipCode WHERE c.deletedAt IS NULL AND c.townshipCode IN (SELECT value FROM json_each(?)) ORDER BY c.townshipCode, c.name`,
    (r) => [r.town, r.name, r.type, r.operationMode, r.status, r.mealCapacity, r.delivery ? '是' : '否', r.foodLicenseExpiry, r.address],
  );
  await roster(
    '适老化改造户名册',
    ['序号', '乡镇(街道)', '姓名', '身份证号', '性别', '村/社区', '项目年度', '进度', '改造总费用(元)', '政府补贴(元)', '个人自付(元)'],
    [6, 12, 10, 22, 6, 12, 9, 10, 13, 12, 12],
    `SELECT d.name AS town, h.* FROM households h LEFT JOIN divisions d ON d.code = h.townshipCode WHERE h.deletedAt IS NULL AND h.projectYear = ${Number(opts.year)} AND h.townshipCode IN (SELECT value FROM json_each(?)) ORDER BY h.townshipCode, h.createdAt`,
    (r) => [
      r.town,
      opts.revealIds ? r.name : maskName(r.name as string),
      id(r.idCard as string),
      r.sex,
      r.village,
      r.projectYear,
      r.status,
      r.totalCost,
      r.subsidy,
      r.selfPaid,
    ],
  );
  await roster(
    '隐患整改台账',
    [
      '序号',
      '乡镇(街道)',
      '被检查单位',
      '检查日期',
      '检查类型',
      '隐患等级',
      '隐患描述',
      '整改方式',
      '整改期限',
      '整改完成日期',
      '复查人',
      '状态',
    ],
    [6, 12, 26, 11, 12, 12, 30, 10, 11, 12, 8, 8],
    `SELECT d.name AS town, coalesce(f.name, c.name) AS subject, i.inspectedOn, i.inspectionType, h.* FROM hazards h JOIN inspections i ON i.id = h.inspectionId
     LEFT JOIN facilities f ON f.id = i.facilityId LEFT JOIN canteens c ON c.id = i.canteenId LEFT JOIN divisions d ON d.code = h.townshipCode
     WHERE h.deletedAt IS NULL AND i.deletedAt IS NULL AND h.townshipCode IN (SELECT value FROM json_each(?)) AND i.inspectedOn BETWEEN '${Number(opts.year)}-01-01' AND '${Number(opts.year)}-12-31'
     ORDER BY CASE h.level WHEN '重大事故隐患' THEN 0 ELSE 1 END, i.inspectedOn`,
    (r) => [
      r.town,
      r.subject,
      r.inspectedOn,
      r.inspectionType,
      r.level,
      r.description,
      r.method,
      r.deadline,
      r.completedOn,
      r.reviewer,
      r.status,
    ],
  );
  await wb.commit();
  await done;
  return Buffer.concat(chunks);
}
