import type { usersContract } from '../../shared/system/usersContract';
import { actorOf, type HandlersOf } from '../api/types';
import { changeOwnPassword, createUser, listUsers, resetPassword, unlockUser, updateSettings, updateUser } from './users';

export const usersHandlers: HandlersOf<typeof usersContract> = {
  'users.list': (_i, ctx) => listUsers(ctx.app),
  'users.create': (input, ctx) => createUser(ctx.app, actorOf(ctx), input),
  'users.update': (input, ctx) => {
    const row = updateUser(ctx.app, actorOf(ctx), input);
    // A changed role or a disabled account takes effect on that user's open session too.
    if (ctx.session.user?.id === row.id)
      ctx.session.user = row.active ? { ...ctx.session.user, role: row.role, displayName: row.displayName } : null;
    return row;
  },
  'users.resetPassword': async (input, ctx) => {
    await resetPassword(ctx.app, actorOf(ctx), input.id, input.password);
    return { ok: true };
  },
  'users.unlock': (input, ctx) => unlockUser(ctx.app, actorOf(ctx), input.id),
  'session.changePassword': async (input, ctx) => {
    await changeOwnPassword(ctx.app, actorOf(ctx), input.oldPassword, input.newPassword);
    return { ok: true };
  },
  'settings.get': (_i, ctx) => ctx.app.settings(),
  'settings.update': (input, ctx) => updateSettings(ctx.app, actorOf(ctx), input),
};
