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

/**
 * A target the district sent down is the district's: a township's change would travel back up by sync and
 * overwrite it. The township reads it; a wrong target is corrected by the district.
 */
function mayChangeTarget(ctx: CallContext, id: string): void {
  const office = ctx.app.requireOffice();
  if (office.level !== 'township') return;
  const t = ctx.app.records.getRaw('targets', id);
  if (t.officeId !== office.id)
    throw new AppError('FORBIDDEN', '这条年度任务是区(县)民政局下达的,乡镇不能修改或删除。如任务有误,请联系区民政局修改后随同步包下发。');
}

type Handler = (input: never, ctx: CallContext) => unknown;
const guarded = <H extends Handler>(h: H): H =>
  ((input: never, ctx: CallContext) => {
    mayEditTargets(ctx);
    const id = (input as { id?: unknown } | null)?.id;
    if (typeof id === 'string') mayChangeTarget(ctx, id);
    return h(input, ctx);
  }) as H;

/** The targets domain's part of the API (the union of all domains' handlers is the whole API). */
export const targetsHandlers = {
  ...crud,
  'targets.create': guarded(crud['targets.create']),
  'targets.update': guarded(crud['targets.update']),
  'targets.delete': guarded(crud['targets.delete']),
  'targets.restore': guarded(crud['targets.restore']),
};
