import { z } from 'zod';
import { query } from '../api/define';

export interface PrintDocOut {
  title: string;
  html: string;
}

export const printingContract = {
  'print.blankChecklist': query(z.strictObject({ subjectType: z.enum(['facility', 'canteen']), id: z.uuid() })).returns<PrintDocOut>(),
  'print.filledChecklist': query(z.strictObject({ inspectionId: z.uuid() })).returns<PrintDocOut>(),
  'print.notice': query(z.strictObject({ inspectionId: z.uuid() })).returns<PrintDocOut>(),
  'print.household': query(z.strictObject({ householdId: z.uuid(), kind: z.enum(['plan', 'acceptance']), reveal: z.boolean().optional() })).returns<PrintDocOut>(),
  'print.batchChecklists': query(z.strictObject({ year: z.number().int().min(2000).max(2100), month: z.number().int().min(1).max(12) })).returns<PrintDocOut>(),
};
