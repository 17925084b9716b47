import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The figures of issue 17's table: key, goal and unit. `npm run bench` measures each one and prints
 * goal | measured | ratio (measured / goal: ≤ 1 meets the goal); bench/results.json carries the same.
 */
export const GOALS = {
  'ui.stallMs': { goal: 50, unit: 'ms', label: '任一长任务期间服务界面的进程最长卡顿' },
  'start.cityMs': { goal: 1000, unit: 'ms', label: '启动到可用(市级数据库)' },
  'import.totalMs': { goal: 3000, unit: 'ms', label: '导入 20,000 行:预览 + 提交' },
  'import.ratioRaw': { goal: 1.3, unit: 'x', label: '导入提交 / 原始 better-sqlite3 写同样的行(含日志行)' },
  'import.peakMb': { goal: 300, unit: 'MB', label: '导入时进程内存峰值 (RSS)' },
  'list.p95MaxMs': { goal: 10, unit: 'ms', label: '30 个常用列表查询中最慢的 p95' },
  'workbook.districtMs': { goal: 300, unit: 'ms', label: '季度报表工作簿:区级' },
  'workbook.cityMs': { goal: 600, unit: 'ms', label: '季度报表工作簿:市级(辖区 28 个乡镇)' },
  'workbook.city60Ms': { goal: 1000, unit: 'ms', label: '季度报表工作簿:市级(辖区 60 个乡镇)' },
  'sync.exportMs': { goal: 2000, unit: 'ms', label: '同步包导出(约 10 万条变更)' },
  'sync.applyMs': { goal: 3000, unit: 'ms', label: '同步包导入应用(约 10 万条变更)' },
  'sync.noopMs': { goal: 1000, unit: 'ms', label: '同一同步包再导入(无变化)' },
  'dashboard.reloadMs': { goal: 500, unit: 'ms', label: '首页刷新后可见(Chromium)' },
  'db.cityMb': { goal: 500, unit: 'MB', label: '市级数据库文件大小' },
} as const;

export type FigureKey = keyof typeof GOALS;

export interface Figure {
  key: FigureKey;
  value: number;
  unit: string;
  goal: number;
  ratio: number;
}

export class Figures {
  private readonly measured = new Map<FigureKey, number>();
  /** What else was seen (per-job stalls, per-query p95, the baselines): printed and kept in results.json. */
  readonly details: Record<string, unknown> = {};

  set(key: FigureKey, value: number): void {
    this.measured.set(key, value);
    const g = GOALS[key];
    console.log(`  → ${key} = ${round(value)} ${g.unit} (goal ≤ ${g.goal} ${g.unit})`);
  }

  /** The largest value seen so far wins (ui.stallMs over every long job). */
  max(key: FigureKey, value: number): void {
    const now = this.measured.get(key);
    this.measured.set(key, now === undefined ? value : Math.max(now, value));
  }

  list(): Figure[] {
    return (Object.keys(GOALS) as FigureKey[])
      .filter((k) => this.measured.has(k))
      .map((key) => {
        const value = round(this.measured.get(key) as number);
        const { goal, unit } = GOALS[key];
        return { key, value, unit, goal, ratio: +(value / goal).toFixed(2) };
      });
  }

  print(): void {
    const rows = this.list();
    const missing = (Object.keys(GOALS) as FigureKey[]).filter((k) => !this.measured.has(k));
    const w = Math.max(...rows.map((r) => r.key.length));
    console.log(`\n${'figure'.padEnd(w)} | ${'goal'.padStart(9)} | ${'measured'.padStart(9)} | ratio | `);
    console.log(`${'-'.repeat(w)}-|-${'-'.repeat(9)}-|-${'-'.repeat(9)}-|-------|-----`);
    for (const r of rows)
      console.log(
        `${r.key.padEnd(w)} | ${`${r.goal} ${r.unit}`.padStart(9)} | ${`${r.value} ${r.unit}`.padStart(9)} | ${r.ratio.toFixed(2).padStart(5)} | ${r.ratio <= 1 ? 'ok' : 'OVER'}  ${GOALS[r.key].label}`,
      );
    if (missing.length) console.log(`not measured in this run: ${missing.join(', ')}`);
  }

  write(meta: Record<string, unknown>): string {
    const file = join(import.meta.dirname, 'results.json');
    writeFileSync(file, `${JSON.stringify({ ...meta, figures: this.list(), details: this.details }, null, 2)}\n`);
    return file;
  }
}

export function round(v: number): number {
  return v >= 100 ? Math.round(v) : +v.toFixed(v >= 10 ? 1 : 2);
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

export const min = (xs: number[]) => Math.min(...xs);
