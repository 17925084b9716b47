import { createHash } from 'node:crypto';
import { exportOfficeCard, registerOffice } from '../../electron/sync/service';
import { makeApp } from './app';

export type TestApp = Awaited<ReturnType<typeof makeApp>>;

/** Office names by division, for tests whose messages should name which office did what. */
export const OFFICE_NAMES: Record<string, string> = {
  '420704001000': '凤凰街道民政办',
  '420704002000': '古楼街道民政办',
  '420704003000': '西山街道民政办',
  '420704000000': '鄂城区民政局',
  '420700000000': '鄂州市民政局',
  '420703000000': '华容区民政局',
};

/** A district office (鄂城区) and township offices under it, registered with each other by key files. */
export async function makeHierarchy(
  townshipCodes: string[],
  opts: {
    now?: () => number;
    named?: boolean /** Each office its own clock: 0 the district, then the townships. */;
    nowOf?: (i: number) => () => number;
  } = {},
) {
  const name = (n: string) => (opts.named ? n : undefined);
  const now = (i: number) => opts.nowOf?.(i) ?? opts.now;
  const district = await makeApp({ level: 'district', divisionCode: '420704000000', now: now(0), name: name('鄂城区民政局') });
  const townships: TestApp[] = [];
  for (const [i, code] of townshipCodes.entries()) {
    const t = await makeApp({ level: 'township', divisionCode: code, now: now(i + 1), name: name(OFFICE_NAMES[code] ?? `${code}民政办`) });
    registerOffice(district.app, district.actor, exportOfficeCard(t.app).bytes);
    registerOffice(t.app, t.actor, exportOfficeCard(district.app).bytes);
    townships.push(t);
  }
  return { district, townships, cleanup: () => [district, ...townships].forEach((x) => x.cleanup()) };
}

/** One hash per table (every row, in rowid order): "byte-for-byte unchanged" assertions that name the table. */
export function tableHashes(app: TestApp['app']): Record<string, string> {
  const tables = app.store.sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  return Object.fromEntries(
    tables.map((t) => [
      t,
      createHash('sha256')
        .update(JSON.stringify(app.store.sqlite.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).raw().all()))
        .digest('hex'),
    ]),
  );
}
