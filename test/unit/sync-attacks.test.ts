import { afterEach, describe, expect, it } from 'vitest';
import type { Body, Change, PhotoEntry } from '../../electron/sync/format';
import {
  exportOfficeCard,
  exportPackage,
  importAck,
  importPackage,
  inspectPackage,
  registerOffice,
  stateHash,
  writePackage,
} from '../../electron/sync/service';
import { FENGHUANG, GULOU, makeApp } from '../helpers/app';
import { makeHierarchy, tableHashes, type TestApp } from '../helpers/sync';

/*
 * Issue 13: one test per attack a township office could make with its own valid key (or a buggy version,
 * or a wrong clock). 凤凰 is the attacker; its district holds 古楼's records. Each package is signed by
 * 凤凰's real key through the program's own writePackage, so only the content checks stand in the way.
 * Every refusal must name the office, the record and what it tried, and leave every table as it was.
 */

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

const household = (townshipCode: string, name: string, idCard: string) => ({
  townshipCode,
  name,
  idCard,
  projectYear: 2026,
  status: '申请',
  phone: '13800000001',
});

/** District with 凤凰 and 古楼; 古楼's two households and facility, and 凤凰's own household, are at the district. */
async function scene() {
  const h = await makeHierarchy([FENGHUANG, GULOU], { named: true });
  cleanup = h.cleanup;
  const [fh, gl] = h.townships;
  const d = h.district;
  const dId = d.app.office()!.id;
  const glA = gl.app.records.create('households', household(GULOU, '李秀英', '11010519491231002X'), gl.actor).record;
  const glB = gl.app.records.create('households', household(GULOU, '王桂兰', '420704195207080031'), gl.actor).record;
  const glFacility = gl.app.records.create(
    'facilities',
    { townshipCode: GULOU, name: '古楼敬老院', type: '其他', status: '运营' },
    gl.actor,
  ).record;
  const own = fh.app.records.create(
    'facilities',
    { townshipCode: FENGHUANG, name: '凤凰养老院', type: '其他', status: '运营' },
    fh.actor,
  ).record;
  for (const t of [gl, fh])
    importAck(t.app, t.actor, Buffer.from(importPackage(d.app, d.actor, exportPackage(t.app, t.actor, dId).bytes).ack!.bytes));
  return { d, fh, gl, dId, glA, glB, glFacility, own };
}

/** A package signed by `from`'s real key, saying whatever the test wants. */
function forge(from: TestApp, toId: string, changes: Omit<Change, 'hlc' | 'baseHlc' | 'userName'>[], records: Body['records'] = []) {
  const body: Body = {
    records,
    changes: changes.map((c) => ({ hlc: from.app.clock.next(), baseHlc: null, userName: '攻击者', ...c })),
    photos: [],
  };
  return writePackage(from.app, { id: toId }, body, { full: false, fromSeq: 0, toSeq: 0 }).bytes;
}

/** The package is refused (preview and import) with a message matching `message`; no table changed. */
function expectRefused(d: TestApp, bytes: Buffer, message: RegExp) {
  const before = tableHashes(d.app);
  expect(() => inspectPackage(d.app, bytes)).toThrow(message);
  expect(() => importPackage(d.app, d.actor, bytes)).toThrow(message);
  expect(() => importPackage(d.app, d.actor, bytes)).toThrow(/整个同步包都没有导入,本单位的数据没有任何改动/);
  expect(tableHashes(d.app)).toEqual(before);
}

