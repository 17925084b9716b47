import { RecordList } from '../records/RecordList';
import { useListLink } from '../shell/usePageTab';
import { useSession } from '../system/sessionStore';

/** 年度任务 per township per year (entered by the district or an admin). */
export function TargetsPage() {
  const office = useSession((s) => s.status?.office);
  const townshipName = useSession((s) => s.townshipName);
  const link = useListLink();
  return (
    <RecordList
      list="targets"
      link={link}
      titleOf={(r) => `${townshipName(r.townshipCode)} ${String(r.year)} 年度任务`}
      sections={[
        { title: '年度任务', fields: ['year', 'townshipCode', 'retrofitHouseholds', 'newCanteens', 'nursingBedRatio', 'certifiedRate'] },
      ]}
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
