import { App as AntApp, Button, Space, Tabs, Tag } from 'antd';
import { todayIso } from '../../shared/domain/fields';
import { useEffect, useState } from 'react';
import { isHazardOverdue } from '../../shared/inspections/schema';
import { api } from '../api';
import { printDocument } from '../shell/print';
import { RecordList } from '../records/RecordList';
import { useListLink, usePageTab } from '../shell/usePageTab';
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
  const subjectChoices = subjects.map((s) => ({ value: s.id, label: s.name }));
  const [tab, setTab] = usePageTab('inspections');
  const inspectionsLink = useListLink('inspections');
  const hazardsLink = useListLink('hazards');
  // Editing the checklist is an admin's job (the API refuses anyone else); others do not see the tab.
  const isAdmin = useSession((st) => st.status?.user?.role === 'admin');
  const { message } = AntApp.useApp();
  const print = (p: Promise<void>) => p.catch((e: Error) => message.error(e.message));
  const now = new Date();
  return (
    <Tabs
      activeKey={tab}
      onChange={setTab}
      items={[
        { key: 'planner', label: '检查计划', children: <PlannerTab /> },
        {
          key: 'inspections',
          label: '检查记录',
          children: (
            <>
              <Space wrap style={{ marginBottom: 8 }}>
                <Button
                  onClick={() => void print(printDocument('print.batchChecklists', { year: now.getFullYear(), month: now.getMonth() + 1 }))}
                >
                  打印本月待检查对象的空白检查表
                </Button>
                <JinminExport />
              </Space>
              <RecordList
                key={version}
                list="inspections"
                link={inspectionsLink}
                // One way in: a new inspection is entered item by item on the checklist.
                onCreate={() => setRecording(true)}
                createLabel="录入检查"
                subjectChoices={subjectChoices}
                titleOf={(r) => `${String(r.subjectName ?? '')} ${String(r.inspectedOn)} ${String(r.inspectionType ?? '')}`}
                sections={[{ title: '检查信息', fields: ['inspectionType', 'inspectedOn', 'inspectors', 'remark'] }]}
                rowActions={(r) => [
                  {
                    key: 'print',
                    label: '打印检查表',
                    onClick: () => void print(printDocument('print.filledChecklist', { inspectionId: r.id })),
                  },
                  // A notice only where the inspection found hazards (there is nothing to rectify otherwise).
                  ...(Number(r.hazardCount) > 0
                    ? [
                        {
                          key: 'notice',
                          label: '整改通知书',
                          onClick: () => void print(printDocument('print.notice', { inspectionId: r.id })),
                        },
                      ]
                    : []),
                ]}
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
              list="hazards"
              link={hazardsLink}
              subjectChoices={subjectChoices}
              renders={{
                level: (r) => <Tag color={r.level === '重大事故隐患' ? 'red' : 'orange'}>{String(r.level)}</Tag>,
                deadline: (r) =>
                  isHazardOverdue({ status: r.status as '待整改', deadline: r.deadline as string }, todayIso()) ? (
                    <Tag color="red">{String(r.deadline)} 已逾期</Tag>
                  ) : (
                    String(r.deadline ?? '')
                  ),
                next: (r) => <HazardActions hazard={r} onDone={() => setVersion((v) => v + 1)} />,
              }}
              sections={[{ title: '隐患', fields: ['description', 'level', 'method', 'deadline', 'measures'] }]}
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
