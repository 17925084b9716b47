import type { Database, Statement } from 'better-sqlite3';
import {
  CANTEEN_MODES,
  FACILITY_RATINGS,
  FACILITY_TYPES,
  HOUSEHOLD_CATEGORIES,
  HOUSEHOLD_CONDITIONS,
  ASSESSMENT_LEVELS,
  OPERATION_MODES,
  WORKFLOW_STEPS,
} from '../../shared/domain/enums';
import { daysInMonth } from '../../shared/domain/dates';
import { creditCodeCheckChar } from '../../shared/validators/creditCode';
import type { LedgerApp } from '../app';
import { encodeHlc } from '../sync/hlc';
import { setup } from '../system/service';
import { addDays, chineseName, daysBetween, idCard, mobile, Rng } from './random';

export type Scale = 'township' | 'district' | 'city';

/** Compass scales (issue: foundation): per scale, how many townships and how much of each record. */
export const SCALES: Record<Scale, { townships: number; facilities: number; canteens: number; households: number; inspections: number }> = {
  township: { townships: 1, facilities: 25, canteens: 14, households: 500, inspections: 1000 },
  district: { townships: 15, facilities: 375, canteens: 200, households: 7500, inspections: 15000 },
  city: { townships: 60, facilities: 1500, canteens: 800, households: 30000, inspections: 60000 },
};

export interface SeedSummary {
  scale: Scale;
  seed: number;
  townships: number;
  counts: Record<string, number>;
  ms: number;
}

const OFFICES: Record<Scale, { level: 'township' | 'district' | 'city'; divisionCode: string; name: string }> = {
  township: { level: 'township', divisionCode: '420704001000', name: '鄂城区凤凰街道民政办' },
  district: { level: 'district', divisionCode: '420704000000', name: '鄂城区民政局' },
  city: { level: 'city', divisionCode: '420700000000', name: '鄂州市民政局' },
};

