import { App as AntApp, Button, Card, Col, DatePicker, List, Progress, Row, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import type { CoveragePlan } from '../../shared/inspections/contract';
import { api } from '../api';
import { printDocument } from '../shell/print';
import { useSession } from '../system/sessionStore';

/** 检查计划: for a chosen month, who still needs a self-check or an expert check, and the coverage so far. */
export function PlannerTab() {
  const { message } = AntApp.useApp();
  const townshipName = useSession((s) => s.townshipName);
  const [month, setMonth] = useState<Dayjs>(dayjs());
  const [plan, setPlan] = useState<CoveragePlan | null>(null);
  useEffect(() => {
    api['inspections.coverage']({ year: month.year(), month: month.month() + 1 }).then(setPlan, (e: Error) => message.error(e.message));
  }, [month, message]);
  if (!plan) return <Card loading />;
  const m = plan.monthly;
  const q = plan.quarterly;
  const names = (xs: typeof m.needSelf) => xs.map((s) => `${s.name}(${townshipName(s.townshipCode)})`);
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Space>
        <DatePicker picker="month" value={month} onChange={(d) => d && setMonth(d)} allowClear={false} aria-label="月份" />
        <Button
          onClick={() =>
            void printDocument('print.batchChecklists', { year: plan.year, month: plan.month }).catch((e: Error) =>
              message.error(e.message),
            )
          }
        >
          打印待检查对象空白检查表
        </Button>
      </Space>
      <Row gutter={12}>
        <Col span={8}>
          <Card size="small" title={`${plan.year} 年 ${plan.month} 月机构自查`}>
            <Progress percent={m.selfPct} aria-label="本月机构自查完成率" />
            <Typography.Text>
              在册 {m.due} 家,已自查 {m.selfChecked} 家
            </Typography.Text>
          </Card>
        </Col>
        <Col span={8}>
          <Card size="small" title={`本月第三方专家检查(目标 ≥ ${m.expertTargetPct}%)`}>
            <Progress percent={m.expertPct} status={m.expertMet ? 'success' : 'exception'} aria-label="本月专家检查覆盖率" />
            {m.expertMet ? <Tag color="green">已达标</Tag> : <Tag color="red">还需检查 {m.expertShortBy} 家</Tag>}
          </Card>
        </Col>
        <Col span={8}>
          <Card size="small" title={`第 ${plan.quarter} 季度专家检查(目标 ${q.expertTargetPct}%)`}>
            <Progress percent={q.expertPct} status={q.expertMet ? 'success' : 'active'} aria-label="本季度专家检查覆盖率" />
            {q.expertMet ? <Tag color="green">已全覆盖</Tag> : <Tag color="orange">还有 {q.expertShortBy} 家未检查</Tag>}
          </Card>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col span={12}>
          <Card size="small" title={`本月尚未自查(${m.needSelf.length})`}>
            <List
              size="small"
              dataSource={names(m.needSelf)}
              locale={{ emptyText: '全部已自查' }}
              renderItem={(x) => <List.Item>{x}</List.Item>}
              style={{ maxHeight: 360, overflow: 'auto' }}
            />
          </Card>
        </Col>
        <Col span={12}>
          <Card size="small" title={`本季度尚未专家检查(${q.needExpert.length})`}>
            <List
              size="small"
              dataSource={names(q.needExpert)}
              locale={{ emptyText: '全部已检查' }}
              renderItem={(x) => <List.Item>{x}</List.Item>}
              style={{ maxHeight: 360, overflow: 'auto' }}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