describe('attack 1: changes aimed at another township’s records', () => {
  it('renaming one of 古楼’s households and deleting the other, with an empty record list, is refused', async () => {
    const { d, fh, dId, glA, glB } = await scene();
    const fhId = fh.app.office()!.id;
    const bytes = forge(fh, dId, [
      { entity: 'households', recordId: glA.id, field: 'name', value: JSON.stringify('张三'), officeId: fhId },
      { entity: 'households', recordId: glB.id, field: '_deleted', value: JSON.stringify(new Date().toISOString()), officeId: fhId },
    ]);
    expectRefused(
      d,
      bytes,
      /“凤凰街道民政办”的同步包试图修改古楼街道的适老化改造户“李\*英”的“老人姓名”,这条记录不属于“凤凰街道民政办”可以修改的范围\(共 2 处类似问题\)/,
    );
    expect(d.app.records.getRaw('households', glA.id).name).toBe('李秀英');
    expect(d.app.records.getRaw('households', glB.id).deletedAt).toBeNull();
  });

  it('the record list lying about the township (古楼’s household described as 凤凰’s) changes nothing', async () => {
    const { d, fh, dId, glA } = await scene();
    const fhId = fh.app.office()!.id;
    const meta = { entity: 'households', id: glA.id, officeId: fhId, townshipCode: FENGHUANG, createdAt: '2026-01-01', createdBy: null };
    const bytes = forge(
      fh,
      dId,
      [{ entity: 'households', recordId: glA.id, field: 'phone', value: '"13900000009"', officeId: fhId }],
      [meta],
    );
    // Both what the list says (the owner) and where the record really is are named.
    expectRefused(d, bytes, /试图把适老化改造户“李\*英”的所属单位从“古楼街道民政办”改为“凤凰街道民政办”\(共 2 处类似问题\)/);
  });

  it('a child record hung under another township’s parent, and an inspection of another township’s facility, are refused', async () => {
    const { d, fh, dId, glA, glFacility } = await scene();
    const fhId = fh.app.office()!.id;
    const stepId = '6f1c1e6e-0000-4000-8000-000000000001';
    const step = forge(
      fh,
      dId,
      [
        { entity: 'householdSteps', recordId: stepId, field: 'householdId', value: JSON.stringify(glA.id), officeId: fhId },
        { entity: 'householdSteps', recordId: stepId, field: 'step', value: '"退出"', officeId: fhId },
        { entity: 'householdSteps', recordId: stepId, field: 'date', value: '"2026-03-01"', officeId: fhId },
        { entity: 'householdSteps', recordId: stepId, field: 'byName', value: '"某"', officeId: fhId },
      ],
      [{ entity: 'householdSteps', id: stepId, officeId: fhId, townshipCode: FENGHUANG, createdAt: '2026-03-01', createdBy: null }],
    );
    expectRefused(d, step, /试图修改改造进度“退出”的“改造户”,它属于古楼街道的适老化改造户“李\*英”/);

    const inspId = '6f1c1e6e-0000-4000-8000-000000000002';
    const fields: Record<string, unknown> = {
      townshipCode: FENGHUANG,
      subjectType: 'facility',
      facilityId: glFacility.id,
      inspectionType: '机构自查',
      inspectedOn: '2026-03-01',
      inspectors: '某',
      checklistVersion: '2023',
    };
    const insp = forge(
      fh,
      dId,
      Object.entries(fields).map(([field, v]) => ({
        entity: 'inspections',
        recordId: inspId,
        field,
        value: JSON.stringify(v),
        officeId: fhId,
      })),
      [{ entity: 'inspections', id: inspId, officeId: fhId, townshipCode: FENGHUANG, createdAt: '2026-03-01', createdBy: null }],
    );
    expectRefused(d, insp, /让安全检查“2026-03-01”的“被检查机构”指向古楼街道的养老机构“古楼敬老院”/);
  });

  it('a change naming a record that is neither in the package nor at the district is refused, not guessed', async () => {
    const { d, fh, dId } = await scene();
    const bytes = forge(fh, dId, [
      {
        entity: 'facilities',
        recordId: '6f1c1e6e-0000-4000-8000-00000000abcd',
        field: 'bedsTotal',
        value: '10',
        officeId: fh.app.office()!.id,
      },
    ]);
    expectRefused(d, bytes, /要修改的养老机构\(编号 6f1c1e6e…\)既不在同步包中,本单位也没有这条记录/);
  });
});

