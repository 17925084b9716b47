import { quarterPeriod } from '../../shared/inspections/coverage';
import type { LedgerApp } from '../app';
import { loadExcel } from '../system/excel';

/*
 * 金民 (the national civil-affairs system) has no import: clerks re-key each quarter's inspections and
 * hazards by hand. This workbook puts them in the order and wording of its entry screens, one row per
 * record, with plain text values (no merged cells, no formulas) so nothing is lost when copied cell by cell.
 */

const INSPECTION_COLUMNS = [
  ['序号', 6],
  ['所属乡镇(街道)', 16],
  ['被检查单位', 28],
  ['单位类别', 10],
  ['检查类型', 14],
  ['检查日期', 12],
  ['检查人员', 18],
  ['检查表版本', 16],
  ['检查项数', 9],
  ['不符合项数', 10],
  ['发现隐患数', 10],
  ['其中重大隐患', 12],
  ['已销号隐患数', 12],
  ['备注', 24],
] as const;

const HAZARD_COLUMNS = [
  ['序号', 6],
  ['所属乡镇(街道)', 16],
  ['被检查单位', 28],
  ['检查日期', 12],
  ['检查项编号', 10],
  ['隐患描述', 40],
  ['隐患等级', 14],
  ['整改方式', 10],
  ['整改期限', 12],
  ['整改措施', 30],
  ['整改完成日期', 12],
  ['复查人', 10],
  ['整改状态', 10],
  ['销号日期', 12],
  ['是否逾期', 9],
] as const;

interface InspectionRow {
  id: string;
  township: string;
  subject: string;
  subjectType: 'facility' | 'canteen';
  inspectionType: string;
  inspectedOn: string;
  inspectors: string;
  checklistVersion: string;
  answers: number;
  failed: number;
  hazards: number;
  major: number;
  closed: number;
  remark: string | null;
}

interface HazardRow {
  township: string;
  subject: string;
  inspectedOn: string;
  itemCode: string | null;
  description: string;
  level: string;
  method: string;
  deadline: string | null;
  measures: string | null;
  completedOn: string | null;
  reviewer: string | null;
  status: string;
  closedOn: string | null;
}

/** The quarter's inspections in this office's area (oldest first) and the hazards they found (重大 first). */
export function jinminRows(app: LedgerApp, year: number, quarter: number): { inspections: InspectionRow[]; hazards: HazardRow[] } {
  const p = quarterPeriod(year, quarter);
  const area = JSON.stringify([...app.area()]);
  const sqlite = app.store.sqlite;
  const subject = `COALESCE(f.name, c.name, '(已删除的单位)')`;
  const inspections = sqlite
    .prepare(
      `SELECT i.id, COALESCE(d.name, i.townshipCode) AS township, ${subject} AS subject, i.subjectType, i.inspectionType, i.inspectedOn,
              i.inspectors, i.checklistVersion, i.remark,
              (SELECT count(*) FROM inspection_answers a WHERE a.inspectionId = i.id AND a.deletedAt IS NULL) AS answers,
              (SELECT count(*) FROM inspection_answers a WHERE a.inspectionId = i.id AND a.deletedAt IS NULL AND a.result = '不符合') AS failed,
              (SELECT count(*) FROM hazards h WHERE h.inspectionId = i.id AND h.deletedAt IS NULL) AS hazards,
              (SELECT count(*) FROM hazards h WHERE h.inspectionId = i.id AND h.deletedAt IS NULL AND h.level = '重大事故隐患') AS major,
              (SELECT count(*) FROM hazards h WHERE h.inspectionId = i.id AND h.deletedAt IS NULL AND h.status = '已销号') AS closed
       FROM inspections i
       LEFT JOIN facilities f ON f.id = i.facilityId
       LEFT JOIN canteens c ON c.id = i.canteenId
       LEFT JOIN divisions d ON d.code = i.townshipCode
       WHERE i.deletedAt IS NULL AND i.inspectedOn BETWEEN ? AND ? AND i.townshipCode IN (SELECT value FROM json_each(?))
       ORDER BY i.townshipCode, i.inspectedOn, subject`,
    )
    .all(p.start, p.end, area) as InspectionRow[];
  const hazards = sqlite
    .prepare(
      `SELECT COALESCE(d.name, i.townshipCode) AS township, ${subject} AS subject, i.inspectedOn, h.itemCode, h.description, h.level, h.method,
              h.deadline, h.measures, h.completedOn, h.reviewer, h.status, h.closedOn
       FROM hazards h
       JOIN inspections i ON i.id = h.inspectionId
       LEFT JOIN facilities f ON f.id = i.facilityId
       LEFT JOIN canteens c ON c.id = i.canteenId
       LEFT JOIN divisions d ON d.code = i.townshipCode
       WHERE h.deletedAt IS NULL AND i.deletedAt IS NULL AND i.inspectedOn BETWEEN ? AND ? AND i.townshipCode IN (SELECT value FROM json_each(?))
       ORDER BY (h.level = '重大事故隐患') DESC, i.townshipCode, i.inspectedOn, subject, h.itemCode`,
    )
    .all(p.start, p.end, area) as HazardRow[];
  return { inspections, hazards };
}

