import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api/dispatch';
import { createUser } from '../../electron/system/users';
import { AppError } from '../../shared/api/errors';
import { dumpDb, FENGHUANG, GULOU, makeApp } from '../helpers/app';
import { idCardFor } from '../helpers/ledgers';

let t: Awaited<ReturnType<typeof makeApp>>;
beforeEach(async () => {
  t = await makeApp();
});
afterEach(() => t.cleanup());

const facility = (over: Record<string, unknown> = {}) => ({
  townshipCode: FENGHUANG,
  name: '凤凰街道养老服务中心',
  type: '街道(乡镇)养老服务综合体',
  status: '运营',
  bedsTotal: 100,
  bedsNursing: 70,
  staffTotal: 20,
  caregivers: 12,
  caregiversCertified: 11,
  contactName: '张三华',
  contactPhone: '13812341234',
  ...over,
});

function expectAppError(fn: () => unknown, code: string, text?: RegExp) {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe(code);
    if (text) expect((e as AppError).message + JSON.stringify((e as AppError).fieldErrors ?? [])).toMatch(text);
    return e as AppError;
  }
  throw new Error('expected an AppError');
}

describe('records service: facilities', () => {
  it('creates a record with sync columns and one audit row per filled field', () => {
    const { record, warnings } = t.app.records.create('facilities', facility(), t.actor);
    expect(record.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(record.officeId).toBe(t.app.office()!.id);
    expect(record.townshipCode).toBe(FENGHUANG);
    expect(record.createdBy).toBe('王管理');
    expect(record.deletedAt).toBeNull();
    expect(record.hlc).toMatch(/^\d{15}-[0-9a-z]{6}-/);
    expect(record.hasKitchen).toBe(false);
    expect(warnings).toEqual([]);
    const audit = t.app.store.sqlite
      .prepare('SELECT field, oldValue, newValue, userName, action FROM audit_log WHERE recordId = ? ORDER BY field')
      .all(record.id) as Record<string, unknown>[];
    expect(audit.find((a) => a.field === 'bedsTotal')).toEqual({
      field: 'bedsTotal',
      oldValue: null,
      newValue: '100',
      userName: '王管理',
      action: 'create',
    });
    expect(audit.every((a) => a.action === 'create')).toBe(true);
    const changes = t.app.store.sqlite.prepare('SELECT count(*) AS n FROM change_log WHERE recordId = ?').get(record.id) as { n: number };
    expect(changes.n).toBeGreaterThan(20); // every field, for sync
  });

  it('updates only what changed: audit old → new, a newer HLC, and refuses a stale edit', () => {
    const { record } = t.app.records.create('facilities', facility(), t.actor);
    const { record: updated } = t.app.records.update(
      'facilities',
      { id: record.id, patch: { bedsTotal: 120, name: record.name }, baseHlc: record.hlc },
      t.actor,
    );
    expect(updated.bedsTotal).toBe(120);
    expect(updated.hlc > record.hlc).toBe(true);
    const rows = t.app.store.sqlite
      .prepare("SELECT field, oldValue, newValue FROM audit_log WHERE recordId = ? AND action = 'update'")
      .all(record.id);
    expect(rows).toEqual([{ field: 'bedsTotal', oldValue: '100', newValue: '120' }]);
    expectAppError(
      () => t.app.records.update('facilities', { id: record.id, patch: { bedsTotal: 130 }, baseHlc: record.hlc }, t.actor),
      'CONFLICT',
      /他人修改/,
    );
    expect(t.app.records.getRaw('facilities', record.id).bedsTotal).toBe(120);
  });

  it('blocks errors (nothing written) and saves warnings with the record', () => {
    const before = dumpDb(t.app);
    const e = expectAppError(
      () => t.app.records.create('facilities', facility({ bedsNursing: 150 }), t.actor),
      'VALIDATION',
      /护理型床位不能多于床位总数/,
    );
    expect(e.fieldErrors?.find((f) => f.field === 'bedsNursing')?.label).toBe('其中护理型床位');
    expectAppError(
      () => t.app.records.create('facilities', facility({ caregiversCertified: 13 }), t.actor),
      'VALIDATION',
      /持证护理员数不能多于养老护理员数/,
    );
    expectAppError(
      () => t.app.records.create('facilities', facility({ bedsFullCare: 60, bedsDayCare: 50 }), t.actor),
      'VALIDATION',
      /全托床位/,
    );
    expectAppError(() => t.app.records.create('facilities', facility({ name: '' }), t.actor), 'VALIDATION', /请填写机构名称/);
    expectAppError(() => t.app.records.create('facilities', facility({ type: '养猪场' }), t.actor), 'VALIDATION', /机构类型应为以下之一/);
    expectAppError(() => t.app.records.create('facilities', facility({ bedsTotal: -1 }), t.actor), 'VALIDATION', /床位总数不能为负数/);
    expectAppError(() => t.app.records.create('facilities', facility({ bedsTotal: 1.5 }), t.actor), 'VALIDATION', /床位总数应为整数/);
    expectAppError(() => t.app.records.create('facilities', facility({ openedOn: '2023-02-30' }), t.actor), 'VALIDATION', /不是有效日期/);
    expectAppError(
      () => t.app.records.create('facilities', facility({ contactPhone: '12345' }), t.actor),
      'VALIDATION',
      /负责人电话格式不对/,
    );
    expectAppError(() => t.app.records.create('facilities', facility({ dropTable: 1 }), t.actor), 'VALIDATION', /程序不认识的项目/);
    expectAppError(
      () => t.app.records.create('facilities', facility({ townshipCode: GULOU }), t.actor),
      'VALIDATION',
      /不在本单位的管辖范围/,
    );
    expect(dumpDb(t.app)).toBe(before);
    const { record, warnings } = t.app.records.create(
      'facilities',
      facility({ creditCode: '91420700MA49123450', hasKitchen: true }),
      t.actor,
    );
    expect(warnings.map((w) => w.field).sort()).toEqual(['creditCode', 'foodLicenseNo']);
    expect(record.warnings).toHaveLength(2);
  });

  it('soft-deletes as a tombstone that lists hide, history keeps, and restore brings back', () => {
    const { record } = t.app.records.create('facilities', facility(), t.actor);
    t.app.records.remove('facilities', record.id, t.actor);
    expect(t.app.records.list('facilities', {}).total).toBe(0);
    expect(t.app.records.list('facilities', { includeDeleted: true }).total).toBe(1);
    const raw = t.app.store.sqlite.prepare('SELECT deletedAt FROM facilities WHERE id = ?').get(record.id) as { deletedAt: string | null };
    expect(raw.deletedAt).not.toBeNull();
    expect(
      t.app.store.sqlite.prepare("SELECT value FROM change_log WHERE recordId = ? AND field = '_deleted'").get(record.id),
    ).toBeTruthy();
    expectAppError(() => t.app.records.update('facilities', { id: record.id, patch: { bedsTotal: 1 } }, t.actor), 'CONFLICT', /已被删除/);
    t.app.records.restore('facilities', record.id, t.actor);
    expect(t.app.records.list('facilities', {}).total).toBe(1);
    expect(
      t.app.records
        .history('facilities', record.id)
        .map((h) => h.action)
        .slice(0, 2),
    ).toEqual(['restore', 'delete']);
  });

  it('lists with search, filters, sort and paging', () => {
    const names = ['甲养老院', '乙养老院', '丙日间照料中心', '丁农村互助照料中心', '戊敬老院'];
    names.forEach((n, i) => {
      t.app.records.create(
        'facilities',
        facility({
          name: n,
          bedsTotal: 10 * (i + 1),
          bedsNursing: 0,
          type: i % 2 ? '民办养老机构' : '其他',
          status: i === 4 ? '暂停' : '运营',
          statusDate: i === 4 ? '2024-01-01' : null,
          address: i === 2 ? '凤凰路 8 号' : null,
        }),
        t.actor,
      );
    });
    expect(t.app.records.list('facilities', { search: '养老院' }).total).toBe(2);
    expect(t.app.records.list('facilities', { search: '凤凰路' }).rows.map((r) => r.name)).toEqual(['丙日间照料中心']);
    expect(t.app.records.list('facilities', { search: '100%' }).total).toBe(0); // LIKE wildcards are escaped
    expect(t.app.records.list('facilities', { filters: { type: '民办养老机构' } }).total).toBe(2);
    expect(t.app.records.list('facilities', { filters: { status: ['暂停'] } }).rows.map((r) => r.name)).toEqual(['戊敬老院']);
    expect(t.app.records.list('facilities', { filters: { townshipCode: FENGHUANG, status: '运营' } }).total).toBe(4);
    const sorted = t.app.records.list('facilities', { sort: { field: 'bedsTotal', order: 'desc' }, page: 2, pageSize: 2 });
    expect(sorted.total).toBe(5);
    expect(sorted.rows.map((r) => r.bedsTotal)).toEqual([30, 20]);
    expectAppError(() => t.app.records.list('facilities', { sort: { field: 'passwordHash', order: 'asc' } }), 'VALIDATION');
    expectAppError(() => t.app.records.list('facilities', { filters: { 'name; drop table facilities': 'x' } }), 'VALIDATION');
  });

  it('masks names and phones at the API edge; a reveal needs an allowed role and is audited', async () => {
    const { record } = t.app.records.create('facilities', facility(), t.actor);
    const list = await dispatch(t.ctx, 'facilities.list', {});
    expect(list.ok && (list.value as { rows: { contactName: string; contactPhone: string }[] }).rows[0]).toMatchObject({
      contactName: '张*华',
      contactPhone: '138****1234',
    });
    const admin = t.ctx.session.user!;
    const clerk = await createUser(t.app, t.actor, { username: 'clerk1', displayName: '李填报', role: 'clerk', password: 'Clerk12345' });
    t.ctx.session.user = { id: clerk.id, username: clerk.username, displayName: clerk.displayName, role: 'clerk' };
    const denied = await dispatch(t.ctx, 'facilities.get', { id: record.id, reveal: true });
    expect(denied).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const clerkHistory = await dispatch(t.ctx, 'facilities.history', { id: record.id });
    expect(JSON.stringify(clerkHistory)).not.toContain('13812341234');
    expect(JSON.stringify(clerkHistory)).toContain('138****1234');
    const clerkGet = await dispatch(t.ctx, 'facilities.get', { id: record.id });
    expect(clerkGet.ok && (clerkGet.value as { contactPhone: string }).contactPhone).toBe('138****1234');
    // The role is read from the database on each call: a session claiming more than its account has gets nothing.
    t.ctx.session.user = { ...t.ctx.session.user, role: 'admin' };
    expect(await dispatch(t.ctx, 'facilities.get', { id: record.id, reveal: true })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    t.ctx.session.user = admin;
    const full = await dispatch(t.ctx, 'facilities.get', { id: record.id, reveal: true });
    expect(full.ok && (full.value as { contactPhone: string }).contactPhone).toBe('13812341234');
    expect(
      t.app.store.sqlite.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'reveal' AND recordId = ?").get(record.id),
    ).toEqual({ n: 1 });
    // The history is masked for the admin too until asked; the reveal there is audited as well, and refused to a clerk.
    const adminHistory = JSON.stringify(await dispatch(t.ctx, 'facilities.history', { id: record.id }));
    expect(adminHistory).not.toContain('13812341234');
    expect(adminHistory).toContain('138****1234');
    const revealedHistory = JSON.stringify(await dispatch(t.ctx, 'facilities.history', { id: record.id, reveal: true }));
    expect(revealedHistory).toContain('13812341234');
    expect(
      t.app.store.sqlite.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'reveal' AND recordId = ?").get(record.id),
    ).toEqual({ n: 2 });
    t.ctx.session.user = { id: clerk.id, username: clerk.username, displayName: clerk.displayName, role: 'clerk' };
    expect(await dispatch(t.ctx, 'facilities.history', { id: record.id, reveal: true })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    t.ctx.session.user = admin;
    // A masked value sent back by a form is "unchanged", never stored as stars.
    const upd = await dispatch(t.ctx, 'facilities.update', { id: record.id, patch: { contactPhone: '138****1234', bedsTotal: 90 } });
    expect(upd.ok).toBe(true);
    expect(t.app.records.getRaw('facilities', record.id).contactPhone).toBe('13812341234');
  });

  it('keeps one row per facility per quarter and inherits the township from the parent', () => {
    const { record } = t.app.records.create('facilities', facility(), t.actor);
    const q = { facilityId: record.id, year: 2025, quarter: 2, residents: 60, residentsDisabled: 20, residentsTekun: 5 };
    const { record: qr } = t.app.records.create('facilityQuarters', q, t.actor);
    expect(qr.townshipCode).toBe(FENGHUANG);
    expectAppError(() => t.app.records.create('facilityQuarters', q, t.actor), 'VALIDATION', /已经录入过/);
    expectAppError(
      () => t.app.records.create('facilityQuarters', { ...q, quarter: 3, residentsDisabled: 61 }, t.actor),
      'VALIDATION',
      /失能/,
    );
    expectAppError(() => t.app.records.create('facilityQuarters', { ...q, quarter: 5 }, t.actor), 'VALIDATION', /季度/);
    t.app.records.remove('facilities', record.id, t.actor);
    expectAppError(() => t.app.records.create('facilityQuarters', { ...q, quarter: 4 }, t.actor), 'VALIDATION', /不存在或已删除/);
  });
});

describe('records service: other record types', () => {
  it('canteens and monthly operations: parts never exceed totals, licence warnings', () => {
    const soon = new Date(t.app.now() + 20 * 86400_000).toISOString().slice(0, 10);
    const { record: c, warnings } = t.app.records.create(
      'canteens',
      {
        townshipCode: FENGHUANG,
        name: '凤凰幸福食堂',
        type: '老年食堂(幸福食堂)',
        status: '运营',
        foodLicenseNo: 'JY14207040012345',
        foodLicenseExpiry: soon,
      },
      t.actor,
    );
    expect(warnings.map((w) => w.message).join()).toMatch(/到期/);
    const noLicence = t.app.records.create(
      'canteens',
      { townshipCode: FENGHUANG, name: '无证食堂', type: '老年食堂(幸福食堂)', status: '运营' },
      t.actor,
    );
    expect(noLicence.warnings.map((w) => w.field)).toContain('foodLicenseNo');
    const m = {
      canteenId: c.id,
      year: 2025,
      month: 2,
      openDays: 28,
      mealsTotal: 1000,
      mealsElderly: 900,
      mealsSpecial: 300,
      mealsDelivered: 100,
      registeredElders: 80,
      subsidyAmount: 2500.5,
    };
    t.app.records.create('canteenMonths', m, t.actor);
    expectAppError(
      () => t.app.records.create('canteenMonths', { ...m, month: 3, mealsElderly: 1001 }, t.actor),
      'VALIDATION',
      /老年人次不能多于就餐总人次/,
    );
    expectAppError(() => t.app.records.create('canteenMonths', { ...m, month: 4, mealsSpecial: 901 }, t.actor), 'VALIDATION', /特殊困难/);
    expectAppError(
      () => t.app.records.create('canteenMonths', { ...m, month: 2, year: 2026, openDays: 29 }, t.actor),
      'VALIDATION',
      /当月天数/,
    );
    expectAppError(
      () => t.app.records.create('canteenMonths', { ...m, month: 5, subsidyAmount: 1.005 }, t.actor),
      'VALIDATION',
      /两位小数/,
    );
    expectAppError(() => t.app.records.create('canteenMonths', m, t.actor), 'VALIDATION', /已经录入过/);
  });

  it('households: 身份证 derives birth date and sex, duplicates across open households are refused with a link', () => {
    const h = {
      townshipCode: FENGHUANG,
      name: '李秀英',
      idCard: '11010519491231002x',
      projectYear: 2025,
      status: '申请',
      categories: ['低保'],
      conditions: ['独居', '高龄'],
    };
    const { record } = t.app.records.create('households', h, t.actor);
    expect(record.idCard).toBe('11010519491231002X');
    expect(record.birthDate).toBe('1949-12-31');
    expect(record.sex).toBe('女');
    expect(record.categories).toEqual(['低保']);
    const dup = expectAppError(
      () => t.app.records.create('households', { ...h, name: '李秀英2' }, t.actor),
      'VALIDATION',
      /已在 2025 年度/,
    );
    expect(dup.fieldErrors?.find((f) => f.field === 'idCard')?.duplicateOf).toBe(record.id);
    expectAppError(() => t.app.records.create('households', { ...h, idCard: '110105194912310021' }, t.actor), 'VALIDATION', /校验/);
    expectAppError(() => t.app.records.create('households', { ...h, idCard: '4.20704E+17' }, t.actor), 'VALIDATION', /Excel/);
    expectAppError(
      () =>
        t.app.records.create('households', { ...h, idCard: '440524188001010014', totalCost: 5000, subsidy: 3000, selfPaid: 1000 }, t.actor),
      'VALIDATION',
      /应等于改造总费用/,
    );
    expectAppError(
      () => t.app.records.create('households', { ...h, idCard: '440524188001010014', status: '退出' }, t.actor),
      'VALIDATION',
      /退出原因/,
    );
    expect(t.app.records.list('households', { search: '002X' }).total).toBe(1);
    expect(t.app.records.list('households', { search: '002x' }).total).toBe(1);
    t.app.records.update('households', { id: record.id, patch: { phone: '13912348765' } }, t.actor);
    expect(t.app.records.list('households', { search: '8765' }).rows.map((r) => r.id)).toEqual([record.id]);
    expect(t.app.records.list('households', { search: '李秀' }).total).toBe(1);
    expect(t.app.records.list('households', { filters: { categories: '低保' } }).total).toBe(1);
    expect(t.app.records.list('households', { filters: { categories: '特困' } }).total).toBe(0);
  });

  it('household workflow steps: no step dated before the previous one; 竣工验收 needs a done item', () => {
    const { record: h } = t.app.records.create(
      'households',
      { townshipCode: FENGHUANG, name: '王大爷', idCard: idCardFor('1942-01-01', 14), projectYear: 2025, status: '申请' },
      t.actor,
    );
    // The 进度 saved on the form is a step reached today; the clerk corrects its date in the steps grid.
    const steps = () =>
      t.app.records.list('householdSteps', { filters: { householdId: h.id }, sort: { field: 'date', order: 'asc' } }).rows;
    expect(steps()).toEqual([expect.objectContaining({ step: '申请', date: t.app.today(), byName: '王管理', note: '随进度登记' })]);
    t.app.records.update('householdSteps', { id: steps()[0].id, patch: { date: '2025-03-01' } }, t.actor);
    expectAppError(
      () => t.app.records.create('householdSteps', { householdId: h.id, step: '申请', date: '2025-03-02', byName: '小王' }, t.actor),
      'VALIDATION',
      /已经登记过“申请”环节/,
    );
    t.app.records.create('householdSteps', { householdId: h.id, step: '资格审核', date: '2025-03-10', byName: '小王' }, t.actor);
    // A step further along moves the 进度 with it.
    expect(t.app.records.getRaw('households', h.id).status).toBe('资格审核');
    expectAppError(
      () => t.app.records.create('householdSteps', { householdId: h.id, step: '入户评估', date: '2025-03-05', byName: '小王' }, t.actor),
      'VALIDATION',
      /不能早于上一步/,
    );
    expectAppError(
      () => t.app.records.create('householdSteps', { householdId: h.id, step: '竣工验收', date: '2025-06-01', byName: '小王' }, t.actor),
      'VALIDATION',
      /至少要有一个已完成/,
    );
    t.app.records.create(
      'householdItems',
      { householdId: h.id, itemCode: 'R01', itemName: '防滑处理', kind: 'basic', quantity: 1, unitPrice: 800, done: true },
      t.actor,
    );
    t.app.records.create('householdSteps', { householdId: h.id, step: '竣工验收', date: '2025-06-01', byName: '小王' }, t.actor);
    expect(t.app.records.getRaw('households', h.id).status).toBe('竣工验收');
    // Setting a 进度 by hand dates it today; one that needs what is missing is refused on the 进度 field.
    const { record: h2 } = t.app.records.create(
      'households',
      { townshipCode: FENGHUANG, name: '李大妈', idCard: '11010519491231002X', projectYear: 2025, status: '申请' },
      t.actor,
    );
    expectAppError(
      () => t.app.records.update('households', { id: h2.id, patch: { status: '竣工验收' } }, t.actor),
      'VALIDATION',
      /进度改为“竣工验收”时,竣工验收前至少要有一个已完成的改造项目/,
    );
    expect(t.app.records.getRaw('households', h2.id).status).toBe('申请');
    t.app.records.update('households', { id: h2.id, patch: { status: '入户评估' } }, t.actor);
    expect(
      t.app.records
        .list('householdSteps', { filters: { householdId: h2.id } })
        .rows.map((s) => s.step)
        .sort(),
    ).toEqual(['入户评估', '申请']);
  });

  it('inspections and hazards: subject required and in the same township; 限期整改 needs a deadline; overdue filter', () => {
    const { record: f } = t.app.records.create('facilities', facility(), t.actor);
    expectAppError(
      () =>
        t.app.records.create(
          'inspections',
          {
            townshipCode: FENGHUANG,
            subjectType: 'facility',
            inspectionType: '机构自查',
            inspectedOn: '2025-05-01',
            inspectors: '张三',
            checklistVersion: '2025-1',
          },
          t.actor,
        ),
      'VALIDATION',
      /请选择被检查的养老机构/,
    );
    const { record: i } = t.app.records.create(
      'inspections',
      {
        townshipCode: FENGHUANG,
        subjectType: 'facility',
        facilityId: f.id,
        inspectionType: '乡镇排查',
        inspectedOn: '2025-05-01',
        inspectors: '张三、李四',
        checklistVersion: '2025-1',
      },
      t.actor,
    );
    t.app.records.create('inspectionAnswers', { inspectionId: i.id, itemCode: 'C01', result: '不符合', remark: '未明确责任人' }, t.actor);
    expectAppError(
      () =>
        t.app.records.create(
          'hazards',
          { inspectionId: i.id, description: '疏散通道堆放杂物', level: '一般隐患', method: '限期整改', status: '待整改' },
          t.actor,
        ),
      'VALIDATION',
      /整改期限/,
    );
    t.app.records.create(
      'hazards',
      {
        inspectionId: i.id,
        description: '疏散通道堆放杂物',
        level: '一般隐患',
        method: '限期整改',
        deadline: '2025-05-10',
        status: '待整改',
      },
      t.actor,
    );
    t.app.records.create(
      'hazards',
      {
        inspectionId: i.id,
        description: '消防控制室无人值班',
        level: '重大事故隐患',
        method: '限期整改',
        deadline: '2099-01-01',
        status: '整改中',
      },
      t.actor,
    );
    const open = t.app.records.list('hazards', { filters: { open: true } });
    expect(open.rows[0].level).toBe('重大事故隐患'); // 重大 always first
    expect(t.app.records.list('hazards', { filters: { overdue: true } }).rows.map((h) => h.description)).toEqual(['疏散通道堆放杂物']);
    expectAppError(
      () =>
        t.app.records.create(
          'hazards',
          { inspectionId: i.id, description: 'x', level: '一般隐患', method: '立行立改', status: '已销号', completedOn: '2025-05-01' },
          t.actor,
        ),
      'VALIDATION',
      /复查人/,
    );
  });

  it('targets: one per township per year', () => {
    t.app.records.create(
      'targets',
      { townshipCode: FENGHUANG, year: 2025, retrofitHouseholds: 120, newCanteens: 2, nursingBedRatio: 60, certifiedRate: 90 },
      t.actor,
    );
    expectAppError(
      () => t.app.records.create('targets', { townshipCode: FENGHUANG, year: 2025, retrofitHouseholds: 1 }, t.actor),
      'VALIDATION',
      /已经录入过/,
    );
    expectAppError(
      () => t.app.records.create('targets', { townshipCode: FENGHUANG, year: 2026, certifiedRate: 120 }, t.actor),
      'VALIDATION',
      /持证率/,
    );
  });
});

describe('dispatch', () => {
  it('refuses calls before login and unknown methods, with Chinese messages', async () => {
    t.ctx.session.user = null;
    expect(await dispatch(t.ctx, 'facilities.list', {})).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: '请先登录。' },
    });
    expect(await dispatch(t.ctx, 'toString', {})).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await dispatch(t.ctx, 42, {})).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await dispatch(t.ctx, 'system.status', undefined)).toMatchObject({ ok: true, value: { setupDone: true } });
  });

  it('logs in with the scrypt-hashed password and refuses a wrong one with one message for both cases', async () => {
    const row = t.app.store.sqlite.prepare("SELECT passwordHash FROM users WHERE username = 'admin'").get() as { passwordHash: string };
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    expect(row.passwordHash).not.toContain('Admin12345');
    const wrong = await dispatch(t.ctx, 'session.login', { username: 'admin', password: 'nope' });
    const nobody = await dispatch(t.ctx, 'session.login', { username: 'ghost', password: 'nope' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(!wrong.ok && !nobody.ok && wrong.error.message === nobody.error.message).toBe(true);
    expect(await dispatch(t.ctx, 'session.login', { username: 'ADMIN', password: 'Admin12345' })).toMatchObject({ ok: true });
  });

  it('refuses a second setup', async () => {
    const r = await dispatch(t.ctx, 'system.setup', {
      office: { level: 'township', divisionCode: FENGHUANG, name: '另一个' },
      admin: { username: 'x123', displayName: 'x', password: 'Abcdefg123' },
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });
});

describe('children follow their parent; list order and search details; who may set targets', () => {
  it('deleting an inspection deletes its answers and hazards (no open hazard left behind); restoring brings back only those', async () => {
    const { recordInspection } = await import('../../electron/inspections/service');
    const { catalogues } = await import('../../electron/system/service');
    const { dashboard } = await import('../../electron/dashboard/service');
    const fid = t.app.records.create('facilities', facility(), t.actor).record.id;
    const items = catalogues(t.app).checklist;
    const answers = items.map((i, k) =>
      k < 2 ? { itemCode: i.code, result: '不符合' as const, remark: `问题${k}` } : { itemCode: i.code, result: '符合' as const },
    );
    const d = recordInspection(t.app, t.actor, {
      inspection: { subjectType: 'facility', facilityId: fid, inspectionType: '乡镇排查', inspectedOn: '2024-03-01', inspectors: '张三' },
      answers,
    });
    const [h1, h2] = d.hazards;
    t.app.records.remove('hazards', h2.id, t.actor); // deleted on its own, before
    expect(dashboard(t.app).overdueCount).toBe(1);

    t.app.records.remove('inspections', d.inspection.id, t.actor);
    const live = (table: string) =>
      t.app.store.sqlite.prepare(`SELECT count(*) FROM ${table} WHERE inspectionId = ? AND deletedAt IS NULL`).pluck().get(d.inspection.id);
    expect([live('hazards'), live('inspection_answers')]).toEqual([0, 0]);
    expect(dashboard(t.app).overdueCount).toBe(0);
    expect(t.app.records.history('hazards', h1.id)[0].action).toBe('delete');
    // The history names what a reference points at, and codes in words.
    const created = t.app.records.history('inspections', d.inspection.id).filter((h) => h.action === 'create');
    expect(created.find((h) => h.field === 'facilityId')?.newValue).toBe('凤凰街道养老服务中心(养老机构)');
    expect(created.find((h) => h.field === 'subjectType')?.newValue).toBe('养老机构');

    t.app.records.restore('inspections', d.inspection.id, t.actor);
    expect([live('hazards'), live('inspection_answers')]).toEqual([1, items.length]);
    expect(t.app.records.getRaw('hazards', h2.id).deletedAt).not.toBeNull();
  });

  it('a year’s months come in order; a search box on targets searches the year instead of matching nothing', () => {
    const cid = t.app.records.create(
      'canteens',
      { townshipCode: FENGHUANG, name: '幸福食堂', type: '老年食堂(幸福食堂)', status: '运营' },
      t.actor,
    ).record.id;
    for (const month of [2, 4, 3, 6, 1, 5])
      t.app.records.create('canteenMonths', { canteenId: cid, year: 2025, month, mealsTotal: 100 }, t.actor);
    const rows = t.app.records.list('canteenMonths', { filters: { canteenId: cid }, sort: { field: 'year', order: 'desc' } }).rows;
    expect(rows.map((r) => r.month)).toEqual([6, 5, 4, 3, 2, 1]);
    t.app.records.create('targets', { townshipCode: FENGHUANG, year: 2025, retrofitHouseholds: 50 }, t.actor);
    t.app.records.create('targets', { townshipCode: FENGHUANG, year: 2026, retrofitHouseholds: 60 }, t.actor);
    expect(t.app.records.list('targets', { search: '2026' }).rows.map((r) => r.year)).toEqual([2026]);
  });

  it('in a township office only the admin may enter targets; everyone may read them', async () => {
    const clerk = await createUser(t.app, t.actor, { username: 'clerk2', displayName: '李填报', role: 'clerk', password: 'Clerk12345' });
    const admin = t.ctx.session.user!;
    t.ctx.session.user = { id: clerk.id, username: clerk.username, displayName: clerk.displayName, role: 'clerk' };
    const before = dumpDb(t.app);
    const denied = await dispatch(t.ctx, 'targets.create', { townshipCode: FENGHUANG, year: 2026, retrofitHouseholds: 999 });
    expect(denied).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('区(县)民政局') } });
    expect(dumpDb(t.app)).toBe(before);
    expect(await dispatch(t.ctx, 'targets.list', {})).toMatchObject({ ok: true });
    t.ctx.session.user = admin;
    expect(await dispatch(t.ctx, 'targets.create', { townshipCode: FENGHUANG, year: 2026, retrofitHouseholds: 60 })).toMatchObject({
      ok: true,
    });
  });
});
