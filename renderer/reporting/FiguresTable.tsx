import { Table, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { PreviewTable } from '../../shared/reports/contract';
import { groupHeader } from '../../shared/reports/tables';
import { Clickable } from './Clickable';

type Row = PreviewTable['rows'][number];

/** The key of a row across two versions of a table (合计, a village, a township). */
export const rowKeyOf = (r: { code: string | null; village?: string }) =>
  r.code === null ? '合计' : r.village !== undefined ? `v:${r.village}` : r.code;

export const fmt = (v: number | null | undefined, format: string) =>
  v === null || v === undefined ? '—' : format === 'int' ? v.toLocaleString('zh-CN') : v.toFixed(1);

/**
 * One of 表1–表4 as it was submitted, each figure compared with `other` (the same unit's figures now, or the
 * submission, depending on which is shown): a figure that differs is highlighted and says the other value.
 */
export function FiguresTable(props: {
  table: PreviewTable;
  other?: PreviewTable;
  otherLabel: string;
  quarter: number;
  onFigure?: (row: Row, columnKey: string) => void;
}) {
  const { table: t, other, otherLabel, quarter, onFigure } = props;
  const others = new Map((other?.rows ?? []).map((r) => [rowKeyOf(r), r]));
  const columns: ColumnsType<Row> = [
    { title: t.rowHeader, dataIndex: 'label', fixed: 'left', width: 140, render: (v: string, r) => (r.code === null ? <b>{v}</b> : v) },
    ...t.table.groups.map((g) => {
      const leaf = (c: (typeof g.columns)[number]) => ({
        title: c.header,
        key: c.key,
        align: 'right' as const,
        width: 96,
        render: (_: unknown, r: Row) => {
          const v = r.values[c.key] ?? null;
          const o = other ? (others.get(rowKeyOf(r))?.values[c.key] ?? null) : v;
          const changed = other !== undefined && (v ?? 0) !== (o ?? 0);
          const text = fmt(v, c.format);
          const body = onFigure ? (
            <Clickable className="report-figure" onOpen={() => onFigure(r, c.key)}>
              {text}
            </Clickable>
          ) : (
            text
          );
          return changed ? (
            <Tooltip title={`${otherLabel}:${fmt(o, c.format)}`}>
              <span className="figure-changed" data-changed="1">
                {body}
              </span>
            </Tooltip>
          ) : (
            body
          );
        },
      });
      return g.columns.length === 1 && g.columns[0].header === g.header
        ? leaf(g.columns[0])
        : { title: groupHeader(g.header, quarter), children: g.columns.map(leaf) };
    }),
  ];
  return (
    <Table<Row>
      size="small"
      bordered
      rowKey={rowKeyOf}
      columns={columns}
      dataSource={t.rows}
      pagination={false}
      scroll={{ x: 'max-content' }}
    />
  );
}
