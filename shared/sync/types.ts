import type { OfficeLevel } from '../domain/enums';

export interface OfficeCard {
  format: string;
  officeId: string;
  level: OfficeLevel;
  divisionCode: string;
  name: string;
  publicKey: string;
  /** X25519 key for encrypted packages (cards of format 2). */
  boxKey?: string;
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
  /** Registered from an office card made before packages were encrypted: no package can be sent to it yet. */
  oldCard: boolean;
  /** That office's clock as its latest package showed it, when it looks wrong from here. */
  clock: ClockNote | null;
}

/** An office whose clock looks wrong from here, and in which direction (docs/sync.md, Clocks). */
export interface ClockNote {
  direction: 'ahead' | 'behind';
  /** How far its stamps were from this PC's clock (positive: ahead). */
  skewMs: number;
  /** The skew as a clerk says it: "约 73 年". */
  about: string;
  packageMadeAt: string;
  checkedAt: string;
  text: string;
}

/** This office's own clock against the PC's date. */
export interface OwnClock {
  /** The newest timestamp this office gave or saw, minus the PC's clock. */
  aheadMs: number;
  /** This office's changes stamped beyond now + the bound (receivers hold them back until re-stamped). */
  futureChanges: number;
  /** The PC's date is before this version was made: wrong for certain. */
  wallImplausible: boolean;
  /** "校正时间戳" may be offered (the clerk confirms that today's date is right). */
  canRepair: boolean;
  warning: string | null;
}

/** A package held back instead of applied (its changes are stamped too far ahead of this PC's clock). */
export interface HeldPackage {
  packageId: string;
  senderId: string;
  senderName: string;
  heldAt: string;
  createdAt: string;
  changeCount: number;
  aheadMs: number;
  latestAt: string | null;
  status: 'held' | 'applied' | 'superseded' | 'discarded';
  message: string;
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
  /** Importing it holds it back instead (its changes are stamped too far ahead of this PC's clock). */
  hold?: { aheadMs: number; latestAt: string; message: string };
}

export interface ImportResult {
  summary: PackageSummary;
  /** The acknowledgement to carry back; none for a package held back (its sender must send it again). */
  ack: { fileName: string; bytes: Buffer | Uint8Array } | null;
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
