import type { Contract } from '../../shared/api/contract';
import { backupsHandlers } from '../backup/handlers';
import { canteensHandlers } from '../canteens/handlers';
import { dashboardHandlers } from '../dashboard/handlers';
import { facilitiesHandlers } from '../facilities/handlers';
import { gridsHandlers } from '../grids/handlers';
import { listsHandlers } from '../lists/handlers';
import { householdsHandlers } from '../households/handlers';
import { importHandlers } from '../import/handlers';
import { inspectionsHandlers } from '../inspections/handlers';
import { printingHandlers } from '../printing/handlers';
import { reportsHandlers } from '../reports/handlers';
import { reportingHandlers } from '../reporting/handlers';
import { syncHandlers } from '../sync/handlers';
import { filesHandlers } from '../system/filesHandlers';
import { progressHandlers } from '../system/progressHandlers';
import { systemHandlers } from '../system/handlers';
import { usersHandlers } from '../system/usersHandlers';
import { targetsHandlers } from '../targets/handlers';
import type { HandlersOf } from './types';

/** The whole API: the union of every domain's handlers. `satisfies` makes a missing method a type error. */
export const handlers = {
  ...systemHandlers,
  ...usersHandlers,
  ...backupsHandlers,
  ...filesHandlers,
  ...progressHandlers,
  ...dashboardHandlers,
  ...gridsHandlers,
  ...listsHandlers,
  ...syncHandlers,
  ...printingHandlers,
  ...reportsHandlers,
  ...reportingHandlers,
  ...importHandlers,
  ...facilitiesHandlers,
  ...canteensHandlers,
  ...householdsHandlers,
  ...inspectionsHandlers,
  ...targetsHandlers,
} satisfies HandlersOf<Contract>;