describe('attack 2: moving a record out of (or into) one’s area', () => {
  it('a townshipCode change moving 凤凰’s facility into 古楼 is refused; so is pulling 古楼’s facility into 凤凰', async () => {
    const { d, fh, dId, own, glFacility } = await scene();
    const fhId = fh.app.office()!.id;
    expectRefused(
      d,
      forge(fh, dId, [{ entity: 'facilities', recordId: own.id, field: 'townshipCode', value: JSON.stringify(GULOU), officeId: fhId }]),
      /试图把养老机构“凤凰养老院”从凤凰街道移到古楼街道,那里不属于“凤凰街道民政办”的管辖范围/,
    );
    expectRefused(
      d,
      forge(fh, dId, [
        { entity: 'facilities', recordId: glFacility.id, field: 'townshipCode', value: JSON.stringify(FENGHUANG), officeId: fhId },
      ]),
      /试图修改古楼街道的养老机构“古楼敬老院”的“乡镇\(街道\)”,这条记录不属于“凤凰街道民政办”可以修改的范围/,
    );
    expect(d.app.records.getRaw('facilities', own.id).townshipCode).toBe(FENGHUANG);
  });

  it('moving a child to another parent is refused even inside the area', async () => {
    const { d, fh, dId, own } = await scene();
    const fhId = fh.app.office()!.id;
    const q = fh.app.records.create('facilityQuarters', { facilityId: own.id, year: 2026, quarter: 1, residents: 10 }, fh.actor).record;
    const other = fh.app.records.create(
      'facilities',
      { townshipCode: FENGHUANG, name: '凤凰二院', type: '其他', status: '运营' },
      fh.actor,
    ).record;
    importPackage(d.app, d.actor, exportPackage(fh.app, fh.actor, dId).bytes);
    expectRefused(
      d,
      forge(fh, dId, [
        { entity: 'facilityQuarters', recordId: q.id, field: 'facilityId', value: JSON.stringify(other.id), officeId: fhId },
      ]),
      /试图把.*“2026”移到另一个养老机构下/,
    );
  });
});

