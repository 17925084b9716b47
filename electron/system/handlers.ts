import type { systemContract } from '../../shared/system/contract';
import { actorOf, type HandlersOf } from '../api/types';
import { getPreferences, updatePreferences } from './preferences';
import { catalogues, divisionTree, login, setup, status, townships } from './service';

export const systemHandlers: HandlersOf<typeof systemContract> = {
  'system.status': (_input, ctx) => status(ctx.app, ctx.session.user),
  'system.setup': async (input, ctx) => {
    ctx.session.user = await setup(ctx.app, input);
    ctx.session.lastActive = ctx.app.now();
    return status(ctx.app, ctx.session.user);
  },
  'session.login': async (input, ctx) => {
    ctx.session.user = await login(ctx.app, input);
    ctx.session.lastActive = ctx.app.now();
    return ctx.session.user;
  },
  'session.logout': (_input, ctx) => {
    ctx.session.user = null;
    return { ok: true };
  },
  'preferences.get': (_input, ctx) => getPreferences(ctx.app, actorOf(ctx).userId),
  'preferences.update': (input, ctx) => updatePreferences(ctx.app, actorOf(ctx), input),
  'reference.divisionTree': (_input, ctx) => divisionTree(ctx.app),
  'reference.townships': (_input, ctx) => townships(ctx.app),
  'reference.catalogues': (_input, ctx) => catalogues(ctx.app),
};
