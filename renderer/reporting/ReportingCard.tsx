import { Alert, Card, Progress, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { quarterName } from '../../shared/reporting/cycle';
import type { Progress as ReportingProgress, UnitQuarter } from '../../shared/reporting/types';
import { api } from '../api';
import { useRoute } from '../shell/routes';
import { useSession } from '../system/sessionStore';
import { Clickable } from './Clickable';
import { QuarterTags } from './labels';

/**
 * 首页's 报送 card: a township sees where its current quarter stands (and a 退回 with its reason, first);
 * a district or city sees this round's progress below it, late ones first, and every returned or adjusted quarter.
 */
export function ReportingCard() {
  const [p, setP] = useState<ReportingProgress | null>(null);
  const go = useRoute((s) => s.go);
  const level = useSession((s) => s.status?.office?.level);
  useEffect(() => {
    api['reporting.progress']({}).then(setP, () => setP(null));
  }, []);
  if (!p) return null;
  const returned = p.attention.filter(
    (q) => q.state === '已退回' && (level === 'township' || q.level === p.own?.level) && q.unitCode === p.own?.unitCode,
  );
  const open = <Clickable onOpen={() => go('reporting')}>打开季度报送</Clickable>;
  const round = quarterName(p.round.year, p.round.quarter);
  return (
    <Card size="small" title={`季度报送 · ${round}(截止 ${p.round.deadline})`} extra={open}>
      <Space direction="vertical" style={{ width: '100%' }}>
        {returned.map((q) => (
          <Alert
            key={`${q.year}-${q.quarter}`}
            type="error"
            showIcon
            title={`${quarterName(q.year, q.quarter)}的报送已被${q.decision?.officeName ?? '上级'}退回`}
            description={`退回原因:${q.decision?.reason ?? ''}。请修改后在“季度报送”中更正报送。`}
          />
        ))}
        {p.own && (
          <div>
            本单位 {round}:<QuarterTags q={p.own} />
          </div>
        )}
        {p.below.total > 0 && (
          <>
            <div>
              下级单位已报送 {p.below.submitted} / {p.below.total},已审核 {p.below.approved}
              <Progress percent={Math.round((p.below.submitted / p.below.total) * 100)} size="small" />
            </div>
            <Table<UnitQuarter>
              size="small"
              rowKey="unitCode"
              pagination={{ pageSize: 6, hideOnSinglePage: true, showSizeChanger: false }}
              dataSource={p.below.units}
              columns={[
                { title: '单位', dataIndex: 'unitName', width: 130 },
                { title: '状态', key: 's', render: (_: unknown, q) => <QuarterTags q={q} /> },
              ]}
            />
          </>
        )}
        {p.attention.filter((q) => !returned.includes(q)).length > 0 && (
          <Typography.Paragraph style={{ marginBottom: 0 }}>
            <Typography.Text strong>退回或报送后有调整的季度:</Typography.Text>
            {p.attention
              .filter((q) => !returned.includes(q))
              .map((q) => `${q.unitName}${quarterName(q.year, q.quarter)}(${q.state === '已退回' ? '已退回' : `调整 ${q.adjustments} 次`})`)
              .join('、')}
          </Typography.Paragraph>
        )}
      </Space>
    </Card>
  );
}
