import type { printingContract } from '../../shared/printing/contract';
import { actorOf, type HandlersOf } from '../api/types';
import { batchBlankChecklists, blankChecklists, filledChecklist, householdDoc, rectificationNotice } from './service';

export const printingHandlers: HandlersOf<typeof printingContract> = {
  'print.blankChecklist': (input, ctx) => blankChecklists(ctx.app, [{ kind: input.subjectType, id: input.id }]),
  'print.filledChecklist': (input, ctx) => filledChecklist(ctx.app, input.inspectionId),
  'print.notice': (input, ctx) => rectificationNotice(ctx.app, input.inspectionId),
  'print.household': (input, ctx) => householdDoc(ctx.app, actorOf(ctx), input.householdId, input.kind, input.reveal ?? false),
  'print.batchChecklists': (input, ctx) => batchBlankChecklists(ctx.app, input.year, input.month),
};
