import { afterEach, describe, expect, it } from 'vitest';
import {
  ackFile,
  syncHistory,
  unregisterOffice,
  exportOfficeCard,
  exportPackage,
  importAck,
  importPackage,
  inspectPackage,
  listConflicts,
  openPackage,
  sealPackage,
  registerOffice,
  resolveConflict,
  stateHash,
  syncStatus,
} from '../../electron/sync/service';
import { decodeFile, encodeFile } from '../../electron/sync/format';
import { dispatch } from '../../electron/api/dispatch';
import { dumpDb, FENGHUANG, GULOU, makeApp } from '../helpers/app';
import { makeHierarchy } from '../helpers/sync';

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

const facility = (townshipCode: string, name: string) => ({
  townshipCode,
  name,
  type: '其他',
  status: '运营',
  bedsTotal: 50,
  bedsNursing: 30,
});

/** One township registered with its district (both ways). */
async function townshipAndDistrict() {
  const h = await makeHierarchy([FENGHUANG]);
  cleanup = h.cleanup;
  const [t] = h.townships;
  const d = h.district;
  return { t, d, dId: d.app.office()!.id, tId: t.app.office()!.id };
}

describe('sync packages between a township and its district', () => {
  it('moves records up, acknowledges, and sends only what is new next time', async () => {
    const h = await makeHierarchy([FENGHUANG]);
    cleanup = h.cleanup;
    const [t] = h.townships;
    const d = h.district;
    const { record } = t.app.records.create('facilities', facility(FENGHUANG, '凤凰养老院'), t.actor);
    t.app.records.create('facilityQuarters', { facilityId: record.id, year: 2025, quarter: 1, residents: 20 }, t.actor);
    const pkg = exportPackage(t.app, t.actor, d.app.office()!.id);
    expect(pkg.manifest.counts).toMatchObject({ facilities: expect.any(Number), facilityQuarters: expect.any(Number) });
    const preview = inspectPackage(d.app, pkg.bytes);
    expect(preview.perEntity.find((e) => e.entity === 'facilities')).toMatchObject({ new: 1, updated: 0 });
    expect(d.app.records.list('facilities', {}).total).toBe(0); // the preview changed nothing
    const res = importPackage(d.app, d.actor, pkg.bytes);
    expect(res.summary.perEntity.find((e) => e.entity === 'facilityQuarters')).toMatchObject({ new: 1 });
    expect(d.app.records.getRaw('facilities', record.id)).toMatchObject({
      name: '凤凰养老院',
      townshipCode: FENGHUANG,
      officeId: t.app.office()!.id,
    });
    expect(stateHash(d.app)).toBe(stateHash(t.app));
    // The same package twice is a no-op.
    const before = dumpDb(d.app);
    expect(importPackage(d.app, d.actor, pkg.bytes).summary.alreadyImported).toBe(true);
    expect(dumpDb(d.app)).toBe(before);
    // Until the acknowledgement comes back everything is sent again; after it only new changes.
    expect(exportPackage(t.app, t.actor, d.app.office()!.id).manifest.changeCount).toBe(pkg.manifest.changeCount);
    importAck(t.app, t.actor, res.ack!.bytes as Buffer);
    t.app.records.update('facilities', { id: record.id, patch: { bedsTotal: 60 } }, t.actor);
    const next = exportPackage(t.app, t.actor, d.app.office()!.id);
    expect(next.manifest.changeCount).toBe(1);
    // A replayed acknowledgement is refused and changes nothing.
    const beforeAck = dumpDb(t.app);
    expect(() => importAck(t.app, t.actor, res.ack!.bytes as Buffer)).toThrow(/已经在 .* 导入过/);
    expect(dumpDb(t.app)).toBe(beforeAck);
  });

  it('the history reads as things stand: a package lost on the way is covered by the next one’s acknowledgement; conflicts say whether they are settled', async () => {
    const h = await makeHierarchy([FENGHUANG]);
    cleanup = h.cleanup;
    const [t] = h.townships;
    const d = h.district;
    const dId = d.app.office()!.id;
    const { record } = t.app.records.create('facilities', facility(FENGHUANG, '凤凰养老院'), t.actor);
    const lost = exportPackage(t.app, t.actor, dId); // never reaches the district
    t.app.records.update('facilities', { id: record.id, patch: { bedsTotal: 70 } }, t.actor);
    const next = exportPackage(t.app, t.actor, dId);
    importAck(t.app, t.actor, importPackage(d.app, d.actor, next.bytes).ack!.bytes as Buffer);
    const line = (app: typeof t.app, id: string) => syncHistory(app).find((r) => r.packageId === id)!.text;
    expect(line(t.app, lost.manifest.packageId)).toMatch(/已由 \d{4}-\d{2}-\d{2} 的回执一并确认/);
    expect(line(t.app, next.manifest.packageId)).toMatch(/字段变更.*对方已于 .* 确认收到/);

    t.app.records.update('facilities', { id: record.id, patch: { bedsTotal: 80 } }, t.actor);
    d.app.records.update('facilities', { id: record.id, patch: { bedsTotal: 90 } }, d.actor);
    const clash = exportPackage(t.app, t.actor, dId);
    importPackage(d.app, d.actor, clash.bytes);
    expect(line(d.app, clash.manifest.packageId)).toContain('1 项冲突待确认');
    resolveConflict(d.app, d.actor, listConflicts(d.app)[0].id, 'keep');
    expect(line(d.app, clash.manifest.packageId)).toContain('1 项冲突已处理');
  });

  it('an acknowledgement lost on the way is written again from what the receiver kept, byte for byte', async () => {
    const h = await makeHierarchy([FENGHUANG]);
    cleanup = h.cleanup;
    const [t] = h.townships;
    const d = h.district;
    t.app.records.create('facilities', facility(FENGHUANG, '凤凰养老院'), t.actor);
    const pkg = exportPackage(t.app, t.actor, d.app.office()!.id);
    const res = importPackage(d.app, d.actor, pkg.bytes);
    const again = ackFile(d.app, pkg.manifest.packageId);
    expect(again.fileName).toBe(res.ack!.fileName);
    expect(Buffer.compare(again.bytes, Buffer.from(res.ack!.bytes))).toBe(0);
    expect(() => ackFile(d.app, '00000000-0000-4000-8000-000000000000')).toThrow(/没有导入过这个同步包/);

    // A package imported by the previous version kept no sequence number: the clerk is told to import it again,
    // which changes no record, keeps the number, and from then on the acknowledgement can be saved again.
    d.app.store.sqlite.prepare('UPDATE sync_inbox SET toSeq = NULL').run();
    expect(() => ackFile(d.app, pkg.manifest.packageId)).toThrow(/请再导入一次原来的同步包文件/);
    const records = JSON.stringify(d.app.store.sqlite.prepare('SELECT * FROM facilities').all());
    expect(importPackage(d.app, d.actor, pkg.bytes).summary.alreadyImported).toBe(true);
    expect(JSON.stringify(d.app.store.sqlite.prepare('SELECT * FROM facilities').all())).toBe(records);
    importAck(t.app, t.actor, ackFile(d.app, pkg.manifest.packageId).bytes);
    expect(t.app.store.sqlite.prepare('SELECT ackedAt FROM sync_outbox').pluck().get()).toBeTruthy();
  });

  it('township → district → city: the city gets the township’s records through the district, identical; a correction from the city comes back down', async () => {
    const h = await makeHierarchy([FENGHUANG, GULOU]);
    const city = await makeApp({ level: 'city', divisionCode: '420700000000' });
    cleanup = () => {
      h.cleanup();
      city.cleanup();
    };
    const d = h.district;
    registerOffice(city.app, city.actor, exportOfficeCard(d.app).bytes);
    registerOffice(d.app, d.actor, exportOfficeCard(city.app).bytes);
    const [fh, gl] = h.townships;
    const a = fh.app.records.create('facilities', facility(FENGHUANG, '凤凰养老院'), fh.actor).record;
    gl.app.records.create('facilities', facility(GULOU, '古楼养老院'), gl.actor);
    d.app.records.create('targets', { townshipCode: GULOU, year: 2026, retrofitHouseholds: 70 }, d.actor);
    for (const t of [fh, gl]) importPackage(d.app, d.actor, exportPackage(t.app, t.actor, d.app.office()!.id).bytes);
    const up = importPackage(city.app, city.actor, exportPackage(d.app, d.actor, city.app.office()!.id).bytes);
    expect(up.summary.perEntity.find((e) => e.entity === 'facilities')).toMatchObject({ new: 2 });
    // Freshness of the roll-ups: the district sees each township office's last package; the city sees the district's.
    const { reportFreshness } = await import('../../electron/reports/freshness');
    expect(reportFreshness(d.app)[FENGHUANG]).toMatchObject({
      officeName: fh.app.office()!.name,
      packageMadeAt: expect.any(String),
      receivedAt: expect.any(String),
    });
    expect(reportFreshness(city.app)[GULOU]).toMatchObject({ officeName: d.app.office()!.name, packageMadeAt: expect.any(String) });
    expect(reportFreshness(fh.app)).toEqual({});
    // The exported workbook says it too, beside each township's row.
    const { computeAll } = await import('../../electron/reports/engine');
    const { writeWorkbook } = await import('../../electron/reports/xlsx');
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await writeWorkbook(d.app, computeAll(d.app, 2026, 4), { year: 2026, quarter: 4, revealIds: false })) as never);
    const t1 = book.worksheets[0];
    const last = t1.getRow(4).cellCount;
    expect(t1.getCell(4, last).value).toBe('数据截至');
    const rowOf = (name: string) => [...Array(t1.rowCount).keys()].map((i) => t1.getRow(i + 1)).find((r) => r.getCell(1).value === name)!;
    expect(rowOf('凤凰街道').getCell(last).value).toBe(reportFreshness(d.app)[FENGHUANG].packageMadeAt!.slice(0, 10));
    expect(rowOf('西山街道').getCell(last).value).toBe('尚未收到数据');
    expect(stateHash(city.app)).toBe(stateHash(d.app));
    // The record keeps the office that made it, two hops away.
    expect(city.app.records.getRaw('facilities', a.id)).toMatchObject({ name: '凤凰养老院', officeId: fh.app.office()!.id });
    // The city corrects a figure; it goes down through the district to the township that owns the record.
    city.app.records.update('facilities', { id: a.id, patch: { bedsTotal: 80 } }, city.actor);
    importPackage(d.app, d.actor, exportPackage(city.app, city.actor, d.app.office()!.id).bytes);
    importPackage(fh.app, fh.actor, exportPackage(d.app, d.actor, fh.app.office()!.id).bytes);
    expect(fh.app.records.getRaw('facilities', a.id).bedsTotal).toBe(80);
    expect(stateHash(fh.app, new Set([FENGHUANG]))).toBe(stateHash(city.app, new Set([FENGHUANG])));
    // 古楼's records never reach 凤凰.
    expect(fh.app.records.list('facilities', {}).rows.map((r) => r.name)).toEqual(['凤凰养老院']);
  });

  it('the district sends targets down, limited to the township’s area', async () => {
    const h = await makeHierarchy([FENGHUANG, GULOU]);
    cleanup = h.cleanup;
    const d = h.district;
    d.app.records.create('targets', { townshipCode: FENGHUANG, year: 2026, retrofitHouseholds: 50 }, d.actor);
    d.app.records.create('targets', { townshipCode: GULOU, year: 2026, retrofitHouseholds: 70 }, d.actor);
    const [fh, gl] = h.townships;
    // The pending count shown per township is what its package will carry: its own area only.
    const pending = () => Object.fromEntries(syncStatus(d.app).map((p) => [p.divisionCode, p.pendingChanges]));
    const down = exportPackage(d.app, d.actor, fh.app.office()!.id);
    expect(pending()[FENGHUANG]).toBe(down.manifest.changeCount);
    expect(pending()[GULOU]).toBe(exportPackage(d.app, d.actor, gl.app.office()!.id).manifest.changeCount);
    expect(pending()[FENGHUANG]).toBeGreaterThan(0);
    importPackage(fh.app, fh.actor, down.bytes);
    expect(fh.app.records.list('targets', {}).rows.map((r) => r.retrofitHouseholds)).toEqual([50]);
    // The township reads the district's target; changing or deleting it is the district's (it would sync back up).
    const sent = fh.app.records.list('targets', {}).rows[0];
    const before = dumpDb(fh.app);
    expect(await dispatch(fh.ctx, 'targets.update', { id: sent.id, patch: { retrofitHouseholds: 5 } })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringContaining('区(县)民政局下达的,乡镇不能修改或删除') },
    });
    expect(await dispatch(fh.ctx, 'targets.delete', { id: sent.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(dumpDb(fh.app)).toBe(before);
    // A target the township's admin entered itself (no district using the app yet) stays its own to change.
    const own = await dispatch(fh.ctx, 'targets.create', { townshipCode: FENGHUANG, year: 2027, retrofitHouseholds: 10 });
    expect(own).toMatchObject({ ok: true });
    expect(
      await dispatch(fh.ctx, 'targets.update', {
        id: (own as { value: { record: { id: string } } }).value.record.id,
        patch: { retrofitHouseholds: 12 },
      }),
    ).toMatchObject({ ok: true });
  });

  it('records a conflict when both sides changed the same field, converges, and a reviewer can restore the other value', async () => {
    const { t, d, dId, tId } = await townshipAndDistrict();
    const { record } = t.app.records.create('facilities', facility(FENGHUANG, '凤凰养老院'), t.actor);
    const first = importPackage(d.app, d.actor, exportPackage(t.app, t.actor, dId).bytes);
    importAck(t.app, t.actor, first.ack!.bytes as Buffer);
    t.app.records.update('facilities', { id: record.id, patch: { bedsTotal: 80 } }, t.actor);
    d.app.records.update('facilities', { id: record.id, patch: { bedsTotal: 90, address: '凤凰路 1 号' } }, d.actor);
    importPackage(d.app, d.actor, exportPackage(t.app, t.actor, dId).bytes);
    importPackage(t.app, t.actor, exportPackage(d.app, d.actor, tId).bytes);
    expect(stateHash(t.app)).toBe(stateHash(d.app));
    const winner = d.app.records.getRaw('facilities', record.id).bedsTotal;
    expect([80, 90]).toContain(winner);
    expect(t.app.records.getRaw('facilities', record.id).address).toBe('凤凰路 1 号'); // different fields merge
    for (const side of [t, d]) {
      const cs = listConflicts(side.app);
      expect(cs).toHaveLength(1);
      expect(cs[0]).toMatchObject({ field: 'bedsTotal', fieldLabel: '床位总数' });
      expect([cs[0].appliedValue, cs[0].otherValue].sort()).toEqual(['80', '90']);
    }
    const c = listConflicts(d.app)[0];
    resolveConflict(d.app, d.actor, c.id, 'restore');
    const loser = Number(c.otherValue);
    expect(d.app.records.getRaw('facilities', record.id).bedsTotal).toBe(loser);
    importPackage(t.app, t.actor, exportPackage(d.app, d.actor, tId).bytes);
    expect(t.app.records.getRaw('facilities', record.id).bedsTotal).toBe(loser);
    expect(stateHash(t.app)).toBe(stateHash(d.app));
    // The township's own copy of that clash is closed by the district's choice: not asked twice.
    expect(listConflicts(t.app)).toEqual([]);
    expect(listConflicts(t.app, 'all')).toEqual([
      expect.objectContaining({ field: 'bedsTotal', status: 'kept', resolvedBy: expect.stringContaining('已在其他单位处理') }),
    ]);
  });

  it('a clash the district settled before the township heard of it reaches the township settled, with the district’s choice', async () => {
    const { t, d, dId, tId } = await townshipAndDistrict();
    const { record } = t.app.records.create(
      'households',
      { townshipCode: FENGHUANG, name: '李秀英', idCard: '11010519491231002X', projectYear: 2026, status: '申请', phone: '13800000001' },
      t.actor,
    );
    importAck(t.app, t.actor, importPackage(d.app, d.actor, exportPackage(t.app, t.actor, dId).bytes).ack!.bytes as Buffer);
    // The district edits first, the township later: the township's value wins at the district...
    d.app.records.update('households', { id: record.id, patch: { phone: '13900000003' } }, d.actor);
    t.app.records.update('households', { id: record.id, patch: { phone: '13800000002' } }, t.actor);
    importPackage(d.app, d.actor, exportPackage(t.app, t.actor, dId).bytes);
    const [c] = listConflicts(d.app);
    expect(c).toMatchObject({ field: 'phone', appliedValue: '"13800000002"', otherValue: '"13900000003"' });
    // ...and the district's reviewer restores the district's number.
    resolveConflict(d.app, d.actor, c.id, 'restore');
    const back = importPackage(t.app, t.actor, exportPackage(d.app, d.actor, tId).bytes);
    expect(t.app.records.getRaw('households', record.id).phone).toBe('13900000003');
    expect(back.summary.conflicts).toBe(0);
    expect(listConflicts(t.app, 'all')).toEqual([]);
    expect(stateHash(t.app)).toBe(stateHash(d.app));
  });

  it('a deletion and an edit made apart: the tombstone travels and the clash is recorded, nothing silently lost', async () => {
    const h = await makeHierarchy([FENGHUANG]);
    cleanup = h.cleanup;
    const [t] = h.townships;
    const d = h.district;
    const { record } = t.app.records.create('facilities', facility(FENGHUANG, '要删除的机构'), t.actor);
    importPackage(d.app, d.actor, exportPackage(t.app, t.actor, d.app.office()!.id).bytes);
    t.app.records.remove('facilities', record.id, t.actor);
    d.app.records.update('facilities', { id: record.id, patch: { bedsTotal: 75 } }, d.actor);
    importPackage(d.app, d.actor, exportPackage(t.app, t.actor, d.app.office()!.id).bytes);
    importPackage(t.app, t.actor, exportPackage(d.app, d.actor, t.app.office()!.id).bytes);
    expect(stateHash(t.app)).toBe(stateHash(d.app));
    expect(d.app.records.getRaw('facilities', record.id).deletedAt).not.toBeNull();
    expect(d.app.records.getRaw('facilities', record.id).bedsTotal).toBe(75); // the edit is kept under the tombstone
    expect(listConflicts(d.app).some((c) => c.field === '_deleted')).toBe(true);
    expect(listConflicts(t.app).some((c) => c.field === '_deleted')).toBe(true);
  });
});

