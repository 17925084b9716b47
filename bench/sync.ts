import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LedgerApp } from '../electron/app';
import { exportOfficeCard, exportPackage, importPackage, registerOffice } from '../electron/sync/service';
import { setup } from '../electron/system/service';

/** Sync benchmark (issue: offline sync): export of ~100k field changes, import/apply, and re-import (no-op). */
async function main() {
  const d1 = mkdtempSync(join(tmpdir(), 'bench-town-'));
  const d2 = mkdtempSync(join(tmpdir(), 'bench-district-'));
  const town = new LedgerApp({ dataDir: d1 });
  const district = new LedgerApp({ dataDir: d2 });
  await setup(town, {
    office: { level: 'township', divisionCode: '420704001000', name: '凤凰街道民政办' },
    admin: { username: 'admin', displayName: 'a', password: 'Admin12345' },
  });
  await setup(district, {
    office: { level: 'district', divisionCode: '420704000000', name: '鄂城区民政局' },
    admin: { username: 'admin', displayName: 'a', password: 'Admin12345' },
  });
  registerOffice(district, { userId: 'b', userName: 'b', role: 'admin' }, exportOfficeCard(town).bytes);
  registerOffice(town, { userId: 'b', userName: 'b', role: 'admin' }, exportOfficeCard(district).bytes);
  const actor = { userId: 'b', userName: '基准', role: 'admin' as const };
  let t = performance.now();
  const n = 2900;
  town.run.tx(() => {
    for (let i = 0; i < n; i++)
      town.records.create(
        'facilities',
        {
          townshipCode: '420704001000',
          name: `基准机构${i}`,
          type: '其他',
          status: '运营',
          bedsTotal: 50,
          bedsNursing: 30,
          staffTotal: 10,
          caregivers: 5,
          caregiversCertified: 5,
          address: `凤凰路 ${i} 号`,
        },
        actor,
      );
  });
  const changes = (town.store.sqlite.prepare('SELECT count(*) AS n FROM change_log').get() as { n: number }).n;
  console.log(`made ${changes} field changes in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  const pkg = exportPackage(town, actor, district.requireOffice().id);
  const exportMs = performance.now() - t;
  t = performance.now();
  const r = importPackage(district, actor, pkg.bytes);
  const importMs = performance.now() - t;
  t = performance.now();
  const again = importPackage(district, actor, pkg.bytes);
  const reMs = performance.now() - t;
  console.table([
    {
      step: `export (${pkg.manifest.changeCount} changes, ${(pkg.bytes.length / 1e6).toFixed(1)} MB)`,
      ms: Math.round(exportMs),
      goal_ms: 2000,
    },
    {
      step: `import/apply (${r.summary.perEntity.map((e) => `${e.label} 新增 ${e.new}`).join(',')})`,
      ms: Math.round(importMs),
      goal_ms: 4000,
    },
    { step: `re-import, no-op (alreadyImported=${again.summary.alreadyImported})`, ms: Math.round(reMs), goal_ms: 1000 },
  ]);
  town.close();
  district.close();
  rmSync(d1, { recursive: true, force: true });
  rmSync(d2, { recursive: true, force: true });
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
