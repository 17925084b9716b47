import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LedgerApp } from '../electron/app';
import { computeAll } from '../electron/reports/engine';
import { writeWorkbook } from '../electron/reports/xlsx';
import { seed } from '../electron/seed/generate';

/**
 * `npm run bench` (workbook part): the quarterly workbook (表1–表4 + rosters) of the seeded office, timed
 * as computing the tables and writing the xlsx, with the peak memory while writing. Scales from
 * BENCH_REPORT_SCALES (default district,city). Issue goals: ≤ 0.5 s district, ≤ 1.5 s city.
 */
const scales = (process.env.BENCH_REPORT_SCALES ?? 'district,city').split(',') as ('township' | 'district' | 'city')[];
const RUNS = Number(process.env.BENCH_REPORT_RUNS ?? 5);

async function main() {
  const out: Record<string, unknown>[] = [];
  for (const scale of scales) {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-report-'));
    const app = new LedgerApp({ dataDir: dir });
    const s = await seed(app, { scale });
    const year = new Date().getFullYear();
    const quarter = Math.ceil((new Date().getMonth() + 1) / 3);
    const compute: number[] = [];
    const write: number[] = [];
    let bytes = 0;
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    const rss0 = process.memoryUsage().rss;
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const tables = computeAll(app, year, quarter);
      const t1 = performance.now();
      const buf = await writeWorkbook(app, tables, { year, quarter, revealIds: false });
      const t2 = performance.now();
      compute.push(t1 - t0);
      write.push(t2 - t1);
      bytes = buf.length;
    }
    clearInterval(sampler);
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    out.push({
      scale,
      households: s.counts.households,
      facilities: s.counts.facilities,
      compute_ms: Math.round(med(compute)),
      xlsx_ms: Math.round(med(write)),
      total_ms: Math.round(med(compute) + med(write)),
      xlsx_mb: +(bytes / 1e6).toFixed(1),
      peak_rss_mb: Math.round(peak / 1e6),
      rss_growth_mb: Math.round((peak - rss0) / 1e6),
    });
    app.close();
    rmSync(dir, { recursive: true, force: true });
  }
  console.table(out);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
