import { crudHandlers } from '../records/crudHandlers';

/** The canteens domain's part of the API (the union of all domains' handlers is the whole API). */
export const canteensHandlers = {
  ...crudHandlers('canteens'),
  ...crudHandlers('canteenMonths'),
};
