import { crudHandlers } from '../records/crudHandlers';

/** The facilities domain's part of the API (the union of all domains' handlers is the whole API). */
export const facilitiesHandlers = {
  ...crudHandlers('facilities'),
  ...crudHandlers('facilityQuarters'),
};
