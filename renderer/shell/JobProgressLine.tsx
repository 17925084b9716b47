import { Button, Progress, Typography } from 'antd';
import type { JobProgress } from '../../shared/system/progressContract';

/**
 * What a long job is doing and how far it has come (its own words, e.g. 正在应用变更 3,000 / 25,000), with a
 * 取消 that stops it: a cancelled job has written nothing, and says so when it ends.
 */
export function JobProgressLine({ job }: { job: { progress: JobProgress | null; cancelling: boolean; cancel(): Promise<void> } }) {
  const p = job.progress;
  if (!p) return null;
  const percent = p.total > 0 ? Math.floor((p.done / p.total) * 100) : 0;
  return (
    <span className="job-progress" role="status" aria-label={`${p.step} ${percent}%`}>
      <Typography.Text type="secondary">
        {p.step}
        {p.total > 1 && `(${p.done.toLocaleString('zh-CN')} / ${p.total.toLocaleString('zh-CN')})`}
      </Typography.Text>
      <Progress percent={percent} size="small" status="active" style={{ width: 160, margin: 0 }} />
      <Button size="small" type="link" disabled={job.cancelling} onClick={() => void job.cancel()}>
        {job.cancelling ? '正在取消…' : '取消'}
      </Button>
    </span>
  );
}
