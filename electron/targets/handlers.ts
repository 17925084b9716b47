import { crudHandlers } from '../records/crudHandlers';

/** The targets domain's part of the API (the union of all domains' handlers is the whole API). */
export const targetsHandlers = {
  ...crudHandlers('targets'),
};
