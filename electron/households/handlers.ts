import { crudHandlers } from '../records/crudHandlers';

/** The households domain's part of the API (the union of all domains' handlers is the whole API). */
export const householdsHandlers = {
  ...crudHandlers('households'),
  ...crudHandlers('householdItems'),
  ...crudHandlers('householdSteps'),
  ...crudHandlers('householdPhotos'),
};
