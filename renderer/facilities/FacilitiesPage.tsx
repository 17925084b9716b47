import { FACILITY_STATUSES, FACILITY_TYPES } from '../../shared/domain/enums';
import { facilityEntity } from '../../shared/facilities/schema';
import type { EntityDef } from '../../shared/domain/entity';
import { RecordList, type ListColumn, type ListFilter } from '../records/RecordList';
import type { FormSection } from '../records/RecordForm';
import { useSession } from '../system/sessionStore';
import { Button } from 'antd';
import { useState } from 'react';
import type { AnyRecord } from '../records/recordApi';
import { QuarterGrid } from './QuarterGrid';
import { api } from '../api';
import { printHtml } from '../shell/print';

const columns: ListColumn[] = [
  { key: 'name', width: 220 },
  { key: 'townshipCode', title: '乡镇(街道)', width: 110 },
  { key: 'type', width: 180 },
  { key: 'operationMode', width: 100, optional: true },
  { key: 'status', width: 90 },
  { key: 'bedsTotal', title: '床位(总/护理型)', width: 130, render: (r) => `${r.bedsTotal ?? '-'} / ${r.bedsNursing ?? '-'}` },
  { key: 'contactName', width: 80 },
  { key: 'contactPhone', width: 120 },
  { key: 'address', width: 200, optional: true },
  { key: 'rating', width: 90, optional: true },
  { key: 'fireCheck', width: 90, optional: true },
  { key: 'staffTotal', width: 90, optional: true },
  { key: 'updatedAt', title: '更新时间', width: 140, optional: true },
];

const filters: ListFilter[] = [
  { key: 'townshipCode', label: '乡镇(街道)', kind: 'township' },
  { key: 'type', label: '机构类型', options: FACILITY_TYPES },
  { key: 'status', label: '状态', options: FACILITY_STATUSES },
  { key: 'licenceExpiring', label: '许可证将到期', kind: 'flag' },
];

export const FACILITY_SECTIONS: FormSection[] = [
  { title: '基本信息', fields: ['name', 'townshipCode', 'type', 'operationMode', 'operator', 'creditCode', 'status', 'statusDate', 'urbanRural', 'openedOn', 'village', 'contactName', 'contactPhone', 'floorArea', 'address'] },
  { title: '床位与人员', fields: ['bedsTotal', 'bedsNursing', 'bedsFullCare', 'bedsDayCare', 'staffTotal', 'caregivers', 'caregiversCertified'] },
  { title: '证照与等级', fields: ['rating', 'ratingDate', 'fireCheck', 'fireCheckNote', 'hasKitchen', 'foodLicenseNo', 'foodLicenseExpiry', 'hasClinic', 'medicalLicenseNo', 'liabilityInsurance', 'liabilityInsuranceExpiry'] },
  { title: '备注', fields: ['remark'] },
];

/** 养老机构: the first full vertical slice (list, form, history, delete). */
export function FacilitiesPage() {
  const office = useSession((s) => s.status?.office);
  const [quarters, setQuarters] = useState<AnyRecord | null>(null);
  return (
    <>
    <RecordList
      name="facilities"
      entity={facilityEntity as unknown as EntityDef}
      columns={columns}
      filters={filters}
      sections={FACILITY_SECTIONS}
      searchPlaceholder="名称、地址、运营主体、电话"
      defaults={{ status: '运营', townshipCode: office?.level === 'township' ? office.divisionCode : undefined, hasKitchen: false, hasClinic: false, liabilityInsurance: false }}
      extraActions={(r) => (
        <>
          <Button size="small" type="link" onClick={() => setQuarters(r)}>
            季度数据
          </Button>
          <Button size="small" type="link" onClick={() => void api['print.blankChecklist']({ subjectType: 'facility', id: r.id }).then((d) => printHtml(d.html, d.title))}>
            空白检查表
          </Button>
        </>
      )}
    />
    <QuarterGrid facility={quarters} onClose={() => setQuarters(null)} />
    </>
  );
}
