import type { dashboardContract } from '../../shared/dashboard/contract';
import type { HandlersOf } from '../api/types';
import { dashboard } from './service';

export const dashboardHandlers: HandlersOf<typeof dashboardContract> = {
  'dashboard.get': (input, ctx) => dashboard(ctx.app, input ?? {}),
};
