import { randomBytes } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ImportService } from '../../electron/import/service';
import { readWorkbook } from '../../electron/import/workbook';
import { AppError } from '../../shared/api/errors';
import { dumpDb, FENGHUANG, makeApp } from '../helpers/app';
import { convertWithLibreOffice, htmlTableXls, type PlainSheet, plainXlsx, spreadsheetMlXls } from '../helpers/officeFiles';

type Env = Awaited<ReturnType<typeof makeApp>>;
let env: Env | null = null;
afterEach(() => {
  env?.cleanup();
  env = null;
});
async function start() {
  env = await makeApp();
  return { ...env, svc: new ImportService(env.app) };
}
const b64 = (b: Buffer) => b.toString('base64');

/** A facility ledger as offices keep it: merged title, two-row merged header, a date cell and a text date, 合计, footer. */
const ledger: PlainSheet = {
  name: '机构台账',
  rows: [
    ['凤凰街道养老机构基本情况台账', null, null, null, null, null, null, null],
    ['机构名称', '乡镇(街道)', '机构类型', '床位数', null, '成立日期', '投保责任险', '负责人电话'],
    ['机构名称', '乡镇(街道)', '机构类型', '总数', '其中护理型', '成立日期', '投保责任险', '负责人电话'],
    ['阳光养老院', '凤凰街道', '民办养老机构', 60, 20, new Date(Date.UTC(2019, 4, 6)), '是', '13912345678'],
    ['凤凰敬老院', '凤凰街道', '敬老院', 80, 30, '2021年10月1日', '否', null],
    ['合计', null, null, 140, 50, null, null, null],
    ['填表人:张三', null, null, '审核人:李四', null, null, null, null],
  ],
  merges: [
    [0, 0, 0, 7],
    [1, 0, 2, 0],
    [1, 1, 2, 1],
    [1, 2, 2, 2],
    [1, 3, 1, 4],
    [1, 5, 2, 5],
    [1, 6, 2, 6],
    [1, 7, 2, 7],
  ],
};
const notes: PlainSheet = { name: '填表说明', rows: [['说明'], ['床位数填实际床位']] };

const files = new Map<string, { name: string; bytes: Buffer; format: string }>();
beforeAll(async () => {
  const xlsx = await plainXlsx([notes, ledger]);
  const xls = convertWithLibreOffice(xlsx, 'xls');
  files.set('xlsx', { name: '机构台账.xlsx', bytes: xlsx, format: 'Excel 工作簿(.xlsx)' });
  files.set('xls', { name: '机构台账.xls', bytes: xls, format: 'Excel 97-2003 工作簿(.xls)' });
  files.set('et', { name: '机构台账.et', bytes: xls, format: 'WPS 表格(.et)' });
  files.set('ods', { name: '机构台账.ods', bytes: convertWithLibreOffice(xlsx, 'ods'), format: 'OpenDocument 表格(.ods)' });
  files.set('html', { name: '机构台账.xls', bytes: htmlTableXls(ledger, { gb2312: true }), format: '网页表格(其他系统导出的 .xls)' });
  files.set('spreadsheetml', { name: '机构台账.xls', bytes: spreadsheetMlXls([notes, ledger]), format: 'XML 表格(Excel 2003 XML)' });
}, 240_000);

describe('every format a clerk has comes in with the same values', () => {
  for (const kind of ['xlsx', 'xls', 'et', 'ods', 'html', 'spreadsheetml'])
    it(`${kind}: ledger sheet found, two-row header combined, dates and numbers read, 合计 and footer skipped`, async () => {
      const e = await start();
      const f = files.get(kind)!;
      const p = await e.svc.preview({ kind: 'facilities', fileName: f.name, dataBase64: b64(f.bytes) }, e.actor);
      expect(p.format).toBe(f.format);
      if (kind !== 'html') expect(p.sheetName).toBe('机构台账');
      expect(p.headerRow).toBe(3);
      expect(Object.fromEntries(p.columns.map((c) => [c.header, c.key]))).toMatchObject({
        机构名称: 'name',
        '床位数/总数': 'bedsTotal',
        '床位数/其中护理型': 'bedsNursing',
        成立日期: 'openedOn',
      });
      expect(p.counts).toMatchObject({ total: 2, create: 2, error: 0 });
      await e.svc.commit({ previewId: p.previewId, mode: 'all' }, e.actor);
      const rows = e.app.store.sqlite
        .prepare(
          'select name, townshipCode, type, bedsTotal, bedsNursing, openedOn, liabilityInsurance, contactPhone from facilities order by bedsTotal',
        )
        .all();
      expect(rows).toEqual([
        {
          name: '阳光养老院',
          townshipCode: FENGHUANG,
          type: '民办养老机构',
          bedsTotal: 60,
          bedsNursing: 20,
          openedOn: '2019-05-06',
          liabilityInsurance: 1,
          contactPhone: '13912345678',
        },
        {
          name: '凤凰敬老院',
          townshipCode: FENGHUANG,
          type: '农村福利院(特困供养服务机构)',
          bedsTotal: 80,
          bedsNursing: 30,
          openedOn: '2021-10-01',
          liabilityInsurance: 0,
          contactPhone: null,
        },
      ]);
    });
});

