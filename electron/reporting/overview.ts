import { deadlineOf, roundOf } from '../../shared/reporting/cycle';
import type { Overview, Progress, UnitQuarter } from '../../shared/reporting/types';
import type { LedgerApp } from '../app';
import { compareTables, unitTables } from './figures';
import { unitYears } from './status';
import { readContent, submission } from './store';
import { ownUnit, unitsBelow } from './units';

/** How many figures of a quarter's latest submission differ from the records held here now. */
function withDiffers(app: LedgerApp, rows: UnitQuarter[]): UnitQuarter[] {
  return rows.map((r) => {
    if (!r.submission) return r;
    const s = submission(app, r.submission.id);
    const content = readContent(app, s);
    const unit = { code: r.unitCode, level: r.level, name: r.unitName, area: areaFor(app, r) };
    return { ...r, differs: compareTables(content.tables, unitTables(app.store.sqlite, unit, r.year, r.quarter), r.quarter).length };
  });
}

function areaFor(app: LedgerApp, r: UnitQuarter): ReadonlySet<string> {
  const own = ownUnit(app);
  if (own && own.code === r.unitCode) return own.area;
  return unitsBelow(app).find((u) => u.code === r.unitCode)?.area ?? new Set([r.unitCode]);
}

/** The status grid: this office's own four quarters of a year and those of every unit below it. */
export function overview(app: LedgerApp, year: number): Overview {
  const today = app.today();
  const round = roundOf(today);
  const own = ownUnit(app);
  const below = unitsBelow(app);
  return {
    today,
    round: { ...round, deadline: deadlineOf(round.year, round.quarter, app.settings().reportDeadlineDay) },
    own: own ? withDiffers(app, unitYears(app, [own], year)) : [],
    below: withDiffers(app, unitYears(app, below, year)),
  };
}

const rank: Record<UnitQuarter['timeliness'], number> = { 逾期未报: 0, 逾期报送: 1, 未到期: 2, 按时: 3, 不计: 4 };

/** The dashboard: this round's progress below (late first), and every returned or adjusted quarter of this year and the last. */
export function progress(app: LedgerApp): Progress {
  const today = app.today();
  const round = roundOf(today);
  const deadline = deadlineOf(round.year, round.quarter, app.settings().reportDeadlineDay);
  const own = ownUnit(app);
  const below = unitsBelow(app);
  const years = [...new Set([round.year, Number(today.slice(0, 4)), round.year - 1])];
  const all = (us: typeof below) => years.flatMap((y) => unitYears(app, us, y));
  const ownAll = own ? all([own]) : [];
  const belowAll = all(below);
  const current = belowAll.filter((x) => x.year === round.year && x.quarter === round.quarter);
  const units = current.sort((a, b) => rank[a.timeliness] - rank[b.timeliness] || a.unitCode.localeCompare(b.unitCode));
  const attention = [...ownAll, ...belowAll]
    .filter((x) => x.state === '已退回' || x.adjustments > 0)
    .sort((a, b) => b.year - a.year || b.quarter - a.quarter || a.unitCode.localeCompare(b.unitCode));
  return {
    round: { ...round, deadline },
    own: ownAll.find((x) => x.year === round.year && x.quarter === round.quarter) ?? null,
    below: {
      total: current.length,
      submitted: current.filter((x) => x.state !== '未报送').length,
      approved: current.filter((x) => x.state === '已审核').length,
      units,
    },
    attention,
  };
}
