import type { z } from 'zod';
import type { preferencesInput } from '../../shared/system/contract';
import { DEFAULT_PREFERENCES, TEXT_SIZES, type UserPreferences } from '../../shared/system/preferences';
import type { LedgerApp } from '../app';
import type { Actor } from '../records/actor';
import { recordEvent } from './audit';

/** One row per user in `meta` (local to this PC, never synced): no schema change for a display choice. */
const keyOf = (userId: string) => `preferences:${userId}`;

export function getPreferences(app: LedgerApp, userId: string): UserPreferences {
  const row = app.run.first(app.store.db.selectFrom('meta').select('value').where('key', '=', keyOf(userId)));
  let stored: Partial<UserPreferences> = {};
  try {
    stored = row ? (JSON.parse(row.value) as Partial<UserPreferences>) : {};
  } catch {
    // An unreadable row is a lost display choice, not a reason to refuse the login: the defaults apply.
  }
  return {
    textSize: TEXT_SIZES.includes(stored.textSize as never)
      ? (stored.textSize as UserPreferences['textSize'])
      : DEFAULT_PREFERENCES.textSize,
  };
}

export function updatePreferences(app: LedgerApp, actor: Actor, patch: z.output<typeof preferencesInput>): UserPreferences {
  const current = getPreferences(app, actor.userId);
  const next: UserPreferences = { ...current, ...patch };
  if (next.textSize === current.textSize) return current;
  const value = JSON.stringify(next);
  app.run.tx(() => {
    app.run.run(
      app.store.db
        .insertInto('meta')
        .values({ key: keyOf(actor.userId), value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value })),
    );
    recordEvent(app, actor, {
      action: 'update',
      entity: 'preferences',
      recordId: actor.userId,
      field: 'textSize',
      oldValue: current.textSize,
      newValue: next.textSize,
    });
  });
  return next;
}