describe('hidden rows, hidden columns and merges come through in every format', () => {
  const hidden: PlainSheet = {
    name: '台账',
    rows: [
      ['机构名称', '旧床位数', '床位数', '成立日期'],
      ['阳光养老院', 99, 60, new Date(Date.UTC(2019, 4, 6))],
      ['已撤销院', 5, 5, new Date(Date.UTC(2010, 0, 1))],
      ['凤凰敬老院', 70, 80, new Date(Date.UTC(2021, 9, 1))],
    ],
    merges: [],
    hiddenRows: [2],
    hiddenColumns: [1],
  };
  // LibreOffice converts twice: generous on a loaded machine.
  it('xlsx, xls, ods, HTML and SpreadsheetML', { timeout: 180_000 }, async () => {
    const xlsx = await plainXlsx([hidden]);
    const all: [string, Buffer][] = [
      ['a.xlsx', xlsx],
      ['a.xls', convertWithLibreOffice(xlsx, 'xls')],
      ['a.ods', convertWithLibreOffice(xlsx, 'ods')],
      ['a.xls', htmlTableXls(hidden)],
      ['a.xls', spreadsheetMlXls([hidden])],
    ];
    for (const [name, bytes] of all) {
      const sheet = readWorkbook(name, bytes).sheets[0];
      expect([...sheet.hiddenRows], name).toEqual([2]);
      expect([...sheet.hiddenColumns], name).toEqual([1]);
      // An HTML table is text as the other system printed it; the number parser reads it the same.
      expect(sheet.rows[3].slice(0, 3).map(String), name).toEqual(['凤凰敬老院', '70', '80']);
      // A date cell is a date, an HTML table's text date is text the cell parser reads.
      const d = sheet.rows[1][3];
      expect(d instanceof Date ? d.toISOString().slice(0, 10) : d, name).toBe('2019-05-06');
    }
  });
});

describe('files that are none of these are refused with what to do, nothing changed', () => {
  const cases: [string, string, () => Buffer, RegExp][] = [
    [
      'a damaged WPS .et',
      '台账.et',
      () => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), randomBytes(3000)]),
      /WPS 表格.*“文件”→“另存为”.*\.xlsx/,
    ],
    [
      'a damaged .xls',
      '台账.xls',
      () => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), randomBytes(3000)]),
      /Excel 97-2003.*另存为/,
    ],
    ['a truncated .ods', '台账.ods', () => files.get('ods')!.bytes.subarray(0, 4000), /无法读取/],
    ['a truncated .xlsx', '台账.xlsx', () => files.get('xlsx')!.bytes.subarray(0, 3000), /无法读取/],
    ['a PDF named .xls', '台账.xls', () => Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(2000)]), /不是有效的 Excel 文件/],
    [
      'a picture',
      '台账.png',
      () => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), randomBytes(500)]),
      /不是 Excel\(\.xlsx\)或 CSV 文件/,
    ],
  ];
  for (const [label, name, bytes, message] of cases)
    it(label, async () => {
      const e = await start();
      const before = dumpDb(e.app);
      let err: unknown = null;
      try {
        await e.svc.preview({ kind: 'facilities', fileName: name, dataBase64: b64(bytes()) }, e.actor);
      } catch (x) {
        err = x;
      }
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).message).toMatch(message);
      // No JS or SheetJS error text: only the names of the programs and file types a clerk knows.
      expect((err as AppError).message.replace(/Excel|WPS|CSV|\.(xlsx|xls|et|ods|csv|png)\b/g, '')).not.toMatch(/[a-z]{3,}/i);
      expect(dumpDb(e.app)).toBe(before);
    });
});