describe('refusals: the database is unchanged and the message says why', () => {
  async function pair() {
    const h = await makeHierarchy([FENGHUANG]);
    cleanup = h.cleanup;
    const [t] = h.townships;
    t.app.records.create('facilities', facility(FENGHUANG, '凤凰养老院'), t.actor);
    return { t, d: h.district, pkg: exportPackage(t.app, t.actor, h.district.app.office()!.id) };
  }

  it('one flipped byte anywhere, or a truncated file', async () => {
    const { d, pkg } = await pair();
    const before = dumpDb(d.app);
    for (const pos of [10, Math.floor(pkg.bytes.length / 2), pkg.bytes.length - 5]) {
      const bad = Buffer.from(pkg.bytes);
      bad[pos] ^= 0x01;
      expect(() => importPackage(d.app, d.actor, bad), `byte ${pos}`).toThrow(/损坏|改动|不完整|不符/);
    }
    expect(() => importPackage(d.app, d.actor, pkg.bytes.subarray(0, pkg.bytes.length - 100))).toThrow(/不完整/);
    expect(() => importPackage(d.app, d.actor, Buffer.from('hello'))).toThrow(/不是养老服务台账/);
    expect(dumpDb(d.app)).toBe(before);
  });

  it('a changed body with a re-computed gzip still fails the hash; a forged manifest fails the signature', async () => {
    const { t, d, pkg } = await pair();
    const before = dumpDb(d.app);
    // What the township could write (it holds the district's public key): a valid encryption of altered content.
    const file = decodeFile(openPackage(d.app, pkg.bytes), '同步包');
    const dId = d.app.office()!.id;
    const tamperedBody = file.body!.replace('凤凰养老院', '假冒养老院');
    const resealed = (f: Buffer) => sealPackage(t.app, dId, f);
    expect(() => importPackage(d.app, d.actor, resealed(encodeFile(file.manifest as object, file.signature, tamperedBody)))).toThrow(
      /校验值不符/,
    );
    const forged = { ...(file.manifest as object), changeCount: 1 };
    expect(() => importPackage(d.app, d.actor, resealed(encodeFile(forged, file.signature, file.body)))).toThrow(/签名/);
    expect(dumpDb(d.app)).toBe(before);
  });

  it('wrong receiver, unregistered sender, newer schema; the other kind of file or one’s own package says what it is', async () => {
    const { t, d, pkg } = await pair();
    const stranger = await makeApp({ level: 'district', divisionCode: '420703000000' });
    try {
      const own = dumpDb(t.app);
      expect(() => importPackage(t.app, t.actor, pkg.bytes)).toThrow(/这是本单位自己导出的同步包/);
      expect(() => importAck(t.app, t.actor, pkg.bytes)).toThrow(/这是一个同步包文件,不是回执。请点“导入同步包…”/);
      expect(dumpDb(t.app)).toBe(own);
      const ack = importPackage(d.app, d.actor, pkg.bytes).ack!.bytes as Buffer;
      expect(() => inspectPackage(d.app, ack)).toThrow(/这是一个同步回执文件.*请点“导入回执…”/);
      const before = dumpDb(stranger.app);
      expect(() => importPackage(stranger.app, stranger.actor, pkg.bytes)).toThrow(/不是发给本单位/);
      expect(dumpDb(stranger.app)).toBe(before);
      // Another township of the district that the district never registered.
      const rogue = await makeApp({ level: 'township', divisionCode: GULOU });
      try {
        registerOffice(rogue.app, rogue.actor, exportOfficeCard(d.app).bytes);
        rogue.app.records.create('facilities', facility(GULOU, '未登记'), rogue.actor);
        const rp = exportPackage(rogue.app, rogue.actor, d.app.office()!.id);
        const dBefore = dumpDb(d.app);
        expect(() => importPackage(d.app, d.actor, rp.bytes)).toThrow(/没有在本单位登记/);
        expect(dumpDb(d.app)).toBe(dBefore);
      } finally {
        rogue.cleanup();
      }
      const file = decodeFile(openPackage(d.app, pkg.bytes), '同步包');
      const newer = { ...(file.manifest as object), schemaVersion: 99 };
      const { signedBytes } = await import('../../electron/sync/format');
      const resigned = sealPackage(t.app, d.app.office()!.id, encodeFile(newer, t.app.keys.sign(signedBytes(newer)), file.body));
      const dBefore = dumpDb(d.app);
      expect(() => importPackage(d.app, d.actor, resigned)).toThrow(/更新版本/);
      expect(dumpDb(d.app)).toBe(dBefore);
    } finally {
      stranger.cleanup();
    }
  });

  it('a package with records outside the sender’s area is refused', async () => {
    const h = await makeHierarchy([FENGHUANG, GULOU]);
    cleanup = h.cleanup;
    const [fh] = h.townships;
    const d = h.district;
    // A (tampered-with or misconfigured) township copy holding another township's record.
    fh.app.records.create('facilities', facility(FENGHUANG, '凤凰院'), fh.actor);
    fh.app.store.sqlite.prepare('UPDATE facilities SET townshipCode = ?').run(GULOU);
    const before = dumpDb(d.app);
    expect(() => importPackage(d.app, d.actor, exportPackage(fh.app, fh.actor, d.app.office()!.id).bytes)).toThrow(/古楼街道.*不属于/);
    expect(dumpDb(d.app)).toBe(before);
  });

  it('registration refuses offices outside the area and a changed key', async () => {
    const h = await makeHierarchy([FENGHUANG]);
    cleanup = h.cleanup;
    const foreign = await makeApp({ level: 'township', divisionCode: '429006001000' });
    try {
      expect(() => registerOffice(h.district.app, h.district.actor, exportOfficeCard(foreign.app).bytes)).toThrow(/不在.*辖区内/);
      const card = JSON.parse(exportOfficeCard(h.townships[0].app).bytes.toString()) as Record<string, string>;
      const tampered = Buffer.from(JSON.stringify({ ...card, name: '改过的名字' }));
      expect(() => registerOffice(h.district.app, h.district.actor, tampered)).toThrow(/签名不对/);
    } finally {
      foreign.cleanup();
    }
  });

  it('a second installation for the same township is refused until the old registration is ended; then the old one is refused', async () => {
    const h = await makeHierarchy([FENGHUANG]);
    const twin = await makeApp({ level: 'township', divisionCode: FENGHUANG });
    cleanup = () => {
      h.cleanup();
      twin.cleanup();
    };
    const d = h.district;
    const [old] = h.townships;
    const oldId = old.app.office()!.id;
    old.app.records.create('facilities', facility(FENGHUANG, '凤凰养老院'), old.actor);
    importPackage(d.app, d.actor, exportPackage(old.app, old.actor, d.app.office()!.id).bytes);
    const before = dumpDb(d.app);
    expect(() => registerOffice(d.app, d.actor, exportOfficeCard(twin.app).bytes)).toThrow(
      /已经登记过同一区划的单位“测试民政办”.*先在“上下级单位”中解除旧登记/,
    );
    expect(dumpDb(d.app)).toBe(before);
    expect(syncStatus(d.app).map((p) => p.id)).toEqual([oldId]);

    expect(unregisterOffice(d.app, d.actor, oldId)).toEqual({ name: '测试民政办' });
    expect(syncStatus(d.app)).toEqual([]);
    expect(d.app.records.list('facilities', {}).rows.map((r) => r.name)).toEqual(['凤凰养老院']); // what it sent stays
    expect(() => importPackage(d.app, d.actor, exportPackage(old.app, old.actor, d.app.office()!.id, true).bytes)).toThrow(
      /没有在本单位登记为上级或下级/,
    );
    registerOffice(d.app, d.actor, exportOfficeCard(twin.app).bytes);
    expect(syncStatus(d.app).map((p) => p.id)).toEqual([twin.app.office()!.id]);
    expect(d.app.store.sqlite.prepare("SELECT count(*) FROM audit_log WHERE action = 'unregister-office'").pluck().get()).toBe(1);
    expect(() => unregisterOffice(d.app, d.actor, oldId)).toThrow(/没有找到这个已登记的单位/);
  });
});

