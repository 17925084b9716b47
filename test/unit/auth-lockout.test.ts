import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api/dispatch';
import type { CallContext } from '../../electron/api/types';
import { hashPassword, PASSWORD_COST, setPasswordCostForTests, verifyPassword } from '../../electron/system/passwords';
import { lockMsAfter } from '../../electron/system/service';
import { createUser } from '../../electron/system/users';
import { makeApp } from '../helpers/app';

/*
 * Issue 14.4: login lockout with backoff per user (5 wrong passwords → 1 min, doubling, at most 1 h),
 * audited, with a message that says when to retry; an admin unlocks; scrypt at N = 2^17 with older hashes
 * upgraded at the next successful login.
 */
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
  setPasswordCostForTests(1 << 10);
});

async function office() {
  let clock = Date.parse('2026-12-03T10:00:00+08:00');
  const t = await makeApp({ now: () => clock });
  cleanups.push(t.cleanup);
  await createUser(t.app, t.actor, { username: 'clerk1', displayName: '李填报', role: 'clerk', password: 'Clerk12345' });
  await createUser(t.app, t.actor, { username: 'clerk2', displayName: '赵填报', role: 'clerk', password: 'Clerk67890' });
  const anonymous = (): CallContext => ({ app: t.app, session: { user: null, lastActive: clock } });
  const login = (username: string, password: string) => dispatch(anonymous(), 'session.login', { username, password });
  const audit = (action: string) =>
    t.app.store.sqlite.prepare('SELECT count(*) FROM audit_log WHERE action = ?').pluck().get(action) as number;
  const user = (username: string) =>
    t.app.store.sqlite.prepare('SELECT failedLogins, lockedUntil, passwordHash FROM users WHERE username = ?').get(username) as {
      failedLogins: number;
      lockedUntil: string | null;
      passwordHash: string;
    };
  return { ...t, login, audit, user, advance: (ms: number) => void (clock += ms), now: () => clock };
}

