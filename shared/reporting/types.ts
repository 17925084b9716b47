import type { PreviewTable } from '../reports/contract';
import type { UnitLevel } from './schema';

/** Where a unit's quarter stands in the cycle (spec §10). */
export type QuarterState = '未报送' | '已报送' | '已退回' | '已审核';
/**
 * Against the deadline: sent on time, sent late, not sent and overdue, not sent and not yet due, or not sent
 * and not counted (the deadline passed before the office used the app here, or no office is registered).
 */
export type Timeliness = '按时' | '逾期报送' | '逾期未报' | '未到期' | '不计';

export interface SubmissionInfo {
  id: string;
  unitCode: string;
  level: UnitLevel;
  year: number;
  quarter: number;
  kind: '报送' | '更正报送';
  replacesId: string | null;
  officeName: string;
  submittedAt: string;
  submittedBy: string;
  note: string | null;
  workbookName: string;
  workbookBytes: number;
}

export interface DecisionInfo {
  id: string;
  submissionId: string;
  decision: '退回' | '审核通过';
  reason: string | null;
  decidedAt: string;
  decidedBy: string;
  officeName: string;
}

/** One figure that differs between two versions of a unit's tables (a snapshot and now, or two snapshots). */
export interface FigureChange {
  tableId: string;
  tableName: string;
  rowKey: string;
  rowLabel: string;
  columnKey: string;
  columnLabel: string;
  before: number | null;
  after: number | null;
}

export interface AdjustmentInfo {
  id: string;
  submissionId: string;
  reason: string;
  adjustedAt: string;
  adjustedBy: string;
  officeName: string;
  action: 'create' | 'update' | 'delete' | 'restore';
  recordEntity: string;
  recordLabel: string;
  recordId: string;
  recordTitle: string | null;
  changes: FigureChange[];
}

/** One unit (a township, or a district's roll-up) and one quarter, as the status grid and dashboard show it. */
export interface UnitQuarter {
  unitCode: string;
  unitName: string;
  level: UnitLevel;
  year: number;
  quarter: number;
  /** The office registered for this unit (null: none registered here, so nothing can arrive from it). */
  officeName: string | null;
  state: QuarterState;
  /** The latest submission of the quarter (a correction replaces the one before). */
  submission: SubmissionInfo | null;
  /** When the quarter was first sent: timeliness is judged on it. */
  firstSubmittedAt: string | null;
  decision: DecisionInfo | null;
  deadline: string;
  timeliness: Timeliness;
  /** Writes that change its figures are refused for 填报员 (审核员: only as an 调整 with a reason). */
  locked: boolean;
  /** A reviewer here opened the locked quarter for adjustment (every change is then recorded as an 调整). */
  unlocked: { reason: string; openedBy: string; openedAt: string } | null;
  /** 调整 recorded after the latest submission (here, or received). */
  adjustments: number;
  /** Figures of the latest submission that differ from the records now (null where not computed). */
  differs: number | null;
}

export interface Overview {
  today: string;
  /** The quarter currently being reported: the last one that has ended. */
  round: { year: number; quarter: number; deadline: string };
  /** This office's own unit (absent for a city, which reports to no one here). */
  own: UnitQuarter[];
  /** The units below this office (a district's townships, a city's districts), each with its four quarters. */
  below: UnitQuarter[];
}

/** The dashboard's view: this round's progress below, late ones first, and every quarter needing attention. */
export interface Progress {
  round: { year: number; quarter: number; deadline: string };
  own: UnitQuarter | null;
  below: { total: number; submitted: number; approved: number; units: UnitQuarter[] };
  /** Returned or adjusted quarters (own and below), newest first. */
  attention: UnitQuarter[];
}

export interface PrecheckItem {
  level: 'error' | 'warning';
  text: string;
}

export interface Precheck {
  year: number;
  quarter: number;
  /** Errors stop the submission; warnings are shown and confirmed. */
  items: PrecheckItem[];
  /** This submission would replace an earlier one (更正报送). */
  replaces: SubmissionInfo | null;
  /** Figures that differ from the earlier submission, when there is one. */
  changes: FigureChange[];
}

export interface SubmissionDetail {
  submission: SubmissionInfo;
  unitName: string;
  state: UnitQuarter;
  /** The figures as submitted (exactly what reports.preview showed then). */
  tables: PreviewTable[];
  /** The same unit's figures from the records held here now, in the same layout. */
  current: PreviewTable[];
  /** Figure by figure, submitted → now. */
  changes: FigureChange[];
  /** Figures whose records changed although the figure is the same (the hash of the records behind it). */
  sourcesChanged: number;
  decisions: DecisionInfo[];
  adjustments: AdjustmentInfo[];
  /** Every submission of this unit and quarter, newest first (the chain of corrections). */
  chain: SubmissionInfo[];
}

/** The records behind a figure of a snapshot, each compared with the records held now. */
export interface SnapshotDrill {
  header: string;
  measures: { key: string; label: string }[];
  rows: {
    entity: string;
    id: string;
    title: string;
    townshipCode: string;
    sent: Record<string, number> | null;
    now: Record<string, number> | null;
    change: 'same' | 'changed' | 'removed' | 'added';
  }[];
  totalsThen: Record<string, number>;
  totalsNow: Record<string, number>;
}
