import { AppError } from '../../shared/api/errors';
import type { PreviewTable } from '../../shared/reports/contract';
import { groupHeader, leafColumns } from '../../shared/reports/tables';
import { hasEnded, quarterName } from '../../shared/reporting/cycle';
import type { Precheck, PrecheckItem, UnitQuarter } from '../../shared/reporting/types';
import { quarterPeriod } from '../../shared/inspections/coverage';
import type { LedgerApp } from '../app';
import type { Actor } from '../records/actor';
import { computeAll } from '../reports/engine';
import { reportFreshness } from '../reports/freshness';
import { writeWorkbook } from '../reports/xlsx';
import { recordEvent } from '../system/audit';
import { compareTables, figureHashes } from './figures';
import { ALL_TABLES, readSources } from './sources';
import { factsFrom, unitQuarter, unitYears } from './status';
import { decisions, encodeContent, encodeWorkbook, readContent, submissions, type SubmissionRow } from './store';
import { ownUnit, unitsBelow, type Unit } from './units';

/** Submitting, returning and approving need a reviewer (spec §10): a clerk prepares, a reviewer signs off. */
export function requireReviewer(actor: Actor, what: string): void {
  if (actor.role === 'clerk') throw new AppError('FORBIDDEN', `${what}需要审核员或管理员。请由本单位的审核员或管理员登录后操作。`);
}

function requireOwnUnit(app: LedgerApp): Unit {
  const u = ownUnit(app);
  if (!u) throw new AppError('VALIDATION', '市级单位是最上一级,不向上报送。下级单位的报送请在“季度报送”中审核。');
  return u;
}

/** The figures' red cells, the KPI ratios below target and overdue hazards: what the reviewer should see first. */
function figureChecks(app: LedgerApp, tables: PreviewTable[], level: Unit['level'], quarter: number): PrecheckItem[] {
  const items: PrecheckItem[] = [];
  const s = app.settings();
  const rowWord = level === 'township' ? '村(社区)' : '乡镇(街道)';
  const below = (t: PreviewTable, key: string, threshold: number, what: string) => {
    const total = t.rows.find((r) => r.code === null)?.values[key];
    const low = t.rows.filter((r) => r.code !== null && r.values[key] !== null && r.values[key] < threshold);
    if ((total === null || total === undefined || total >= threshold) && !low.length) return;
    const names = low.slice(0, 5).map((r) => `${r.label} ${r.values[key]!.toFixed(1)}%`);
    const more = low.length > 5 ? ` 等 ${low.length} 个${rowWord}` : '';
    const head = total !== null && total !== undefined && total < threshold ? `合计 ${total.toFixed(1)}%,` : '';
    items.push({ level: 'warning', text: `${t.table.sheetName}·${what}低于 ${threshold}%:${head}${names.join('、')}${more}` });
  };
  for (const t of tables) {
    for (const c of leafColumns(t.table)) {
      const threshold = t.warnings[c.key];
      if (threshold === undefined) continue;
      const g = t.table.groups.find((x) => x.columns.includes(c));
      const group = g && g.header !== c.header ? `${groupHeader(g.header, quarter)}·` : '';
      below(t, c.key, threshold, `${group}${c.header.replace('(%)', '')}`);
    }
    if (t.table.id === 't1') {
      below(t, 'nursingPct', s.nursingBedRatioTarget, '护理型床位占比');
      below(t, 'certifiedPct', s.certifiedRateTarget, '持证率');
    }
    if (t.table.id === 't4') {
      const overdue = t.rows.find((r) => r.code === null)?.values.overdue ?? 0;
      if (overdue) items.push({ level: 'warning', text: `表4·季末有 ${overdue} 处隐患逾期未整改,请核对是否已整改但未登记` });
    }
  }
  const nothing = tables.every((t) => t.rows.every((r) => Object.values(r.values).every((v) => v === null || v === 0)));
  if (nothing) items.push({ level: 'warning', text: '本季度表1–表4没有任何数字:请确认数据已经录入' });
  return items;
}

/** A roll-up's townships: those whose data never arrived, and those that have not sent or not been approved. */
function townshipChecks(app: LedgerApp, year: number, quarter: number): PrecheckItem[] {
  const units = unitsBelow(app);
  if (!units.length) return [];
  const fresh = reportFreshness(app);
  const items: PrecheckItem[] = [];
  const list = (us: Unit[]) =>
    `${us
      .slice(0, 6)
      .map((u) => u.name)
      .join('、')}${us.length > 6 ? ` 等 ${us.length} 个` : ''}`;
  const noData = units.filter((u) => [...u.area].every((c) => !fresh[c]?.packageMadeAt));
  if (noData.length) items.push({ level: 'warning', text: `${noData.length} 个下级单位尚未收到任何数据(同步包):${list(noData)}` });
  const states = unitYears(app, units, year).filter((x) => x.quarter === quarter);
  const notSent = units.filter((u) => states.find((x) => x.unitCode === u.code)?.state !== '已审核');
  if (notSent.length)
    items.push({
      level: 'warning',
      text: `${notSent.length} 个下级单位${quarterName(year, quarter)}尚未审核通过(未报送、待审核或已退回):${list(notSent)}`,
    });
  return items;
}

