/**
 * The test that catches "silent" (issue 12): random household ledgers with random noise (units, spacing,
 * full-width digits, synonyms, words that only contain an option, dates in every spelling and numbers that
 * are not dates, phones with separators, a hidden stale column before the visible one, hidden rows, merged
 * footers). Every value the import stores equals the value the generator meant; a row with a cell that means
 * nothing certain is refused. There is no third outcome.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportService } from '../../electron/import/service';
import { HOUSEHOLD_CATEGORIES } from '../../shared/domain/enums';
import { dumpDb, makeApp } from '../helpers/app';
import { idCardFor, type Row } from '../helpers/ledgers';
import { type PlainSheet, plainXlsx } from '../helpers/officeFiles';

type Env = Awaited<ReturnType<typeof makeApp>>;
let env: Env;
beforeAll(async () => {
  env = await makeApp();
});
afterAll(() => env?.cleanup());

/** mulberry32: a small seeded generator, so a failure can be replayed from its seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A cell as written, and what it means: a value, or BAD when no sure value can be read from it. */
const BAD = Symbol('bad');
type Meant<T> = { cell: Row[number]; meant: T | typeof BAD; noise: string };

const fullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

function money(r: () => number): Meant<number> {
  const v = (1 + Math.floor(r() * 400)) * 100; // 100 … 40,000 元
  const options: Meant<number>[] = [
    { cell: v, meant: v, noise: 'number' },
    { cell: `${v}元`, meant: v, noise: '元' },
    { cell: `${v.toLocaleString('en-US')}元`, meant: v, noise: '3,000元' },
    { cell: ` ${fullWidth(String(v))} `, meant: v, noise: 'full-width' },
    { cell: `约${v}`, meant: BAD, noise: '约' },
    { cell: `${v}元左右`, meant: BAD, noise: '左右' },
    { cell: `${v}$`, meant: BAD, noise: '$' },
  ];
  if (v % 1000 === 0) options.push({ cell: `${v / 1000}千`, meant: v, noise: '千' });
  if (v >= 10000) options.push({ cell: `${v / 10000}万`, meant: v, noise: '万' }, { cell: `${v / 10000}万元`, meant: v, noise: '万元' });
  if (v > 1000 && v < 10000 && v % 1000 !== 0)
    options.push({ cell: `${Math.floor(v / 1000)}千${(v % 1000) / 100}`, meant: v, noise: '2千5' });
  return options[Math.floor(r() * options.length)];
}

const SATISFACTION: [string, string | typeof BAD][] = [
  ['满意', '满意'],
  ['基本满意', '基本满意'],
  ['不满意', '不满意'],
  ['比较满意', '基本满意'],
  ['非常满意', '满意'],
  [' 满 意 ', '满意'],
  ['不太满意', BAD],
  ['一般', BAD],
  ['满意度高', BAD],
];
const CATEGORY: [string, string | typeof BAD][] = [
  ...HOUSEHOLD_CATEGORIES.map((c) => [c, c] as [string, string]),
  ['五保户', '分散供养特困'],
  ['特困', '分散供养特困'],
  ['低保户', '低保'],
  ['低边户', '低保边缘'],
  ['脱贫户', '脱贫人口'],
  ['困难户', BAD],
  ['特困户', BAD],
  ['低保在册', BAD],
];

function pick<T>(r: () => number, list: T[]): T {
  return list[Math.floor(r() * list.length)];
}

function phone(r: () => number): Meant<string> {
  const n = `1${3 + Math.floor(r() * 7)}${String(Math.floor(r() * 1e9)).padStart(9, '0')}`;
  return pick(r, [
    { cell: n, meant: n, noise: 'plain' },
    { cell: `${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`, meant: n, noise: 'spaces' },
    { cell: `${n.slice(0, 3)}-${n.slice(3, 7)}-${n.slice(7)}`, meant: n, noise: 'dashes' },
    { cell: fullWidth(n), meant: n, noise: 'full-width' },
    { cell: n.slice(0, 10), meant: BAD, noise: '10 digits' },
  ]);
}

function date(r: () => number): Meant<string> {
  const y = 2020 + Math.floor(r() * 5);
  const m = 1 + Math.floor(r() * 12);
  const d = 1 + Math.floor(r() * 28);
  const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return pick(r, [
    { cell: iso, meant: iso, noise: 'iso' },
    { cell: `${y}/${m}/${d}`, meant: iso, noise: 'slashes' },
    { cell: `${y}.${m}.${d}`, meant: iso, noise: 'dots' },
    { cell: `${y}年${m}月${d}日`, meant: iso, noise: '年月日' },
    { cell: Number(iso.replace(/-/g, '')), meant: iso, noise: '20230506' },
    { cell: new Date(Date.UTC(y, m - 1, d)), meant: iso, noise: 'date cell' },
    { cell: Number(`${y}.${m}`), meant: BAD, noise: 'decimal' },
    { cell: y, meant: BAD, noise: 'bare year' },
    { cell: `${m}/${d}/${y}`, meant: BAD, noise: 'US order' },
  ]);
}

interface GeneratedRow {
  idCard: string;
  name: string;
  hidden: boolean;
  cells: { totalCost: Meant<number>; satisfaction: Meant<string>; category: Meant<string>; phone: Meant<string>; applied: Meant<string> };
}

