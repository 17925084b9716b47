import { daysInMonth } from '../domain/dates';

/**
 * Inspection coverage rule (spec §3.4, thresholds configurable): every active facility does a 机构自查
 * each month; third-party expert checks (第三方专家检查) cover ≥ 30% of active facilities each month and
 * 100% each quarter. Pure functions over plain rows so the planner, the dashboard, the reports and the
 * tests all use one definition.
 */
export interface CoverageSubject {
  id: string;
  name: string;
  townshipCode: string;
  kind: 'facility' | 'canteen';
  status: string;
  openedOn: string | null;
  statusDate: string | null;
}

export interface CoverageInspection {
  subjectId: string;
  inspectionType: string;
  inspectedOn: string;
}

export interface Period {
  start: string;
  end: string;
}

export function monthPeriod(year: number, month: number): Period {
  const last = daysInMonth(year, month);
  const p = (n: number) => String(n).padStart(2, '0');
  return { start: `${year}-${p(month)}-01`, end: `${year}-${p(month)}-${p(last)}` };
}

export function quarterPeriod(year: number, quarter: number): Period {
  return { start: monthPeriod(year, quarter * 3 - 2).start, end: monthPeriod(year, quarter * 3).end };
}

const CLOSED = new Set(['停业(注销)', '停业']);

/**
 * In the register (在册) for a period = existed and was not closed at the period's end date — the spec's
 * "as of" convention. So a facility opened mid-month is due that month; one closed mid-month is not.
 * 筹建 (not yet open) never is; 暂停 stays in the register (a paused home still holds people and hazards).
 */
export function inRegister(s: CoverageSubject, p: Period): boolean {
  if (s.status === '筹建') return false;
  if (s.openedOn && s.openedOn > p.end) return false;
  if (CLOSED.has(s.status) && (!s.statusDate || s.statusDate <= p.end)) return false;
  return true;
}

export interface CoverageResult {
  period: Period;
  due: number;
  selfChecked: number;
  selfPct: number;
  expertChecked: number;
  expertPct: number;
  expertTargetPct: number;
  expertMet: boolean;
  /** Subjects still needing a self-check / an expert check in this period. */
  needSelf: CoverageSubject[];
  needExpert: CoverageSubject[];
  /** How many more expert checks reach the target. */
  expertShortBy: number;
}

export const SELF_CHECK = '机构自查';
export const EXPERT_CHECK = '第三方专家检查';

export function pct(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10;
}

export function coverage(
  subjects: CoverageSubject[],
  inspections: CoverageInspection[],
  p: Period,
  expertTargetPct: number,
  requireSelf = true,
): CoverageResult {
  const due = subjects.filter((s) => inRegister(s, p));
  const inPeriod = inspections.filter((i) => i.inspectedOn >= p.start && i.inspectedOn <= p.end);
  const selfDone = new Set(inPeriod.filter((i) => i.inspectionType === SELF_CHECK).map((i) => i.subjectId));
  const expertDone = new Set(inPeriod.filter((i) => i.inspectionType === EXPERT_CHECK).map((i) => i.subjectId));
  const selfChecked = due.filter((s) => selfDone.has(s.id)).length;
  const expertChecked = due.filter((s) => expertDone.has(s.id)).length;
  const needed = Math.ceil((due.length * expertTargetPct) / 100 - 1e-9);
  return {
    period: p,
    due: due.length,
    selfChecked,
    selfPct: pct(selfChecked, due.length),
    expertChecked,
    expertPct: pct(expertChecked, due.length),
    expertTargetPct,
    expertMet: expertChecked >= needed,
    needSelf: requireSelf ? due.filter((s) => !selfDone.has(s.id)) : [],
    needExpert: due.filter((s) => !expertDone.has(s.id)),
    expertShortBy: Math.max(0, needed - expertChecked),
  };
}
