import { AppError } from '../../shared/api/errors';
import { actorOf, type CallContext } from '../api/types';
import { crudHandlers } from '../records/crudHandlers';

const crud = crudHandlers('targets');

/**
 * Annual targets are set by the district (or city) for its townships; in a township office only its admin
 * may enter them (spec: "entered by the district or an admin"). Everyone may read them.
 */
function mayEditTargets(ctx: CallContext): void {
  if (ctx.app.requireOffice().level === 'township' && actorOf(ctx).role !== 'admin')
    throw new AppError('FORBIDDEN', '年度任务由区(县)民政局下达,本单位只有管理员可以录入或修改。如任务有误,请联系区民政局或本单位管理员。');
}

type Handler = (input: never, ctx: CallContext) => unknown;
const guarded = <H extends Handler>(h: H): H => ((input: never, ctx: CallContext) => (mayEditTargets(ctx), h(input, ctx))) as H;

/** The targets domain's part of the API (the union of all domains' handlers is the whole API). */
export const targetsHandlers = {
  ...crud,
  'targets.create': guarded(crud['targets.create']),
  'targets.update': guarded(crud['targets.update']),
  'targets.delete': guarded(crud['targets.delete']),
  'targets.restore': guarded(crud['targets.restore']),
};
