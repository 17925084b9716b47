import { AppError } from '../../shared/api/errors';
import { stepOrder } from '../../shared/domain/enums';
import type { Actor } from '../records/actor';
import type { Records, WriteOptions } from '../records/service';

/*
 * A household's 进度 (status) and its dated steps tell one story (spec §3.3; 表3 counts by step dates, the
 * lists and the dashboard by status). Two rules keep them together, both inside the write's transaction:
 * - the 进度 set on the form is a step reached today, unless that step is already dated;
 * - a step dated further along the workflow than the 进度 moves the 进度 there.
 * An imported ledger brings its own dates (it writes the steps itself), and sync carries both as they are.
 */

/** After a household is saved with a 进度 that has no dated step yet: that step, dated today. */
export function stepForStatus(
  records: Records,
  household: Record<string, unknown>,
  before: Record<string, unknown> | null,
  actor: Actor,
  today: string,
  opts: WriteOptions,
): void {
  const status = household.status as string;
  if (opts.fromLedger || (before && before.status === status)) return;
  const dated = records
    .list('householdSteps', { filters: { householdId: household.id as string }, pageSize: 100 })
    .rows.some((s) => s.step === status);
  if (dated) return;
  try {
    records.create(
      'householdSteps',
      {
        householdId: household.id,
        step: status,
        date: today,
        byName: actor.userName,
        note: status === '退出' ? (household.exitReason as string | null) : '随进度登记',
      },
      actor,
    );
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== 'VALIDATION') throw e;
    const why = e.fieldErrors?.[0]?.message ?? e.message;
    throw new AppError('VALIDATION', `改造户没有保存:进度改为“${status}”时,${why}`, [
      { field: 'status', level: 'error', message: `进度改为“${status}”时,${why}` },
    ]);
  }
}

/** After a step is saved: a 进度 behind it follows it (退出 is set on the household itself, with its reason). */
export function statusForStep(records: Records, step: Record<string, unknown>, actor: Actor, opts: WriteOptions): void {
  if (stepOrder(step.step) < 0) return;
  const household = records.getRaw('households', step.householdId as string);
  if (household.status === '退出' || stepOrder(household.status) >= stepOrder(step.step)) return;
  records.update('households', { id: household.id as string, patch: { status: step.step } }, actor, opts);
}
