import { Alert, App as AntApp, Button, Card, Input, Modal, Space, Table, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { hasEnded, quarterName } from '../../shared/reporting/cycle';
import type { Overview, UnitQuarter } from '../../shared/reporting/types';
import { api } from '../api';
import { useSession } from '../system/sessionStore';
import { Clickable } from './Clickable';
import { QuarterTags, when } from './labels';
import { SubmissionDrawer } from './SubmissionDrawer';
import { SubmitDialog } from './SubmitDialog';
import { YearInput } from '../shell/YearInput';

/**
 * 季度报送 (spec §10): this office's own quarters (报送, 更正报送, 解锁调整) and, at a district or city, every
 * unit below it by quarter — 未报送 / 已报送 / 已退回 / 已审核, on time or late — each opening the submission
 * to compare, 退回 or 审核通过.
 */
export function ReportingPage() {
  const { message } = AntApp.useApp();
  const role = useSession((s) => s.status?.user?.role);
  const level = useSession((s) => s.status?.office?.level);
  const reviewer = role === 'reviewer' || role === 'admin';
  const [year, setYear] = useState(() => Number(new Date().toISOString().slice(0, 4)));
  const [o, setO] = useState<Overview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState<{ year: number; quarter: number } | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [unlocking, setUnlocking] = useState<UnitQuarter | null>(null);
  const [reason, setReason] = useState('');
  const load = useCallback(() => api['reporting.overview']({ year }).then(setO, (e: Error) => setError(e.message)), [year]);
  useEffect(() => {
    setO(null);
    void load();
  }, [load]);
  // The round's year first: in January the quarter being reported is last year's fourth.
  useEffect(() => {
    if (o && o.round.year !== year && o.own.every((q) => q.state === '未报送') && year === Number(o.today.slice(0, 4)))
      setYear(o.round.year);
  }, [o, year]);

  const run = async (p: Promise<unknown>, ok: string) => {
    try {
      await p;
      message.success(ok);
      await load();
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  const ended = (q: number) => !!o && hasEnded(year, q, o.today);

  const ownColumns = [
    { title: '季度', key: 'q', width: 150, render: (_: unknown, q: UnitQuarter) => quarterName(q.year, q.quarter) },
    { title: '状态', key: 's', render: (_: unknown, q: UnitQuarter) => <QuarterTags q={q} /> },
    { title: '截止日期', dataIndex: 'deadline', width: 110 },
    {
      title: '报送',
      key: 'by',
      width: 190,
      render: (_: unknown, q: UnitQuarter) => (q.submission ? `${when(q.submission.submittedAt)} ${q.submission.submittedBy}` : '—'),
    },
    {
      title: '操作',
      key: 'a',
      width: 330,
      render: (_: unknown, q: UnitQuarter) => (
        <Space size={4} wrap>
          {q.submission && (
            <Button size="small" onClick={() => setOpen(q.submission!.id)}>
              查看报送
            </Button>
          )}
          {reviewer && ended(q.quarter) && (
            <Button
              size="small"
              type={q.state === '未报送' || q.state === '已退回' ? 'primary' : 'default'}
              onClick={() => setSubmitting({ year: q.year, quarter: q.quarter })}
            >
              {q.state === '未报送' ? '报送…' : '更正报送…'}
            </Button>
          )}
          {reviewer && q.locked && !q.unlocked && (
            <Button size="small" onClick={() => setUnlocking(q)}>
              解锁调整…
            </Button>
          )}
          {reviewer && q.unlocked && (
            <Button
              size="small"
              onClick={() =>
                void run(
                  api['reporting.relock']({ unitCode: q.unitCode, year: q.year, quarter: q.quarter }),
                  `${quarterName(q.year, q.quarter)}已重新锁定`,
                )
              }
            >
              结束调整
            </Button>
          )}
        </Space>
      ),
    },
  ];

  const belowColumns = [
    {
      title: level === 'city' ? '区(县、市)' : '乡镇(街道)',
      key: 'unit',
      width: 170,
      fixed: 'left' as const,
      render: (_: unknown, r: UnitQuarter[]) => (
        <span>
          {r[0].unitName}
          {!r[0].officeName && (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              未登记报送单位
            </Typography.Text>
          )}
        </span>
      ),
    },
    ...[1, 2, 3, 4].map((quarter) => ({
      title: `第${quarter}季度`,
      key: `q${quarter}`,
      width: 240,
      render: (_: unknown, r: UnitQuarter[]) => {
        const q = r.find((x) => x.quarter === quarter)!;
        return q.submission ? (
          <Clickable onOpen={() => setOpen(q.submission!.id)} label={`${q.unitName}${quarterName(q.year, quarter)}:${q.state}`}>
            <QuarterTags q={q} />
          </Clickable>
        ) : (
          <QuarterTags q={q} />
        );
      },
    })),
  ];
  const belowRows = o ? [...new Set(o.below.map((q) => q.unitCode))].map((code) => o.below.filter((q) => q.unitCode === code)) : [];
  const round = o?.round;
  const roundRows = o && round && round.year === year ? o.below.filter((q) => q.quarter === round.quarter) : [];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      {error && <Alert type="error" showIcon title={error} />}
      <Card
        title={
          <Space>
            <YearInput value={year} onChange={setYear} />
            {round && (
              <Typography.Text type="secondary">
                当前报送:{quarterName(round.year, round.quarter)},截止 {round.deadline}
              </Typography.Text>
            )}
          </Space>
        }
        extra={!reviewer && level !== 'city' && <Typography.Text type="secondary">报送、审核和解锁调整需要审核员或管理员</Typography.Text>}
      >
        {level !== 'city' && (
          <>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              本单位报送
            </Typography.Title>
            <Table<UnitQuarter>
              size="small"
              rowKey="quarter"
              loading={!o}
              pagination={false}
              dataSource={o?.own ?? []}
              columns={ownColumns}
            />
          </>
        )}
        {o && o.below.length > 0 && (
          <>
            <Typography.Title level={5}>
              下级单位报送情况
              {roundRows.length > 0 && (
                <Typography.Text type="secondary" style={{ fontWeight: 'normal', marginLeft: 12, fontSize: 14 }}>
                  {quarterName(round!.year, round!.quarter)}:已报送 {roundRows.filter((q) => q.state !== '未报送').length} /{' '}
                  {roundRows.length},已审核 {roundRows.filter((q) => q.state === '已审核').length},逾期{' '}
                  {roundRows.filter((q) => q.timeliness === '逾期未报' || q.timeliness === '逾期报送').length}
                </Typography.Text>
              )}
            </Typography.Title>
            <Table<UnitQuarter[]>
              size="small"
              bordered
              rowKey={(r) => r[0].unitCode}
              pagination={false}
              dataSource={belowRows}
              columns={belowColumns}
              scroll={{ x: 'max-content' }}
            />
          </>
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          报送后,表1–表4
          的数字和工作簿按报送时保存;审核通过后该季度锁定,改变其数字的修改只能由审核员作为“调整”进行并写明原因。报送、退回和审核结果随同步包在上下级之间传递(请在“数据交换”中导出同步包)。
          {o && ` 截止日期为季度结束后次月的某日(在“设置”中可改)。今天是 ${o.today}。`}
        </Typography.Paragraph>
      </Card>
      <SubmitDialog
        period={submitting}
        onClose={() => setSubmitting(null)}
        onDone={() => {
          setSubmitting(null);
          void load();
        }}
      />
      <SubmissionDrawer id={open} onClose={() => setOpen(null)} onChanged={() => void load()} />
      <Modal
        open={!!unlocking}
        title={unlocking ? `解锁调整 ${unlocking.unitName} ${quarterName(unlocking.year, unlocking.quarter)}` : ''}
        okText="解锁调整"
        cancelText="取消"
        okButtonProps={{ disabled: reason.trim().length < 2 }}
        onCancel={() => setUnlocking(null)}
        onOk={() => {
          const q = unlocking!;
          setUnlocking(null);
          void run(
            api['reporting.unlock']({ unitCode: q.unitCode, year: q.year, quarter: q.quarter, reason: reason.trim() }),
            `${quarterName(q.year, q.quarter)}已解锁调整:修改会记为调整,完成后请点“结束调整”`,
          ).then(() => setReason(''));
        }}
        destroyOnHidden
      >
        <Typography.Paragraph>
          解锁期间,本单位任何人对该季度数字的修改(表单、导入、录入检查等)都记为“调整”,原因为下面填写的内容,并标记“报送后有调整”。完成后请点“结束调整”重新锁定,需要时再“更正报送”。
        </Typography.Paragraph>
        <Input.TextArea
          aria-label="解锁原因"
          autoFocus
          rows={2}
          maxLength={200}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </Space>
  );
}
