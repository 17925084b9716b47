import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/api/dispatch';
import { LedgerApp } from '../../electron/app';
import { createUser } from '../../electron/system/users';
import { dumpDb, makeApp } from '../helpers/app';

// 文字大小 (issue 20): kept in the main process per user, so each clerk sharing an office PC finds the
// program as they left it, across logins and restarts; bad input changes nothing.
let t: Awaited<ReturnType<typeof makeApp>>;
afterEach(() => t?.cleanup());

const loggedOut = (app: LedgerApp) => ({ app, session: { user: null, lastActive: Date.now() } });

describe('preferences (文字大小) per user', () => {
  it('is remembered per user, across logins and a reopened database, and audited', async () => {
    t = await makeApp();
    await createUser(t.app, t.actor, { username: 'clerk1', displayName: '李填报', role: 'clerk', password: 'Clerk12345' });
    expect(await dispatch(t.ctx, 'preferences.get', {})).toEqual({ ok: true, value: { textSize: 'standard' } });
    expect(await dispatch(t.ctx, 'preferences.update', { textSize: 'xlarge' })).toEqual({ ok: true, value: { textSize: 'xlarge' } });

    // Another user on the same PC keeps their own (the default), and sets their own.
    const clerk = loggedOut(t.app);
    expect(await dispatch(clerk, 'session.login', { username: 'clerk1', password: 'Clerk12345' })).toMatchObject({ ok: true });
    expect(await dispatch(clerk, 'preferences.get', {})).toEqual({ ok: true, value: { textSize: 'standard' } });
    await dispatch(clerk, 'preferences.update', { textSize: 'large' });

    // Reopened (a restart): each finds their own after logging in again.
    const dir = t.dir;
    t.app.close();
    const app = new LedgerApp({ dataDir: dir });
    t.app = app;
    const admin = loggedOut(app);
    await dispatch(admin, 'session.login', { username: 'admin', password: 'Admin12345' });
    expect(await dispatch(admin, 'preferences.get', {})).toEqual({ ok: true, value: { textSize: 'xlarge' } });
    const again = loggedOut(app);
    await dispatch(again, 'session.login', { username: 'clerk1', password: 'Clerk12345' });
    expect(await dispatch(again, 'preferences.get', {})).toEqual({ ok: true, value: { textSize: 'large' } });

    const audit = app.store.sqlite
      .prepare("SELECT userName, field, oldValue, newValue FROM audit_log WHERE entity = 'preferences' ORDER BY id")
      .all();
    expect(audit).toEqual([
      { userName: '王管理', field: 'textSize', oldValue: 'standard', newValue: 'xlarge' },
      { userName: '李填报', field: 'textSize', oldValue: 'standard', newValue: 'large' },
    ]);
  });

  it('needs a login, and refuses an unknown size in Chinese with nothing changed', async () => {
    t = await makeApp();
    const before = dumpDb(t.app);
    const anon = await dispatch(loggedOut(t.app), 'preferences.update', { textSize: 'large' });
    expect(anon).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const bad = await dispatch(t.ctx, 'preferences.update', { textSize: 'huge' } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(JSON.stringify(bad)).toContain('请选择文字大小');
    // Choosing the size already in use writes nothing either.
    await dispatch(t.ctx, 'preferences.update', { textSize: 'standard' });
    expect(dumpDb(t.app)).toBe(before);
  });

  it('reads an unreadable stored row as the defaults instead of failing the screen', async () => {
    t = await makeApp();
    t.app.store.sqlite.prepare("INSERT INTO meta (key, value) VALUES (?, '{not json')").run(`preferences:${t.actor.userId}`);
    expect(await dispatch(t.ctx, 'preferences.get', {})).toEqual({ ok: true, value: { textSize: 'standard' } });
    t.app.store.sqlite.prepare('UPDATE meta SET value = ? WHERE key = ?').run('{"textSize":"giant"}', `preferences:${t.actor.userId}`);
    expect(await dispatch(t.ctx, 'preferences.get', {})).toEqual({ ok: true, value: { textSize: 'standard' } });
  });
});
