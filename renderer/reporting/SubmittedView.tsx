import { Alert, Button, Segmented, Space, Typography } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import type { PreviewTable } from '../../shared/reports/contract';
import type { SubmissionInfo } from '../../shared/reporting/types';
import { api } from '../api';
import { saveExport } from '../shell/files';
import { fmt, rowKeyOf } from './FiguresTable';
import { day } from './labels';
import { SnapshotDrillDrawer, type SnapshotDrillTarget } from './SnapshotDrill';

type Row = PreviewTable['rows'][number];

export interface SubmittedView {
  /** The tables to show: the submitted ones (按报送时) or null for the live ones. */
  tables: PreviewTable[] | null;
  /** A figure that differs between the submission and the records now: its class and what the other side says. */
  mark(tableId: string, row: Row, columnKey: string, format: string): { className: string; title: string } | null;
  /** Opens the records behind a figure as submitted; false when the live drill-down should open instead. */
  drill(tableId: PreviewTable['table']['id'], row: Row, columnKey: string): boolean;
  /** The 按报送时 / 按当前数据 switch and what it shows; and the drill-down drawer of the submitted figures. */
  bar: ReactNode;
  drawer: ReactNode;
}

/**
 * The reports page's view of a reported quarter (spec §10): the submitted figures by default, the current ones
 * one switch away, the cells that differ highlighted in both, and the drill-down of what was submitted.
 */
export function useSubmittedView(year: number, quarter: number, live: PreviewTable[] | null): SubmittedView {
  const [sub, setSub] = useState<{ submission: SubmissionInfo; tables: PreviewTable[] } | null>(null);
  const [mode, setMode] = useState<'submitted' | 'current'>('submitted');
  const [drill, setDrill] = useState<SnapshotDrillTarget | null>(null);
  useEffect(() => {
    setSub(null);
    setMode('submitted');
    api['reporting.submitted']({ year, quarter }).then(setSub, () => setSub(null));
  }, [year, quarter]);
  const showSubmitted = !!sub && mode === 'submitted';
  const shown = showSubmitted ? sub.tables : live;
  const other = showSubmitted ? live : (sub?.tables ?? null);
  const index = new Map<string, Map<string, Row>>();
  for (const t of other ?? []) index.set(t.table.id, new Map(t.rows.map((r) => [rowKeyOf(r), r])));
  const differs = (shown ?? []).reduce(
    (n, t) =>
      n +
      t.rows.reduce(
        (m, r) =>
          m + Object.entries(r.values).filter(([k, v]) => (v ?? 0) !== (index.get(t.table.id)?.get(rowKeyOf(r))?.values[k] ?? 0)).length,
        0,
      ),
    0,
  );
  return {
    tables: showSubmitted ? sub.tables : null,
    mark(tableId, row, columnKey, format) {
      if (!sub || !other) return null;
      const v = row.values[columnKey] ?? null;
      const o = index.get(tableId)?.get(rowKeyOf(row))?.values[columnKey] ?? null;
      if ((v ?? 0) === (o ?? 0)) return null;
      return { className: 'figure-changed', title: `${showSubmitted ? '当前数据' : '报送时'}:${fmt(o, format)}` };
    },
    drill(tableId, row, columnKey) {
      if (!showSubmitted) return false;
      setDrill({ submissionId: sub.submission.id, tableId, columnKey, rowKey: rowKeyOf(row), label: row.label });
      return true;
    },
    bar: sub ? (
      <Alert
        type={differs ? 'warning' : 'info'}
        showIcon
        style={{ marginBottom: 12 }}
        title={
          <Space wrap>
            <Segmented
              aria-label="报表数字"
              value={mode}
              onChange={(v) => setMode(v as 'submitted' | 'current')}
              options={[
                { value: 'submitted', label: '按报送时' },
                { value: 'current', label: '按当前数据' },
              ]}
            />
            <Typography.Text>
              {sub.submission.kind} {day(sub.submission.submittedAt)}({sub.submission.submittedBy})
              {differs ? `,有 ${differs} 个数字与${showSubmitted ? '当前数据' : '报送时'}不同(黄色标出)` : ',与当前数据一致'}
            </Typography.Text>
            <Button size="small" onClick={() => void saveExport('reporting.workbook', { id: sub.submission.id })}>
              下载报送的工作簿
            </Button>
          </Space>
        }
      />
    ) : null,
    drawer: <SnapshotDrillDrawer target={drill} onClose={() => setDrill(null)} />,
  };
}
