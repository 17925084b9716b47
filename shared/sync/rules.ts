import type { EntityName } from '../domain/entity';
import type { OfficeLevel } from '../domain/enums';

/**
 * How each record kind may travel between offices: the one place to declare it (docs/sync.md).
 *
 * Every change in a package is checked by the receiver against generic rules that hold for every kind:
 * the record it names is in the package or here; its township before and after the change (a child
 * record's: its parent's, up the chain) lies in the area the sending office may write; its origin is the
 * sender or an office registered below it; the office that owns it never changes; a child never moves to
 * another parent. What differs between kinds is declared here. The type is a Record over every kind on
 * purpose: a new record kind does not compile until its sync rules are written down (test/unit/sync-rules
 * also checks that every field naming another record is listed in `refs`).
 */
export interface SyncRule {
  /**
   * Fields that name another record (beside the parent field), with that record's kind: the record named
   * must exist (in the package or here) and lie in the sender's area too, so an office cannot, say, record
   * an inspection of another township's facility (it would count in that township's coverage).
   */
  readonly refs?: Readonly<Record<string, EntityName>>;
  /** Fields that never change once the record exists (the parent field never does, for every kind). */
  readonly fixed?: readonly string[];
  /** No field changes once the record exists (a snapshot); a deletion still travels. */
  readonly immutable?: boolean;
  /**
   * Only the office that made the record, or an office above it, may change it: a 年度任务 the district set
   * for a township is read-only there, and a township's package that changes it is refused.
   */
  readonly ownerOrAbove?: boolean;
  /**
   * Written only by offices of this level or above (e.g. the district's review decisions): a change from
   * a lower office, or relayed from one, refuses the package. Checked on packages from below.
   */
  readonly writtenFrom?: OfficeLevel;
  /**
   * Who may write a record that belongs to the office at its place (the reporting cycle, spec §10): 'place'
   * only that office (its own submission, which a district may not make for a township); 'placeOrAbove' that
   * office or one above it (an adjustment); 'abovePlace' only an office above it (a decision on the submission).
   * The place of a child record is its parent's. Checked on packages from below and from above.
   */
  readonly writtenBy?: 'place' | 'placeOrAbove' | 'abovePlace';
}

export const SYNC_RULES: Readonly<Record<EntityName, SyncRule>> = {
  facilities: {},
  facilityQuarters: {},
  canteens: { refs: { facilityId: 'facilities' } },
  canteenMonths: {},
  households: {},
  householdItems: {},
  householdSteps: {},
  // The photo's file is written by the receiver where the record says; which file it is never changes.
  householdPhotos: { fixed: ['fileName', 'sha256'] },
  inspections: { refs: { facilityId: 'facilities', canteenId: 'canteens' } },
  inspectionAnswers: {},
  hazards: { refs: { closedByInspectionId: 'inspections' } },
  targets: { ownerOrAbove: true },
  // The reporting cycle (spec §10): what was submitted never changes (a correction is a new submission).
  reportSubmissions: { immutable: true, writtenBy: 'place', refs: { replacesId: 'reportSubmissions' } },
  reportSubmissionParts: { immutable: true, writtenBy: 'place' },
  reportDecisions: { immutable: true, writtenBy: 'abovePlace' },
  reportAdjustments: { immutable: true, writtenBy: 'placeOrAbove' },
};
