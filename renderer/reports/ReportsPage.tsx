import { App as AntApp, Button, Card, Progress, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import type { Freshness, PreviewTable } from '../../shared/reports/contract';
import { groupHeader } from '../../shared/reports/tables';
import { api } from '../api';
import { saveExport } from '../shell/files';
import { useJobProgress } from '../shell/useJobProgress';
import { useSession } from '../system/sessionStore';
import { DrillDrawer, type DrillTarget } from './DrillDrawer';
import { useSubmittedView } from '../reporting/SubmittedView';
import { YearInput } from '../shell/YearInput';

type Row = PreviewTable['rows'][number];

const fmt = (v: number | null, format: string) => (v === null ? '—' : format === 'int' ? v.toLocaleString('zh-CN') : v.toFixed(1));

/** 统计报表: preview 表1–表4 for a quarter, then export the workbook the city bureau requests. */
export function ReportsPage() {
  const { message } = AntApp.useApp();
  const now = new Date();
  const [year, setYear] = useState(now.getFullYear());
  const [quarter, setQuarter] = useState(Math.max(1, Math.ceil((now.getMonth() + 1) / 3)));
  const [tables, setTables] = useState<PreviewTable[] | null>(null);
  const [exporting, setExporting] = useState(false);
  const job = useJobProgress();
  const [drill, setDrill] = useState<DrillTarget | null>(null);
  // A roll-up (district, city) shows for each township when its data last arrived by sync package.
  const rollUp = useSession((s) => s.status?.office?.level !== 'township');
  const [fresh, setFresh] = useState<Freshness>({});
  // A reported quarter shows what was submitted by default, the current figures one switch away (issue 15).
  const submitted = useSubmittedView(year, quarter, tables);
  useEffect(() => {
    if (rollUp) api['reports.freshness']({}).then(setFresh, () => setFresh({}));
  }, [rollUp]);
  useEffect(() => {
    setTables(null);
    api['reports.preview']({ year, quarter }).then(setTables, (e: Error) => message.error(e.message));
  }, [year, quarter, message]);

  const freshnessColumn: ColumnsType<Row> = rollUp
    ? [
        {
          title: '数据截至',
          key: 'freshness',
          fixed: 'left' as const,
          width: 150,
          render: (_: unknown, r: Row) => {
            if (r.code === null) return null;
            const f = fresh[r.code];
            if (!f?.packageMadeAt)
              return (
                <Tag color="red" title={f ? `${f.officeName}尚未发来同步包` : '没有登记报送这个乡镇数据的单位'}>
                  尚未收到数据
                </Tag>
              );
            const days = Math.floor((Date.now() - Date.parse(f.packageMadeAt)) / 86_400_000);
            return (
              <span title={`${f.officeName}的同步包,${f.packageMadeAt.slice(0, 10)} 导出,${f.receivedAt?.slice(0, 10) ?? ''} 导入`}>
                {f.packageMadeAt.slice(0, 10)} {days > 45 && <Tag color="orange">{days} 天前</Tag>}
              </span>
            );
          },
        },
      ]
    : [];

  const columns = (t: PreviewTable): ColumnsType<Row> => [
    { title: t.rowHeader, dataIndex: 'label', fixed: 'left', width: 140, render: (v: string, r) => (r.code === null ? <b>{v}</b> : v) },
    // Beside the township, where it is seen before any figure of that row.
    ...freshnessColumn,
    ...t.table.groups.map((g) => {
      const leaf = (c: (typeof g.columns)[number]) => ({
        title: c.header,
        key: c.key,
        align: 'right' as const,
        width: 96,
        render: (_: unknown, r: Row) => {
          const v = r.values[c.key];
          const warn = t.warnings[c.key] !== undefined && v !== null && v < t.warnings[c.key];
          const mark = submitted.mark(t.table.id, r, c.key, c.format);
          // Every figure opens the records behind it (drill-down).
          return (
            <a
              className={`report-figure ${mark?.className ?? ''}`}
              style={warn ? { color: '#cf1322', fontWeight: 600 } : undefined}
              title={mark ? `${mark.title};点击查看数据来源` : '查看数据来源'}
              onClick={() =>
                submitted.drill(t.table.id, r, c.key) ||
                setDrill({
                  year,
                  quarter,
                  tableId: t.table.id,
                  columnKey: c.key,
                  townshipCode: r.code,
                  ...(r.village !== undefined ? { village: r.village } : {}),
                  label: r.label,
                })
              }
            >
              {fmt(v, c.format)}
            </a>
          );
        },
      });
      return g.columns.length === 1 && g.columns[0].header === g.header
        ? leaf(g.columns[0])
        : { title: groupHeader(g.header, quarter), children: g.columns.map(leaf) };
    }),
  ];

  const exportBook = async () => {
    setExporting(true);
    try {
      const f = await job.run((jobId) => saveExport('reports.export', { year, quarter, jobId }));
      if (f) message.success(`报表已导出:${f.fileName}`);
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setExporting(false);
    }
  };

  return (
    <Card
      title={
        <Space>
          <YearInput value={year} onChange={setYear} />
          <Select
            aria-label="季度"
            value={quarter}
            onChange={setQuarter}
            style={{ width: 110 }}
            options={[1, 2, 3, 4].map((q) => ({ value: q, label: `第 ${q} 季度` }))}
          />
        </Space>
      }
      extra={
        <Space>
          {job.progress && (
            <span style={{ display: 'inline-flex', alignItems: 'center', gap: 8 }}>
              <Typography.Text type="secondary">{job.progress.step}</Typography.Text>
              <Progress
                percent={Math.round((job.progress.done / Math.max(1, job.progress.total)) * 100)}
                size="small"
                style={{ width: 140, margin: 0 }}
                aria-label="导出进度"
              />
            </span>
          )}
          <Button type="primary" loading={exporting} onClick={() => void exportBook()}>
            导出 Excel 报表(表1–表4 及明细表)
          </Button>
        </Space>
      }
    >
      {!tables ? (
        <Card loading bordered={false} />
      ) : (
        <Tabs
          items={(submitted.tables ?? tables).map((t) => ({
            key: t.table.id,
            label: t.table.sheetName,
            children: (
              <>
                {submitted.bar}
                <Typography.Paragraph type="secondary">
                  {t.table.title}({t.table.basis};单位:{t.table.units})。红色数字低于考核要求;点击数字可查看它来自哪些记录。
                  {rollUp && '“数据截至”是该乡镇数据最近一次随同步包送达的日期。'}
                </Typography.Paragraph>
                <Table<Row>
                  size="small"
                  bordered
                  rowKey={(r) => r.village ?? r.code ?? 'total'}
                  columns={columns(t)}
                  dataSource={t.rows}
                  pagination={false}
                  scroll={{ x: 'max-content' }}
                />
              </>
            ),
          }))}
        />
      )}
      <DrillDrawer target={drill} onClose={() => setDrill(null)} />
      {submitted.drawer}
    </Card>
  );
}
