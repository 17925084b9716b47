import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api/dispatch';
import { LedgerApp } from '../../electron/app';
import { addPhoto } from '../../electron/households/service';
import { recordInspection } from '../../electron/inspections/service';
import type { Actor } from '../../electron/records/actor';
import { seed } from '../../electron/seed/generate';
import { submit } from '../../electron/reporting/submit';
import { exportOfficeCard, openPackage, registerOffice } from '../../electron/sync/service';
import { isSealed } from '../../electron/sync/seal';
import { catalogues } from '../../electron/system/service';
import { contract, METHODS, type Method } from '../../shared/api/contract';
import type { Envelope } from '../../shared/api/errors';
import { ROLES, type Role } from '../../shared/domain/enums';
import { FENGHUANG, makeApp, tempDir } from '../helpers/app';
import {
  addRoleUsers,
  ctxAs,
  fakeDesktop,
  inputsFor,
  leaks,
  personalValues,
  readable,
  revealRule,
  type Pool,
} from '../helpers/contractCalls';

/*
 * Full personal data (身份证号, names, phones) only for the roles that may see it, by every path (issue 14.3,
 * spec §8). The methods that can emit it declare a reveal rule on the contract (shared/api/define.ts) and
 * dispatch enforces it; these tests are generated from the contract, so a method added later is covered:
 * - every flagged method × every role: a clerk is refused (or, for prints, given masked values) and nothing
 *   is audited; a reviewer or admin gets full values and one audit row says so;
 * - every method, called as a 填报员 on seeded data (with a fake desktop window so printing and "save as"
 *   run too): nothing it returns, prints or saves holds a full personal value.
 */
const TODAY = '2026-06-30';
const now = () => Date.parse(`${TODAY}T10:00:00+08:00`);
let app: LedgerApp;
let dir: string;
let district: Awaited<ReturnType<typeof makeApp>>;
let pool: Pool;
let users: Record<Role, string>;
let values: string[];

