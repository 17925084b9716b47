import { Alert, Card, Col, Empty, Progress, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { DashboardData } from '../../shared/dashboard/contract';
import { WORKFLOW_STEPS } from '../../shared/domain/enums';
import { api } from '../api';
import { useSession } from '../system/sessionStore';

/** A plain bar chart in CSS: enough for 12 months of meals, no charting runtime to ship or trust. */
function Bars({ data }: { data: { label: string; value: number; sub?: number }[] }) {
  const max = Math.max(1, ...data.map((d) => d.value));
  return (
    <div className="bars" role="img" aria-label="每月就餐人次">
      {data.map((d) => (
        <div key={d.label} className="bar-col" title={`${d.label}:${d.value.toLocaleString('zh-CN')} 人次`}>
          <div className="bar-value">{d.value >= 10000 ? `${(d.value / 10000).toFixed(1)}万` : d.value}</div>
          <div className="bar" style={{ height: `${(d.value / max) * 140}px` }}>
            {d.sub !== undefined && <div className="bar-sub" style={{ height: `${(d.sub / Math.max(d.value, 1)) * 100}%` }} />}
          </div>
          <div className="bar-label">{d.label.slice(2)}</div>
        </div>
      ))}
    </div>
  );
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
  const cm = d.coverageMonth;
  const cq = d.coverageQuarter;
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Row gutter={16}>
        <Col span={6}>
          <Card>
            <Statistic title={`${d.year} 年适老化改造(户)`} value={households} suffix={d.targets.retrofitHouseholds ? `/ 任务 ${d.targets.retrofitHouseholds}` : ''} />
            <Progress percent={d.targets.retrofitHouseholds ? Math.round((d.retrofitAccepted / d.targets.retrofitHouseholds) * 1000) / 10 : 0} size="small" format={(p) => `验收 ${p}%`} />
          </Card>
        </Col>
        <Col span={6}>
          <Card>
            <Statistic title={`${d.year} 年新开助餐点`} value={d.canteensOpenedThisYear} suffix={d.targets.newCanteens ? `/ 任务 ${d.targets.newCanteens}` : ''} />
          </Card>
        </Col>
        <Col span={6}>
          <Card>
            <Statistic title="护理型床位占比" value={d.kpis.nursingBedRatio} suffix="%" valueStyle={{ color: d.kpis.nursingBedRatio >= d.kpis.nursingBedRatioTarget ? '#389e0d' : '#cf1322' }} />
            <Typography.Text type="secondary">目标 ≥ {d.kpis.nursingBedRatioTarget}%,床位 {d.kpis.beds} 张</Typography.Text>
          </Card>
        </Col>
        <Col span={6}>
          <Card>
            <Statistic title="护理员持证率" value={d.kpis.certifiedRate} suffix="%" valueStyle={{ color: d.kpis.certifiedRate >= d.kpis.certifiedRateTarget ? '#389e0d' : '#cf1322' }} />
            <Typography.Text type="secondary">目标 ≥ {d.kpis.certifiedRateTarget}%,护理员 {d.kpis.caregivers} 人</Typography.Text>
          </Card>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={12}>
          <Card title={`安全检查覆盖 · ${d.year} 年 ${d.month} 月 / 第 ${d.quarter} 季度`} size="small">
            <Space direction="vertical" style={{ width: '100%' }}>
              <div>
                本月机构自查 {cm.selfChecked}/{cm.due} 家
                <Progress percent={cm.selfPct} size="small" />
              </div>
              <div>
                本月第三方专家检查 {cm.expertChecked}/{cm.due} 家(目标 ≥ {cm.expertTargetPct}%){cm.expertMet ? <Tag color="green">已达标</Tag> : <Tag color="red">还差 {cm.expertShortBy} 家</Tag>}
                <Progress percent={cm.expertPct} size="small" status={cm.expertMet ? 'success' : 'exception'} />
              </div>
              <div>
                本季度第三方专家检查 {cq.expertChecked}/{cq.due} 家(目标 {cq.expertTargetPct}%){cq.expertMet ? <Tag color="green">已达标</Tag> : <Tag color="orange">还差 {cq.expertShortBy} 家</Tag>}
                <Progress percent={cq.expertPct} size="small" />
              </div>
              <Typography.Text strong>本月尚未自查的机构({cm.needSelf.length})</Typography.Text>
              <Typography.Paragraph ellipsis={{ rows: 3, expandable: true, symbol: '展开' }} style={{ marginBottom: 0 }}>
                {cm.needSelf.map((s) => `${s.name}(${townshipName(s.townshipCode)})`).join('、') || '无'}
              </Typography.Paragraph>
            </Space>
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
                { title: '等级', dataIndex: 'level', width: 110, render: (v: string) => <Tag color={v === '重大事故隐患' ? 'red' : 'orange'}>{v}</Tag> },
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
          <Card title="助餐就餐人次(近 12 个月,深色为特殊困难老年人)" size="small">
            {d.mealsByMonth.length ? <Bars data={d.mealsByMonth.map((m) => ({ label: m.ym, value: m.mealsTotal, sub: m.mealsSpecial }))} /> : <Empty description="暂无月度运营数据" />}
          </Card>
        </Col>
        <Col span={12}>
          <Card title={`适老化改造进度(${d.year} 年度)`} size="small">
            <Table
              size="small"
              rowKey="step"
              pagination={false}
              dataSource={[...WORKFLOW_STEPS, '退出'].map((s) => ({ step: s, count: count(s) }))}
              columns={[
                { title: '当前进度', dataIndex: 'step' },
                { title: '户数', dataIndex: 'count', width: 90 },
              ]}
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
            { title: '有效期至', dataIndex: 'foodLicenseExpiry', width: 110, render: (v: string) => (v < d.today ? <Tag color="red">{v} 已过期</Tag> : v) },
          ]}
        />
      </Card>
    </Space>
  );
}