describe('attack 3: spoofed origin', () => {
  it('a change of 凤凰’s own record claiming to come from 古楼 (or from the district itself) is refused', async () => {
    const { d, fh, gl, dId, own } = await scene();
    for (const claimed of [gl.app.office()!.id, dId, '00000000-0000-4000-8000-000000000000'])
      expectRefused(
        d,
        forge(fh, dId, [{ entity: 'facilities', recordId: own.id, field: 'bedsTotal', value: '99', officeId: claimed }]),
        /中有一项变更\(修改养老机构“凤凰养老院”的“床位总数”\)自称由“(古楼街道民政办|鄂城区民政局|未登记的单位)”作出,但“凤凰街道民政办”只能发送本单位的修改/,
      );
  });

  it('a district may relay its townships’ changes to the city, but not claim a township of another district or the city', async () => {
    const h = await makeHierarchy([FENGHUANG], { named: true });
    const city = await makeApp({ level: 'city', divisionCode: '420700000000', name: '鄂州市民政局' });
    const other = await makeApp({ level: 'district', divisionCode: '420703000000', name: '华容区民政局' }); // 华容区, another district of the city
    cleanup = () => {
      h.cleanup();
      city.cleanup();
      other.cleanup();
    };
    const d = h.district;
    const [fh] = h.townships;
    for (const x of [d, other]) {
      registerOffice(city.app, city.actor, exportOfficeCard(x.app).bytes);
      registerOffice(x.app, x.actor, exportOfficeCard(city.app).bytes);
    }
    const cityId = city.app.office()!.id;
    const f = fh.app.records.create(
      'facilities',
      { townshipCode: FENGHUANG, name: '凤凰养老院', type: '其他', status: '运营' },
      fh.actor,
    ).record;
    importPackage(d.app, d.actor, exportPackage(fh.app, fh.actor, d.app.office()!.id).bytes);
    // Honest relay: the township's change reaches the city under the township's name, declared by the district.
    importPackage(city.app, city.actor, exportPackage(d.app, d.actor, cityId).bytes);
    expect(city.app.records.getRaw('facilities', f.id).officeId).toBe(fh.app.office()!.id);
    expect(city.app.store.sqlite.prepare('SELECT name, viaOfficeId FROM sync_relayed_offices').all()).toEqual([
      { name: '凤凰街道民政办', viaOfficeId: d.app.office()!.id },
    ]);
    // The district claims the other district's office, or the city itself, as the author.
    for (const claimed of [other.app.office()!.id, cityId])
      expectRefused(
        city,
        forge(d, cityId, [{ entity: 'facilities', recordId: f.id, field: 'bedsTotal', value: '99', officeId: claimed }]),
        /自称由“(华容区民政局|鄂州市民政局)”作出,但“鄂城区民政局”只能发送本单位及其下级单位的修改/,
      );
    // The district declares a township of the other district (or the other district itself) as its own.
    const fake = {
      id: '6f1c1e6e-0000-4000-8000-0000000000ff',
      level: 'township' as const,
      divisionCode: '420703100000',
      name: '冒充的乡镇',
      parentOfficeId: d.app.office()!.id,
    };
    const body: Body = { records: [], changes: [], photos: [], offices: [fake] };
    expectRefused(
      city,
      writePackage(d.app, { id: cityId }, body, { full: false, fromSeq: 0, toSeq: 0 }).bytes,
      /申报的下级单位有误:“冒充的乡镇”\(区划 420703100000\)不在其辖区内/,
    );
    const twin = { ...fake, id: other.app.office()!.id, level: 'township' as const, divisionCode: FENGHUANG, name: '另一区' };
    expectRefused(
      city,
      writePackage(d.app, { id: cityId }, { ...body, offices: [twin] }, { full: false, fromSeq: 0, toSeq: 0 }).bytes,
      /“另一区”是本单位已登记的单位/,
    );
  });

  it('a district may not make a change in the name of a township below the receiving district', async () => {
    // The city speaks for offices above and beside a district, never for the district's own townships:
    // the district would never send such a change on to that township.
    const h = await makeHierarchy([FENGHUANG], { named: true });
    const city = await makeApp({ level: 'city', divisionCode: '420700000000', name: '鄂州市民政局' });
    cleanup = () => {
      h.cleanup();
      city.cleanup();
    };
    const d = h.district;
    const [fh] = h.townships;
    registerOffice(city.app, city.actor, exportOfficeCard(d.app).bytes);
    registerOffice(d.app, d.actor, exportOfficeCard(city.app).bytes);
    const f = fh.app.records.create(
      'facilities',
      { townshipCode: FENGHUANG, name: '凤凰养老院', type: '其他', status: '运营' },
      fh.actor,
    ).record;
    importPackage(d.app, d.actor, exportPackage(fh.app, fh.actor, d.app.office()!.id).bytes);
    importPackage(city.app, city.actor, exportPackage(d.app, d.actor, city.app.office()!.id).bytes);
    expectRefused(
      d,
      forge(city, d.app.office()!.id, [
        { entity: 'facilities', recordId: f.id, field: 'bedsTotal', value: '5', officeId: fh.app.office()!.id },
      ]),
      /“鄂州市民政局”的同步包中有一项变更\(修改养老机构“凤凰养老院”的“床位总数”\)自称由本单位的下级单位“凤凰街道民政办”作出,下级单位的修改只能由它自己送来/,
    );
    // A full package from the city carries what the city may speak for (its own correction), never the
    // township's changes, which the district has from the township itself.
    city.app.records.update('facilities', { id: f.id, patch: { bedsTotal: 80 } }, city.actor);
    const full = exportPackage(city.app, city.actor, d.app.office()!.id, true);
    const { decodeFile } = await import('../../electron/sync/format');
    const { openPackage } = await import('../../electron/sync/service');
    const carried = JSON.parse(decodeFile(openPackage(d.app, full.bytes), '同步包').body!) as Body;
    expect(new Set(carried.changes.map((c) => c.officeId))).toEqual(new Set([city.app.office()!.id]));
    importPackage(d.app, d.actor, full.bytes);
    expect(d.app.records.getRaw('facilities', f.id).bedsTotal).toBe(80);
  });
});

