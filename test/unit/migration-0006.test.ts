import { describe, expect, it } from 'vitest';
import { openStore } from '../../electron/db/open';
import { databaseBefore } from '../helpers/migrations';

describe('0006_list_order_indexes', () => {
  it('keeps the households as they were; a deep page of the newest-first list is read from the index, not sorted', () => {
    const { file, db } = databaseBefore('0006_list_order_indexes');
    const insert = db.prepare(
      `INSERT INTO households (id, officeId, townshipCode, createdAt, updatedAt, hlc, name, idCard, projectYear, status, deletedAt) VALUES (?, 'o', '420704001000', 't', ?, 'h', '某某', ?, 2025, '申请', ?)`,
    );
    // Many rows share an updatedAt (an import writes hundreds in the same millisecond): the id orders them.
    for (let k = 0; k < 600; k++)
      insert.run(
        `h${String(k).padStart(4, '0')}`,
        `2025-0${1 + (k % 5)}-01T00:00:00.000Z`,
        `42070419500101${String(k).padStart(4, '0')}`,
        k % 37 === 0 ? '2025-06-01' : null,
      );
    const before = db.prepare('SELECT * FROM households ORDER BY id').all();
    db.close();

    const store = openStore(file);
    expect(store.sqlite.prepare('SELECT * FROM households ORDER BY id').all()).toEqual(before);
    const q = 'SELECT id FROM households WHERE deletedAt IS NULL ORDER BY updatedAt DESC NULLS LAST, id LIMIT 20 OFFSET 400';
    const plan = (store.sqlite.prepare(`EXPLAIN QUERY PLAN ${q}`).all() as { detail: string }[]).map((p) => p.detail).join(' | ');
    expect(plan).toMatch(/households_live_updated/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
    expect(store.sqlite.prepare(q).all()).toEqual(store.sqlite.prepare(q.replace('FROM households', 'FROM households NOT INDEXED')).all());
    const names = store.sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE '%updated%' ORDER BY name")
      .pluck()
      .all();
    expect(names).toEqual(['canteens_live_updated', 'facilities_live_updated', 'households_live_updated']);
    store.close();
  });
});
