import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/api/errors';
import { quarterName } from '../../shared/reporting/cycle';
import type { UnitQuarter } from '../../shared/reporting/types';
import type { LedgerApp } from '../app';
import type { Actor } from '../records/actor';
import { recordEvent } from '../system/audit';
import { openWindow, unitQuarter } from './status';
import { requireReviewer } from './submit';
import { ownUnit, unitsBelow, type Unit } from './units';

/*
 * 解锁调整: a reviewer opens a locked quarter for corrections that go through every screen (a form, an
 * imported ledger, a recorded inspection), not only a form that asks for a reason. Until 结束调整 every write
 * here that changes the quarter's figures is recorded as an 调整 with the window's reason. The window is this
 * office's own (it does not travel); the adjustments made in it do.
 */

function unitHere(app: LedgerApp, code: string): Unit {
  const own = ownUnit(app);
  if (own?.code === code) return own;
  const below = unitsBelow(app).find((u) => u.code === code);
  if (below) return below;
  throw new AppError('FORBIDDEN', '只能解锁本单位或下级单位的季度。');
}

export function unlock(
  app: LedgerApp,
  actor: Actor,
  input: { unitCode: string; year: number; quarter: number; reason: string },
): UnitQuarter {
  requireReviewer(actor, '解锁调整');
  const unit = unitHere(app, input.unitCode);
  const before = unitQuarter(app, unit, input.year, input.quarter);
  if (!before.locked)
    throw new AppError(
      'CONFLICT',
      `${unit.name}${quarterName(input.year, input.quarter)}没有锁定(${before.state}),可以直接修改,无需解锁。`,
    );
  if (before.unlocked)
    throw new AppError('CONFLICT', `${unit.name}${quarterName(input.year, input.quarter)}已经在调整中(${before.unlocked.openedBy} 解锁)。`);
  app.run.tx(() => {
    const id = randomUUID();
    app.run.run(
      app.store.db.insertInto('report_unlocks').values({
        id,
        unitCode: unit.code,
        year: input.year,
        quarter: input.quarter,
        reason: input.reason,
        openedAt: new Date(app.now()).toISOString(),
        openedBy: actor.userName,
        closedAt: null,
        closedBy: null,
      }),
    );
    recordEvent(app, actor, {
      action: 'report-unlock',
      entity: 'reportSubmissions',
      recordId: before.submission?.id ?? null,
      newValue: `${unit.code} ${input.year}Q${input.quarter}`,
      note: `解锁调整${unit.name}${quarterName(input.year, input.quarter)}:${input.reason}`,
    });
  });
  return unitQuarter(app, unit, input.year, input.quarter);
}

export function relock(app: LedgerApp, actor: Actor, input: { unitCode: string; year: number; quarter: number }): UnitQuarter {
  requireReviewer(actor, '结束调整');
  const unit = unitHere(app, input.unitCode);
  const w = openWindow(app, unit.code, input.year, input.quarter);
  if (!w) throw new AppError('CONFLICT', `${unit.name}${quarterName(input.year, input.quarter)}没有在调整中。`);
  app.run.tx(() => {
    app.run.run(
      app.store.db
        .updateTable('report_unlocks')
        .set({ closedAt: new Date(app.now()).toISOString(), closedBy: actor.userName })
        .where('id', '=', w.id),
    );
    recordEvent(app, actor, {
      action: 'report-relock',
      entity: 'reportSubmissions',
      newValue: `${unit.code} ${input.year}Q${input.quarter}`,
      note: `结束调整${unit.name}${quarterName(input.year, input.quarter)}(解锁原因:${w.reason})`,
    });
  });
  return unitQuarter(app, unit, input.year, input.quarter);
}