describe('ownership rules of a record kind (shared/sync/rules.ts)', () => {
  it('a township may not change the target its district set, but may change its own', async () => {
    const h = await makeHierarchy([FENGHUANG], { named: true });
    cleanup = h.cleanup;
    const d = h.district;
    const [fh] = h.townships;
    const dId = d.app.office()!.id;
    const set = d.app.records.create('targets', { townshipCode: FENGHUANG, year: 2026, retrofitHouseholds: 50 }, d.actor).record;
    importPackage(fh.app, fh.actor, exportPackage(d.app, d.actor, fh.app.office()!.id).bytes);
    expectRefused(
      d,
      forge(fh, dId, [{ entity: 'targets', recordId: set.id, field: 'retrofitHouseholds', value: '5', officeId: fh.app.office()!.id }]),
      /试图修改“鄂城区民政局”制定的年度任务“2026”的“适老化改造户数”,只有该单位及其上级可以修改/,
    );
    const mine = fh.app.records.create('targets', { townshipCode: FENGHUANG, year: 2027, retrofitHouseholds: 10 }, fh.actor).record;
    fh.app.records.update('targets', { id: mine.id, patch: { retrofitHouseholds: 12 } }, fh.actor);
    importPackage(d.app, d.actor, exportPackage(fh.app, fh.actor, dId).bytes);
    expect(d.app.records.getRaw('targets', mine.id).retrofitHouseholds).toBe(12);
  });
});

describe('older packages (format 1, before these checks) still import when they pass them', () => {
  it('a format-1 package of the township’s own records imports; one aimed at another township is refused', async () => {
    const { d, fh, dId, glA } = await scene();
    const { decodeFile, encodeFile, sha256, signedBytes, PACKAGE_FORMAT_V1 } = await import('../../electron/sync/format');
    fh.app.records.create('facilities', { townshipCode: FENGHUANG, name: '凤凰二院', type: '其他', status: '运营' }, fh.actor);
    const { openPackage } = await import('../../electron/sync/service');
    /** What the previous version wrote: the same body without the declared offices, format 1, signed, not encrypted. */
    const asV1 = (bytes: Buffer, edit: (b: Body) => Body = (b) => b) => {
      const f = decodeFile(openPackage(d.app, bytes), '同步包');
      const { offices: _offices, ...rest } = JSON.parse(f.body!) as Body;
      const body = JSON.stringify(edit(rest as Body));
      const m: Record<string, unknown> = {
        ...(f.manifest as Record<string, unknown>),
        format: PACKAGE_FORMAT_V1,
        contentHash: sha256(body),
      };
      return encodeFile(m, fh.app.keys.sign(signedBytes(m)), body);
    };
    const res = importPackage(d.app, d.actor, asV1(exportPackage(fh.app, fh.actor, dId).bytes));
    expect(res.summary.perEntity.find((e) => e.entity === 'facilities')).toMatchObject({ new: 1 });
    fh.app.records.update('facilities', { id: fh.app.records.list('facilities', {}).rows[0].id, patch: { bedsTotal: 3 } }, fh.actor);
    const attack = asV1(exportPackage(fh.app, fh.actor, dId).bytes, (b) => ({
      ...b,
      changes: b.changes.map((c) => ({ ...c, entity: 'households', recordId: glA.id, field: 'phone', value: '"13900000009"' })),
    }));
    expectRefused(d, attack, /试图修改古楼街道的适老化改造户“李\*英”的“联系电话”/);
  });
});

