import type { householdsContract } from '../../shared/households/contract';
import { actorOf, type HandlersOf } from '../api/types';
import { crudHandlers } from '../records/crudHandlers';
import { addPhoto, checkIdCard, photoData } from './service';

const extra: HandlersOf<typeof householdsContract> = {
  'households.checkIdCard': (input, ctx) => checkIdCard(ctx.app, input.idCard, input.excludeId),
  'households.addPhoto': (input, ctx) => addPhoto(ctx.app, actorOf(ctx), input),
  'households.photoData': (input, ctx) => photoData(ctx.app, input.id),
};

/** The households domain's part of the API (the union of all domains' handlers is the whole API). */
export const householdsHandlers = {
  ...crudHandlers('households'),
  ...crudHandlers('householdItems'),
  ...crudHandlers('householdSteps'),
  ...crudHandlers('householdPhotos'),
  ...extra,
};
