import { AppError } from '../../shared/api/errors';
import type { PreviewTable } from '../../shared/reports/contract';
import { REPORT_TABLES } from '../../shared/reports/tables';
import type { SnapshotDrill, SubmissionDetail, SubmissionInfo } from '../../shared/reporting/types';
import type { LedgerApp } from '../app';
import { drill as reportsDrill } from '../reports/drill';
import { compareTables, figureHashes, measuresOf, rowKeyOf, rowsBehind, unitTables } from './figures';
import { ALL_TABLES, readSources } from './sources';
import { factsFrom, unitQuarter } from './status';
import { adjustments, decisions, readContent, readWorkbook, submission, submissions, type SubmissionRow } from './store';
import { ownUnit, unitOf, unitsBelow, type Unit } from './units';

/*
 * What was submitted, shown exactly (the stored figures, the stored workbook), beside the same unit's figures
 * from the records held here now: the differences figure by figure, the figures whose records changed although
 * the number did not, and the records behind any figure then and now.
 */

const infoOf = ({ contentParts: _a, contentSha256: _b, workbookParts: _c, workbookSha256: _d, ...info }: SubmissionRow): SubmissionInfo =>
  info;

/** The unit of a submission, if this office may see it: its own, or one below it. */
function unitOfSubmission(app: LedgerApp, s: SubmissionRow): { unit: Unit } {
  const own = ownUnit(app);
  if (own && own.code === s.unitCode && own.level === s.level) return { unit: own };
  if (unitsBelow(app).some((u) => u.code === s.unitCode && u.level === s.level)) return { unit: unitOf(app, s.unitCode, s.level) };
  throw new AppError('FORBIDDEN', '这次报送不属于本单位或下级单位。');
}

const warningsOf = (tables: PreviewTable[]) => Object.fromEntries(tables.map((t) => [t.table.id, t.warnings]));

export function detail(app: LedgerApp, id: string): SubmissionDetail {
  const s = submission(app, id);
  const { unit } = unitOfSubmission(app, s);
  const content = readContent(app, s);
  const current = unitTables(app.store.sqlite, unit, s.year, s.quarter, warningsOf(content.tables));
  const changes = compareTables(content.tables, current, s.quarter);
  // Figures with the same number but other records (or other shares) behind them than when submitted.
  const nowHashes = figureHashes(readSources(app.store.sqlite, s.year, s.quarter, ALL_TABLES, [...unit.area]), current);
  let sourcesChanged = 0;
  for (const [t, rows] of Object.entries(content.hashes))
    for (const [row, cells] of Object.entries(rows))
      for (const [col, h] of Object.entries(cells)) {
        const now = nowHashes[t]?.[row]?.[col];
        if (now !== undefined && now !== h && !changes.some((c) => c.tableId === t && c.rowKey === row && c.columnKey === col))
          sourcesChanged++;
      }
  const chain = submissions(app, { units: [s.unitCode], year: s.year, quarter: s.quarter }).filter((x) => x.level === s.level);
  const decs = decisions(
    app,
    chain.map((x) => x.id),
  );
  return {
    submission: infoOf(s),
    unitName: unit.name,
    state: unitQuarter(app, unit, s.year, s.quarter),
    tables: content.tables,
    current,
    changes,
    sourcesChanged,
    decisions: decs.filter((d) => d.submissionId === s.id).reverse(),
    adjustments: adjustments(app, [s.id]),
    chain: chain.map(infoOf).reverse(),
  };
}

/** This office's latest submission of a quarter with its figures (the reports page's 按报送时), or null. */
export function submitted(app: LedgerApp, year: number, quarter: number): { submission: SubmissionInfo; tables: PreviewTable[] } | null {
  const unit = ownUnit(app);
  if (!unit) return null;
  const chain = submissions(app, { units: [unit.code], year, quarter }).filter((x) => x.level === unit.level);
  const f = factsFrom(
    chain,
    decisions(
      app,
      chain.map((x) => x.id),
    ),
  );
  return f.latest ? { submission: infoOf(f.latest), tables: readContent(app, f.latest).tables } : null;
}

/** The records behind one figure as submitted, each compared with the records held here now. */
export function snapshotDrill(
  app: LedgerApp,
  input: { submissionId: string; tableId: string; columnKey: string; rowKey: string },
): SnapshotDrill {
  const s = submission(app, input.submissionId);
  const { unit } = unitOfSubmission(app, s);
  const table = REPORT_TABLES.find((t) => t.id === input.tableId);
  const content = readContent(app, s);
  const snapTable = content.tables.find((t) => t.table.id === input.tableId);
  const measures = table ? measuresOf(table, input.columnKey) : [];
  if (!table || !measures.length || !snapTable?.rows.some((r) => rowKeyOf(r) === input.rowKey))
    throw new AppError('NOT_FOUND', '报送的报表中没有这一格数字。');
  const then = rowsBehind(content.sources[table.id] ?? [], input.rowKey, measures);
  const nowSrc = readSources(app.store.sqlite, s.year, s.quarter, [table.id], [...unit.area])[0];
  const now = rowsBehind(nowSrc.sets, input.rowKey, measures);
  // The header and measure labels as the reports' own drill-down words them (for one township of the unit).
  const labels = reportsDrill(app, {
    year: s.year,
    quarter: s.quarter,
    tableId: table.id,
    columnKey: input.columnKey,
    townshipCode: [...unit.area][0] ?? null,
  });
  const pick = (v: Record<string, number>) => Object.fromEntries(measures.map((m) => [m, v[m] ?? 0]));
  const byKey = new Map<string, SnapshotDrill['rows'][number]>();
  for (const r of then)
    byKey.set(`${r.entity}:${r.id}`, {
      entity: r.entity,
      id: r.id,
      title: r.title,
      townshipCode: r.townshipCode,
      sent: pick(r.values),
      now: null,
      change: 'removed',
    });
  for (const r of now) {
    const k = `${r.entity}:${r.id}`;
    const was = byKey.get(k);
    const values = pick(r.values);
    if (!was)
      byKey.set(k, { entity: r.entity, id: r.id, title: r.title, townshipCode: r.townshipCode, sent: null, now: values, change: 'added' });
    else
      byKey.set(k, {
        ...was,
        title: r.title,
        now: values,
        change: JSON.stringify(was.sent) === JSON.stringify(values) ? 'same' : 'changed',
      });
  }
  const order = { changed: 0, added: 1, removed: 2, same: 3 } as const;
  const rows = [...byKey.values()].sort((a, b) => order[a.change] - order[b.change] || a.title.localeCompare(b.title, 'zh-CN'));
  const total = (side: 'sent' | 'now') => Object.fromEntries(measures.map((m) => [m, rows.reduce((a, r) => a + (r[side]?.[m] ?? 0), 0)]));
  return { header: labels.header, measures: labels.measures, rows, totalsThen: total('sent'), totalsNow: total('now') };
}

export function workbook(app: LedgerApp, id: string): { fileName: string; dataBase64: string } {
  const s = submission(app, id);
  unitOfSubmission(app, s);
  return {
    fileName: s.workbookName.replace(/\.xlsx$/, `(${s.kind} ${s.submittedAt.slice(0, 10)}).xlsx`),
    dataBase64: readWorkbook(app, s).toString('base64'),
  };
}
