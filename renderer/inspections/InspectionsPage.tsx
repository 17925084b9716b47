import { App as AntApp, Button, Space, Tabs, Tag } from 'antd';
import { todayIso } from '../../shared/domain/fields';
import { useEffect, useState } from 'react';
import type { EntityDef } from '../../shared/domain/entity';
import { HAZARD_LEVELS, HAZARD_STATUSES, INSPECTION_TYPES } from '../../shared/domain/enums';
import { hazardEntity, inspectionEntity } from '../../shared/inspections/schema';
import { isHazardOverdue } from '../../shared/inspections/schema';
import { api } from '../api';
import { printDocument } from '../shell/print';
import { RecordList } from '../records/RecordList';
import { useSession } from '../system/sessionStore';
import { ChecklistEditor } from './ChecklistEditor';
import { HazardActions } from './HazardActions';
import { JinminExport } from './JinminExport';
import { PlannerTab } from './PlannerTab';
import { RecordInspectionDrawer, type Subject } from './RecordInspectionDrawer';

/** 安全检查: the inspections recorded, and every hazard followed to 销号 (重大 first, overdue marked). */
export function InspectionsPage() {
  const [subjects, setSubjects] = useState<Subject[]>([]);
  const [recording, setRecording] = useState(false);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    void Promise.all([
      api['facilities.list']({ pageSize: 500, sort: { field: 'name', order: 'asc' } }),
      api['canteens.list']({ pageSize: 500, sort: { field: 'name', order: 'asc' } }),
    ]).then(([f, c]) =>
      setSubjects([
        ...f.rows.map((r) => ({ id: r.id, name: r.name, kind: 'facility' as const })),
        ...c.rows.map((r) => ({ id: r.id, name: r.name, kind: 'canteen' as const })),
      ]),
    );
  }, []);
  const nameOf = (id: unknown) => subjects.find((s) => s.id === id)?.name ?? '';
  // Editing the checklist is an admin's job (the API refuses anyone else); others do not see the tab.
  const isAdmin = useSession((st) => st.status?.user?.role === 'admin');
  const { message } = AntApp.useApp();
  const print = (p: Promise<void>) => p.catch((e: Error) => message.error(e.message));
  const now = new Date();
  return (
    <Tabs
      defaultActiveKey="inspections"
      items={[
        { key: 'planner', label: '检查计划', children: <PlannerTab /> },
        {
          key: 'inspections',
          label: '检查记录',
          children: (
            <>
              <Space wrap style={{ marginBottom: 8 }}>
                <Button type="primary" onClick={() => setRecording(true)}>
                  录入检查(按检查表逐项)
                </Button>
                <Button
                  onClick={() => void print(printDocument('print.batchChecklists', { year: now.getFullYear(), month: now.getMonth() + 1 }))}
                >
                  打印本月待检查对象的空白检查表
                </Button>
                <JinminExport />
              </Space>
              <RecordList
                key={version}
                name="inspections"
                onCreate={() => setRecording(true)}
                titleOf={(r) => `${nameOf(r.facilityId ?? r.canteenId)} ${String(r.inspectedOn)} ${String(r.inspectionType ?? '')}`}
                entity={inspectionEntity as unknown as EntityDef}
                columns={[
                  { key: 'inspectedOn', width: 110 },
                  { key: 'subject', title: '被检查单位', width: 220, sortable: false, render: (r) => nameOf(r.facilityId ?? r.canteenId) },
                  { key: 'inspectionType', width: 120 },
                  { key: 'inspectors', width: 160 },
                  { key: 'townshipCode', title: '乡镇(街道)', width: 110 },
                  { key: 'checklistVersion', width: 100, optional: true },
                ]}
                filters={[
                  { key: 'townshipCode', label: '乡镇(街道)', kind: 'township' },
                  { key: 'inspectionType', label: '检查类型', options: INSPECTION_TYPES },
                ]}
                sections={[{ title: '检查信息', fields: ['inspectionType', 'inspectedOn', 'inspectors', 'remark'] }]}
                searchPlaceholder="检查人员、备注"
                extraActions={(r) => (
                  <>
                    <Button
                      size="small"
                      type="link"
                      onClick={() => void print(printDocument('print.filledChecklist', { inspectionId: r.id }))}
                    >
                      打印检查表
                    </Button>
                    <Button size="small" type="link" onClick={() => void print(printDocument('print.notice', { inspectionId: r.id }))}>
                      整改通知书
                    </Button>
                  </>
                )}
              />
            </>
          ),
        },
        {
          key: 'hazards',
          label: '隐患整改',
          children: (
            <RecordList
              reloadKey={version}
              name="hazards"
              entity={hazardEntity as unknown as EntityDef}
              columns={[
                {
                  key: 'level',
                  width: 120,
                  render: (r) => <Tag color={r.level === '重大事故隐患' ? 'red' : 'orange'}>{String(r.level)}</Tag>,
                },
                { key: 'description', width: 200 },
                { key: 'method', width: 90 },
                {
                  key: 'deadline',
                  width: 150,
                  render: (r) =>
                    isHazardOverdue({ status: r.status as '待整改', deadline: r.deadline as string }, todayIso()) ? (
                      <Tag color="red">{String(r.deadline)} 已逾期</Tag>
                    ) : (
                      String(r.deadline ?? '')
                    ),
                },
                { key: 'status', width: 80 },
                { key: 'completedOn', width: 110, optional: true },
                { key: 'reviewer', width: 80, optional: true },
                {
                  key: 'next',
                  title: '整改流程',
                  width: 200,
                  sortable: false,
                  render: (r) => <HazardActions hazard={r} onDone={() => setVersion((v) => v + 1)} />,
                },
              ]}
              filters={[
                { key: 'subject', label: '被检查单位', choices: subjects.map((s) => ({ value: s.id, label: s.name })) },
                { key: 'status', label: '整改状态', options: HAZARD_STATUSES },
                { key: 'level', label: '隐患等级', options: HAZARD_LEVELS },
                { key: 'overdue', label: '只看逾期', kind: 'flag' },
                { key: 'open', label: '只看未整改', kind: 'flag' },
              ]}
              sections={[{ title: '隐患', fields: ['description', 'level', 'method', 'deadline', 'measures'] }]}
              searchPlaceholder="隐患描述、整改措施"
            />
          ),
        },
        ...(isAdmin ? [{ key: 'checklist', label: '检查表维护', children: <ChecklistEditor /> }] : []),
      ]}
      tabBarExtraContent={
        <RecordInspectionDrawer
          open={recording}
          subjects={subjects}
          onClose={() => setRecording(false)}
          onSaved={() => (setRecording(false), setVersion((v) => v + 1))}
        />
      }
    />
  );
}
