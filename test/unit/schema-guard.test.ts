import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../electron/db/migrate';
import { MIGRATIONS } from '../../electron/db/migrations';
import { ENTITIES } from '../../shared/domain/entities';
import { tempDir } from '../helpers/app';
import shipped from '../helpers/shippedSyncNames.json';

/**
 * Schema guard (after Actual Budget's): a sync package names records by entity and fields by column, and an
 * office may still be on the version that wrote it. A migration that drops or renames such a column, or an
 * entity that moves to another table, would make those packages fail (or worse, land in the wrong place) at
 * every office that has not updated. The shipped names are frozen in test/helpers/shippedSyncNames.json.
 */

type Shipped = { rowColumns: string[]; entities: Record<string, { table: string; fields: string[] }> };

/** Every shipped name this database and these entity definitions no longer accept, as `entity.field` texts. */
function brokenShippedNames(db: Database.Database, names: Shipped): string[] {
  const broken: string[] = [];
  const entities = ENTITIES as unknown as Record<string, { table: string; fields: Record<string, unknown> } | undefined>;
  for (const [entity, { table, fields }] of Object.entries(names.entities)) {
    const def = entities[entity];
    if (!def) {
      broken.push(`${entity} (record kind gone)`);
      continue;
    }
    if (def.table !== table) broken.push(`${entity} (table ${table} → ${def.table})`);
    const columns = new Set((db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((c) => c.name));
    if (columns.size === 0) broken.push(`${entity} (table ${table} dropped)`);
    for (const f of [...names.rowColumns, ...fields]) {
      if (!columns.has(f)) broken.push(`${entity}.${f} (column gone)`);
      if (fields.includes(f) && !(f in def.fields)) broken.push(`${entity}.${f} (field gone from the entity)`);
    }
  }
  return broken;
}

function migratedDatabase(): Database.Database {
  const db = new Database(join(tempDir('schema-guard-'), 'ledger.sqlite'));
  migrate(db, { migrations: MIGRATIONS });
  return db;
}

describe('schema guard: names in shipped sync packages', () => {
  it('every table, column and field a shipped package can name still exists after all migrations', () => {
    const db = migratedDatabase();
    expect(brokenShippedNames(db, shipped as Shipped)).toEqual([]);
    db.close();
  });

  it('every synced field of today is in the shipped list (add new ones there when they ship)', () => {
    const list = shipped as Shipped;
    const missing: string[] = [];
    for (const [entity, def] of Object.entries(ENTITIES as unknown as Record<string, { fields: Record<string, unknown> }>))
      for (const f of Object.keys(def.fields)) if (!list.entities[entity]?.fields.includes(f)) missing.push(`${entity}.${f}`);
    expect(missing, 'new synced fields: add them to test/helpers/shippedSyncNames.json').toEqual([]);
  });

  it('catches a migration that renames or drops a shipped column', () => {
    const db = migratedDatabase();
    db.exec('ALTER TABLE facilities RENAME COLUMN bedsTotal TO beds_total');
    db.exec('ALTER TABLE hazards DROP COLUMN measures');
    expect(brokenShippedNames(db, shipped as Shipped)).toEqual(['facilities.bedsTotal (column gone)', 'hazards.measures (column gone)']);
    db.close();
  });
});
