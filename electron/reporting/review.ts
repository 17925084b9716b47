import { AppError } from '../../shared/api/errors';
import { quarterName } from '../../shared/reporting/cycle';
import type { UnitQuarter } from '../../shared/reporting/types';
import type { LedgerApp } from '../app';
import type { Actor } from '../records/actor';
import { recordEvent } from '../system/audit';
import { factsFrom, unitQuarter } from './status';
import { requireReviewer } from './submit';
import { decisions, submission, submissions } from './store';
import { unitsBelow } from './units';

/**
 * 退回 or 审核通过 at the level above (spec §10). The decision is a record of its own, placed where the
 * submission is, so the next package down carries it to the office that submitted. Only the latest
 * submission of a quarter is decided on; 审核通过 needs one that awaits review, 退回 may also reopen an
 * approved quarter (with its reason), after which the office below corrects and submits again.
 */
export function decide(
  app: LedgerApp,
  actor: Actor,
  input: { submissionId: string; decision: '退回' | '审核通过'; reason?: string },
): UnitQuarter {
  requireReviewer(actor, input.decision);
  const s = submission(app, input.submissionId);
  const unit = unitsBelow(app).find((u) => u.code === s.unitCode && u.level === s.level);
  if (!unit) throw new AppError('FORBIDDEN', '只能审核本单位下级单位的报送。没有做任何改动。');
  const reason = input.reason?.trim() || null;
  if (input.decision === '退回' && (!reason || reason.length < 2))
    throw new AppError('VALIDATION', '退回时请写明退回原因(至少 2 个字),说明需要修改什么。没有做任何改动。', [
      { field: 'reason', level: 'error', message: '请填写退回原因' },
    ]);
  app.run.tx(() => {
    const chain = submissions(app, { units: [s.unitCode], year: s.year, quarter: s.quarter });
    const f = factsFrom(
      chain,
      decisions(
        app,
        chain.map((x) => x.id),
      ),
    );
    if (f.latest?.id !== s.id)
      throw new AppError('CONFLICT', `${s.officeName}已经更正报送了${quarterName(s.year, s.quarter)},请审核最新的一次。没有做任何改动。`);
    if (input.decision === '审核通过' && f.state !== '已报送')
      throw new AppError(
        'CONFLICT',
        f.state === '已审核'
          ? '这次报送已经审核通过了,无需重复审核。'
          : '这次报送已被退回,需等报送单位更正后重新报送,才能审核通过。没有做任何改动。',
      );
    if (input.decision === '退回' && f.state === '已退回') throw new AppError('CONFLICT', '这次报送已经退回过了。没有做任何改动。');
    const office = app.requireOffice();
    const { record } = app.records.create(
      'reportDecisions',
      {
        submissionId: s.id,
        decision: input.decision,
        reason,
        decidedAt: new Date(app.now()).toISOString(),
        decidedBy: actor.userName,
        officeName: office.name,
      },
      actor,
    );
    recordEvent(app, actor, {
      action: input.decision === '退回' ? 'report-return' : 'report-approve',
      entity: 'reportDecisions',
      recordId: record.id,
      newValue: `${s.unitCode} ${s.year}Q${s.quarter}`,
      note: `${input.decision}${unit.name}${quarterName(s.year, s.quarter)}的报送${reason ? `:${reason}` : ''}`,
    });
  });
  return unitQuarter(app, unit, s.year, s.quarter);
}
