import { Alert, Card, Col, Empty, Progress, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { DashboardData } from '../../shared/dashboard/contract';
import { WORKFLOW_STEPS } from '../../shared/domain/enums';
import { api } from '../api';
import { useSession } from '../system/sessionStore';
import { Chart, type ChartOption } from './Chart';
import { ReportingCard } from '../reporting/ReportingCard';

/** Meals per month, stacked: 特殊困难老年人 and the others; the total is the bar's height and its label. */
function mealsOption(months: DashboardData['mealsByMonth']): ChartOption {
  const wan = (v: number) => (v >= 10000 ? `${(v / 10000).toFixed(1)}万` : String(v));
  return {
    grid: { left: 48, right: 12, top: 36, bottom: 28 },
    legend: { top: 0, left: 'center', itemWidth: 12, itemHeight: 10 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => `${Number(v).toLocaleString('zh-CN')} 人次` },
    xAxis: { type: 'category', data: months.map((m) => `${Number(m.ym.slice(5, 7))}月`), axisTick: { alignWithLabel: true } },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => wan(v) } },
    series: [
      { name: '特殊困难老年人', type: 'bar', stack: 'meals', data: months.map((m) => m.mealsSpecial), barMaxWidth: 28 },
      {
        name: '其他老年人',
        type: 'bar',
        stack: 'meals',
        data: months.map((m) => Math.max(0, m.mealsTotal - m.mealsSpecial)),
        barMaxWidth: 28,
        label: { show: true, position: 'top', fontSize: 11, formatter: (p) => wan(months[p.dataIndex].mealsTotal) },
      },
    ],
  };
}

/** Households of the year by their current workflow step (horizontal bars, in workflow order top-down). */
function retrofitOption(rows: { step: string; count: number }[]): ChartOption {
  const ordered = [...rows].reverse();
  return {
    grid: { left: 64, right: 36, top: 8, bottom: 8, containLabel: false },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => `${v} 户` },
    xAxis: { type: 'value', show: false, minInterval: 1 },
    yAxis: { type: 'category', data: ordered.map((r) => r.step), axisTick: { show: false } },
    series: [
      {
        name: '户数',
        type: 'bar',
        data: ordered.map((r) => ({ value: r.count, itemStyle: r.step === '退出' ? { color: '#bfbfbf' } : undefined })),
        barMaxWidth: 16,
        label: { show: true, position: 'right' },
      },
    ],
  };
}

/** Green at or above the target, red below; no colour while there is nothing to measure (no beds, no carers). */
function kpiColor(base: number, value: number, target: number): string | undefined {
  if (base === 0) return undefined;
  return value >= target ? '#389e0d' : '#cf1322';
}

