import { Alert, App as AntApp, Button, Descriptions, Drawer, Input, Modal, Space, Table, Tabs, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { quarterName } from '../../shared/reporting/cycle';
import type { SubmissionDetail } from '../../shared/reporting/types';
import { api } from '../api';
import { saveExport } from '../shell/files';
import { useSession } from '../system/sessionStore';
import { FiguresTable, rowKeyOf } from './FiguresTable';
import { day, QuarterTags, when } from './labels';
import { SnapshotDrillDrawer, type SnapshotDrillTarget } from './SnapshotDrill';

/**
 * One submission as it was sent, beside the same unit's figures from the records held here now (differences
 * highlighted, every figure opens the records behind it then and now), its decisions, adjustments and the
 * chain of corrections. At the level above it is where 退回 and 审核通过 are done.
 */
export function SubmissionDrawer(props: { id: string | null; onClose(): void; onChanged(): void }) {
  const { message, modal } = AntApp.useApp();
  const { id, onClose, onChanged } = props;
  const office = useSession((s) => s.status?.office);
  const role = useSession((s) => s.status?.user?.role);
  const [d, setD] = useState<SubmissionDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [drill, setDrill] = useState<SnapshotDrillTarget | null>(null);
  const [returning, setReturning] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const load = useCallback((sid: string) => api['reporting.submission']({ id: sid }).then(setD, (e: Error) => setError(e.message)), []);
  useEffect(() => {
    setD(null);
    setError(null);
    if (id) void load(id);
  }, [id, load]);
  const s = d?.submission;
  const fromBelow = !!s && s.unitCode !== office?.divisionCode;
  const isLatest = !!d && d.chain[0]?.id === s?.id;
  const reviewer = role === 'reviewer' || role === 'admin';
  const decide = async (decision: '退回' | '审核通过', why?: string) => {
    if (!s) return;
    setBusy(true);
    try {
      await api['reporting.decide']({ submissionId: s.id, decision, reason: why });
      message.success(decision === '退回' ? '已退回。请导出同步包交给报送单位。' : '已审核通过。请导出同步包交给报送单位。');
      setReturning(false);
      setReason('');
      await load(s.id);
      onChanged();
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const approve = () =>
    modal.confirm({
      title: `审核通过${d?.unitName ?? ''}${s ? quarterName(s.year, s.quarter) : ''}的报送?`,
      content: '审核通过后该季度锁定:改变这个季度数字的修改只能由审核员作为“调整”进行。',
      okText: '审核通过',
      cancelText: '取消',
      onOk: () => decide('审核通过'),
    });
  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      width="min(1280px, 96vw)"
      title={s ? `${d!.unitName} ${quarterName(s.year, s.quarter)} ${s.kind}` : '报送'}
      extra={
        s && (
          <Space>
            <Button onClick={() => void saveExport('reporting.workbook', { id: s.id }).catch((e: Error) => message.error(e.message))}>
              下载报送的工作簿
            </Button>
            {fromBelow && isLatest && reviewer && (
              <>
                <Button danger disabled={d!.state.state === '已退回'} onClick={() => setReturning(true)}>
                  退回…
                </Button>
                <Button type="primary" disabled={d!.state.state !== '已报送'} loading={busy} onClick={approve}>
                  审核通过
                </Button>
              </>
            )}
          </Space>
        )
      }
    >
      {error && <Alert type="error" showIcon title={error} />}
      {d && s && (
        <>
          <Descriptions size="small" column={3} bordered style={{ marginBottom: 12 }}>
            <Descriptions.Item label="报送单位">{s.officeName}</Descriptions.Item>
            <Descriptions.Item label="报送">
              {when(s.submittedAt)} {s.submittedBy}
            </Descriptions.Item>
            <Descriptions.Item label="状态">
              <QuarterTags q={d.state} />
            </Descriptions.Item>
            <Descriptions.Item label="截止日期">{d.state.deadline}</Descriptions.Item>
            <Descriptions.Item label="报送说明" span={2}>
              {s.note ?? '—'}
            </Descriptions.Item>
          </Descriptions>
          {!isLatest && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title={`这次报送已被 ${day(d.chain[0]?.submittedAt)} 的更正报送取代`}
            />
          )}
          {d.state.state === '已退回' && d.state.decision && isLatest && (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 12 }}
              title={`已退回:${d.state.decision.reason ?? ''}`}
              description={`${d.state.decision.officeName} ${d.state.decision.decidedBy} ${when(d.state.decision.decidedAt)}`}
            />
          )}
          <Alert
            type={d.changes.length ? 'warning' : 'success'}
            showIcon
            style={{ marginBottom: 12 }}
            title={
              d.changes.length
                ? `与本机当前数据相比,有 ${d.changes.length} 个数字不同(黄色标出,鼠标停留可看当前值)`
                : `与本机当前数据一致${d.sourcesChanged ? `(但有 ${d.sourcesChanged} 个数字背后的记录有变动)` : ''}`
            }
            description={
              fromBelow
                ? '“当前数据”是本机保存的该单位记录(随同步包送达)汇总的结果。点击数字可查看报送时的数据来源。'
                : '点击数字可查看报送时的数据来源及报送后的变化。'
            }
          />
          <Tabs
            items={[
              ...d.tables.map((t) => ({
                key: t.table.id,
                label: `${t.table.sheetName}${d.changes.some((c) => c.tableId === t.table.id) ? ` (${d.changes.filter((c) => c.tableId === t.table.id).length})` : ''}`,
                children: (
                  <FiguresTable
                    table={t}
                    other={d.current.find((c) => c.table.id === t.table.id)}
                    otherLabel="当前数据"
                    quarter={s.quarter}
                    onFigure={(r, columnKey) =>
                      setDrill({ submissionId: s.id, tableId: t.table.id, columnKey, rowKey: rowKeyOf(r), label: r.label })
                    }
                  />
                ),
              })),
              {
                key: 'history',
                label: `审核与调整(${d.decisions.length + d.adjustments.length})`,
                children: (
                  <Space direction="vertical" style={{ width: '100%' }}>
                    <Table
                      size="small"
                      title={() => <b>审核记录</b>}
                      rowKey="id"
                      pagination={false}
                      dataSource={d.decisions}
                      locale={{ emptyText: '尚未审核' }}
                      columns={[
                        { title: '时间', dataIndex: 'decidedAt', width: 150, render: when },
                        { title: '结果', dataIndex: 'decision', width: 90 },
                        { title: '审核单位', dataIndex: 'officeName', width: 160 },
                        { title: '审核人', dataIndex: 'decidedBy', width: 100 },
                        { title: '退回原因', dataIndex: 'reason' },
                      ]}
                    />
                    <Table
                      size="small"
                      title={() => <b>报送后的调整</b>}
                      rowKey="id"
                      pagination={false}
                      dataSource={d.adjustments}
                      locale={{ emptyText: '没有调整' }}
                      columns={[
                        { title: '时间', dataIndex: 'adjustedAt', width: 150, render: when },
                        { title: '调整人', dataIndex: 'adjustedBy', width: 100, render: (v: string, r) => `${v}(${r.officeName})` },
                        { title: '原因', dataIndex: 'reason', width: 200 },
                        { title: '记录', key: 'record', width: 180, render: (_: unknown, r) => `${r.recordLabel}:${r.recordTitle ?? ''}` },
                        {
                          title: '改变的数字',
                          key: 'changes',
                          render: (_: unknown, r) =>
                            r.changes
                              .slice(0, 4)
                              .map(
                                (c) => `${c.tableName.split(' ')[0]}·${c.rowLabel}·${c.columnLabel} ${c.before ?? '—'} → ${c.after ?? '—'}`,
                              )
                              .join(';') + (r.changes.length > 4 ? ` 等 ${r.changes.length} 项` : ''),
                        },
                      ]}
                    />
                    <Table
                      size="small"
                      title={() => <b>报送记录</b>}
                      rowKey="id"
                      pagination={false}
                      dataSource={d.chain}
                      columns={[
                        { title: '时间', dataIndex: 'submittedAt', width: 150, render: when },
                        { title: '类型', dataIndex: 'kind', width: 90 },
                        { title: '报送人', dataIndex: 'submittedBy', width: 100 },
                        { title: '说明', dataIndex: 'note' },
                      ]}
                    />
                  </Space>
                ),
              },
            ]}
          />
        </>
      )}
      <Modal
        open={returning}
        title="退回报送"
        okText="退回"
        okButtonProps={{ danger: true, disabled: reason.trim().length < 2, loading: busy }}
        cancelText="取消"
        onCancel={() => setReturning(false)}
        onOk={() => void decide('退回', reason.trim())}
        destroyOnHidden
      >
        <Typography.Paragraph>请写明退回原因和需要修改的内容,它会随同步包送到报送单位,显示在对方的首页上。</Typography.Paragraph>
        <Input.TextArea
          aria-label="退回原因"
          autoFocus
          rows={3}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
      <SnapshotDrillDrawer target={drill} onClose={() => setDrill(null)} />
    </Drawer>
  );
}
