import { Tabs } from 'antd';
import { useState } from 'react';
import type { FormSection } from '../records/RecordForm';
import { RecordList } from '../records/RecordList';
import type { AnyRecord } from '../records/recordApi';
import { BatchGrid } from '../grids/BatchGrid';
import { useListLink, usePageTab } from '../shell/usePageTab';
import { printDocument } from '../shell/print';
import { useShowError } from '../shell/useShowError';
import { useSession } from '../system/sessionStore';
import { QuarterGrid } from './QuarterGrid';

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
  const link = useListLink('list');
  const list = (
    <>
      <RecordList
        list="facilities"
        link={link}
        sections={FACILITY_SECTIONS}
        blankChecklists="facility"
        defaults={{
          status: '运营',
          townshipCode: office?.level === 'township' ? office.divisionCode : undefined,
          hasKitchen: false,
          hasClinic: false,
          liabilityInsurance: false,
        }}
        rowActions={(r) => [
          { key: 'quarters', label: '季度数据', onClick: () => setQuarters(r) },
          { key: 'blank', label: '打印空白检查表', onClick: () => printBlank(r) },
        ]}
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
