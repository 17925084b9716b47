import type { EntityDef } from '../../shared/domain/entity';
import { facilityQuarterEntity } from '../../shared/facilities/schema';
import { ChildGrid } from '../records/ChildGrid';
import type { AnyRecord } from '../records/recordApi';

/** 季度数据: one row per quarter for one facility; 入住率 derived from the facility's beds. */
export function QuarterGrid({ facility, onClose }: { facility: AnyRecord | null; onClose: () => void }) {
  const beds = Number(facility?.bedsTotal ?? 0);
  const now = new Date();
  return (
    <ChildGrid
      open={!!facility}
      title={`季度数据 · ${String(facility?.name ?? '')}`}
      name="facilityQuarters"
      entity={facilityQuarterEntity as unknown as EntityDef}
      parentField="facilityId"
      parentId={facility?.id ?? null}
      sort={{ field: 'year', order: 'desc' }}
      columns={[
        { key: 'year', title: '季度', render: (r) => `${r.year} 年第 ${r.quarter} 季度` },
        { key: 'residents' },
        { key: 'occupancy', title: '入住率(%)', render: (r) => (beds ? ((Number(r.residents) / beds) * 100).toFixed(1) : '—') },
        { key: 'residentsDisabled' },
        { key: 'residentsTekun' },
        { key: 'admissions' },
        { key: 'discharges' },
      ]}
      sections={[
        { title: '季度数据', fields: ['year', 'quarter', 'residents', 'residentsDisabled', 'residentsTekun', 'admissions', 'discharges'] },
      ]}
      defaults={() => ({ year: now.getFullYear(), quarter: Math.ceil((now.getMonth() + 1) / 3) })}
      onClose={onClose}
    />
  );
}