function latestSubmission(app: LedgerApp, unit: Unit, year: number, quarter: number): { row: SubmissionRow | null; returned: boolean } {
  const chain = submissions(app, { units: [unit.code], year, quarter });
  const f = factsFrom(
    chain,
    decisions(
      app,
      chain.map((s) => s.id),
    ),
  );
  return { row: f.latest, returned: f.state === '已退回' };
}

export function precheck(app: LedgerApp, actor: Actor, year: number, quarter: number): Precheck {
  const unit = requireOwnUnit(app);
  const items: PrecheckItem[] = [];
  if (actor.role === 'clerk') items.push({ level: 'error', text: '报送需要审核员或管理员,请由审核员或管理员登录后报送' });
  if (!hasEnded(year, quarter, app.today()))
    items.push({ level: 'error', text: `${quarterName(year, quarter)}到 ${quarterPeriod(year, quarter).end} 才结束,季度结束后才能报送` });
  const tables = computeAll(app, year, quarter);
  items.push(...figureChecks(app, tables, unit.level, quarter), ...townshipChecks(app, year, quarter));
  const { row: previous, returned } = latestSubmission(app, unit, year, quarter);
  const changes = previous ? compareTables(readContent(app, previous).tables, tables, quarter) : [];
  if (previous && !returned && changes.length === 0)
    items.push({
      level: 'error',
      text: `${quarterName(year, quarter)}已于 ${previous.submittedAt.slice(0, 10)} 报送,当前数字与那次完全相同,无需重新报送`,
    });
  const replaces = previous
    ? (({ contentParts: _a, contentSha256: _b, workbookParts: _c, workbookSha256: _d, ...info }) => info)(previous)
    : null;
  return { year, quarter, items: items.sort((a, b) => (a.level === b.level ? 0 : a.level === 'error' ? -1 : 1)), replaces, changes };
}

/**
 * 报送: the figures of 表1–表4 exactly as reports.preview gives them, the hash of the records behind each figure,
 * those records themselves, and the workbook as exported (masked), stored as an immutable submission that the
 * next sync package carries up. A correction (更正报送) is a new submission naming the one it replaces.
 */
export async function submit(app: LedgerApp, actor: Actor, input: { year: number; quarter: number; note?: string }): Promise<UnitQuarter> {
  requireReviewer(actor, '报送');
  const { year, quarter } = input;
  const unit = requireOwnUnit(app);
  const check = precheck(app, actor, year, quarter);
  const blocking = check.items.find((i) => i.level === 'error');
  if (blocking) throw new AppError('VALIDATION', `没有报送:${blocking.text}。`);
  const seq = () => app.store.sqlite.prepare('SELECT coalesce(max(seq), 0) FROM change_log').pluck().get() as number;
  const at = seq();
  const tables = computeAll(app, year, quarter);
  const srcs = readSources(app.store.sqlite, year, quarter, ALL_TABLES, [...unit.area]);
  const content = encodeContent(tables, figureHashes(srcs, tables), srcs);
  const office = app.requireOffice();
  const book = encodeWorkbook(await writeWorkbook(app, tables, { year, quarter, revealIds: false }));
  const submittedAt = new Date(app.now()).toISOString();
  app.run.tx(() => {
    // The workbook is written in steps that let other calls run: if any record changed meanwhile, the figures
    // and the workbook could disagree, so nothing is stored and the reviewer submits again.
    if (seq() !== at) throw new AppError('CONFLICT', '报送期间有数据被修改,为保证报表与数字一致,这次没有报送。请重新点击“报送”。');
    const previous = latestSubmission(app, unit, year, quarter).row;
    const { record } = app.records.create(
      'reportSubmissions',
      {
        townshipCode: unit.code,
        level: unit.level,
        year,
        quarter,
        kind: previous ? '更正报送' : '报送',
        replacesId: previous?.id ?? null,
        title: `${office.name}${quarterName(year, quarter)}${previous ? '更正报送' : '报送'}`,
        officeName: office.name,
        submittedAt,
        submittedBy: actor.userName,
        note: input.note || null,
        contentSha256: content.sha256,
        contentParts: content.parts.length,
        workbookSha256: book.sha256,
        workbookParts: book.parts.length,
        workbookBytes: book.size,
        workbookName: `${office.name}${year}年第${quarter}季度养老服务统计报表.xlsx`,
      },
      actor,
    );
    const parts = [...content.parts.map((data) => ['content', data] as const), ...book.parts.map((data) => ['workbook', data] as const)];
    const seqOf = { content: 0, workbook: 0 };
    for (const [part, data] of parts)
      app.records.create('reportSubmissionParts', { submissionId: record.id, part, seq: seqOf[part]++, data }, actor);
    recordEvent(app, actor, {
      action: 'report-submit',
      entity: 'reportSubmissions',
      recordId: record.id,
      newValue: `${year}Q${quarter}`,
      note: `${previous ? '更正报送' : '报送'}${quarterName(year, quarter)}${input.note ? `:${input.note}` : ''}`,
    });
  });
  return unitQuarter(app, unit, year, quarter);
}
