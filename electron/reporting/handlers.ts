import type { reportingContract } from '../../shared/reporting/contract';
import { actorOf, type HandlersOf } from '../api/types';
import { overview, progress } from './overview';
import { decide } from './review';
import { detail, snapshotDrill, submitted, workbook } from './snapshots';
import { precheck, submit } from './submit';
import { relock, unlock } from './windows';

export const reportingHandlers: HandlersOf<typeof reportingContract> = {
  'reporting.overview': (input, ctx) => overview(ctx.app, input.year),
  'reporting.progress': (_input, ctx) => progress(ctx.app),
  'reporting.precheck': (input, ctx) => precheck(ctx.app, actorOf(ctx), input.year, input.quarter),
  'reporting.submit': (input, ctx) => submit(ctx.app, actorOf(ctx), input),
  'reporting.submission': (input, ctx) => detail(ctx.app, input.id),
  'reporting.submitted': (input, ctx) => submitted(ctx.app, input.year, input.quarter),
  'reporting.decide': (input, ctx) => decide(ctx.app, actorOf(ctx), input),
  'reporting.workbook': (input, ctx) => workbook(ctx.app, input.id),
  'reporting.drill': (input, ctx) => snapshotDrill(ctx.app, input),
  'reporting.unlock': (input, ctx) => unlock(ctx.app, actorOf(ctx), input),
  'reporting.relock': (input, ctx) => relock(ctx.app, actorOf(ctx), input),
};
