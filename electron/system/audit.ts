import type { LedgerApp } from '../app';

/** Who did it: a logged-in actor, or the user named explicitly (setup, login). */
export interface AuditWho {
  userId: string | null;
  userName: string | null;
}

export interface AuditEvent {
  action: string;
  entity?: string | null;
  recordId?: string | null;
  field?: string | null;
  oldValue?: string | null;
  newValue?: string | null;
  note?: string | null;
  /** Defaults to now and to this office; given explicitly where the event carries its own. */
  at?: string;
  officeId?: string | null;
}

/**
 * One row in the audit trail for an event that is not a field change (a reveal, an export, a login,
 * a sync package). Field changes are logged by the record service together with the write itself.
 */
export function recordEvent(app: LedgerApp, who: AuditWho, e: AuditEvent): void {
  app.run.run(
    app.store.db.insertInto('audit_log').values({
      at: e.at ?? new Date().toISOString(),
      userId: who.userId,
      userName: who.userName,
      officeId: e.officeId !== undefined ? e.officeId : (app.office()?.id ?? null),
      action: e.action,
      entity: e.entity ?? null,
      recordId: e.recordId ?? null,
      field: e.field ?? null,
      oldValue: e.oldValue ?? null,
      newValue: e.newValue ?? null,
      note: e.note ?? null,
    }),
  );
}
