import { Drawer, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { SnapshotDrill } from '../../shared/reporting/types';
import { api } from '../api';
import { DRILL_KIND_LABELS } from '../../shared/reports/contract';
import { useSession } from '../system/sessionStore';

export interface SnapshotDrillTarget {
  submissionId: string;
  tableId: 't1' | 't2' | 't3' | 't4';
  columnKey: string;
  rowKey: string;
  label: string;
}

const CHANGE: Record<SnapshotDrill['rows'][number]['change'], { text: string; color: string }> = {
  same: { text: '未变', color: 'default' },
  changed: { text: '报送后有改动', color: 'gold' },
  added: { text: '报送后新增', color: 'blue' },
  removed: { text: '报送后已删除或不再计入', color: 'red' },
};

const num = (v: number | undefined) => (v === undefined ? '—' : Number.isInteger(v) ? v.toLocaleString('zh-CN') : v.toFixed(2));

/** The records behind a submitted figure as they were then, and which of them changed since. */
export function SnapshotDrillDrawer({ target, onClose }: { target: SnapshotDrillTarget | null; onClose(): void }) {
  const townshipName = useSession((s) => s.townshipName);
  const [data, setData] = useState<SnapshotDrill | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setData(null);
    setError(null);
    if (!target) return;
    const { label: _l, ...input } = target;
    api['reporting.drill'](input).then(setData, (e: Error) => setError(e.message));
  }, [target]);
  const changed = data?.rows.filter((r) => r.change !== 'same').length ?? 0;
  return (
    <Drawer open={!!target} onClose={onClose} width={860} title={target ? `${target.label} · ${data?.header ?? ''}:报送时的数据来源` : ''}>
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      {data && (
        <>
          <Typography.Paragraph type="secondary">
            报送时 {data.rows.filter((r) => r.sent).length} 条记录
            {data.measures.map((m) => `,${m.label.replace(/·合计$/, '')} ${num(data.totalsThen[m.key])}`).join('')};当前
            {data.measures.map((m) => ` ${num(data.totalsNow[m.key])}`).join('')}。
            {changed ? `其中 ${changed} 条报送后有变化(排在前面)。` : '报送后没有变化。'}
          </Typography.Paragraph>
          <Table
            size="small"
            rowKey={(r) => `${r.entity}:${r.id}`}
            dataSource={data.rows}
            pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
            columns={[
              { title: '记录', dataIndex: 'title', ellipsis: true },
              { title: '类别', dataIndex: 'entity', width: 110, render: (e: string) => DRILL_KIND_LABELS[e] ?? e },
              { title: '乡镇(街道)', dataIndex: 'townshipCode', width: 110, render: (c: string) => townshipName(c) },
              ...data.measures.flatMap((m) => [
                {
                  title: `${m.label}(报送时)`,
                  key: `${m.key}-then`,
                  width: 110,
                  align: 'right' as const,
                  render: (_: unknown, r: SnapshotDrill['rows'][number]) => num(r.sent?.[m.key]),
                },
                {
                  title: '当前',
                  key: `${m.key}-now`,
                  width: 80,
                  align: 'right' as const,
                  render: (_: unknown, r: SnapshotDrill['rows'][number]) => num(r.now?.[m.key]),
                },
              ]),
              {
                title: '变化',
                dataIndex: 'change',
                width: 150,
                render: (c: SnapshotDrill['rows'][number]['change']) => <Tag color={CHANGE[c].color}>{CHANGE[c].text}</Tag>,
              },
            ]}
          />
        </>
      )}
    </Drawer>
  );
}
