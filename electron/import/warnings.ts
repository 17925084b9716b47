import type { PreviewRow, RowIssue } from '../../shared/import/contract';

/** A warning this many rows share is one fact about the file, not news on each row. */
const SHARED = 3;

/**
 * The same warning on many rows (31 of 31 households "还没有已完成的改造项目") is said once, with its count
 * and rows, and taken off those rows, so a warning that is only on one row (a 15-digit 身份证号 converted)
 * is not buried among copies. Errors are never summarised: each refused row keeps its message.
 */
export function summariseWarnings<R extends PreviewRow>(rows: R[]): { rows: R[]; summaries: string[] } {
  const key = (i: RowIssue) => `${i.column ?? ''}\u0000${i.message}`;
  const byKey = new Map<string, { issue: RowIssue; rows: number[] }>();
  for (const r of rows)
    for (const i of r.issues) {
      if (i.level !== 'warning') continue;
      const k = key(i);
      const had = byKey.get(k);
      if (had) {
        if (had.rows[had.rows.length - 1] !== r.row) had.rows.push(r.row);
      } else byKey.set(k, { issue: i, rows: [r.row] });
    }
  const shared = new Map([...byKey].filter(([, v]) => v.rows.length >= SHARED));
  if (!shared.size) return { rows, summaries: [] };
  const list = (n: number[]) => (n.length > 8 ? `${n.slice(0, 8).join('、')} 等 ${n.length} 行` : `${n.join('、')} 行`);
  const summaries = [...shared.values()].map(
    ({ issue, rows: n }) => `第 ${list(n)}:${issue.column ? `${issue.column}:` : ''}${issue.message}`,
  );
  return {
    rows: rows.map((r) => (r.issues.some((i) => shared.has(key(i))) ? { ...r, issues: r.issues.filter((i) => !shared.has(key(i))) } : r)),
    summaries,
  };
}
