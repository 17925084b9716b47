import type { inspectionsContract } from '../../shared/inspections/contract';
import { actorOf, type HandlersOf } from '../api/types';
import { crudHandlers } from '../records/crudHandlers';
import { inspectionDetail, recordInspection, transitionHazard } from './service';
import { coveragePlan } from './coverage';
import { checklistVersionItems, listChecklistVersions, saveChecklistVersion } from './checklists';
import { jinminWorkbook } from './jinmin';

const workflow: HandlersOf<typeof inspectionsContract> = {
  'inspections.coverage': (input, ctx) => coveragePlan(ctx.app, input.year, input.month),
  'inspections.record': (input, ctx) => recordInspection(ctx.app, actorOf(ctx), input),
  'inspections.detail': (input, ctx) => inspectionDetail(ctx.app, input.id),
  'hazards.transition': (input, ctx) => transitionHazard(ctx.app, actorOf(ctx), input),
  'checklists.versions': (_input, ctx) => listChecklistVersions(ctx.app),
  'checklists.items': (input, ctx) => checklistVersionItems(ctx.app, input.version),
  'checklists.save': (input, ctx) => saveChecklistVersion(ctx.app, actorOf(ctx), input),
  'inspections.exportJinmin': (input, ctx) => jinminWorkbook(ctx.app, input.year, input.quarter),
};

/** The inspections domain's part of the API (the union of all domains' handlers is the whole API). */
export const inspectionsHandlers = {
  ...crudHandlers('inspections'),
  ...crudHandlers('inspectionAnswers'),
  ...crudHandlers('hazards'),
  ...workflow,
};
