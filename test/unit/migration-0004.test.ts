import { describe, expect, it } from 'vitest';
import { openStore } from '../../electron/db/open';
import { databaseBefore } from '../helpers/migrations';

describe('0004_checklist_lineage', () => {
  it('keeps the checklist versions, items and inspections written before, and adds the lineage columns empty', () => {
    const { file, db } = databaseBefore('0004_checklist_lineage');
    db.exec(`
      INSERT INTO checklist_versions (version, source, createdAt, isCurrent) VALUES ('2025-1', '自带', '2025-01-01T00:00:00.000Z', 1);
      INSERT INTO checklist_items (version, code, category, text, major, sortOrder) VALUES
        ('2025-1', 'C01', '消防安全', '落实消防安全责任制', 0, 1),
        ('2025-1', 'C05', '消防安全', '疏散通道畅通', 1, 2);
      INSERT INTO inspections (id, officeId, townshipCode, createdAt, updatedAt, hlc, subjectType, inspectionType, inspectedOn, inspectors, checklistVersion)
        VALUES ('i1', 'o', '420704001000', 't', 't', 'h', 'facility', '机构自查', '2025-05-06', '张三', '2025-1');
    `);
    const itemsBefore = db.prepare('SELECT * FROM checklist_items ORDER BY sortOrder').all();
    db.close();

    const store = openStore(file);
    expect(store.sqlite.prepare('SELECT * FROM checklist_versions').all()).toEqual([
      {
        version: '2025-1',
        source: '自带',
        createdAt: '2025-01-01T00:00:00.000Z',
        isCurrent: 1,
        basedOn: null,
        createdBy: null,
        officeId: null,
      },
    ]);
    expect(store.sqlite.prepare('SELECT * FROM checklist_items ORDER BY sortOrder').all()).toEqual(itemsBefore);
    expect(store.sqlite.prepare('SELECT id, checklistVersion FROM inspections').all()).toEqual([{ id: 'i1', checklistVersion: '2025-1' }]);
    // Counting inspections per version (the editor's history list) is answered from the new index.
    const plan = store.sqlite
      .prepare("EXPLAIN QUERY PLAN SELECT count(*) FROM inspections WHERE checklistVersion = '2025-1' AND deletedAt IS NULL")
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/inspections_checklist_version/);
    expect(store.sqlite.prepare("SELECT name FROM schema_migrations WHERE name = '0004_checklist_lineage'").get()).toBeTruthy();
    store.close();
  });
});