describe('attack 4: clock poisoning', () => {
  it('a change stamped in the year ≈ 33000 is held back, not applied, and the district’s clock does not move', async () => {
    const { d, fh, dId, own } = await scene();
    const fhId = fh.app.office()!.id;
    const poisoned: Body = {
      records: [],
      changes: [
        {
          entity: 'facilities',
          recordId: own.id,
          field: 'bedsTotal',
          value: '99',
          hlc: '999999999999990-000000-evil',
          baseHlc: null,
          officeId: fhId,
          userName: '攻击者',
        },
      ],
      photos: [],
    };
    const bytes = writePackage(fh.app, { id: dId }, poisoned, { full: false, fromSeq: 0, toSeq: 0 }).bytes;
    const clockBefore = d.app.store.sqlite.prepare("SELECT value FROM meta WHERE key = 'hlc'").pluck().get();
    const before = tableHashes(d.app);
    // The preview says so and writes nothing.
    expect(inspectPackage(d.app, bytes).hold?.message).toMatch(
      /“凤凰街道民政办”的同步包已暂存,没有导入:其中的修改时间最晚为 .*,比本机时间.*晚约 \d+ 年。很可能是“凤凰街道民政办”电脑的日期设快了/,
    );
    expect(tableHashes(d.app)).toEqual(before);
    const res = importPackage(d.app, d.actor, bytes);
    expect(res.ack).toBeNull();
    expect(res.summary.hold?.message).toMatch(/没有导入任何数据,也没有生成回执/);
    // Only the held package, the note of whose clock is wrong, and the audit row are new; no record, no clock moved.
    const after = tableHashes(d.app);
    const changed = Object.keys(before).filter((t) => before[t] !== after[t]);
    expect(changed.sort()).toEqual(['audit_log', 'sync_peer_clocks', 'sync_quarantine']);
    expect(d.app.store.sqlite.prepare("SELECT value FROM meta WHERE key = 'hlc'").pluck().get()).toBe(clockBefore);
    expect(d.app.records.getRaw('facilities', own.id).bedsTotal).not.toBe(99);
    expect(d.app.clock.aheadOfWallMs()).toBeLessThan(24 * 3600_000);
    // The district's status names the office whose clock is wrong, and the direction; its own clock is fine.
    const { syncStatus } = await import('../../electron/sync/service');
    const { ownClock } = await import('../../electron/sync/clocks');
    expect(syncStatus(d.app).find((p) => p.id === fhId)?.clock).toMatchObject({
      direction: 'ahead',
      text: expect.stringContaining('对方电脑的时间比本机快约'),
    });
    expect(ownClock(d.app).warning).toBeNull();
    // Later local edits still win over what was there: nothing was poisoned.
    d.app.records.update('facilities', { id: own.id, patch: { bedsTotal: 61 } }, d.actor);
    expect(d.app.clock.aheadOfWallMs()).toBeLessThan(24 * 3600_000);
  });

  it('far-past stamps are merged by the clock: they lose to anything newer, the clash is kept, the clock stays', async () => {
    const { d, fh, dId, own } = await scene();
    d.app.records.update('facilities', { id: own.id, patch: { bedsTotal: 70 } }, d.actor);
    const past: Body = {
      records: [],
      changes: [
        {
          entity: 'facilities',
          recordId: own.id,
          field: 'bedsTotal',
          value: '1',
          hlc: '000000000000001-000000-old',
          baseHlc: null,
          officeId: fh.app.office()!.id,
          userName: null,
        },
      ],
      photos: [],
    };
    const res = importPackage(d.app, d.actor, writePackage(fh.app, { id: dId }, past, { full: false, fromSeq: 0, toSeq: 0 }).bytes);
    expect(res.summary.hold).toBeUndefined();
    expect(d.app.records.getRaw('facilities', own.id).bedsTotal).toBe(70);
    expect(d.app.clock.aheadOfWallMs()).toBeLessThanOrEqual(0); // the clock reads the PC's time, nothing later
    expect(d.app.store.sqlite.prepare('SELECT count(*) FROM sync_conflicts').pluck().get()).toBe(1); // both values kept
  });
});

