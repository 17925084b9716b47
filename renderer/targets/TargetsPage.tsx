import type { EntityDef } from '../../shared/domain/entity';
import { targetEntity } from '../../shared/targets/schema';
import { RecordList } from '../records/RecordList';
import { useSession } from '../system/sessionStore';

/** 年度任务 per township per year (entered by the district or an admin). */
export function TargetsPage() {
  const office = useSession((s) => s.status?.office);
  const townshipName = useSession((s) => s.townshipName);
  return (
    <RecordList
      titleOf={(r) => `${townshipName(r.townshipCode)} ${String(r.year)} 年度任务`}
      name="targets"
      entity={targetEntity as unknown as EntityDef}
      columns={[
        { key: 'year', width: 90 },
        { key: 'townshipCode', title: '乡镇(街道)', width: 140 },
        { key: 'retrofitHouseholds', width: 150 },
        { key: 'newCanteens', width: 180 },
        { key: 'nursingBedRatio', width: 160 },
        { key: 'certifiedRate', width: 110 },
      ]}
      filters={[{ key: 'townshipCode', label: '乡镇(街道)', kind: 'township' }]}
      sections={[
        { title: '年度任务', fields: ['year', 'townshipCode', 'retrofitHouseholds', 'newCanteens', 'nursingBedRatio', 'certifiedRate'] },
      ]}
      searchPlaceholder="年度,如 2026"
      lockedReason={(r) =>
        office?.level === 'township' && r.officeId !== office.id
          ? '这是区(县)民政局下达的任务,乡镇不能修改或删除;如有误请联系区民政局'
          : null
      }
      defaults={{
        year: new Date().getFullYear(),
        nursingBedRatio: 60,
        certifiedRate: 90,
        townshipCode: office?.level === 'township' ? office.divisionCode : undefined,
      }}
    />
  );
}
