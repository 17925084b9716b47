import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/api/errors';
import type { z } from 'zod';
import type { loginInput, setupInput } from '../../shared/system/contract';
import type { DivisionNode, SessionUser, SystemStatus, TownshipOption, Catalogues } from '../../shared/system/types';
import type { LedgerApp } from '../app';
import { APP_VERSION } from '../version';
import { hashPassword, needsRehash, verifyPassword } from './passwords';
import { recordEvent } from './audit';
import { ownClock } from '../sync/clocks';
import { dataCheckOf, dataWarning } from './dataCheck';

export function status(app: LedgerApp, user: SessionUser | null): SystemStatus {
  return {
    appVersion: APP_VERSION,
    setupDone: !!app.office(),
    office: app.office(),
    user,
    // Which way the PC's clock is off and what to do (electron/sync/clocks.ts).
    clockWarning: app.office() ? ownClock(app).warning : null,
    dataCheck: dataCheckOf(app).state,
    dataWarning: dataWarning(app),
  };
}

const LEVEL_OF_DIVISION = { township: 'township', district: 'county', city: 'city' } as const;

/** First start: this installation's office and its first admin. Refused once an office exists. */
export async function setup(app: LedgerApp, input: z.output<typeof setupInput>): Promise<SessionUser> {
  if (app.office()) throw new AppError('CONFLICT', '本机已经完成初始设置,不能再次设置。');
  const div = app.run.first(app.store.db.selectFrom('divisions').select(['code', 'level']).where('code', '=', input.office.divisionCode));
  const wanted = LEVEL_OF_DIVISION[input.office.level];
  // 天门 is a city and a county at once; a district-level office may sit on either row.
  if (!div || (div.level !== wanted && !(input.office.level === 'district' && div.level === 'city')))
    throw new AppError('VALIDATION', '所选区划与单位级别不符,请重新选择', [
      { field: 'office.divisionCode', level: 'error', message: '所选区划与单位级别不符' },
    ]);
  const passwordHash = await hashPassword(input.admin.password);
  const publicKey = app.keys.publicKeyPem(); // the office's Ed25519 key pair is made here, once
  const now = new Date().toISOString();
  const officeId = randomUUID();
  const userId = randomUUID();
  app.run.tx(() => {
    if (app.run.first(app.store.db.selectFrom('offices').select('id').where('isSelf', '=', 1)))
      throw new AppError('CONFLICT', '本机已经完成初始设置。');
    app.run.run(
      app.store.db.insertInto('offices').values({
        id: officeId,
        level: input.office.level,
        divisionCode: input.office.divisionCode,
        name: input.office.name,
        parentOfficeId: null,
        isSelf: 1,
        publicKey,
        createdAt: now,
      }),
    );
    app.run.run(
      app.store.db.insertInto('users').values({
        id: userId,
        officeId,
        username: input.admin.username,
        displayName: input.admin.displayName,
        role: 'admin',
        passwordHash,
        active: 1,
        createdAt: now,
        updatedAt: now,
        lastLoginAt: now,
      }),
    );
    recordEvent(
      app,
      { userId, userName: input.admin.displayName },
      {
        at: now,
        officeId,
        action: 'setup',
        entity: 'offices',
        recordId: officeId,
        newValue: input.office.name,
        note: '首次设置本单位与管理员',
      },
    );
  });
  app.invalidate();
  return { id: userId, username: input.admin.username, displayName: input.admin.displayName, role: 'admin' };
}

/** Failed passwords in a row before an account locks; the first lock; the longest (issue 14.4). */
export const LOCK_AFTER_FAILURES = 5;
const FIRST_LOCK_MS = 60_000;
const LONGEST_LOCK_MS = 60 * 60_000;

/** How long an account locks after its `failures`-th wrong password in a row: 5 → 1 min, then doubling, at most 1 h. */
export function lockMsAfter(failures: number): number {
  return failures < LOCK_AFTER_FAILURES ? 0 : Math.min(FIRST_LOCK_MS * 2 ** (failures - LOCK_AFTER_FAILURES), LONGEST_LOCK_MS);
}

const clockTime = (ms: number) => {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
};

function lockedError(failures: number, until: number, now: number): AppError {
  const minutes = Math.max(1, Math.ceil((until - now) / 60_000));
  return new AppError(
    'FORBIDDEN',
    `该账号已连续 ${failures} 次输错密码,暂时锁定到 ${clockTime(until)}(约 ${minutes} 分钟后)才能再登录。急需使用请联系本单位管理员在“设置 › 用户管理”中解锁。`,
  );
}

/**
 * Checks a password. Wrong ones count per user; from the 5th in a row the account locks (1 min, doubling
 * with each further failure, at most 1 h), and while locked no password is even checked. Every failure and
 * lock is audited. A success clears the count and rehashes a password stored at an older, lower cost.
 */
