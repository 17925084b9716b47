import { describe, expect, it } from 'vitest';
import { openStore } from '../../electron/db/open';
import { databaseBefore } from '../helpers/migrations';

describe('0005_hazard_list_indexes', () => {
  it('keeps every hazard as it was; with the statistics taken at open the hazard lists walk an index in their order instead of sorting', () => {
    const { file, db } = databaseBefore('0005_hazard_list_indexes');
    db.exec(`INSERT INTO inspections (id, officeId, townshipCode, createdAt, updatedAt, hlc, subjectType, inspectionType, inspectedOn, inspectors, checklistVersion)
      VALUES ('i1', 'o', '420704001000', 't', 't', 'h', 'facility', '机构自查', '2025-05-06', '张三', '2025-1')`);
    const insert = db.prepare(
      "INSERT INTO hazards (id, officeId, townshipCode, createdAt, updatedAt, hlc, inspectionId, description, level, method, deadline, status, deletedAt) VALUES (?, 'o', '420704001000', 't', 't', 'h', 'i1', ?, ?, '限期整改', ?, ?, ?)",
    );
    const statuses = ['待整改', '整改中', '已整改', '已销号'];
    for (let k = 0; k < 400; k++)
      insert.run(
        `h${String(k).padStart(3, '0')}`,
        `隐患${k}`,
        k % 7 === 0 ? '重大事故隐患' : '一般隐患',
        `2025-0${1 + (k % 9)}-1${k % 10}`,
        statuses[k % 4],
        k % 50 === 0 ? '2025-10-01' : null,
      );
    const before = db.prepare('SELECT * FROM hazards ORDER BY id').all();
    db.close();

    const store = openStore(file);
    expect(store.sqlite.prepare('SELECT * FROM hazards ORDER BY id').all()).toEqual(before);
    const planOf = (q: string, ...args: unknown[]) =>
      (store.sqlite.prepare(`EXPLAIN QUERY PLAN ${q}`).all(...args) as { detail: string }[]).map((p) => p.detail).join(' | ');
    const page = 'ORDER BY level DESC NULLS LAST, id LIMIT 20';
    const cases: [string, unknown[], RegExp][] = [
      [
        `SELECT id, level FROM hazards WHERE deletedAt IS NULL AND (deletedAt IS NULL AND status IN ('待整改', '整改中')) AND deadline < ? ${page}`,
        ['2025-06-01'],
        /hazards_open_by_level/,
      ],
      [
        `SELECT count(*) FROM hazards WHERE deletedAt IS NULL AND (deletedAt IS NULL AND status IN ('待整改', '整改中')) AND deadline < ?`,
        ['2025-06-01'],
        /hazards_open_by_deadline/,
      ],
      [`SELECT id, level FROM hazards WHERE deletedAt IS NULL ${page}`, [], /hazards_by_level/],
      [`SELECT id, level FROM hazards WHERE deletedAt IS NULL AND status = ? ${page}`, ['已销号'], /hazards_status_level/],
      [`SELECT count(*) FROM hazards WHERE deletedAt IS NULL AND status = ?`, ['已销号'], /COVERING INDEX hazards_status_level/],
    ];
    for (const [q, args, index] of cases) {
      const plan = planOf(q, ...args);
      expect(plan, q).toMatch(index);
      if (q.includes('ORDER BY')) expect(plan, q).not.toMatch(/TEMP B-TREE/);
      // Same rows as a plain scan of the table.
      expect(store.sqlite.prepare(q).all(...args), q).toEqual(
        store.sqlite.prepare(q.replace('FROM hazards', 'FROM hazards NOT INDEXED')).all(...args),
      );
    }
    expect(store.sqlite.prepare(cases[0][0]).all('2025-06-01').length).toBe(20);
    const indexes = store.sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'hazards' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .pluck()
      .all();
    expect(indexes).toEqual([
      'hazards_by_level',
      'hazards_open_by_deadline',
      'hazards_open_by_level',
      'hazards_parent',
      'hazards_status_level',
      'hazards_township',
    ]);
    store.close();
  });
});
