import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addPhoto, checkIdCard, photoData } from '../../electron/households/service';
import { FENGHUANG, makeApp } from '../helpers/app';

let t: Awaited<ReturnType<typeof makeApp>>;
beforeEach(async () => {
  t = await makeApp();
});
afterEach(() => t.cleanup());

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);

describe('households', () => {
  it('checkIdCard derives birth date/sex/age and lists other open households with the number, names masked', () => {
    const empty = checkIdCard(t.app, '11010519491231002X');
    expect(empty).toMatchObject({ ok: true, birthDate: '1949-12-31', sex: '女', duplicates: [] });
    const { record } = t.app.records.create(
      'households',
      { townshipCode: FENGHUANG, name: '李秀英', idCard: '11010519491231002X', projectYear: 2024, status: '归档' },
      t.actor,
    );
    const dup = checkIdCard(t.app, '11010519491231002x');
    expect(dup.duplicates).toEqual([
      { id: record.id, name: '李*英', townshipCode: FENGHUANG, townshipName: '凤凰街道', projectYear: 2024, status: '归档' },
    ]);
    expect(checkIdCard(t.app, '11010519491231002X', record.id).duplicates).toEqual([]);
    expect(checkIdCard(t.app, '110105194912310021')).toMatchObject({ ok: false, error: expect.stringContaining('校验位') });
    // An 归档 household of an earlier year does not block a new year's project (no overlap).
    expect(() =>
      t.app.records.create(
        'households',
        { townshipCode: FENGHUANG, name: '李秀英', idCard: '11010519491231002X', projectYear: 2025, status: '申请' },
        t.actor,
      ),
    ).not.toThrow();
  });

  it('copies a photo into the photo folder beside the database, under a generated name', () => {
    const { record: h } = t.app.records.create(
      'households',
      { townshipCode: FENGHUANG, name: '王大爷', idCard: '440524188001010014', projectYear: 2025, status: '施工' },
      t.actor,
    );
    const p = addPhoto(t.app, t.actor, {
      householdId: h.id,
      phase: 'before',
      originalName: '../../etc/passwd.png',
      dataBase64: PNG.toString('base64'),
    });
    expect(p.fileName).toMatch(/^[0-9a-f-]{36}\.png$/);
    expect(existsSync(join(t.dir, 'photos', h.id, p.fileName))).toBe(true);
    expect(photoData(t.app, p.id)).toEqual({ mime: 'image/png', dataBase64: PNG.toString('base64') });
    expect(() =>
      addPhoto(t.app, t.actor, {
        householdId: h.id,
        phase: 'after',
        originalName: 'x.exe',
        dataBase64: Buffer.from('MZ this is not an image at all').toString('base64'),
      }),
    ).toThrow(/JPG、PNG/);
    expect(readdirSync(join(t.dir, 'photos', h.id))).toHaveLength(1);
  });
});
