import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LedgerApp } from '../electron/app';
import type { Actor } from '../electron/records/actor';
import { submit } from '../electron/reporting/submit';
import { seed } from '../electron/seed/generate';
import { updateSettings } from '../electron/system/users';
import { roundOf } from '../shared/reporting/cycle';

/**
 * `npm run bench` (reporting part): what the lock of reported quarters costs a write, at district scale. The
 * district's own roll-up and every township's quarters of this year up to the last ended one are locked
 * (the townships' as if received by sync and approved), then typical writes are timed with and without
 * the lock: a facility (counted in every quarter: all locked quarters recomputed), a locked quarter's row, a
 * household of this year, and a write into the current quarter (skipped by the prefilter).
 */
const RUNS = Number(process.env.BENCH_LOCK_RUNS ?? 15);
const reviewer: Actor = { userId: 'bench', userName: '基准审核员', role: 'reviewer' };

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-lock-'));
  const app = new LedgerApp({ dataDir: dir });
  try {
    await seed(app, { scale: 'district' });
    const admin: Actor = { userId: 'bench', userName: '基准管理员', role: 'admin' };
    updateSettings(app, admin, { reportLockWhen: 'submitted' });
    const { year, quarter: last } = roundOf(app.today());
    const db = app.store.sqlite;
    const t0 = performance.now();
    for (let q = 1; q <= last; q++) await submit(app, admin, { year, quarter: q });
    const submitMs = (performance.now() - t0) / last;
    // The townships' own submissions, approved: the rows the lock reads (their content is not read by it).
    const own = db.prepare('SELECT * FROM report_submissions LIMIT 1').get() as Record<string, unknown>;
    const towns = [...app.area()];
    const insert = db.prepare(
      `INSERT INTO report_submissions (${Object.keys(own).join(', ')}) VALUES (${Object.keys(own)
        .map(() => '?')
        .join(', ')})`,
    );
    const decide = db.prepare(
      "INSERT INTO report_decisions (id, officeId, townshipCode, createdAt, updatedAt, hlc, submissionId, decision, decidedAt, decidedBy, officeName) VALUES (?, 'o', ?, ?, ?, ?, ?, '审核通过', ?, 'bench', 'bench')",
    );
    db.transaction(() => {
      for (const t of towns)
        for (let q = 1; q <= last; q++) {
          const id = randomUUID();
          insert.run(...Object.values({ ...own, id, townshipCode: t, level: 'township', quarter: q, replacesId: null }));
          decide.run(randomUUID(), t, own.createdAt, own.createdAt, own.hlc, id, own.submittedAt);
        }
    })();

    const pick = (sql: string, ...p: unknown[]) => db.prepare(sql).get(...p) as { id: string; [k: string]: unknown };
    const town = towns[0];
    const facility = pick("SELECT id FROM facilities WHERE townshipCode = ? AND deletedAt IS NULL AND status = '运营' LIMIT 1", town);
    const lockedRow = pick('SELECT id FROM facility_quarters WHERE deletedAt IS NULL AND year = ? AND quarter = ? LIMIT 1', year, last);
    const currentRow = pick(
      'SELECT q.id FROM facility_quarters q WHERE q.deletedAt IS NULL AND q.year = ? AND q.quarter = ? LIMIT 1',
      last === 4 ? year + 1 : year,
      last === 4 ? 1 : last + 1,
    );
    const household = pick('SELECT id FROM households WHERE deletedAt IS NULL AND projectYear = ? LIMIT 1', year);
    let n = 0;
    const cases: { name: string; write: () => void }[] = [
      // No figure uses the phone: allowed, but the facility counts in every locked quarter (t1 and t4 recomputed).
      {
        name: '养老机构·电话(不改变数字)',
        write: () => app.records.update('facilities', { id: facility.id, patch: { contactPhone: `0711-${3000000 + n++}` } }, reviewer),
      },
      // Beds do change every locked quarter's 表1: an 调整 with its reason (adjustment records written).
      {
        name: '养老机构·床位(调整)',
        write: () =>
          app.records.update('facilities', { id: facility.id, patch: { bedsTotal: 100 + (n++ % 50) } }, reviewer, { reason: '基准测试' }),
      },
      {
        name: '已锁定季度的季度数据·新入住(不改变数字)',
        write: () => app.records.update('facilityQuarters', { id: lockedRow.id, patch: { admissions: n++ % 30 } }, reviewer),
      },
      {
        name: '本年改造户·备注',
        write: () => app.records.update('households', { id: household.id, patch: { remark: `基准 ${n++}` } }, reviewer),
      },
    ];
    if (currentRow)
      cases.push({
        name: '本季度的季度数据(未锁定)',
        write: () => app.records.update('facilityQuarters', { id: currentRow.id, patch: { admissions: n++ % 30 } }, reviewer),
      });
    const time = (write: () => void) => {
      const xs: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const s = performance.now();
        write();
        xs.push(performance.now() - s);
      }
      xs.sort((a, b) => a - b);
      return { median: xs[Math.floor(xs.length / 2)], max: xs[xs.length - 1] };
    };
    const rows: Record<string, unknown>[] = [];
    const locked = db.prepare('SELECT count(*) FROM report_submissions').pluck().get();
    for (const c of cases) {
      const withLock = time(c.write);
      rows.push({ write: c.name, lock_median_ms: +withLock.median.toFixed(1), lock_max_ms: +withLock.max.toFixed(1) });
    }
    // The same writes with nothing reported (the lock's first query finds no submission and stops there).
    db.exec(
      'DELETE FROM report_decisions; DELETE FROM report_adjustments; DELETE FROM report_submission_parts; DELETE FROM report_submissions',
    );
    cases.forEach((c, i) => Object.assign(rows[i], { unlocked_ms: +time(c.write).median.toFixed(1) }));
    console.log(
      `锁定:区本级与 ${towns.length} 个乡镇 ${year} 年第 1–${last} 季度,共 ${locked} 次报送;区级报送(含工作簿)平均 ${Math.round(submitMs)} ms`,
    );
    console.table(rows);
  } finally {
    app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
