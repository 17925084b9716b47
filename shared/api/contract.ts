import { canteenEntity, canteenMonthEntity } from '../canteens/schema';
import { facilityEntity, facilityQuarterEntity } from '../facilities/schema';
import { householdsContract } from '../households/contract';
import { householdEntity, householdItemEntity, householdPhotoEntity, householdStepEntity } from '../households/schema';
import { importContract } from '../import/contract';
import { inspectionsContract } from '../inspections/contract';
import { hazardEntity, inspectionAnswerEntity, inspectionEntity } from '../inspections/schema';
import { dashboardContract } from '../dashboard/contract';
import { gridsContract } from '../grids/contract';
import { listsContract } from '../lists/contract';
import { printingContract } from '../printing/contract';
import { reportsContract } from '../reports/contract';
import { reportingContract } from '../reporting/contract';
import { syncContract } from '../sync/contract';
import { systemContract } from '../system/contract';
import { usersContract } from '../system/usersContract';
import { backupsContract } from '../system/backupsContract';
import { filesContract } from '../system/filesContract';
import { progressContract } from '../system/progressContract';
import { targetEntity } from '../targets/schema';
import { crudContract } from './crud';
import type { ApiOf, ContractShape } from './define';

/**
 * The one API between renderer and main process, keyed by method name. The IPC handlers, the preload
 * bridge, the HTTP browser bridge and the renderer client are all derived from this object.
 */
export const contract = {
  ...systemContract,
  ...usersContract,
  ...backupsContract,
  ...filesContract,
  ...progressContract,
  ...dashboardContract,
  ...gridsContract,
  ...listsContract,
  ...syncContract,
  ...printingContract,
  ...reportsContract,
  ...reportingContract,
  ...importContract,
  ...crudContract('facilities', facilityEntity),
  ...crudContract('facilityQuarters', facilityQuarterEntity),
  ...crudContract('canteens', canteenEntity),
  ...crudContract('canteenMonths', canteenMonthEntity),
  ...crudContract('households', householdEntity),
  ...crudContract('householdItems', householdItemEntity),
  ...crudContract('householdSteps', householdStepEntity),
  ...crudContract('householdPhotos', householdPhotoEntity),
  ...householdsContract,
  ...crudContract('inspections', inspectionEntity),
  ...crudContract('inspectionAnswers', inspectionAnswerEntity),
  ...crudContract('hazards', hazardEntity),
  ...inspectionsContract,
  ...crudContract('targets', targetEntity),
} satisfies ContractShape;

export type Contract = typeof contract;
export type Method = keyof Contract & string;
export type LedgerApi = ApiOf<Contract>;
export const METHODS = Object.keys(contract) as Method[];
