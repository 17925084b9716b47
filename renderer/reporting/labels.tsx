import { Tag, Tooltip } from 'antd';
import type { UnitQuarter } from '../../shared/reporting/types';

const STATE_COLORS: Record<UnitQuarter['state'], string> = { 未报送: 'default', 已报送: 'blue', 已退回: 'red', 已审核: 'green' };

/** A local calendar day and time of an ISO timestamp, as a clerk reads it (2025-04-03 10:21). */
export function when(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
export const day = (iso: string | null | undefined) => when(iso).slice(0, 10);

/** 已报送 (date) / 已退回 (reason) / 已审核 (by, date), with lateness and the marks of a changed quarter. */
export function QuarterTags({ q, compact = false }: { q: UnitQuarter; compact?: boolean }) {
  const detail =
    q.state === '已报送'
      ? `${q.submission?.kind === '更正报送' ? '更正报送' : '报送'}于 ${when(q.submission?.submittedAt)},${q.submission?.submittedBy ?? ''}`
      : q.state === '已退回'
        ? `${q.decision?.officeName ?? ''} ${q.decision?.decidedBy ?? ''} 于 ${when(q.decision?.decidedAt)} 退回:${q.decision?.reason ?? ''}`
        : q.state === '已审核'
          ? `${q.decision?.decidedBy ?? ''} 于 ${when(q.decision?.decidedAt)} 审核通过`
          : `截止 ${q.deadline}`;
  const shown =
    q.state === '已报送'
      ? day(q.submission?.submittedAt)
      : q.state === '已审核'
        ? `${q.decision?.decidedBy ?? ''} ${day(q.decision?.decidedAt)}`
        : q.state === '已退回'
          ? (q.decision?.reason ?? '')
          : '';
  return (
    <span className="quarter-tags">
      <Tooltip title={detail}>
        <Tag color={STATE_COLORS[q.state]}>{q.state}</Tag>
      </Tooltip>
      {!compact && shown && <span className="quarter-tags-detail">{shown}</span>}
      {q.timeliness === '逾期报送' && <Tag color="orange">逾期报送</Tag>}
      {q.timeliness === '逾期未报' && <Tag color="red">逾期未报</Tag>}
      {q.locked && !q.unlocked && <Tag>已锁定</Tag>}
      {q.unlocked && (
        <Tooltip title={`${q.unlocked.openedBy} 于 ${when(q.unlocked.openedAt)} 解锁:${q.unlocked.reason}`}>
          <Tag color="purple">调整中</Tag>
        </Tooltip>
      )}
      {(q.adjustments > 0 || (q.differs ?? 0) > 0) && (
        <Tooltip
          title={`${q.adjustments ? `报送后有 ${q.adjustments} 次调整` : '报送后数据有变动'}${q.differs ? `,${q.differs} 个数字与报送时不同` : ''}`}
        >
          <Tag color="gold">报送后有调整</Tag>
        </Tooltip>
      )}
    </span>
  );
}
