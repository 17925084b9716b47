import { exportOfficeCard, registerOffice } from '../../electron/sync/service';
import { makeApp } from './app';

export type TestApp = Awaited<ReturnType<typeof makeApp>>;

/** A district office (鄂城区) and township offices under it, registered with each other by key files. */
export async function makeHierarchy(townshipCodes: string[], opts: { now?: () => number } = {}) {
  const district = await makeApp({ level: 'district', divisionCode: '420704000000', now: opts.now });
  const townships: TestApp[] = [];
  for (const code of townshipCodes) {
    const t = await makeApp({ level: 'township', divisionCode: code, now: opts.now });
    registerOffice(district.app, district.actor, exportOfficeCard(t.app).bytes);
    registerOffice(t.app, t.actor, exportOfficeCard(district.app).bytes);
    townships.push(t);
  }
  return { district, townships, cleanup: () => [district, ...townships].forEach((x) => x.cleanup()) };
}