beforeAll(async () => {
  dir = tempDir('personal-');
  app = new LedgerApp({ dataDir: dir, now });
  await seed(app, { scale: 'township', seed: 5, today: TODAY });
  const admin = app.store.sqlite.prepare("SELECT id, displayName FROM users WHERE username = 'admin'").get() as {
    id: string;
    displayName: string;
  };
  const actor: Actor = { userId: admin.id, userName: admin.displayName, role: 'admin' };
  district = await makeApp({ level: 'district', divisionCode: '420704000000', now });
  registerOffice(district.app, district.actor, exportOfficeCard(app).bytes);
  registerOffice(app, actor, exportOfficeCard(district.app).bytes);
  users = addRoleUsers(app);
  // Records entered through the service (unlike seeded ones, they are in the change log and travel in packages).
  const household = app.records.create(
    'households',
    {
      townshipCode: FENGHUANG,
      name: '欧阳秀英',
      idCard: '110105194912310046',
      phone: '13912345678',
      contactName: '欧阳建国',
      contactRelation: '子女',
      contactPhone: '13698765432',
      address: '凤凰街道幸福路 9 号',
      projectYear: 2026,
      status: '施工',
      totalCost: 3000,
    },
    actor,
  ).record;
  app.records.create(
    'householdItems',
    { householdId: household.id, itemCode: 'R01', itemName: '防滑处理', category: '地面', kind: 'basic', quantity: 1, unitPrice: 800 },
    actor,
  );
  addPhoto(app, actor, {
    householdId: household.id,
    phase: 'before',
    originalName: '改造前.png',
    dataBase64: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(24).fill(7)]).toString('base64'),
  });
  app.records.create(
    'canteens',
    {
      townshipCode: FENGHUANG,
      name: '凤凰街道测试食堂',
      type: '老年食堂(幸福食堂)',
      status: '运营',
      contactName: '诸葛红梅',
      contactPhone: '13511112222',
    },
    actor,
  );
  const facility = app.records.create(
    'facilities',
    {
      townshipCode: FENGHUANG,
      name: '凤凰街道测试养老院',
      type: '民办养老机构',
      status: '运营',
      contactName: '司马光明',
      contactPhone: '13587654321',
    },
    actor,
  ).record;
  const items = catalogues(app).checklist;
  const inspection = recordInspection(app, actor, {
    inspection: {
      subjectType: 'facility',
      facilityId: facility.id,
      inspectionType: '乡镇排查',
      inspectedOn: TODAY,
      inspectors: '检查员甲',
    },
    answers: items.map((i, k) =>
      k === 0 ? { itemCode: i.code, result: '不符合' as const, remark: '测试隐患' } : { itemCode: i.code, result: '符合' as const },
    ),
  });
  // A sync conflict on a personal field, as an import would have recorded it.
  const hlc = (
    app.store.sqlite.prepare("SELECT hlc FROM change_log WHERE recordId = ? AND field = 'phone'").get(household.id) as { hlc: string }
  ).hlc;
  const conflictId = Number(
    app.store.sqlite
      .prepare(
        `INSERT INTO sync_conflicts (detectedAt, entity, recordId, field, appliedValue, appliedHlc, appliedOffice, otherValue, otherHlc, otherOffice)
         VALUES (?, 'households', ?, 'phone', ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        TODAY,
        household.id,
        JSON.stringify('13912345678'),
        hlc,
        app.requireOffice().id,
        JSON.stringify('13712312312'),
        hlc,
        district.app.requireOffice().id,
      ).lastInsertRowid,
  );
  // Packages from the district (through the contract, as the clerks would): one imported here, one not yet.
  const fromDistrict = async (name: string, idCard: string) => {
    district.app.records.create(
      'households',
      { townshipCode: FENGHUANG, name, idCard, phone: '13600001111', projectYear: 2026, status: '申请' },
      district.actor,
    );
    const env = await dispatch(district.ctx, 'sync.exportPackage', { receiverId: app.requireOffice().id });
    if (!env.ok) throw new Error(env.error.message);
    return (env.value as { dataBase64: string }).dataBase64;
  };
  const imported = await dispatch(ctxAs(app, admin.id), 'sync.importPackage', {
    dataBase64: await fromDistrict('上官婉清', '110105195203050020'),
  });
  if (!imported.ok) throw new Error(imported.error.message);
  const packageBase64 = await fromDistrict('东方玉梅', '11010519491231002X');
  // A quarter submitted (报送), so the reporting cycle's methods have a snapshot to show.
  const submission = (await submit(app, actor, { year: 2026, quarter: 1 })).submission!.id;
  const first = (table: string, where = '1') =>
    (app.store.sqlite.prepare(`SELECT id FROM "${table}" WHERE deletedAt IS NULL AND ${where} LIMIT 1`).get() as { id: string } | undefined)
      ?.id;
  pool = {
    ids: {
      households: household.id,
      householdItems: first('household_items', `householdId = '${household.id}'`),
      householdSteps: first('household_steps'),
      householdPhotos: first('household_photos'),
      facilities: facility.id,
      facilityQuarters: first('facility_quarters'),
      canteens: first('canteens', "name = '凤凰街道测试食堂'"),
      canteenMonths: first('canteen_months'),
      inspections: inspection.inspection.id,
      inspectionAnswers: inspection.answers[0].id,
      hazards: inspection.hazards[0].id,
      targets: first('targets'),
      reportSubmissions: submission,
    },
    users,
    officeId: app.requireOffice().id,
    peerOfficeId: district.app.requireOffice().id,
    conflictId,
    importedPackageId: (imported.value as { summary: { packageId: string } }).summary.packageId,
    packageBase64,
    townshipCode: FENGHUANG,
    checklistVersion: catalogues(app).checklistVersion,
    year: 2026,
    quarter: 2,
    month: 6,
    today: TODAY,
    idCard: '110105194912310046',
  };
  values = personalValues(app);
}, 120_000);
afterAll(() => {
  app?.close();
  rmSync(dir, { recursive: true, force: true });
  district?.cleanup();
});

const reveals = () => (app.store.sqlite.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'reveal'").get() as { n: number }).n;
const lastReveal = () =>
  app.store.sqlite
    .prepare("SELECT userId, entity, recordId, newValue, note FROM audit_log WHERE action = 'reveal' ORDER BY id DESC LIMIT 1")
    .get() as {
    userId: string;
    entity: string;
    recordId: string | null;
    newValue: string;
    note: string;
  };

/** Sync packages in a result, as the office they are encrypted to reads them (the district). */
function openedByReceiver(v: unknown, out: Buffer[] = []): Buffer[] {
  const bytes =
    typeof v === 'string' && /^[A-Za-z0-9+/]{16,}={0,2}$/.test(v)
      ? Buffer.from(v, 'base64')
      : v instanceof Uint8Array
        ? Buffer.from(v)
        : null;
  if (bytes && isSealed(bytes)) out.push(openPackage(district.app, bytes));
  else if (Array.isArray(v)) for (const x of v) openedByReceiver(x, out);
  else if (v && typeof v === 'object' && !(v instanceof Uint8Array)) for (const x of Object.values(v)) openedByReceiver(x, out);
  return out;
}

/**
 * One call as that role; what it returned and what the desktop window printed or saved, as text (with
 * `asReceiver`, also what the receiving office reads in an encrypted package: on the stick it is unreadable).
 */
async function call(role: Role, method: Method, input: unknown, asReceiver = false) {
  // A conflict settled by an earlier call is opened again, so each role meets it as the first did.
  app.store.sqlite.prepare("UPDATE sync_conflicts SET status = 'open', resolvedBy = NULL, resolvedAt = NULL").run();
  const desktop = fakeDesktop();
  const env = (await dispatch(ctxAs(app, users[role], desktop), method, input)) as Envelope<unknown>;
  const opened = asReceiver ? openedByReceiver([env, desktop.shown]) : [];
  return { env, texts: await readable([env, desktop.shown, ...opened]) };
}

/** Full values in what a call gave back, except those the caller sent itself (a 身份证号 typed to be checked). */
const leaksOf = (texts: string[], input: unknown) => {
  const sent = JSON.stringify(input ?? null);
  return leaks(
    texts,
    values.filter((v) => !sent.includes(v)),
  );
};

/**
 * Paths that carry the office's data, in full, to the office a package is addressed to. Listed here until
 * that path is encrypted to the receiver (issue 14.1, the sync session); the test fails once one of them no
 * longer leaks, so the entry is removed then.
 */
const AWAITING_ENCRYPTION: Partial<Record<Method, string>> = {};

/** A direct call of a flagged method, or a desktop wrapper (print preview, save as) around one. */
function flaggedCalls(): { method: Method; input: unknown; inner: Method }[] {
  const out: { method: Method; input: unknown; inner: Method }[] = [];
  for (const method of METHODS)
    for (const input of inputsFor(method, pool)) {
      const inner =
        (input as { method?: Method } | undefined)?.method && 'input' in (input as object) ? (input as { method: Method }).method : method;
      const rule = revealRule(inner);
      if (!rule) continue;
      const innerInput = inner === method ? input : (input as { input: unknown }).input;
      const asks = rule.asks ? rule.asks(contract[inner].input.parse(innerInput)) : true;
      if (asks) out.push({ method, input, inner });
    }
  return out;
}

describe('full personal values: the contract flag, enforced in dispatch', () => {
  it('flags every method known to emit full values, never a public one', () => {
    const flagged = METHODS.filter((m) => revealRule(m));
    expect(flagged).toEqual(
      expect.arrayContaining([
        'households.get',
        'households.history',
        'facilities.get',
        'canteens.get',
        'reports.export',
        'sync.exportPackage',
        'sync.conflicts',
        'print.household',
        'print.filledChecklist',
        'print.notice',
      ]),
    );
    for (const m of flagged) expect(contract[m].access, m).not.toBe('public');
    // Record types without a personal field have nothing to reveal.
    expect(flagged).not.toContain('targets.get');
  });

  it('every flagged method × every role: a clerk gets no full value and no reveal is audited; a reviewer or admin gets them, audited once', async () => {
    const calls = flaggedCalls();
    expect(new Set(calls.map((c) => c.inner)).size).toBe(METHODS.filter((m) => revealRule(m)).length);
    const tried: string[] = [];
    for (const c of calls) {
      const rule = revealRule(c.inner)!;
      for (const role of ROLES) {
        const before = reveals();
        const { env, texts } = await call(role, c.method, c.input, true);
        const where = `${role} ${c.method}${c.method === c.inner ? '' : `→${c.inner}`} ${JSON.stringify(c.input).slice(0, 120)}`;
        tried.push(where);
        if (role === 'clerk') {
          if (rule.asks)
            expect(env, where).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/^填报员不能/) } });
          else expect(env.ok, where).toBe(true);
          expect(leaksOf(texts, c.input), where).toEqual([]);
          expect(reveals(), where).toBe(before);
          continue;
        }
        expect(env.ok, `${where}: ${JSON.stringify(env).slice(0, 300)}`).toBe(true);
        expect(leaksOf(texts, c.input).length, `${where}: the full values it was asked for`).toBeGreaterThan(0);
        expect(reveals(), where).toBe(before + 1);
        const row = lastReveal();
        const innerInput = c.method === c.inner ? c.input : (c.input as { input: unknown }).input;
        const parsed = contract[c.inner].input.parse(innerInput);
        expect(row, where).toMatchObject({
          userId: users[role],
          entity: rule.entity,
          recordId: rule.recordId?.(parsed) ?? null,
          newValue: c.inner,
          note: rule.note(parsed),
        });
      }
    }
    expect(tried.length).toBeGreaterThanOrEqual(3 * 12);
  }, 300_000);

  it('no other path gives a 填报员 a full 身份证号, name or phone: every method, called as a clerk on seeded data', async () => {
    expect(values.length).toBeGreaterThan(1000); // the seeded office's personal values, searched for in everything
    const order = (m: Method) => (m.endsWith('.delete') ? 2 : m.endsWith('.restore') ? 3 : contract[m].writes ? 1 : 0);
    const found: string[] = [];
    const awaiting = new Set<string>();
    const answered = new Set<Method>();
    let calls = 0;
    for (const method of [...METHODS].sort((a, b) => order(a) - order(b))) {
      for (const input of inputsFor(method, pool)) {
        const { env, texts } = await call('clerk', method, input);
        calls++;
        if (env.ok) answered.add(method);
        const l = leaksOf(texts, input);
        if (!l.length) continue;
        const inner = ((input as { method?: Method } | undefined)?.method ?? method) as Method;
        if (AWAITING_ENCRYPTION[inner]) awaiting.add(inner);
        else found.push(`${method} ${JSON.stringify(input).slice(0, 100)}: ${l.slice(0, 5).join(', ')}`);
      }
    }
    expect(found).toEqual([]);
    expect([...awaiting].sort(), 'a path listed in AWAITING_ENCRYPTION no longer leaks: remove it from the list').toEqual(
      Object.keys(AWAITING_ENCRYPTION).sort(),
    );
    // The calls reached the handlers: every query a clerk may make answered at least once with real data.
    const queries = METHODS.filter((m) => !contract[m].writes && contract[m].access !== 'admin');
    expect(queries.filter((m) => !answered.has(m))).toEqual([]);
    expect(calls).toBeGreaterThan(METHODS.length);
  }, 300_000);
});
