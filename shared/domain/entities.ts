import { canteenEntity, canteenMonthEntity } from '../canteens/schema';
import { facilityEntity, facilityQuarterEntity } from '../facilities/schema';
import { householdEntity, householdItemEntity, householdPhotoEntity, householdStepEntity } from '../households/schema';
import { hazardEntity, inspectionAnswerEntity, inspectionEntity } from '../inspections/schema';
import { adjustmentEntity, decisionEntity, submissionEntity, submissionPartEntity } from '../reporting/schema';
import { targetEntity } from '../targets/schema';
import type { EntityDef, EntityName } from './entity';

/** Every record type, by name: the union drives the generic services, the audit trail and sync. */
export const ENTITIES = {
  facilities: facilityEntity,
  facilityQuarters: facilityQuarterEntity,
  canteens: canteenEntity,
  canteenMonths: canteenMonthEntity,
  households: householdEntity,
  householdItems: householdItemEntity,
  householdSteps: householdStepEntity,
  householdPhotos: householdPhotoEntity,
  inspections: inspectionEntity,
  inspectionAnswers: inspectionAnswerEntity,
  hazards: hazardEntity,
  targets: targetEntity,
  reportSubmissions: submissionEntity,
  reportSubmissionParts: submissionPartEntity,
  reportDecisions: decisionEntity,
  reportAdjustments: adjustmentEntity,
} satisfies Record<EntityName, EntityDef>;

export type Entities = typeof ENTITIES;
