import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { AppError } from '../../shared/api/errors';
import type { createUserInput, updateUserInput, UserRow } from '../../shared/system/usersContract';
import type { Settings } from '../../shared/system/settings';
import type { LedgerApp } from '../app';
import type { Actor } from '../records/actor';
import { recordEvent } from './audit';
import { hashPassword, verifyPassword } from './passwords';

function audit(
  app: LedgerApp,
  actor: Actor,
  action: string,
  recordId: string | null,
  field: string | null,
  oldValue: string | null,
  newValue: string | null,
) {
  recordEvent(app, actor, { action, entity: 'users', recordId, field, oldValue, newValue });
}

const toRow =
  (app: LedgerApp) =>
  (u: {
    id: string;
    username: string;
    displayName: string;
    role: UserRow['role'];
    active: number;
    createdAt: string;
    lastLoginAt: string | null;
    lockedUntil: string | null;
  }): UserRow => ({
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    active: u.active === 1,
    createdAt: u.createdAt,
    lastLoginAt: u.lastLoginAt,
    // A lock that has run out is no lock.
    lockedUntil: u.lockedUntil && Date.parse(u.lockedUntil) > app.now() ? u.lockedUntil : null,
  });

export function listUsers(app: LedgerApp): UserRow[] {
  return app.run
    .all(
      app.store.db
        .selectFrom('users')
        .select(['id', 'username', 'displayName', 'role', 'active', 'createdAt', 'lastLoginAt', 'lockedUntil'])
        .orderBy('createdAt'),
    )
    .map(toRow(app));
}

function getUser(app: LedgerApp, id: string) {
  const u = app.run.first(app.store.db.selectFrom('users').selectAll().where('id', '=', id));
  if (!u) throw new AppError('NOT_FOUND', '没有找到这个用户。');
  return u;
}

export async function createUser(app: LedgerApp, actor: Actor, input: z.output<typeof createUserInput>): Promise<UserRow> {
  if (app.run.first(app.store.db.selectFrom('users').select('id').where('username', '=', input.username)))
    throw new AppError('VALIDATION', `用户名“${input.username}”已被使用,请换一个`, [
      { field: 'username', level: 'error', message: '用户名已被使用' },
    ]);
  const passwordHash = await hashPassword(input.password);
  const now = new Date().toISOString();
  const id = randomUUID();
  app.run.tx(() => {
    app.run.run(
      app.store.db.insertInto('users').values({
        id,
        officeId: app.requireOffice().id,
        username: input.username,
        displayName: input.displayName,
        role: input.role,
        passwordHash,
        active: 1,
        createdAt: now,
        updatedAt: now,
        lastLoginAt: null,
      }),
    );
    audit(app, actor, 'create', id, 'role', null, input.role);
  });
  return toRow(app)(getUser(app, id));
}

/** The last active admin can be neither demoted nor disabled: the office would be locked out of its own data. */
function assertAdminRemains(app: LedgerApp, id: string, next: { role?: string; active?: boolean }) {
  const u = getUser(app, id);
  const losesAdmin = u.role === 'admin' && u.active === 1 && ((next.role && next.role !== 'admin') || next.active === false);
  if (!losesAdmin) return;
  const admins = app.run.all(app.store.db.selectFrom('users').select('id').where('role', '=', 'admin').where('active', '=', 1));
  if (admins.length <= 1) throw new AppError('CONFLICT', '这是本单位唯一的管理员账号,不能停用或降级。请先设置另一位管理员。');
}

export function updateUser(app: LedgerApp, actor: Actor, input: z.output<typeof updateUserInput>): UserRow {
  app.run.tx(() => {
    const u = getUser(app, input.id);
    assertAdminRemains(app, input.id, input);
    const set: { displayName?: string; role?: UserRow['role']; active?: number; updatedAt: string } = {
      updatedAt: new Date().toISOString(),
    };
    if (input.displayName !== undefined && input.displayName !== u.displayName) {
      set.displayName = input.displayName;
      audit(app, actor, 'update', u.id, 'displayName', u.displayName, input.displayName);
    }
    if (input.role !== undefined && input.role !== u.role) {
      set.role = input.role;
      audit(app, actor, 'update', u.id, 'role', u.role, input.role);
    }
    if (input.active !== undefined && (input.active ? 1 : 0) !== u.active) {
      set.active = input.active ? 1 : 0;
      audit(app, actor, input.active ? 'enable' : 'disable', u.id, 'active', String(u.active), String(set.active));
    }
    app.run.run(app.store.db.updateTable('users').set(set).where('id', '=', u.id));
  });
  return toRow(app)(getUser(app, input.id));
}

export async function resetPassword(app: LedgerApp, actor: Actor, id: string, password: string): Promise<void> {
  getUser(app, id);
  const passwordHash = await hashPassword(password);
  app.run.tx(() => {
    // A new password lifts a lock after wrong passwords: the admin has just spoken to the person.
    app.run.run(
      app.store.db
        .updateTable('users')
        .set({ passwordHash, failedLogins: 0, lockedUntil: null, updatedAt: new Date().toISOString() })
        .where('id', '=', id),
    );
    audit(app, actor, 'reset-password', id, null, null, null);
  });
}

/** An admin lifts the lock after repeated wrong passwords; audited with the lock it lifted. */
export function unlockUser(app: LedgerApp, actor: Actor, id: string): UserRow {
  app.run.tx(() => {
    const u = getUser(app, id);
    app.run.run(app.store.db.updateTable('users').set({ failedLogins: 0, lockedUntil: null }).where('id', '=', id));
    audit(app, actor, 'unlock', id, 'lockedUntil', u.lockedUntil, null);
  });
  return toRow(app)(getUser(app, id));
}

export async function changeOwnPassword(app: LedgerApp, actor: Actor, oldPassword: string, newPassword: string): Promise<void> {
  const u = getUser(app, actor.userId);
  if (!(await verifyPassword(oldPassword, u.passwordHash)))
    throw new AppError('VALIDATION', '原密码不正确', [{ field: 'oldPassword', level: 'error', message: '原密码不正确' }]);
  await resetPassword(app, actor, u.id, newPassword);
}

export function updateSettings(app: LedgerApp, actor: Actor, patch: Partial<Settings>): Settings {
  const current = app.settings();
  app.run.tx(() => {
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) continue;
      const oldText = JSON.stringify((current as unknown as Record<string, unknown>)[k]);
      const newText = JSON.stringify(v);
      if (oldText === newText) continue;
      app.run.run(
        app.store.db
          .insertInto('settings')
          .values({ key: k, value: newText })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value: newText })),
      );
      recordEvent(app, actor, { action: 'update', entity: 'settings', field: k, oldValue: oldText, newValue: newText });
    }
  });
  app.invalidate(); // this connection's own writes do not change its data_version
  return app.settings();
}
