import { Tabs, Tag } from 'antd';
import { todayIso } from '../../shared/domain/fields';
import { useState } from 'react';
import { canteenMonthEntity } from '../../shared/canteens/schema';
import type { EntityDef } from '../../shared/domain/entity';
import { BatchGrid } from '../grids/BatchGrid';
import { ChildGrid } from '../records/ChildGrid';
import { printDocument } from '../shell/print';
import { useListLink, usePageTab } from '../shell/usePageTab';
import { useShowError } from '../shell/useShowError';
import type { AnyRecord } from '../records/recordApi';
import { RecordList } from '../records/RecordList';
import { useSession } from '../system/sessionStore';

const n = (v: unknown) => Number(v ?? 0);

/**
 * Quarter totals of the monthly rows (spec §4: "quarter totals sum monthly rows of the three months"), newest
 * quarter first whatever order the rows come in.
 */
function quarterTotals(rows: AnyRecord[]) {
  const byQ = new Map<string, { order: number; meals: number; elderly: number; special: number; delivered: number; subsidy: number }>();
  for (const r of rows) {
    const q = Math.ceil(n(r.month) / 3);
    const k = `${r.year} 年第 ${q} 季度`;
    const t = byQ.get(k) ?? { order: n(r.year) * 10 + q, meals: 0, elderly: 0, special: 0, delivered: 0, subsidy: 0 };
    t.meals += n(r.mealsTotal);
    t.elderly += n(r.mealsElderly);
    t.special += n(r.mealsSpecial);
    t.delivered += n(r.mealsDelivered);
    t.subsidy += n(r.subsidyAmount);
    byQ.set(k, t);
  }
  return (
    <table className="totals-table">
      <thead>
        <tr>
          <th>季度合计</th>
          <th>就餐总人次</th>
          <th>老年人次</th>
          <th>特殊困难老年人人次</th>
          <th>送餐上门人次</th>
          <th>补贴金额(元)</th>
        </tr>
      </thead>
      <tbody>
        {[...byQ]
          .sort(([, a], [, b]) => b.order - a.order)
          .map(([k, t]) => (
            <tr key={k}>
              <td>{k}</td>
              <td>{t.meals}</td>
              <td>{t.elderly}</td>
              <td>{t.special}</td>
              <td>{t.delivered}</td>
              <td>{t.subsidy.toFixed(2)}</td>
            </tr>
          ))}
      </tbody>
    </table>
  );
}

export function CanteensPage() {
  const office = useSession((s) => s.status?.office);
  const [months, setMonths] = useState<AnyRecord | null>(null);
  const now = new Date();
  const [tab, setTab, gridPeriod] = usePageTab('list');
  const link = useListLink('list');
  const showError = useShowError();
  const list = (
    <>
      <RecordList
        list="canteens"
        link={link}
        blankChecklists="canteen"
        renders={{
          // Marked as on 首页: a licence already expired is not a plain date.
          foodLicenseExpiry: (r) =>
            r.foodLicenseExpiry && String(r.foodLicenseExpiry) < todayIso() ? (
              <Tag color="red">{String(r.foodLicenseExpiry)} 已过期</Tag>
            ) : (
              String(r.foodLicenseExpiry ?? '')
            ),
        }}
        sections={[
          {
            title: '基本信息',
            fields: [
              'name',
              'townshipCode',
              'type',
              'operationMode',
              'operator',
              'creditCode',
              'status',
              'statusDate',
              'openedOn',
              'village',
              'contactName',
              'contactPhone',
              'address',
            ],
          },
          { title: '服务能力', fields: ['floorArea', 'seats', 'mealCapacity', 'delivery', 'mealHours', 'mealPrice', 'subsidyStandard'] },
          { title: '证照', fields: ['foodLicenseNo', 'foodLicenseExpiry'] },
          { title: '备注', fields: ['remark'] },
        ]}
        defaults={{ status: '运营', delivery: false, townshipCode: office?.level === 'township' ? office.divisionCode : undefined }}
        rowActions={(r) => [
          { key: 'months', label: '月度运营', onClick: () => setMonths(r) },
          {
            key: 'blank',
            label: '打印空白检查表',
            onClick: () => void printDocument('print.blankChecklist', { subjectType: 'canteen', id: r.id }).catch(showError),
          },
        ]}
      />
      <ChildGrid
        open={!!months}
        title={`月度运营 · ${String(months?.name ?? '')}`}
        name="canteenMonths"
        entity={canteenMonthEntity as unknown as EntityDef}
        parentField="canteenId"
        parentId={months?.id ?? null}
        sort={{ field: 'year', order: 'desc' }}
        columns={[
          { key: 'year', title: '月份', render: (r) => `${r.year} 年 ${r.month} 月` },
          // Short headings (the form keeps the full labels), so every column and 操作 fit the drawer on a 1366 screen.
          { key: 'openDays' },
          { key: 'mealsTotal' },
          { key: 'mealsElderly', title: '老年人次' },
          { key: 'mealsSpecial', title: '特殊困难老年人人次' },
          { key: 'mealsDelivered' },
          { key: 'registeredElders', title: '登记老年人数' },
          { key: 'subsidyAmount' },
        ]}
        sections={[
          {
            title: '月度运营',
            fields: [
              'year',
              'month',
              'openDays',
              'mealsTotal',
              'mealsElderly',
              'mealsSpecial',
              'mealsDelivered',
              'registeredElders',
              'subsidyAmount',
            ],
          },
        ]}
        defaults={() => ({ year: now.getFullYear(), month: now.getMonth() + 1 })}
        summary={quarterTotals}
        onClose={() => setMonths(null)}
      />
    </>
  );
  return (
    <Tabs
      activeKey={tab}
      onChange={setTab}
      items={[
        { key: 'list', label: '助餐点名录', children: list },
        { key: 'grid', label: '月度运营填报', children: <BatchGrid kind="canteenMonths" initial={gridPeriod} /> },
      ]}
    />
  );
}
