import type { Freshness } from '../../shared/reports/contract';
import type { LedgerApp } from '../app';
import { syncStatus } from '../sync/service';
import { areaOf } from '../system/area';

/**
 * How current a roll-up's rows are: for each township, the office below us whose packages carry its data
 * (the township office for a district; the district for a city) and when its last package was made and
 * imported. A township office reports its own data and gets an empty map.
 */
export function reportFreshness(app: LedgerApp): Freshness {
  const out: Freshness = {};
  for (const p of syncStatus(app)) {
    if (p.relation !== 'child') continue;
    for (const code of areaOf(app.store.db, app.run, p))
      out[code] = { officeName: p.name, packageMadeAt: p.lastPackageMadeAt, receivedAt: p.lastReceivedAt };
  }
  return out;
}
