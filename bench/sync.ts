import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LedgerApp } from '../electron/app';
import { exportOfficeCard, registerOffice } from '../electron/sync/service';
import { setup } from '../electron/system/service';
import { StoreClient } from '../electron/worker/client';
import type { PackageSummary } from '../shared/sync/types';
import { longestStall, ok } from '../test/helpers/store';
import type { Figures } from './figures';
import { bundleDir, login } from './worker';

/**
 * Sync figures: a township with `facilities` new facilities (≈ 34 field changes each: 2,900 make ≈ 100k)
 * exports its package to the district, which applies it, then applies it again (a no-op). Both offices run
 * in store workers as in the program; each step is timed from the serving process, its stall watched.
 */
export async function syncBench(figures: Figures, facilities: number): Promise<void> {
  const d1 = mkdtempSync(join(tmpdir(), 'bench-town-'));
  const d2 = mkdtempSync(join(tmpdir(), 'bench-district-'));
  try {
    const town = new LedgerApp({ dataDir: d1 });
    const district = new LedgerApp({ dataDir: d2 });
    await setup(town, {
      office: { level: 'township', divisionCode: '420704001000', name: '凤凰街道民政办' },
      admin: { username: 'admin', displayName: '管理员', password: 'Admin12345' },
    });
    await setup(district, {
      office: { level: 'district', divisionCode: '420704000000', name: '鄂城区民政局' },
      admin: { username: 'admin', displayName: '管理员', password: 'Admin12345' },
    });
    const admin = { userId: 'bench', userName: '基准', role: 'admin' as const };
    registerOffice(district, admin, exportOfficeCard(town).bytes);
    registerOffice(town, admin, exportOfficeCard(district).bytes);
    const receiverId = district.requireOffice().id;
    town.run.tx(() => {
      for (let i = 0; i < facilities; i++)
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
          admin,
        );
    });
    const changes = town.store.sqlite.prepare('SELECT count(*) FROM change_log').pluck().get() as number;
    town.close();
    district.close();

    const S = 'bench:sync';
    const [ts, ds] = await Promise.all(
      [d1, d2].map((dataDir) => StoreClient.start({ dataDir, backups: false, dataCheckDelayMs: 60_000, bundleDir: bundleDir() })),
    );
    try {
      await login(ts, S);
      await login(ds, S);
      const timed = async <T>(job: string, work: () => Promise<T>) => {
        const t = performance.now();
        const r = await longestStall(work);
        const ms = performance.now() - t;
        figures.max('ui.stallMs', r.stallMs);
        const stalls = (figures.details.stalls ??= {}) as Record<string, unknown>;
        stalls[job] = { stallMs: +r.stallMs.toFixed(1), busyMs: +r.busyMs.toFixed(1) };
        console.log(`  ${job}: ${Math.round(ms)} ms, serving process stall ${r.stallMs.toFixed(0)} ms (own CPU ${r.busyMs.toFixed(0)} ms)`);
        return { ms, value: r.value };
      };
      const exp = await timed('sync.export', () =>
        ok<{ dataBase64: string; changeCount: number }>(ts, S, 'sync.exportPackage', { receiverId }),
      );
      const pkg = exp.value.dataBase64;
      console.log(
        `  package: ${exp.value.changeCount} changes of ${changes} in the change log, ${((pkg.length * 0.75) / 1e6).toFixed(1)} MB`,
      );
      const apply = await timed('sync.apply', () => ok<{ summary: PackageSummary }>(ds, S, 'sync.importPackage', { dataBase64: pkg }));
      const again = await timed('sync.noop', () => ok<{ summary: PackageSummary }>(ds, S, 'sync.importPackage', { dataBase64: pkg }));
      if (!again.value.summary.alreadyImported) throw new Error('the second import of the same package was not a no-op');
      figures.details.sync = { facilities, changes: exp.value.changeCount };
      figures.set('sync.exportMs', exp.ms);
      figures.set('sync.applyMs', apply.ms);
      figures.set('sync.noopMs', again.ms);
    } finally {
      await Promise.all([ts.close(), ds.close()]);
    }
  } finally {
    rmSync(d1, { recursive: true, force: true });
    rmSync(d2, { recursive: true, force: true });
  }
}