/** Overdue as the hazard list shows it: a deadline passed and not yet rectified. */
function overdue(h: HazardRow, today: string): boolean {
  return !!h.deadline && h.deadline < today && (h.status === '待整改' || h.status === '整改中');
}

/** The two-sheet workbook for re-keying into 金民; file name says the office and the quarter. */
export async function jinminWorkbook(
  app: LedgerApp,
  year: number,
  quarter: number,
): Promise<{ fileName: string; dataBase64: string; inspections: number; hazards: number }> {
  const { inspections, hazards } = jinminRows(app, year, quarter);
  const office = app.requireOffice();
  const today = app.today();
  const Excel = await loadExcel();
  const wb = new Excel.Workbook();
  wb.creator = '养老服务台账';
  const sheet = (name: string, title: string, columns: readonly (readonly [string, number])[]) => {
    const ws = wb.addWorksheet(name, {
      pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
      headerFooter: { oddFooter: '第 &P 页 共 &N 页' },
      views: [{ state: 'frozen', ySplit: 2 }],
    });
    ws.columns = columns.map(([, width]) => ({ width }));
    ws.addRow([`${office.name}${year}年第${quarter}季度${title}(供金民系统录入)`]).font = { bold: true, size: 14 };
    ws.mergeCells(1, 1, 1, columns.length);
    const head = ws.addRow(columns.map(([h]) => h));
    head.font = { bold: true };
    head.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    ws.pageSetup.printTitlesRow = '2:2';
    ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: columns.length } };
    return ws;
  };
  const wsI = sheet('检查记录', '养老服务安全检查记录', INSPECTION_COLUMNS);
  inspections.forEach((r, k) => {
    wsI.addRow([
      k + 1,
      r.township,
      r.subject,
      r.subjectType === 'facility' ? '养老机构' : '助餐点',
      r.inspectionType,
      r.inspectedOn,
      r.inspectors,
      r.checklistVersion,
      r.answers,
      r.failed,
      r.hazards,
      r.major,
      r.closed,
      r.remark ?? '',
    ]);
  });
  const wsH = sheet('隐患整改', '安全隐患及整改情况', HAZARD_COLUMNS);
  hazards.forEach((h, k) => {
    wsH.addRow([
      k + 1,
      h.township,
      h.subject,
      h.inspectedOn,
      h.itemCode ?? '',
      h.description,
      h.level,
      h.method,
      h.deadline ?? '',
      h.measures ?? '',
      h.completedOn ?? '',
      h.reviewer ?? '',
      h.status,
      h.closedOn ?? '',
      overdue(h, today) ? '是' : '否',
    ]);
  });
  for (const ws of [wsI, wsH]) {
    if (ws.rowCount === 2) ws.addRow(['本季度没有记录']);
    ws.eachRow((row, n) => {
      if (n < 2) return;
      row.eachCell({ includeEmpty: true }, (cell) => {
        cell.border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };
        if (n > 2) cell.alignment = { vertical: 'top', wrapText: true };
      });
    });
  }
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  return {
    fileName: `${office.name}${year}年第${quarter}季度安全检查及隐患整改(金民录入用).xlsx`,
    dataBase64: buf.toString('base64'),
    inspections: inspections.length,
    hazards: hazards.length,
  };
}
