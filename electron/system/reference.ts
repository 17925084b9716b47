import type { Database } from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface DivisionsFile {
  province: { code: string; name: string };
  cities: {
    code: string;
    name: string;
    counties: { code: string; name: string; townships: { code: string; name: string; kind: string }[] }[];
  }[];
}
interface CatalogueFile<T> {
  source: string;
  version: string;
  items: T[];
}

/**
 * Loads the reference data shipped in resources/ (divisions, checklist, retrofit catalogue) into the store.
 * Idempotent: run at every start so a new app version's data arrives; a checklist version already present
 * is never rewritten, because recorded inspections print with the version they used.
 */
export function loadReferenceData(sqlite: Database, resources: string): void {
  const read = <T>(f: string): T => JSON.parse(readFileSync(join(resources, 'data', f), 'utf8')) as T;
  const divisions = read<DivisionsFile>('divisions.json');
  const checklist = read<CatalogueFile<{ code: string; category: string; text: string; major: boolean }>>('checklist-items.json');
  const retrofit = read<CatalogueFile<{ code: string; category: string; name: string; kind: 'basic' | 'optional' }>>('retrofit-items.json');

  const upsertDivision = sqlite.prepare(
    `INSERT INTO divisions (code, name, level, kind, parentCode) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(code) DO UPDATE SET name = excluded.name, kind = excluded.kind, parentCode = excluded.parentCode
     WHERE divisions.level = excluded.level`,
  );
  const hasVersion = sqlite.prepare('SELECT 1 FROM checklist_versions WHERE version = ?');
  const insertVersion = sqlite.prepare('INSERT INTO checklist_versions (version, source, createdAt, isCurrent) VALUES (?, ?, ?, 0)');
  const insertItem = sqlite.prepare(
    'INSERT INTO checklist_items (version, code, category, text, major, sortOrder) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const anyCurrent = sqlite.prepare('SELECT 1 FROM checklist_versions WHERE isCurrent = 1');
  const setCurrent = sqlite.prepare('UPDATE checklist_versions SET isCurrent = (version = ?)');
  const hasRetrofit = sqlite.prepare('SELECT 1 FROM retrofit_catalogue LIMIT 1');
  const insertRetrofit = sqlite.prepare(
    'INSERT INTO retrofit_catalogue (code, category, name, kind, sortOrder, active, catalogueVersion) VALUES (?, ?, ?, ?, ?, 1, ?)',
  );

  sqlite.transaction(() => {
    upsertDivision.run(divisions.province.code, divisions.province.name, 'province', null, null);
    for (const city of divisions.cities) {
      upsertDivision.run(city.code, city.name, 'city', null, divisions.province.code);
      for (const county of city.counties) {
        // 天门 is a 省直辖县级市: its city and county share one code, so the county level is the city row.
        if (county.code !== city.code) upsertDivision.run(county.code, county.name, 'county', null, city.code);
        for (const t of county.townships) upsertDivision.run(t.code, t.name, 'township', t.kind, county.code);
      }
    }
    if (!hasVersion.get(checklist.version)) {
      insertVersion.run(checklist.version, checklist.source, new Date().toISOString());
      checklist.items.forEach((it, i) => insertItem.run(checklist.version, it.code, it.category, it.text, it.major ? 1 : 0, i + 1));
    }
    if (!anyCurrent.get()) setCurrent.run(checklist.version);
    // The retrofit catalogue is the office's to edit once loaded (spec: configurable); only seed it once.
    if (!hasRetrofit.get())
      retrofit.items.forEach((it, i) => insertRetrofit.run(it.code, it.category, it.name, it.kind, i + 1, retrofit.version));
  })();
}
