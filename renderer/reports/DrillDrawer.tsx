import { Drawer, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { DRILL_KIND_LABELS, type DrillResult } from '../../shared/reports/contract';
import { api } from '../api';
import { useSession } from '../system/sessionStore';

export interface DrillTarget {
  year: number;
  quarter: number;
  tableId: 't1' | 't2' | 't3' | 't4';
  columnKey: string;
  townshipCode: string | null;
  /** A village row of a township office's own workbook. */
  village?: string;
  label: string;
}

const num = (v: number) => (Number.isInteger(v) ? v.toLocaleString('zh-CN') : v.toFixed(2));

/** The records behind one figure of the report preview, each with its share; the totals make the figure. */
export function DrillDrawer({ target, onClose }: { target: DrillTarget | null; onClose(): void }) {
  const townshipName = useSession((s) => s.townshipName);
  const [data, setData] = useState<DrillResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setData(null);
    setError(null);
    if (!target) return;
    const { label: _l, ...input } = target;
    api['reports.drill'](input).then(setData, (e: Error) => setError(e.message));
  }, [target]);
  return (
    <Drawer open={!!target} onClose={onClose} width={760} title={target ? `${target.label} · ${data?.header ?? ''}:数据来源` : ''}>
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
      {data && (
        <>
          <Typography.Paragraph type="secondary">
            共 {data.rows.length} 条记录;
            {data.measures.map((m) => `${m.label.replace(/·合计$/, '')} 合计 ${num(data.totals[m.key] ?? 0)}`).join(',')}。
          </Typography.Paragraph>
          <Table
            size="small"
            rowKey={(r) => `${r.entity}:${r.id}`}
            dataSource={data.rows}
            pagination={{ pageSize: 50, showSizeChanger: false }}
            columns={[
              { title: '记录', dataIndex: 'title', ellipsis: true },
              { title: '类别', dataIndex: 'entity', width: 110, render: (e: string) => DRILL_KIND_LABELS[e] ?? e },
              { title: '乡镇(街道)', dataIndex: 'townshipCode', width: 110, render: (c: string) => townshipName(c) },
              ...data.measures.map((m) => ({
                title: m.label,
                key: m.key,
                width: 110,
                align: 'right' as const,
                render: (_: unknown, r: DrillResult['rows'][number]) => num(r.values[m.key] ?? 0),
              })),
            ]}
          />
        </>
      )}
    </Drawer>
  );
}
