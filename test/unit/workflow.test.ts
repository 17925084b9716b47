import { afterEach, describe, expect, it } from 'vitest';
import { computeTable } from '../../electron/reports/engine';
import { REPORT_TABLES } from '../../shared/reports/tables';
import { dumpDb, FENGHUANG, makeApp } from '../helpers/app';
import { idCardFor } from '../helpers/ledgers';

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

const T3 = REPORT_TABLES.find((t) => t.id === 't3')!;

describe('a household’s 进度 and its dated steps tell one story (lists, dashboard and 表3 agree)', () => {
  it('a household entered with 进度 申请 is counted by 表3 in its village; a step skipped is still counted as passed', async () => {
    const t = await makeApp({ now: () => Date.parse('2026-11-20T10:00:00+08:00') });
    cleanup = t.cleanup;
    const h = t.app.records.create(
      'households',
      { townshipCode: FENGHUANG, name: '刘奶奶', idCard: idCardFor('1944-02-03', 3), projectYear: 2026, status: '申请', village: '凤凰村' },
      t.actor,
    ).record;
    let rows = computeTable(t.app, T3, 2026, 4).rows;
    expect(rows.find((r) => r.label === '凤凰村')?.values).toMatchObject({ applied: 1, assessed: 0, planned: 0 });
    expect(rows[0].values).toMatchObject({ applied: 1 }); // 合计
    // Not in an earlier quarter: the step is dated today.
    expect(computeTable(t.app, T3, 2026, 3).rows[0].values).toMatchObject({ applied: 0 });

    // The clerk records 施工 straight away (no 评估/方案 dated): it has passed them, so all three count.
    t.app.records.create('householdSteps', { householdId: h.id, step: '施工', date: '2026-11-20', byName: '小王' }, t.actor);
    expect(t.app.records.getRaw('households', h.id).status).toBe('施工');
    rows = computeTable(t.app, T3, 2026, 4).rows;
    expect(rows[0].values).toMatchObject({ applied: 1, assessed: 1, planned: 1, building: 1, completed: 0 });

    // The 进度 cannot be moved back behind a dated step (the list and 表3 would disagree again): refused on
    // the field; once the clerk deletes that step, it can.
    const before = dumpDb(t.app);
    expect(() => t.app.records.update('households', { id: h.id, patch: { status: '申请' } }, t.actor)).toThrow(
      /进度不能改为“申请”:已登记了后面的“施工”环节\(2026-11-20\)/,
    );
    expect(dumpDb(t.app)).toBe(before);
    const later = t.app.records.list('householdSteps', { filters: { householdId: h.id } }).rows.find((s) => s.step === '施工')!;
    t.app.records.remove('householdSteps', later.id, t.actor);
    t.app.records.update('households', { id: h.id, patch: { status: '申请' } }, t.actor);
    expect(computeTable(t.app, T3, 2026, 4).rows[0].values).toMatchObject({ applied: 1, building: 0 });
  });
});