/** Inserts plain objects into one table with one prepared statement; absent columns are NULL. */
class Inserter {
  private st: Statement;
  private cols: string[];
  count = 0;
  constructor(sqlite: Database, table: string) {
    this.cols = (sqlite.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((c) => c.name);
    this.st = sqlite.prepare(
      `INSERT INTO "${table}" (${this.cols.map((c) => `"${c}"`).join(',')}) VALUES (${this.cols.map((c) => `@${c}`).join(',')})`,
    );
  }
  add(row: Record<string, unknown>) {
    const full: Record<string, unknown> = {};
    for (const c of this.cols) full[c] = row[c] ?? null;
    this.st.run(full);
    this.count++;
  }
}

/**
 * Fills a database with realistic, valid and internally consistent data at a compass scale. Deterministic:
 * the same seed and `today` give the same rows. Bulk inserts go through prepared statements in a few large
 * transactions (the per-record service with its audit rows would take minutes at city scale); one audit row
 * records that the data was generated.
 */
export async function seed(app: LedgerApp, opts: { scale: Scale; seed?: number; today?: string }): Promise<SeedSummary> {
  const t0 = performance.now();
  const scale = SCALES[opts.scale];
  const seedNo = opts.seed ?? 1;
  const r = new Rng(seedNo);
  const today = opts.today ?? app.today();
  if (!app.office())
    await setup(app, { office: OFFICES[opts.scale], admin: { username: 'admin', displayName: '系统管理员', password: 'Admin12345' } });
  const office = app.requireOffice();
  const sqlite = app.store.sqlite;
  const node = 'seed';

  const allTownships = sqlite.prepare("SELECT code, name FROM divisions WHERE level = 'township' ORDER BY code").all() as {
    code: string;
    name: string;
  }[];
  const area = app.area();
  const inArea = allTownships.filter((t) => area.has(t.code));
  // The compass city has 60 townships, more than 鄂州 has (28): city-scale data is spread over 60 townships
  // drawn from all three cities in divisions.json so the figures have the intended size. Records outside
  // 鄂州 are read-only in that demo database (outside the office's area), which is fine for benchmarks.
  const townships = (opts.scale === 'city' ? [...inArea, ...allTownships.filter((t) => !area.has(t.code))] : inArea).slice(
    0,
    scale.townships,
  );
  if (townships.length < scale.townships) throw new Error(`区划中只有 ${townships.length} 个乡镇,不足 ${scale.townships} 个`);

  const checklist = sqlite
    .prepare(
      'SELECT code, text, major FROM checklist_items WHERE version = (SELECT version FROM checklist_versions WHERE isCurrent = 1) ORDER BY sortOrder',
    )
    .all() as { code: string; text: string; major: number }[];
  const version = (sqlite.prepare('SELECT version FROM checklist_versions WHERE isCurrent = 1').get() as { version: string }).version;
  const catalogue = sqlite.prepare('SELECT code, category, name, kind FROM retrofit_catalogue ORDER BY sortOrder').all() as {
    code: string;
    category: string;
    name: string;
    kind: 'basic' | 'optional';
  }[];

  let counter = 0;
  const todayMs = Date.parse(`${today}T08:00:00Z`);
  /** Record columns: created on a given day, HLC from that moment (so it sorts like real history). */
  const meta = (townshipCode: string, day: string) => {
    const ms = Math.min(Date.parse(`${day}T08:00:00Z`) + (counter % 36000) * 1000, todayMs);
    const at = new Date(ms).toISOString();
    return {
      id: r.uuid(),
      officeId: office.id,
      townshipCode,
      createdAt: at,
      createdBy: '演示数据',
      updatedAt: at,
      updatedBy: '演示数据',
      deletedAt: null,
      hlc: encodeHlc({ wall: ms, counter: counter++ % 46656 }, node),
      warnings: '[]',
    };
  };
  const per = (n: number, i: number) => Math.floor((n * (i + 1)) / townships.length) - Math.floor((n * i) / townships.length);
  const start3y = `${Number(today.slice(0, 4)) - 3}${today.slice(4)}`;
  const dayIn = (from: string, to: string) => addDays(from, r.int(0, Math.max(0, daysBetween(from, to))));

  const ins = {
    facilities: new Inserter(sqlite, 'facilities'),
    quarters: new Inserter(sqlite, 'facility_quarters'),
    canteens: new Inserter(sqlite, 'canteens'),
    months: new Inserter(sqlite, 'canteen_months'),
    households: new Inserter(sqlite, 'households'),
    items: new Inserter(sqlite, 'household_items'),
    steps: new Inserter(sqlite, 'household_steps'),
    targets: new Inserter(sqlite, 'targets'),
    inspections: new Inserter(sqlite, 'inspections'),
    answers: new Inserter(sqlite, 'inspection_answers'),
    hazards: new Inserter(sqlite, 'hazards'),
  };

  const creditCode = (prefix: string) => {
    const body =
      `${prefix}4207${String(r.int(0, 99)).padStart(2, '0')}${Array.from({ length: 9 }, () => r.pick([...'0123456789ABCDEFGHJKLMNPQRTUWXY'])).join('')}`.slice(
        0,
        17,
      );
    return body + creditCodeCheckChar(body);
  };
  const yearNow = Number(today.slice(0, 4));
  const monthNow = Number(today.slice(5, 7));
  const quarterNow = Math.ceil(monthNow / 3);

  for (let ti = 0; ti < townships.length; ti++) {
    const t = townships[ti];
    const county6 = t.code.slice(0, 6);
    const subjects: { kind: 'facility' | 'canteen'; id: string; openedOn: string; major?: boolean }[] = [];

    sqlite.transaction(() => {
      // Facilities and their quarterly figures.
      for (let i = 0; i < per(scale.facilities, ti); i++) {
        const type = r.weighted(FACILITY_TYPES.map((x, k) => [x, [6, 1, 1, 3, 8, 6, 4, 1][k]] as const));
        const status = r.weighted([
          ['运营', 85],
          ['暂停', 3],
          ['停业(注销)', 4],
          ['筹建', 8],
        ] as const);
        const openedOn = dayIn('2005-01-01', addDays(today, -400));
        const beds = type.startsWith('社区日间') || type.startsWith('农村互助') ? r.int(10, 40) : r.int(30, 300);
        const nursing = Math.floor(beds * (0.3 + r.next() * 0.5));
        const fullCare = Math.floor(beds * (0.5 + r.next() * 0.4));
        const dayCare = r.int(0, beds - fullCare);
        const staff = r.int(5, 80);
        const caregivers = r.int(2, staff);
        const certified = Math.min(caregivers, Math.floor(caregivers * (0.75 + r.next() * 0.25)));
        const kitchen = r.chance(0.7);
        const m = meta(t.code, openedOn);
        ins.facilities.add({
          ...m,
          name: `${t.name}${['第一', '第二', '第三', '中心', '幸福', '康乐', '颐养', '夕阳红', '福寿', '安康'][i % 10]}${type.includes('日间') ? '日间照料中心' : type.includes('互助') ? '互助照料中心' : '养老院'}${i >= 10 ? String(Math.floor(i / 10) + 1) : ''}`,
          type,
          operationMode: r.pick(OPERATION_MODES),
          operator: `${t.name}${r.pick(['民政服务', '康养', '颐年', '福泰'])}有限公司`,
          creditCode: creditCode(r.pick(['52', '12', '91'])),
          address: `${t.name}${r.pick(['建设', '人民', '解放', '滨湖', '新港'])}路 ${r.int(1, 300)} 号`,
          village: `${r.pick(['东', '西', '南', '北', '新'])}${r.pick(['湖', '山', '港', '塘'])}${r.pick(['村', '社区'])}`,
          contactName: chineseName(r),
          contactPhone: mobile(r),
          openedOn,
          status,
          statusDate: status === '暂停' || status === '停业(注销)' ? dayIn(openedOn, today) : null,
          urbanRural: t.name.endsWith('街道') ? '城市' : '农村',
          floorArea: r.int(300, 8000),
          bedsTotal: beds,
          bedsNursing: nursing,
          bedsFullCare: fullCare,
          bedsDayCare: dayCare,
          rating: r.weighted(FACILITY_RATINGS.map((x, k) => [x, [40, 20, 20, 12, 5, 3][k]] as const)),
          fireCheck: r.weighted([
            ['合格', 85],
            ['未通过', 5],
            ['未验收', 10],
          ] as const),
          hasKitchen: kitchen ? 1 : 0,
          foodLicenseNo: kitchen ? `JY1${county6}${String(r.int(0, 9999999)).padStart(7, '0')}` : null,
          foodLicenseExpiry: kitchen ? addDays(today, r.int(-30, 900)) : null,
          hasClinic: r.chance(0.3) ? 1 : 0,
          liabilityInsurance: r.chance(0.8) ? 1 : 0,
          staffTotal: staff,
          caregivers,
          caregiversCertified: certified,
        });
        if (status !== '筹建') subjects.push({ kind: 'facility', id: m.id, openedOn });
        for (let k = 11; k >= 0; k--) {
          const idx = yearNow * 4 + quarterNow - 1 - k;
          const year = Math.floor(idx / 4);
          const quarter = (idx % 4) + 1;
          if (status === '筹建' || `${year}-${String(quarter * 3).padStart(2, '0')}-31` < openedOn) continue;
          const residents = r.int(Math.floor(fullCare * 0.4), fullCare);
          ins.quarters.add({
            ...meta(t.code, addDays(`${year}-${String(quarter * 3).padStart(2, '0')}-01`, 28)),
            facilityId: m.id,
            year,
            quarter,
            residents,
            residentsDisabled: r.int(0, residents),
            residentsTekun: r.int(0, Math.floor(residents / 2)),
            admissions: r.int(0, 15),
            discharges: r.int(0, 12),
          });
        }
      }
      // Canteens and 36 months of operations.
      for (let i = 0; i < per(scale.canteens, ti); i++) {
        const type = r.weighted([
          ['老年食堂(幸福食堂)', 5],
          ['老年助餐点', 4],
          ['老年餐桌(合作餐厅)', 1],
        ] as const);
        const openedOn = dayIn(addDays(today, -5 * 365), addDays(today, -30));
        const m = meta(t.code, openedOn);
        const licensed = type === '老年食堂(幸福食堂)' ? r.chance(0.95) : r.chance(0.6);
        const capacity = r.int(30, 200);
        ins.canteens.add({
          ...m,
          name: `${t.name}${['幸福', '暖心', '爱心', '长者', '邻里'][i % 5]}${type === '老年食堂(幸福食堂)' ? '食堂' : type === '老年助餐点' ? '助餐点' : '餐桌'}${i >= 5 ? String(Math.floor(i / 5) + 1) : ''}`,
          type,
          operationMode: r.pick(CANTEEN_MODES),
          operator: `${t.name}${r.pick(['餐饮', '社工', '家政'])}服务中心`,
          address: `${t.name}${r.pick(['和平', '友谊', '光明'])}街 ${r.int(1, 200)} 号`,
          village: `${r.pick(['东', '西', '南', '北'])}${r.pick(['湖', '山'])}${r.pick(['村', '社区'])}`,
          contactName: chineseName(r),
          contactPhone: mobile(r),
          openedOn,
          status: '运营',
          floorArea: r.int(60, 600),
          seats: r.int(20, 120),
          mealCapacity: capacity,
          delivery: r.chance(0.5) ? 1 : 0,
          mealHours: '11:00-13:00',
          mealPrice: r.pick([5, 6, 8, 10, 12]),
          subsidyStandard: '60-79 岁每餐补贴 2 元,80 岁以上 3 元',
          foodLicenseNo: licensed ? `JY2${county6}${String(r.int(0, 9999999)).padStart(7, '0')}` : null,
          foodLicenseExpiry: licensed ? addDays(today, r.int(-20, 900)) : null,
        });
        subjects.push({ kind: 'canteen', id: m.id, openedOn });
        for (let k = 35; k >= 0; k--) {
          const idx = yearNow * 12 + monthNow - 1 - k;
          const year = Math.floor(idx / 12);
          const month = (idx % 12) + 1;
          const first = `${year}-${String(month).padStart(2, '0')}-01`;
          if (addDays(first, 27) < openedOn) continue;
          const dim = daysInMonth(year, month);
          const days = r.int(Math.min(18, dim), dim);
          const total = days * r.int(Math.floor(capacity * 0.4), capacity);
          const elderly = Math.floor(total * (0.8 + r.next() * 0.2));
          const special = Math.floor(elderly * (0.2 + r.next() * 0.3));
          ins.months.add({
            ...meta(t.code, addDays(first, 27)),
            canteenId: m.id,
            year,
            month,
            openDays: days,
            mealsTotal: total,
            mealsElderly: elderly,
            mealsSpecial: special,
            mealsDelivered: Math.floor(total * r.next() * 0.2),
            registeredElders: r.int(20, capacity * 2),
            subsidyAmount: Math.round(special * (1 + r.next() * 2) * 100) / 100,
          });
        }
      }
      // Targets for this and the two previous years.
      for (let y = yearNow - 2; y <= yearNow; y++)
        ins.targets.add({
          ...meta(t.code, `${y}-01-15`),
          year: y,
          retrofitHouseholds: Math.round((per(scale.households, ti) / 3) * (0.9 + r.next() * 0.3)),
          newCanteens: r.int(0, 3),
          nursingBedRatio: 60,
          certifiedRate: 90,
        });
    })();

    // Households with plans and workflow steps.
    sqlite.transaction(() => {
      for (let i = 0; i < per(scale.households, ti); i++) {
        const projectYear = yearNow - r.int(0, 2);
        const birth = dayIn('1930-01-01', '1964-12-31');
        const { id, sex } = idCard(r, county6, birth);
        const reachable = projectYear < yearNow ? WORKFLOW_STEPS.length : Math.max(1, Math.ceil(WORKFLOW_STEPS.length * (monthNow / 12)));
        const exited = r.chance(0.03);
        const reached = exited ? r.int(1, 3) : r.int(1, reachable);
        const status = exited ? '退出' : WORKFLOW_STEPS[reached - 1];
        const yearEnd = projectYear < yearNow ? `${projectYear}-12-31` : today;
        const applyOn = dayIn(
          `${projectYear}-01-05`,
          addDays(yearEnd, -30 * Math.max(0, reached - 1)) > `${projectYear}-01-05`
            ? addDays(yearEnd, -30 * Math.max(0, reached - 1))
            : `${projectYear}-01-05`,
        );
        const items = r
          .sample(catalogue, r.int(2, 6))
          .sort((a, b) => (a.kind === b.kind ? a.code.localeCompare(b.code) : a.kind === 'basic' ? -1 : 1));
        const doneAll = reached >= 6 && !exited;
        const plan = items.map((it) => ({
          it,
          quantity: r.int(1, 3),
          unitPrice: r.pick([120, 180, 260, 380, 500, 650, 800, 1200]),
          done: doneAll || (reached >= 5 && r.chance(0.5)),
        }));
        const total = plan.reduce((a, p) => a + p.quantity * p.unitPrice, 0);
        const subsidy = reached >= 4 ? Math.min(total, Math.round(total * (0.8 + r.next() * 0.2))) : null;
        const hm = meta(t.code, applyOn);
        ins.households.add({
          ...hm,
          name: chineseName(r),
          idCard: id,
          birthDate: birth,
          sex,
          phone: r.chance(0.6) ? mobile(r) : null,
          contactName: chineseName(r),
          contactRelation: r.pick(['子女', '配偶', '侄子', '邻居', '村干部']),
          contactPhone: mobile(r),
          village: `${r.pick(['东', '西', '南', '北', '新'])}${r.pick(['湖', '山', '港'])}${r.pick(['村', '社区'])}`,
          address: `${t.name}${r.pick(['一', '二', '三', '四'])}组 ${r.int(1, 80)} 号`,
          categories: JSON.stringify(r.sample(HOUSEHOLD_CATEGORIES, r.int(1, 2))),
          conditions: JSON.stringify(r.sample(HOUSEHOLD_CONDITIONS, r.int(0, 3))),
          assessmentLevel: r.pick(ASSESSMENT_LEVELS),
          projectYear,
          status,
          exitReason: exited ? r.pick(['老人去世', '本人放弃', '不符合条件']) : null,
          totalCost: reached >= 4 ? total : null,
          subsidy,
          selfPaid: subsidy === null ? null : total - subsidy,
          contractor: reached >= 5 ? `${t.name}${r.pick(['建筑', '装饰'])}工程队` : null,
          acceptanceBy: reached >= 6 ? `${t.name}民政办` : null,
          satisfaction:
            reached >= 7
              ? r.weighted([
                  ['满意', 85],
                  ['基本满意', 13],
                  ['不满意', 2],
                ] as const)
              : null,
        });
        if (reached >= 4)
          for (const p of plan)
            ins.items.add({
              ...meta(t.code, applyOn),
              householdId: hm.id,
              itemCode: p.it.code,
              itemName: p.it.name,
              category: p.it.category,
              kind: p.it.kind,
              quantity: p.quantity,
              unitPrice: p.unitPrice,
              done: p.done ? 1 : 0,
            });
        let day = applyOn;
        const span = Math.max(reached, 1);
        const gap = Math.max(1, Math.floor(daysBetween(applyOn, yearEnd < today ? yearEnd : today) / (span + 1)));
        for (let k = 0; k < reached; k++) {
          ins.steps.add({
            ...meta(t.code, day),
            householdId: hm.id,
            step: WORKFLOW_STEPS[k],
            date: day,
            byName: chineseName(r),
            note: null,
          });
          day = addDays(day, r.int(1, gap));
          if (day > today) day = today;
        }
        if (exited)
          ins.steps.add({ ...meta(t.code, day), householdId: hm.id, step: '退出', date: day, byName: chineseName(r), note: '退出' });
      }
    })();

    // Inspections: one answer per checklist item, a hazard for each 不符合.
    const n = per(scale.inspections, ti);
    const batch = 2000;
    for (let done = 0; done < n; done += batch) {
      sqlite.transaction(() => {
        for (let i = done; i < Math.min(n, done + batch); i++) {
          const s = subjects.length ? r.pick(subjects) : null;
          if (!s) return;
          const from = s.openedOn > start3y ? s.openedOn : start3y;
          const on = dayIn(from, today);
          const im = meta(t.code, on);
          const type =
            s.kind === 'facility'
              ? r.weighted([
                  ['机构自查', 55],
                  ['乡镇排查', 15],
                  ['第三方专家检查', 20],
                  ['区级排查', 6],
                  ['部门督查', 2],
                  ['联合执法检查', 2],
                ] as const)
              : r.weighted([
                  ['乡镇排查', 60],
                  ['部门督查', 25],
                  ['联合执法检查', 15],
                ] as const);
          const inspectors = `${chineseName(r)}、${chineseName(r)}`;
          ins.inspections.add({
            ...im,
            subjectType: s.kind,
            facilityId: s.kind === 'facility' ? s.id : null,
            canteenId: s.kind === 'canteen' ? s.id : null,
            inspectionType: type,
            inspectedOn: on,
            inspectors,
            checklistVersion: version,
          });
          for (const item of checklist) {
            const result = r.weighted([
              ['符合', 970],
              ['不符合', 20],
              ['不适用', 10],
            ] as const);
            ins.answers.add({
              ...meta(t.code, on),
              inspectionId: im.id,
              itemCode: item.code,
              result,
              remark: result === '不符合' ? '现场发现问题' : null,
            });
            if (result !== '不符合') continue;
            const method = r.chance(0.3) ? '立行立改' : '限期整改';
            const deadline = method === '限期整改' ? addDays(on, r.pick([7, 15, 30])) : on;
            const age = daysBetween(on, today);
            const status =
              age < 10
                ? r.pick(['待整改', '整改中'] as const)
                : r.weighted([
                    ['已销号', 70],
                    ['已整改', 15],
                    ['整改中', 8],
                    ['待整改', 7],
                  ] as const);
            const completedOn = status === '已整改' || status === '已销号' ? addDays(on, r.int(0, Math.min(age, 30))) : null;
            const closedOn =
              status === '已销号'
                ? completedOn! < today
                  ? addDays(completedOn!, r.int(0, Math.min(daysBetween(completedOn!, today), 10)))
                  : today
                : null;
            ins.hazards.add({
              ...meta(t.code, on),
              inspectionId: im.id,
              itemCode: item.code,
              // As a recorded inspection words it (electron/inspections/service.ts): the item that was not met.
              description: `不符合:${item.text}`,
              level: item.major ? '重大事故隐患' : '一般隐患',
              method,
              deadline,
              measures: status === '待整改' ? null : '已制定整改措施并落实专人负责',
              completedOn,
              reviewer: status === '已销号' ? chineseName(r) : null,
              status,
              closedOn,
            });
          }
        }
      })();
    }
  }

  const counts = Object.fromEntries(Object.entries(ins).map(([k, v]) => [k, v.count]));
  const ms = Math.round(performance.now() - t0);
  sqlite
    .prepare(
      'INSERT INTO audit_log (at, userId, userName, officeId, action, entity, recordId, field, oldValue, newValue, note) VALUES (?, NULL, ?, ?, ?, NULL, NULL, NULL, NULL, ?, ?)',
    )
    .run(new Date(todayMs).toISOString(), '系统', office.id, 'seed', JSON.stringify(counts), `生成演示数据(${opts.scale},种子 ${seedNo})`);
  return { scale: opts.scale, seed: seedNo, townships: townships.length, counts, ms };
}
