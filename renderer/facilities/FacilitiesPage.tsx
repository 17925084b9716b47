import { EllipsisOutlined } from '@ant-design/icons';
import { Button, Dropdown, Tabs } from 'antd';
import { useState } from 'react';
import type { EntityDef } from '../../shared/domain/entity';
import { FACILITY_STATUSES, FACILITY_TYPES } from '../../shared/domain/enums';
import { facilityEntity } from '../../shared/facilities/schema';
import type { FormSection } from '../records/RecordForm';
import { RecordList, type ListColumn, type ListFilter } from '../records/RecordList';
import type { AnyRecord } from '../records/recordApi';
import { BatchGrid } from '../grids/BatchGrid';
import { usePageTab } from '../shell/usePageTab';
import { printDocument } from '../shell/print';
import { useShowError } from '../shell/useShowError';
import { useSession } from '../system/sessionStore';
import { QuarterGrid } from './QuarterGrid';

// Widths chosen so the default columns and the 操作 column fit a 1366-px office screen without scrolling.
// 负责人/电话 arrive masked (张*华, 138****1234): sorting them would order by hidden characters, so it is off.
const columns: ListColumn[] = [
  { key: 'name', width: 144 },
  { key: 'townshipCode', title: '乡镇', width: 84 },
  { key: 'type', width: 174 },
  { key: 'operationMode', width: 92 },
  { key: 'status', width: 72 },
  {
    key: 'bedsTotal',
    title: '床位(总/护理型)',
    width: 118,
    sortable: false,
    render: (r) => `${r.bedsTotal ?? '-'} / ${r.bedsNursing ?? '-'}`,
  },
  { key: 'contactName', width: 64, sortable: false },
  { key: 'contactPhone', title: '电话', width: 100, sortable: false },
  { key: 'updatedAt', title: '更新时间', width: 132 },
  { key: 'address', width: 200, optional: true },
  { key: 'rating', width: 90, optional: true },
  { key: 'fireCheck', width: 90, optional: true },
  { key: 'staffTotal', width: 90, optional: true },
];

const filters: ListFilter[] = [
  { key: 'townshipCode', label: '乡镇(街道)', kind: 'township' },
  { key: 'type', label: '机构类型', options: FACILITY_TYPES },
  { key: 'status', label: '状态', options: FACILITY_STATUSES },
  { key: 'licenceExpiring', label: '许可证将到期', kind: 'flag' },
];

const FACILITY_SECTIONS: FormSection[] = [
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
      'urbanRural',
      'openedOn',
      'village',
      'contactName',
      'contactPhone',
      'floorArea',
      'address',
    ],
  },
  {
    title: '床位与人员',
    fields: ['bedsTotal', 'bedsNursing', 'bedsFullCare', 'bedsDayCare', 'staffTotal', 'caregivers', 'caregiversCertified'],
  },
  {
    title: '证照与等级',
    fields: [
      'rating',
      'ratingDate',
      'fireCheck',
      'fireCheckNote',
      'hasKitchen',
      'foodLicenseNo',
      'foodLicenseExpiry',
      'hasClinic',
      'medicalLicenseNo',
      'liabilityInsurance',
      'liabilityInsuranceExpiry',
    ],
  },
  { title: '备注', fields: ['remark'] },
];

/** 养老机构: list, form, history and delete come from the generic record screens; this file says what to show. */
export function FacilitiesPage() {
  const office = useSession((s) => s.status?.office);
  const showError = useShowError();
  const [quarters, setQuarters] = useState<AnyRecord | null>(null);
  const printBlank = (r: AnyRecord) => void printDocument('print.blankChecklist', { subjectType: 'facility', id: r.id }).catch(showError);
  const [tab, setTab, gridPeriod] = usePageTab('list');
  const list = (
    <>
      <RecordList
        name="facilities"
        entity={facilityEntity as unknown as EntityDef}
        columns={columns}
        filters={filters}
        sections={FACILITY_SECTIONS}
        searchPlaceholder="名称、地址、电话"
        defaults={{
          status: '运营',
          townshipCode: office?.level === 'township' ? office.divisionCode : undefined,
          hasKitchen: false,
          hasClinic: false,
          liabilityInsurance: false,
        }}
        actionsWidth={168}
        // Less frequent actions sit behind … so the row's own columns stay readable on a 1366-px screen.
        extraActions={(r) => (
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                { key: 'quarters', label: '季度数据' },
                { key: 'blank', label: '打印空白检查表' },
              ],
              onClick: ({ key }) => (key === 'quarters' ? setQuarters(r) : printBlank(r)),
            }}
          >
            <Button size="small" type="text" icon={<EllipsisOutlined />} aria-label="更多操作" title="更多操作(季度数据、打印空白检查表)" />
          </Dropdown>
        )}
      />
      <QuarterGrid facility={quarters} onClose={() => setQuarters(null)} />
    </>
  );
  return (
    <Tabs
      activeKey={tab}
      onChange={setTab}
      items={[
        { key: 'list', label: '机构名录', children: list },
        { key: 'grid', label: '季度填报', children: <BatchGrid kind="facilityQuarters" initial={gridPeriod} /> },
      ]}
    />
  );
}