export function DashboardPage() {
  const [d, setD] = useState<DashboardData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const townshipName = useSession((s) => s.townshipName);
  useEffect(() => {
    api['dashboard.get']({}).then(setD, (e: Error) => setError(e.message));
  }, []);
  if (error) return <Alert type="error" showIcon title={error} />;
  if (!d) return <Card loading />;
  const count = (s: string) => d.retrofitByStatus.find((r) => r.status === s)?.count ?? 0;
  const households = d.retrofitByStatus.filter((r) => r.status !== '退出').reduce((a, r) => a + r.count, 0);
  const steps = [...WORKFLOW_STEPS, '退出'].map((s) => ({ step: s, count: count(s) }));
  const cm = d.coverageMonth;
  const cq = d.coverageQuarter;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <ReportingCard />
      <Row gutter={16}>
        <Col span={6}>
          <Card>
            <Statistic
              title={`${d.year} 年适老化改造(户)`}
              value={households}
              suffix={d.targets.retrofitHouseholds ? `/ 任务 ${d.targets.retrofitHouseholds}` : ''}
            />
            <Progress
              percent={d.targets.retrofitHouseholds ? Math.round((d.retrofitAccepted / d.targets.retrofitHouseholds) * 1000) / 10 : 0}
              size="small"
              format={(p) => `验收 ${p}%`}
              aria-label="适老化改造验收完成率"
            />
          </Card>
        </Col>
        <Col span={6}>
          <Card>
            <Statistic
              title={`${d.year} 年新开助餐点`}
              value={d.canteensOpenedThisYear}
              suffix={d.targets.newCanteens ? `/ 任务 ${d.targets.newCanteens}` : ''}
            />
          </Card>
        </Col>
        <Col span={6}>
          <Card>
            <Statistic
              title="护理型床位占比"
              value={d.kpis.nursingBedRatio}
              suffix="%"
              valueStyle={{ color: kpiColor(d.kpis.beds, d.kpis.nursingBedRatio, d.kpis.nursingBedRatioTarget) }}
            />
            <Typography.Text type="secondary">
              目标 ≥ {d.kpis.nursingBedRatioTarget}%,床位 {d.kpis.beds} 张
            </Typography.Text>
          </Card>
        </Col>
        <Col span={6}>
          <Card>
            <Statistic
              title="护理员持证率"
              value={d.kpis.certifiedRate}
              suffix="%"
              valueStyle={{ color: kpiColor(d.kpis.caregivers, d.kpis.certifiedRate, d.kpis.certifiedRateTarget) }}
            />
            <Typography.Text type="secondary">
              目标 ≥ {d.kpis.certifiedRateTarget}%,护理员 {d.kpis.caregivers} 人
            </Typography.Text>
          </Card>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={12}>
          <Card title={`安全检查覆盖 · ${d.year} 年 ${d.month} 月 / 第 ${d.quarter} 季度`} size="small">
            {cm.due === 0 ? (
              // Nothing to check yet: no bars at 0% beside a green 已达标.
              <Typography.Text type="secondary">
                还没有在运营的养老机构需要检查。录入养老机构后,这里显示本月和本季度的检查覆盖情况。
              </Typography.Text>
            ) : (
              <Space direction="vertical" style={{ width: '100%' }}>
                <div>
                  本月机构自查 {cm.selfChecked}/{cm.due} 家
                  <Progress percent={cm.selfPct} size="small" aria-label="本月机构自查完成率" />
                </div>
                <div>
                  本月第三方专家检查 {cm.expertChecked}/{cm.due} 家(目标 ≥ {cm.expertTargetPct}%)
                  {cm.expertMet ? <Tag color="green">已达标</Tag> : <Tag color="red">还差 {cm.expertShortBy} 家</Tag>}
                  <Progress
                    percent={cm.expertPct}
                    size="small"
                    status={cm.expertMet ? 'success' : 'exception'}
                    aria-label="本月专家检查覆盖率"
                  />
                </div>
                <div>
                  本季度第三方专家检查 {cq.expertChecked}/{cq.due} 家(目标 {cq.expertTargetPct}%)
                  {cq.expertMet ? <Tag color="green">已达标</Tag> : <Tag color="orange">还差 {cq.expertShortBy} 家</Tag>}
                  <Progress percent={cq.expertPct} size="small" aria-label="本季度专家检查覆盖率" />
                </div>
                <Typography.Text strong>本月尚未自查的机构({cm.needSelf.length})</Typography.Text>
                <Typography.Paragraph ellipsis={{ rows: 3, expandable: true, symbol: '展开' }} style={{ marginBottom: 0 }}>
                  {cm.needSelf.map((s) => `${s.name}(${townshipName(s.townshipCode)})`).join('、') || '无'}
                </Typography.Paragraph>
              </Space>
            )}
          </Card>
        </Col>
        <Col span={12}>
          <Card title={`逾期未整改隐患(共 ${d.overdueCount} 处,重大优先)`} size="small">
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={d.overdueHazards.slice(0, 8)}
              locale={{ emptyText: <Empty description="没有逾期隐患" /> }}
              columns={[
                {
                  title: '等级',
                  dataIndex: 'level',
                  width: 110,
                  render: (v: string) => <Tag color={v === '重大事故隐患' ? 'red' : 'orange'}>{v}</Tag>,
                },
                { title: '单位', dataIndex: 'subjectName', ellipsis: true },
                { title: '期限', dataIndex: 'deadline', width: 100 },
                { title: '状态', dataIndex: 'status', width: 80 },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={12}>
          <Card title="助餐就餐人次(近 12 个月)" size="small">
            {d.mealsByMonth.length ? (
              <Chart
                option={mealsOption(d.mealsByMonth)}
                label={`每月就餐人次:${d.mealsByMonth.map((m) => `${m.ym} ${m.mealsTotal} 人次`).join(',')}`}
              />
            ) : (
              <Empty description="暂无月度运营数据" />
            )}
          </Card>
        </Col>
        <Col span={12}>
          <Card title={`适老化改造进度(${d.year} 年度)`} size="small">
            <Chart
              option={retrofitOption(steps)}
              height={260}
              label={`适老化改造进度:${steps.map((r) => `${r.step} ${r.count} 户`).join(',')}`}
            />
          </Card>
        </Col>
      </Row>
      <Card title={`食品经营许可证已过期或即将到期(${d.expiringLicences.length})`} size="small">
        <Table
          size="small"
          rowKey="id"
          pagination={{ pageSize: 5, hideOnSinglePage: true }}
          dataSource={d.expiringLicences}
          locale={{ emptyText: '没有即将到期的许可证' }}
          columns={[
            { title: '类别', dataIndex: 'kind', width: 90, render: (k: string) => (k === 'facility' ? '养老机构' : '助餐点') },
            { title: '名称', dataIndex: 'name' },
            { title: '许可证号', dataIndex: 'foodLicenseNo', width: 200 },
            {
              title: '有效期至',
              dataIndex: 'foodLicenseExpiry',
              width: 110,
              render: (v: string) => (v < d.today ? <Tag color="red">{v} 已过期</Tag> : v),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