describe('one live record per natural key (a target per township and year, figures per quarter, per month)', () => {
  for (const first of ['district', 'township'] as const)
    it(`both offices enter 凤凰's 2026 target (the ${first} first): the first stays, the other is retired everywhere, a conflict says so`, async () => {
      const { t, d, dId, tId } = await townshipAndDistrict();
      const make = (o: typeof t, n: number) =>
        o.app.records.create('targets', { townshipCode: FENGHUANG, year: 2026, retrofitHouseholds: n }, o.actor).record;
      const [a, b] = first === 'district' ? [make(d, 50), make(t, 40)] : [make(t, 40), make(d, 50)];
      // Each learns of the other's; in either order nothing breaks and both end the same.
      importPackage(d.app, d.actor, exportPackage(t.app, t.actor, dId).bytes);
      importPackage(t.app, t.actor, exportPackage(d.app, d.actor, tId).bytes);
      importPackage(d.app, d.actor, exportPackage(t.app, t.actor, dId).bytes);
      expect(stateHash(t.app)).toBe(stateHash(d.app));
      for (const o of [t, d]) {
        const live = o.app.records.list('targets', {}).rows;
        expect(live.map((r) => r.id)).toEqual([a.id]);
        expect(o.app.records.getRaw('targets', b.id).deletedAt).not.toBeNull();
        expect(o.app.records.getRaw('targets', b.id).retrofitHouseholds).toBe(first === 'district' ? 40 : 50); // kept under its tombstone
        expect(listConflicts(o.app)).toEqual([expect.objectContaining({ recordId: b.id, fieldLabel: '同一期间重复录入' })]);
      }
    });

  it('a retirement a township makes up (no duplicate exists) is refused', async () => {
    const { t, d, dId } = await townshipAndDistrict();
    const target = d.app.records.create('targets', { townshipCode: FENGHUANG, year: 2026, retrofitHouseholds: 50 }, d.actor).record;
    importPackage(t.app, t.actor, exportPackage(d.app, d.actor, t.app.office()!.id).bytes);
    const { writePackage } = await import('../../electron/sync/service');
    const { retirement } = await import('../../electron/sync/naturalKeys');
    const created = d.app.store.sqlite.prepare('SELECT min(hlc) FROM change_log WHERE recordId = ?').pluck().get(target.id) as string;
    const r = retirement(created, null);
    const body = {
      records: [],
      changes: [
        {
          entity: 'targets',
          recordId: target.id,
          field: '_deleted',
          value: r.value,
          hlc: r.hlc,
          baseHlc: null,
          officeId: t.app.office()!.id,
          userName: null,
        },
      ],
      photos: [],
    };
    const before = dumpDb(d.app);
    expect(() =>
      importPackage(d.app, d.actor, writePackage(t.app, { id: dId }, body, { full: false, fromSeq: 0, toSeq: 0 }).bytes),
    ).toThrow(/自称“重复记录处理”的变更.*但并不存在与之重复的记录/);
    expect(dumpDb(d.app)).toBe(before);
  });
});
