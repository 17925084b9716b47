import type { Generated } from 'kysely';
import type { StoredOf } from '../../shared/domain/entity';
import type { Entities } from '../../shared/domain/entities';

/**
 * The declared database type Kysely checks queries against. Record tables are the shared record fields
 * (as SQLite stores them) plus the columns every synced record carries.
 */
export interface RecordColumns {
  id: string;
  officeId: string;
  townshipCode: string;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
  updatedBy: string | null;
  deletedAt: string | null;
  hlc: string;
  /** JSON array of the warnings (FieldIssue) saved with the record. */
  warnings: string;
}

type RecordTable<K extends keyof Entities> = RecordColumns & StoredOf<Entities[K]['fields']>;

export interface DB {
  meta: { key: string; value: string };
  schema_migrations: { name: string; appliedAt: string; appVersion: string };
  divisions: {
    code: string;
    name: string;
    level: 'province' | 'city' | 'county' | 'township';
    kind: string | null;
    parentCode: string | null;
  };
  offices: {
    id: string;
    level: 'township' | 'district' | 'city';
    divisionCode: string;
    name: string;
    parentOfficeId: string | null;
    isSelf: number;
    publicKey: string | null;
    createdAt: string;
    /** X25519 public key (SPKI PEM) from the office card; null for a card from before packages were encrypted. */
    encryptionKey: Generated<string | null>;
  };
  reporting_units: { id: string; code: string; name: string; cityCode: string };
  reporting_unit_townships: { unitId: string; townshipCode: string };
  users: {
    id: string;
    officeId: string;
    username: string;
    displayName: string;
    role: 'clerk' | 'reviewer' | 'admin';
    passwordHash: string;
    active: number;
    createdAt: string;
    updatedAt: string;
    lastLoginAt: string | null;
    /** Wrong passwords in a row since the last successful login (0008). */
    failedLogins: Generated<number>;
    /** Until when logins are refused after repeated wrong passwords (ISO time), or null (0008). */
    lockedUntil: Generated<string | null>;
  };
  settings: { key: string; value: string };
  facilities: RecordTable<'facilities'>;
  facility_quarters: RecordTable<'facilityQuarters'>;
  canteens: RecordTable<'canteens'>;
  canteen_months: RecordTable<'canteenMonths'>;
  households: RecordTable<'households'> & { idCardLast4: Generated<string>; phoneLast4: Generated<string | null> };
  household_items: RecordTable<'householdItems'>;
  household_steps: RecordTable<'householdSteps'>;
  household_photos: RecordTable<'householdPhotos'>;
  retrofit_catalogue: {
    code: string;
    category: string;
    name: string;
    kind: 'basic' | 'optional';
    sortOrder: number;
    active: number;
    catalogueVersion: string;
  };
  checklist_versions: {
    version: string;
    source: string | null;
    createdAt: string;
    isCurrent: number;
    basedOn: string | null;
    createdBy: string | null;
    officeId: string | null;
  };
  checklist_items: { version: string; code: string; category: string; text: string; major: number; sortOrder: number };
  inspections: RecordTable<'inspections'>;
  inspection_answers: RecordTable<'inspectionAnswers'>;
  hazards: RecordTable<'hazards'>;
  targets: RecordTable<'targets'>;
  report_submissions: RecordTable<'reportSubmissions'>;
  report_submission_parts: RecordTable<'reportSubmissionParts'>;
  report_decisions: RecordTable<'reportDecisions'>;
  report_adjustments: RecordTable<'reportAdjustments'>;
  report_unlocks: {
    id: string;
    unitCode: string;
    year: number;
    quarter: number;
    reason: string;
    openedAt: string;
    openedBy: string;
    closedAt: string | null;
    closedBy: string | null;
  };
  audit_log: {
    id: Generated<number>;
    at: string;
    userId: string | null;
    userName: string | null;
    officeId: string | null;
    action: string;
    entity: string | null;
    recordId: string | null;
    field: string | null;
    oldValue: string | null;
    newValue: string | null;
    note: string | null;
  };
  change_log: {
    seq: Generated<number>;
    entity: string;
    recordId: string;
    field: string;
    value: string | null;
    hlc: string;
    officeId: string;
    userId: string | null;
    baseHlc: string | null;
  };
  sync_outbox: {
    packageId: string;
    receiverId: string;
    createdAt: string;
    fromSeq: number;
    toSeq: number;
    changeCount: number;
    full: number;
    ackedAt: string | null;
  };
  sync_inbox: {
    packageId: string;
    senderId: string;
    createdAt: string;
    importedAt: string;
    importedBy: string | null;
    changeCount: number;
    applied: number;
    conflicts: number;
    summary: string;
    toSeq: number | null;
  };
  sync_conflicts: {
    id: Generated<number>;
    detectedAt: string;
    packageId: string | null;
    entity: string;
    recordId: string;
    field: string;
    appliedValue: string | null;
    appliedHlc: string;
    appliedOffice: string;
    otherValue: string | null;
    otherHlc: string;
    otherOffice: string;
    status: 'open' | 'kept' | 'restored';
    resolvedBy: string | null;
    resolvedAt: string | null;
  };
  /** Offices a registered child declared below itself in its signed packages (migration 0009). */
  sync_relayed_offices: {
    id: string;
    viaOfficeId: string;
    parentOfficeId: string;
    level: 'township' | 'district' | 'city';
    divisionCode: string;
    name: string;
    firstSeenAt: string;
    lastSeenAt: string;
  };
  /** Packages held back instead of applied: a change stamped too far ahead of this PC's clock. */
  sync_quarantine: {
    packageId: string;
    senderId: string;
    heldAt: string;
    heldBy: string | null;
    createdAt: string;
    fromSeq: number;
    toSeq: number;
    full: number;
    changeCount: number;
    reason: string;
    aheadMs: number;
    latestHlc: string | null;
    bytes: Buffer;
    status: 'held' | 'applied' | 'superseded' | 'discarded';
    settledAt: string | null;
    settledBy: string | null;
  };
  /** Each office's clock as its latest package showed it (skew = package made − this PC's time then). */
  sync_peer_clocks: {
    officeId: string;
    checkedAt: string;
    packageMadeAt: string;
    skewMs: number;
    direction: 'ahead' | 'behind' | null;
  };
}
