import type { OfficeLevel } from '../domain/enums';

export interface OfficeCard {
  format: string;
  officeId: string;
  level: OfficeLevel;
  divisionCode: string;
  name: string;
  publicKey: string;
}

export interface PeerStatus {
  id: string;
  name: string;
  level: OfficeLevel;
  divisionCode: string;
  relation: 'child' | 'parent';
  lastSentAt: string | null;
  lastAckedAt: string | null;
  lastReceivedAt: string | null;
  /** When the newest package received from that office was made (freshness of its data). */
  lastPackageMadeAt: string | null;
  pendingChanges: number;
}

export interface PackageSummary {
  packageId: string;
  senderName: string;
  createdAt: string;
  full: boolean;
  changeCount: number;
  alreadyImported: boolean;
  perEntity: { entity: string; label: string; new: number; updated: number; unchanged: number; conflicts: number }[];
  conflicts: number;
}

export interface ImportResult {
  summary: PackageSummary;
  ack: { fileName: string; bytes: Buffer | Uint8Array };
}

export interface SyncHistoryRow {
  at: string;
  direction: 'in' | 'out';
  packageId: string;
  officeName: string;
  text: string;
  /** A received package whose acknowledgement can be written again (sync.ackFile). */
  ackAgain?: boolean;
}

export interface ConflictRow {
  id: number;
  detectedAt: string;
  packageId: string | null;
  entity: string;
  entityLabel: string;
  recordId: string;
  /** The record's name (masked where it is personal), so a reviewer knows which record it is. */
  recordTitle: string;
  field: string;
  fieldLabel: string;
  appliedValue: string | null;
  appliedHlc: string;
  appliedOffice: string;
  appliedOfficeName: string;
  appliedAt: string;
  otherValue: string | null;
  otherHlc: string;
  otherOffice: string;
  otherOfficeName: string;
  otherAt: string;
  status: 'open' | 'kept' | 'restored';
  resolvedBy: string | null;
  resolvedAt: string | null;
}
