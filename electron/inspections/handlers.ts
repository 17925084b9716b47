import { crudHandlers } from '../records/crudHandlers';

/** The inspections domain's part of the API (the union of all domains' handlers is the whole API). */
export const inspectionsHandlers = {
  ...crudHandlers('inspections'),
  ...crudHandlers('inspectionAnswers'),
  ...crudHandlers('hazards'),
};