export async function login(app: LedgerApp, input: z.output<typeof loginInput>): Promise<SessionUser> {
  const u = app.run.first(app.store.db.selectFrom('users').selectAll().where('username', '=', input.username));
  // The same message for an unknown user and a wrong password: do not tell a guesser which one it was.
  const fail = new AppError('UNAUTHENTICATED', '用户名或密码不正确,请重新输入。忘记密码请联系本单位管理员重置。');
  if (!u) {
    await hashPassword(input.password); // equal time for unknown users
    throw fail;
  }
  const who = { userId: u.id, userName: u.displayName };
  const lockedUntil = u.lockedUntil ? Date.parse(u.lockedUntil) : 0;
  if (lockedUntil > app.now()) throw lockedError(u.failedLogins, lockedUntil, app.now());
  if (!(await verifyPassword(input.password, u.passwordHash))) {
    const now = app.now();
    const failed = app.run.tx(() => {
      // Counted inside the write: two windows failing at once both count.
      const row = app.run.first(app.store.db.selectFrom('users').select('failedLogins').where('id', '=', u.id));
      const failures = (row?.failedLogins ?? 0) + 1;
      const lockMs = lockMsAfter(failures);
      const until = lockMs ? new Date(now + lockMs).toISOString() : null;
      app.run.run(app.store.db.updateTable('users').set({ failedLogins: failures, lockedUntil: until }).where('id', '=', u.id));
      recordEvent(app, who, { officeId: u.officeId, action: 'login-failed', note: `连续第 ${failures} 次输错密码` });
      if (until)
        recordEvent(app, who, {
          officeId: u.officeId,
          action: 'login-locked',
          entity: 'users',
          recordId: u.id,
          note: `连续 ${failures} 次输错密码,账号锁定 ${lockMs / 60_000} 分钟,到 ${until}`,
        });
      return { failures, lockMs };
    });
    if (failed.lockMs) throw lockedError(failed.failures, now + failed.lockMs, now);
    throw fail;
  }
  if (!u.active) throw new AppError('FORBIDDEN', '该账号已停用,请联系本单位管理员。');
  // A password stored at an older, lower cost is rehashed now, while we hold it in plain text.
  const upgraded = needsRehash(u.passwordHash) ? await hashPassword(input.password) : null;
  const now = new Date(app.now()).toISOString();
  app.run.tx(() => {
    app.run.run(
      app.store.db
        .updateTable('users')
        .set({ lastLoginAt: now, failedLogins: 0, lockedUntil: null, ...(upgraded ? { passwordHash: upgraded } : {}) })
        .where('id', '=', u.id),
    );
    recordEvent(app, who, { at: now, officeId: u.officeId, action: 'login', note: upgraded ? '密码散列已升级到当前强度' : null });
  });
  return { id: u.id, username: u.username, displayName: u.displayName, role: u.role };
}

export function divisionTree(app: LedgerApp): DivisionNode[] {
  const rows = app.run.all(app.store.db.selectFrom('divisions').select(['code', 'name', 'level', 'kind', 'parentCode']).orderBy('code'));
  const nodes = new Map<string, DivisionNode>(rows.map((r) => [r.code, { code: r.code, name: r.name, level: r.level, kind: r.kind }]));
  const roots: DivisionNode[] = [];
  for (const r of rows) {
    const node = nodes.get(r.code)!;
    const parent = r.parentCode ? nodes.get(r.parentCode) : undefined;
    if (parent && r.level !== 'province') (parent.children ??= []).push(node);
    else if (r.level === 'province') roots.push(node);
  }
  return roots;
}

export function townships(app: LedgerApp): TownshipOption[] {
  const area = app.area();
  const rows = app.run.all(
    app.store.db
      .selectFrom('divisions as t')
      .leftJoin('divisions as c', 'c.code', 't.parentCode')
      .select(['t.code', 't.name', 'c.name as countyName'])
      .where('t.level', '=', 'township')
      .orderBy('t.code'),
  );
  return rows.filter((r) => area.has(r.code)).map((r) => ({ code: r.code, name: r.name, countyName: r.countyName ?? '' }));
}

export function catalogues(app: LedgerApp): Catalogues {
  const db = app.store.db;
  const current = app.run.first(db.selectFrom('checklist_versions').select('version').where('isCurrent', '=', 1));
  const version = current?.version ?? '';
  const checklist = app.run
    .all(
      db
        .selectFrom('checklist_items')
        .select(['code', 'category', 'text', 'major', 'sortOrder'])
        .where('version', '=', version)
        .orderBy('sortOrder'),
    )
    .map((r) => ({ ...r, major: r.major === 1 }));
  const retrofit = app.run.all(
    db
      .selectFrom('retrofit_catalogue')
      .select(['code', 'category', 'name', 'kind', 'sortOrder'])
      .where('active', '=', 1)
      .orderBy('sortOrder'),
  );
  return { checklistVersion: version, checklist, retrofit };
}