describe('attack 5: photos', () => {
  const png = (tag: string) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(`image-${tag}`)]);
  /** Every file under the district's photo folder, to show none was written. */
  const photoFiles = async (d: TestApp) => {
    const { existsSync, readdirSync } = await import('node:fs');
    return existsSync(d.app.photosDir) ? (readdirSync(d.app.photosDir, { recursive: true }) as string[]).sort() : [];
  };
  async function withPhoto() {
    const s = await scene();
    const { addPhoto } = await import('../../electron/households/service');
    const glPhoto = addPhoto(s.gl.app, s.gl.actor, {
      householdId: s.glA.id,
      phase: 'before',
      originalName: 'a.png',
      dataBase64: png('gl').toString('base64'),
    });
    importPackage(s.d.app, s.d.actor, exportPackage(s.gl.app, s.gl.actor, s.dId).bytes);
    const fhHousehold = s.fh.app.records.create('households', household(FENGHUANG, '赵桂英', '42070419480315002X'), s.fh.actor).record;
    importPackage(s.d.app, s.d.actor, exportPackage(s.fh.app, s.fh.actor, s.dId).bytes);
    return { ...s, glPhoto, fhHousehold };
  }
  const photoBody = (changes: Body['changes'], photos: Body['photos'], records: Body['records'] = []): Body => ({
    records,
    changes,
    photos,
  });

  it('bytes for another township’s photo record are refused and no file is written', async () => {
    const { d, fh, dId, glPhoto } = await withPhoto();
    const { rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    rmSync(join(d.app.photosDir, glPhoto.householdId, glPhoto.fileName)); // the district lost the file: a tempting gap
    const files = await photoFiles(d);
    const bytes = writePackage(fh.app, { id: dId }, photoBody([], [{ photoId: glPhoto.id, dataBase64: png('evil').toString('base64') }]), {
      full: false,
      fromSeq: 0,
      toSeq: 0,
    }).bytes;
    expectRefused(d, bytes, /试图写入改造照片“a.png”的照片文件,这条记录不属于它可以修改的范围/);
    expect(await photoFiles(d)).toEqual(files);
  });

  it('a new photo record under another township’s household, with its file, is refused', async () => {
    const { d, fh, dId, glA } = await withPhoto();
    const fhId = fh.app.office()!.id;
    const id = '6f1c1e6e-0000-4000-8000-00000000f070';
    const data = png('new');
    const { createHash } = await import('node:crypto');
    const fields = {
      householdId: glA.id,
      phase: 'after',
      fileName: `${id}.png`,
      originalName: '后.png',
      sha256: createHash('sha256').update(data).digest('hex'),
    };
    const files = await photoFiles(d);
    const bytes = writePackage(
      fh.app,
      { id: dId },
      photoBody(
        Object.entries(fields).map(([field, v]) => ({
          entity: 'householdPhotos',
          recordId: id,
          field,
          value: JSON.stringify(v),
          hlc: fh.app.clock.next(),
          baseHlc: null,
          officeId: fhId,
          userName: null,
        })),
        [{ photoId: id, dataBase64: data.toString('base64') }],
        [{ entity: 'householdPhotos', id, officeId: fhId, townshipCode: FENGHUANG, createdAt: '2026-01-01', createdBy: null }],
      ),
      { full: false, fromSeq: 0, toSeq: 0 },
    ).bytes;
    expectRefused(d, bytes, /它属于古楼街道的适老化改造户“李\*英”/);
    expect(await photoFiles(d)).toEqual(files);
  });

  it('a photo with no record, a name from the package, or a file name the program never makes is refused', async () => {
    const { d, fh, dId, glA, fhHousehold } = await withPhoto();
    const fhId = fh.app.office()!.id;
    const files = await photoFiles(d);
    const pack = (body: Body) => writePackage(fh.app, { id: dId }, body, { full: false, fromSeq: 0, toSeq: 0 }).bytes;
    // Format 1's entry named the folder and file itself: without a record it is nothing.
    const loose = {
      householdId: glA.id,
      fileName: '6f1c1e6e-0000-4000-8000-00000000f071.png',
      sha256: 'a'.repeat(64),
      dataBase64: png('x').toString('base64'),
    };
    expectRefused(d, pack(photoBody([], [loose])), /中有一张照片不属于同步包或本单位的任何改造照片记录/);
    // A photo record in one's own area whose file name climbs out of the photo folder.
    const id = '6f1c1e6e-0000-4000-8000-00000000f072';
    const data = png('y');
    const { createHash } = await import('node:crypto');
    const fields = {
      householdId: fhHousehold.id,
      phase: 'after',
      fileName: '../../../ledger.sqlite',
      sha256: createHash('sha256').update(data).digest('hex'),
    };
    const evil = photoBody(
      Object.entries(fields).map(([field, v]) => ({
        entity: 'householdPhotos',
        recordId: id,
        field,
        value: JSON.stringify(v),
        hlc: fh.app.clock.next(),
        baseHlc: null,
        officeId: fhId,
        userName: null,
      })),
      [{ photoId: id, dataBase64: data.toString('base64') }],
      [{ entity: 'householdPhotos', id, officeId: fhId, townshipCode: FENGHUANG, createdAt: '2026-01-01', createdBy: null }],
    );
    expectRefused(d, pack(evil), /的照片不是 JPG、PNG 或 WebP 图片,或与记录的文件名不符/);
    // Not an image at all, under a proper name.
    const fake = {
      ...evil,
      changes: evil.changes.map((c) => (c.field === 'fileName' ? { ...c, value: JSON.stringify(`${id}.png`) } : c)),
      photos: [{ photoId: id, dataBase64: Buffer.from('#!/bin/sh rm -rf ~').toString('base64') }],
    };
    expectRefused(d, pack(fake), /不是 JPG、PNG 或 WebP 图片/);
    // The right name and type, other bytes than the record's checksum.
    const swapped = { ...fake, photos: [{ photoId: id, dataBase64: png('other').toString('base64') }] };
    expectRefused(d, pack(swapped), /与记录的校验值不符/);
    expect(await photoFiles(d)).toEqual(files);
  });

  it('limits per photo and per package: an oversized photo, too many photos, too many bytes', async () => {
    const { checkPhotos, MAX_PHOTOS_PER_PACKAGE } = await import('../../electron/sync/photos');
    const rec = (e: PhotoEntry) => ({
      id: 'photoId' in e ? e.photoId : 'x',
      householdId: null,
      fileName: 'x',
      sha256: 'x',
      inArea: true,
      title: '改造照片“某”',
    });
    const entry = (i: number, chars: number, big: string) => ({ photoId: `p${i}`, dataBase64: big.slice(0, chars) });
    const big = 'A'.repeat(Math.ceil((10.5 * 1024 * 1024 * 4) / 3));
    const one = checkPhotos({ records: [], changes: [], photos: [entry(0, big.length, big)] }, rec);
    expect(one.refusals).toContain('中有一张照片超过 10 MB');
    const many = checkPhotos(
      { records: [], changes: [], photos: Array.from({ length: MAX_PHOTOS_PER_PACKAGE + 1 }, (_, i) => entry(i, 24, big)) },
      rec,
    );
    expect(many.refusals[0]).toBe('带有 1001 张照片,超过每个同步包 1000 张的上限');
    const heavy = checkPhotos(
      { records: [], changes: [], photos: Array.from({ length: 11 }, (_, i) => entry(i, Math.floor((9.9 * 1024 * 1024 * 4) / 3), big)) },
      rec,
    );
    expect(heavy.refusals.at(-1)).toMatch(/带的照片共约 109 MB,超过每个同步包 100 MB 的上限/);
  });

  it('an honest photo reaches the district in the household’s folder under its record’s name; too many for one package are split', async () => {
    const { d, fh, dId, fhHousehold } = await withPhoto();
    const { addPhoto } = await import('../../electron/households/service');
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const made = [1, 2, 3].map((i) =>
      addPhoto(fh.app, fh.actor, {
        householdId: fhHousehold.id,
        phase: 'after',
        originalName: `${i}.png`,
        dataBase64: png(`ok${i}`).toString('base64'),
      }),
    );
    const first = exportPackage(fh.app, fh.actor, dId, false, { count: 2, bytes: 1e9 });
    expect(first.more).toBe(true);
    importAck(fh.app, fh.actor, Buffer.from(importPackage(d.app, d.actor, first.bytes).ack!.bytes));
    const second = exportPackage(fh.app, fh.actor, dId, false, { count: 2, bytes: 1e9 });
    expect(second.more).toBe(false);
    importPackage(d.app, d.actor, second.bytes);
    for (const [i, p] of made.entries())
      expect(readFileSync(join(d.app.photosDir, fhHousehold.id, p.fileName)).equals(png(`ok${i + 1}`))).toBe(true);
    expect(stateHash(d.app, new Set([FENGHUANG]))).toBe(stateHash(fh.app));
  });
});
