import { todayIso } from '../../shared/domain/fields';
import { deadlineOf } from '../../shared/reporting/cycle';
import type { DecisionInfo, QuarterState, Timeliness, UnitQuarter } from '../../shared/reporting/types';
import type { LedgerApp } from '../app';
import { adjustments, decisions, submissions, type SubmissionRow } from './store';
import { reportingOffice, type Unit } from './units';

/*
 * Where a unit's quarter stands, derived from its records every time (nothing cached that sync could make
 * stale): its latest submission (the head of the chain of corrections), the newest decision on that one,
 * the adjustments made after it, and an adjustment window opened here.
 */

export interface QuarterFacts {
  chain: SubmissionRow[];
  latest: SubmissionRow | null;
  decision: DecisionInfo | null;
  state: QuarterState;
}

/** The latest of a unit's submissions for a quarter: the one no other replaces (the newest if several do). */
export function latestOf(chain: SubmissionRow[]): SubmissionRow | null {
  const replaced = new Set(chain.map((s) => s.replacesId).filter(Boolean));
  const heads = chain.filter((s) => !replaced.has(s.id));
  return (heads.length ? heads : chain).reduce<SubmissionRow | null>((a, s) => (!a || s.submittedAt >= a.submittedAt ? s : a), null);
}

export function factsFrom(chain: SubmissionRow[], allDecisions: DecisionInfo[]): QuarterFacts {
  const latest = latestOf(chain);
  const mine = latest ? allDecisions.filter((d) => d.submissionId === latest.id) : [];
  const decision = mine.length ? mine[mine.length - 1] : null;
  const state: QuarterState = !latest ? '未报送' : !decision ? '已报送' : decision.decision === '退回' ? '已退回' : '已审核';
  return { chain, latest, decision, state };
}

/** A submission's local calendar day (the office PC's day, as the deadline is read). */
const localDay = (iso: string) => todayIso(new Date(iso));

/**
 * On time or late against the deadline. A quarter not sent whose deadline passed before its office used the
 * app here (set up, or registered with this office) is not counted late: nothing could have been sent.
 */
export function timelinessOf(firstAt: string | null, deadline: string, today: string, since: string | null): Timeliness {
  if (firstAt) return localDay(firstAt) <= deadline ? '按时' : '逾期报送';
  if (today <= deadline) return '未到期';
  return since && localDay(since) <= deadline ? '逾期未报' : '不计';
}

export function isLocked(app: LedgerApp, state: QuarterState): boolean {
  return state === '已审核' || (state === '已报送' && app.settings().reportLockWhen === 'submitted');
}

export function openWindow(app: LedgerApp, unitCode: string, year: number, quarter: number) {
  return app.run.first(
    app.store.db
      .selectFrom('report_unlocks')
      .select(['id', 'reason', 'openedBy', 'openedAt'])
      .where('unitCode', '=', unitCode)
      .where('year', '=', year)
      .where('quarter', '=', quarter)
      .where('closedAt', 'is', null),
  );
}

/** The four quarters of a year for each unit (one query per kind of record for all of them). */
export function unitYears(app: LedgerApp, units: Unit[], year: number): UnitQuarter[] {
  if (!units.length) return [];
  const subs = submissions(app, { units: units.map((u) => u.code), year });
  const decs = decisions(
    app,
    subs.map((s) => s.id),
  );
  const adjs = adjustments(
    app,
    subs.map((s) => s.id),
  );
  const today = app.today();
  const day = app.settings().reportDeadlineDay;
  const out: UnitQuarter[] = [];
  for (const u of units) {
    const office = reportingOffice(app, u.code);
    for (const quarter of [1, 2, 3, 4]) {
      const chain = subs.filter((s) => s.unitCode === u.code && s.quarter === quarter);
      out.push(describe(app, u, year, quarter, factsFrom(chain, decs), adjs, today, day, office));
    }
  }
  return out;
}

export function unitQuarter(app: LedgerApp, u: Unit, year: number, quarter: number): UnitQuarter {
  return unitYears(app, [u], year).find((x) => x.quarter === quarter)!;
}

function describe(
  app: LedgerApp,
  u: Unit,
  year: number,
  quarter: number,
  f: QuarterFacts,
  adjs: ReturnType<typeof adjustments>,
  today: string,
  day: number,
  office: { name: string; since: string } | null,
): UnitQuarter {
  const deadline = deadlineOf(year, quarter, day);
  const first = f.chain.length ? f.chain[0].submittedAt : null;
  const window = f.latest ? openWindow(app, u.code, year, quarter) : undefined;
  const { contentParts: _c, contentSha256: _h, workbookParts: _w, workbookSha256: _ws, ...info } = f.latest ?? ({} as SubmissionRow);
  return {
    unitCode: u.code,
    unitName: u.name,
    level: u.level,
    year,
    quarter,
    officeName: office?.name ?? null,
    state: f.state,
    submission: f.latest ? info : null,
    firstSubmittedAt: first,
    decision: f.decision,
    deadline,
    timeliness: timelinessOf(first, deadline, today, office?.since ?? null),
    locked: isLocked(app, f.state),
    unlocked: window ? { reason: window.reason, openedBy: window.openedBy, openedAt: window.openedAt } : null,
    adjustments: f.latest ? adjs.filter((a) => a.submissionId === f.latest!.id).length : 0,
    differs: null,
  };
}
