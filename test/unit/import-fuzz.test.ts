import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportService } from '../../electron/import/service';
import { AppError } from '../../shared/api/errors';
import { IMPORT_KINDS } from '../../shared/import/kinds';
import { dumpDb, makeApp } from '../helpers/app';
import { csvLine, encodeGb18030, idCardFor, ledgerXlsx } from '../helpers/ledgers';

/**
 * Whatever a clerk picks (a damaged ledger, a half-copied file, a CSV of anything), the import answers with
 * a Chinese AppError or a preview, never a crash, and the database is unchanged until the clerk commits.
 * FUZZ_RUNS scales the number of cases (CI default below).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

let env: Awaited<ReturnType<typeof makeApp>>;
let svc: ImportService;
beforeAll(async () => {
  env = await makeApp();
  svc = new ImportService(env.app);
});
afterAll(() => env.cleanup());

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const WORDS = [
  '机构名称',
  '名称',
  '身份证号',
  '合计',
  '乡镇',
  '凤凰街道',
  '2023.5.6',
  '√',
  '×',
  '是',
  '4.20704E+17',
  '"',
  ',',
  '\n',
  '\r\n',
  '',
  ' ',
  '民办',
  '60张',
  '=SUM(A1)',
  '\u0000',
  '😀',
  '　',
  '年度',
  '2024年5月',
  '-1',
  '1e309',
  'NaN',
  '助餐点名称',
  '月份',
];

async function expectCalm(work: Promise<unknown>, label: string) {
  try {
    await work;
  } catch (e) {
    if (!(e instanceof AppError)) throw new Error(`${label}: not an AppError: ${(e as Error)?.stack ?? e}`);
    expect(e.message, label).toMatch(/[\u4e00-\u9fa5]/);
  }
}

describe('import fuzz', () => {
  it(`${RUNS} damaged workbooks, random CSVs and random bytes: a preview or a Chinese refusal, never a crash; nothing written`, async () => {
    const before = dumpDb(env.app);
    const base = await ledgerXlsx({
      title: '台账',
      header: [['机构名称', '乡镇(街道)', '机构类型', '床位总数', '成立日期', '身份证号']],
      rows: Array.from({ length: 30 }, (_, i) => [`院${i}`, '凤凰街道', '民办', i, '2020.1.2', idCardFor('1950-01-01', i)]),
    });
    const rand = rng(20261122);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
    for (let i = 0; i < RUNS; i++) {
      const kind = pick(IMPORT_KINDS);
      const mode = i % 3;
      let bytes: Buffer;
      let name: string;
      if (mode === 0) {
        // A workbook with bytes flipped or cut short (a USB stick pulled out while copying).
        bytes = Buffer.from(base);
        const flips = 1 + Math.floor(rand() * 20);
        for (let f = 0; f < flips; f++) bytes[Math.floor(rand() * bytes.length)] = Math.floor(rand() * 256);
        if (rand() < 0.3) bytes = bytes.subarray(0, Math.floor(rand() * bytes.length));
        name = 'x.xlsx';
      } else if (mode === 1) {
        const lines = Array.from({ length: 1 + Math.floor(rand() * 40) }, () =>
          csvLine(Array.from({ length: Math.floor(rand() * 8) }, () => pick(WORDS) + (rand() < 0.3 ? pick(WORDS) : ''))),
        );
        const text = lines.join(rand() < 0.5 ? '\n' : '\r\n');
        // biome-ignore lint/suspicious/noControlCharactersInRegex: the generator puts NUL bytes in on purpose; GB18030 has no code for them.
        bytes = rand() < 0.5 ? Buffer.from(text) : encodeGb18030(text.replace(/[😀\u0000]/gu, ''));
        name = 'x.csv';
      } else {
        bytes = Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 3000) }, () => Math.floor(rand() * 256)));
        name = pick(['x.xlsx', 'x.csv', 'x.xls', 'x.bin']);
      }
      await expectCalm(
        svc.preview({ kind, fileName: name, dataBase64: bytes.toString('base64') }, env.actor).then(async (p) => {
          // A preview that came through can be remapped to anything the kind knows, also without harm.
          const mapping = Object.fromEntries(p.columns.map((c) => [String(c.index), rand() < 0.5 ? c.key : pick(p.available).key]));
          await expectCalm(svc.remap({ previewId: p.previewId, mapping }, env.actor), `remap #${i}`);
        }),
        `case #${i} (${kind}, ${name})`,
      );
    }
    expect(dumpDb(env.app)).toBe(before);
  }, 240_000);
});