const SEED = Number(process.env.IMPORT_PROPERTY_SEED ?? 20261203);
const LEDGERS = 16;

describe('random ledgers with random noise: the value meant, or the row refused', () => {
  it(`${LEDGERS} ledgers (seed ${SEED})`, { timeout: 600_000 }, async () => {
    const r = rng(SEED);
    const svc = new ImportService(env.app);
    const seenNoise = new Set<string>();
    let imported = 0;
    let refused = 0;
    let serial = 0;
    for (let l = 0; l < LEDGERS; l++) {
      const year = 2020 + Math.floor(r() * 5);
      const staleColumn = r() < 0.5;
      const rows: GeneratedRow[] = Array.from({ length: 6 + Math.floor(r() * 8) }, () => {
        serial++;
        const [s, sMeant] = pick(r, SATISFACTION);
        const [c, cMeant] = pick(r, CATEGORY);
        return {
          idCard: idCardFor(
            `19${40 + (serial % 20)}-0${(serial % 9) + 1}-1${serial % 10}`,
            serial % 1000,
            String(420704 + Math.floor(serial / 1000)),
          ),
          name: `随机${serial}`,
          hidden: r() < 0.1,
          cells: {
            totalCost: money(r),
            satisfaction: { cell: s, meant: sMeant, noise: `satisfaction ${s}` },
            category: { cell: c, meant: cMeant, noise: `category ${c}` },
            phone: phone(r),
            applied: date(r),
          },
        };
      });
      const header = [
        '序号',
        '姓名',
        '身份证号码',
        ...(staleColumn ? ['改造总费用'] : []),
        '改造总费用(元)',
        '对象类别',
        '满意度',
        '联系电话',
        '申请日期',
      ];
      const data: Row[] = rows.map((g, i) => [
        i + 1,
        g.name,
        g.idCard,
        ...(staleColumn ? [99] : []),
        g.cells.totalCost.cell,
        g.cells.category.cell,
        g.cells.satisfaction.cell,
        g.cells.phone.cell,
        g.cells.applied.cell,
      ]);
      const width = header.length;
      const sheet: PlainSheet = {
        name: `${year}年`,
        rows: [[`${year}年适老化改造对象台账`], header, ...data, [], ['填表人:张三    审核人:李四']],
        merges: [
          [0, 0, 0, width - 1],
          [data.length + 3, 0, data.length + 3, width - 1],
        ],
        hiddenRows: rows.flatMap((g, i) => (g.hidden ? [i + 2] : [])),
        hiddenColumns: staleColumn ? [3] : [],
      };
      const file = await plainXlsx([sheet]);
      let p = await svc.preview({ kind: 'households', fileName: `台账${l}.xlsx`, dataBase64: file.toString('base64') }, env.actor);
      expect(p.questions.find((q) => q.key === 'year')?.options.map((o) => o.value)).toEqual([String(year)]);
      const mapping = Object.fromEntries(p.columns.map((c) => [String(c.index), c.key]));
      p = await svc.remap({ previewId: p.previewId, mapping, defaults: { ...p.defaults, year, includeHiddenRows: false } }, env.actor);
      expect(p.questions.every((q) => q.answer !== null)).toBe(true);
      const before = dumpDb(env.app);
      if (p.counts.create === 0) {
        expect(p.counts.error + rows.filter((g) => g.hidden).length).toBe(rows.length);
        expect(dumpDb(env.app)).toBe(before);
      } else await svc.commit({ previewId: p.previewId, mode: 'valid' }, env.actor);
      for (const g of rows) {
        const stored = env.app.store.sqlite
          .prepare('select id, name, projectYear, totalCost, satisfaction, categories, phone from households where idCard = ?')
          .get(g.idCard) as Record<string, unknown> | undefined;
        const bad = Object.values(g.cells).some((c) => c.meant === BAD);
        const what = `ledger ${l}, ${g.name}: ${JSON.stringify(Object.fromEntries(Object.entries(g.cells).map(([k, c]) => [k, c.cell])))}`;
        if (g.hidden || bad) {
          expect(stored, what).toBeUndefined();
          if (!g.hidden) refused++;
          continue;
        }
        for (const c of Object.values(g.cells)) seenNoise.add(c.noise);
        imported++;
        expect(stored, what).toEqual({
          id: expect.any(String),
          name: g.name,
          projectYear: year,
          totalCost: g.cells.totalCost.meant,
          satisfaction: g.cells.satisfaction.meant,
          categories: JSON.stringify([g.cells.category.meant]),
          phone: g.cells.phone.meant,
        });
        const steps = env.app.store.sqlite.prepare('select step, date from household_steps where householdId = ?').all(stored!.id);
        expect(steps, what).toEqual([{ step: '申请', date: g.cells.applied.meant }]);
      }
    }
    // The generator reached both outcomes and the noise it claims to make.
    expect(imported).toBeGreaterThan(10);
    expect(refused).toBeGreaterThan(10);
    for (const n of ['万', '3,000元', 'full-width', 'spaces', 'dashes', '年月日', 'date cell', 'satisfaction 比较满意', 'category 五保户'])
      expect(seenNoise, n).toContain(n);
  });
});