describe('login lockout', () => {
  it('the 5th wrong password in a row locks that user for 1 min, saying until when; the right one is not even checked then', async () => {
    const t = await office();
    for (let i = 1; i <= 4; i++) {
      const r = await t.login('clerk1', `wrong-${i}`);
      expect(r).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED', message: expect.stringMatching(/用户名或密码不正确/) } });
      expect(t.user('clerk1')).toMatchObject({ failedLogins: i, lockedUntil: null });
    }
    const fifth = await t.login('clerk1', 'wrong-5');
    expect(fifth).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // 10:00:00 + 1 min, in the PC's local time.
    const until = new Date(t.now() + 60_000);
    const hhmmss = [until.getHours(), until.getMinutes(), until.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
    expect(!fifth.ok && fifth.error.message).toBe(
      `该账号已连续 5 次输错密码,暂时锁定到 ${hhmmss}(约 1 分钟后)才能再登录。急需使用请联系本单位管理员在“设置 › 用户管理”中解锁。`,
    );
    expect(t.user('clerk1').lockedUntil).toBe(until.toISOString());
    // Locked: the right password is refused too, and does not count.
    t.advance(30_000);
    const during = await t.login('clerk1', 'Clerk12345');
    expect(during).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/约 1 分钟后/) } });
    expect(t.user('clerk1').failedLogins).toBe(5);
    // Per user: the other clerk logs in as ever.
    expect(await t.login('clerk2', 'Clerk67890')).toMatchObject({ ok: true });
    expect(t.audit('login-failed')).toBe(5);
    expect(t.audit('login-locked')).toBe(1);
    // Once the minute is over, the right password works and clears the count.
    t.advance(31_000);
    expect(await t.login('clerk1', 'Clerk12345')).toMatchObject({ ok: true, value: { username: 'clerk1' } });
    expect(t.user('clerk1')).toMatchObject({ failedLogins: 0, lockedUntil: null });
  });

  it('each further wrong password after a lock doubles it, up to 1 h; the count survives until a success', async () => {
    expect([4, 5, 6, 7, 8, 10, 11, 12, 50].map((n) => lockMsAfter(n) / 60_000)).toEqual([0, 1, 2, 4, 8, 32, 60, 60, 60]);
    const t = await office();
    for (let i = 1; i <= 5; i++) await t.login('clerk1', 'wrong');
    const locks: number[] = [];
    for (let k = 0; k < 3; k++) {
      const u = t.user('clerk1');
      const ms = Date.parse(u.lockedUntil!) - t.now();
      locks.push(ms / 60_000);
      t.advance(ms);
      await t.login('clerk1', 'wrong');
    }
    expect(locks).toEqual([1, 2, 4]);
    expect(t.user('clerk1').failedLogins).toBe(8);
    expect(t.audit('login-locked')).toBe(4);
  });

  it('an admin unlocks (audited); a new password unlocks too; a clerk cannot unlock', async () => {
    const t = await office();
    for (let i = 1; i <= 5; i++) await t.login('clerk1', 'wrong');
    const id = t.app.store.sqlite.prepare("SELECT id FROM users WHERE username = 'clerk1'").pluck().get() as string;
    const listed = await dispatch(t.ctx, 'users.list', {});
    expect(
      listed.ok && (listed.value as { username: string; lockedUntil: string | null }[]).find((u) => u.username === 'clerk1'),
    ).toMatchObject({ lockedUntil: t.user('clerk1').lockedUntil });

    const clerk = await t.login('clerk2', 'Clerk67890');
    const clerkCtx: CallContext = { app: t.app, session: { user: clerk.ok ? (clerk.value as never) : null, lastActive: t.now() } };
    expect(await dispatch(clerkCtx, 'users.unlock', { id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(t.user('clerk1').lockedUntil).not.toBeNull();

    expect(await dispatch(t.ctx, 'users.unlock', { id })).toMatchObject({ ok: true, value: { username: 'clerk1', lockedUntil: null } });
    expect(t.app.store.sqlite.prepare("SELECT count(*) FROM audit_log WHERE action = 'unlock' AND recordId = ?").pluck().get(id)).toBe(1);
    expect(await t.login('clerk1', 'Clerk12345')).toMatchObject({ ok: true });

    for (let i = 1; i <= 5; i++) await t.login('clerk1', 'wrong');
    expect(await dispatch(t.ctx, 'users.resetPassword', { id, password: 'NewPass123' })).toMatchObject({ ok: true });
    expect(t.user('clerk1')).toMatchObject({ failedLogins: 0, lockedUntil: null });
    expect(await t.login('clerk1', 'NewPass123')).toMatchObject({ ok: true });
  });
});

describe('password hashing', () => {
  it('the shipped cost is N = 2^17; a hash of an older, lower cost is upgraded at the next successful login', async () => {
    expect(PASSWORD_COST).toEqual({ N: 131072, r: 8, p: 1 });
    const t = await office();
    setPasswordCostForTests('shipped');
    expect(await hashPassword('x')).toMatch(/^scrypt\$131072\$8\$1\$/);
    // What older programs stored: N = 2^15.
    setPasswordCostForTests(1 << 15);
    const old = await hashPassword('Clerk12345');
    setPasswordCostForTests('shipped');
    t.app.store.sqlite.prepare("UPDATE users SET passwordHash = ? WHERE username = 'clerk1'").run(old);
    // A wrong password changes nothing.
    expect(await t.login('clerk1', 'wrong')).toMatchObject({ ok: false });
    expect(t.user('clerk1').passwordHash).toBe(old);
    expect(await t.login('clerk1', 'Clerk12345')).toMatchObject({ ok: true });
    const upgraded = t.user('clerk1').passwordHash;
    expect(upgraded).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(await verifyPassword('Clerk12345', upgraded)).toBe(true);
    expect(
      t.app.store.sqlite
        .prepare("SELECT note FROM audit_log WHERE action = 'login' AND userName = '李填报' ORDER BY id DESC")
        .pluck()
        .get(),
    ).toBe('密码散列已升级到当前强度');
    // Already at today's cost: the next login keeps the hash.
    expect(await t.login('clerk1', 'Clerk12345')).toMatchObject({ ok: true });
    expect(t.user('clerk1').passwordHash).toBe(upgraded);
  }, 120_000);

  it('a stored hash asking for an absurd cost is refused at once, not computed', async () => {
    const t0 = performance.now();
    expect(await verifyPassword('x', `scrypt$${2 ** 30}$8$1$c2FsdHNhbHRzYWx0c2FsdA==$${Buffer.alloc(32).toString('base64')}`)).toBe(false);
    expect(await verifyPassword('x', 'bcrypt$whatever')).toBe(false);
    expect(performance.now() - t0).toBeLessThan(500);
  });
});
