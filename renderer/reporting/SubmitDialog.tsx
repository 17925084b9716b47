import { Alert, App as AntApp, Input, List, Modal, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { quarterName } from '../../shared/reporting/cycle';
import type { Precheck } from '../../shared/reporting/types';
import { api } from '../api';
import { day } from './labels';

/**
 * 报送 a quarter: the checks that fail are shown first (errors stop it, warnings are confirmed), a correction
 * says which figures differ from what was sent before, and the reviewer may add a note for the level above.
 */
export function SubmitDialog(props: { period: { year: number; quarter: number } | null; onClose(): void; onDone(): void }) {
  const { message } = AntApp.useApp();
  const { period, onClose, onDone } = props;
  const [check, setCheck] = useState<Precheck | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setCheck(null);
    setError(null);
    setNote('');
    if (period) api['reporting.precheck'](period).then(setCheck, (e: Error) => setError(e.message));
  }, [period]);
  const errors = check?.items.filter((i) => i.level === 'error') ?? [];
  const warnings = check?.items.filter((i) => i.level === 'warning') ?? [];
  const send = async () => {
    if (!period) return;
    setBusy(true);
    try {
      await api['reporting.submit']({ ...period, note: note.trim() || undefined, confirmed: true });
      message.success(`${quarterName(period.year, period.quarter)}已报送。请在“数据交换”中导出同步包交给上级单位。`);
      onDone();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const title = period ? `${check?.replaces ? '更正报送' : '报送'} ${quarterName(period.year, period.quarter)}` : '';
  return (
    <Modal
      open={!!period}
      title={title}
      width={720}
      onCancel={onClose}
      okText={warnings.length ? '已核对,确认报送' : '确认报送'}
      cancelText="取消"
      okButtonProps={{ disabled: !check || errors.length > 0, loading: busy }}
      onOk={() => void send()}
      destroyOnHidden
    >
      {!check && !error && <Spin />}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {check && (
        <>
          {check.replaces && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              title={`这次报送将更正 ${day(check.replaces.submittedAt)} 的报送(${check.replaces.submittedBy})`}
              description={
                check.changes.length
                  ? `与上次报送相比有 ${check.changes.length} 个数字不同:${check.changes
                      .slice(0, 6)
                      .map((c) => `${c.tableName.split(' ')[0]}·${c.rowLabel}·${c.columnLabel} ${c.before ?? '—'} → ${c.after ?? '—'}`)
                      .join(';')}${check.changes.length > 6 ? ' 等' : ''}`
                  : '数字与上次报送相同。'
              }
            />
          )}
          {check.items.length > 0 ? (
            <List
              size="small"
              bordered
              header={
                <Typography.Text strong>
                  报送前请核对({errors.length ? `${errors.length} 项必须先处理,` : ''}
                  {warnings.length} 项提醒)
                </Typography.Text>
              }
              dataSource={check.items}
              renderItem={(i) => (
                <List.Item>
                  <Typography.Text type={i.level === 'error' ? 'danger' : 'warning'}>
                    {i.level === 'error' ? '不能报送:' : '提醒:'}
                    {i.text}
                  </Typography.Text>
                </List.Item>
              )}
            />
          ) : (
            <Alert type="success" showIcon title="各项检查均已通过" />
          )}
          <Typography.Paragraph style={{ marginTop: 12, marginBottom: 4 }}>报送说明(可选,随报送交给上级单位):</Typography.Paragraph>
          <Input.TextArea
            aria-label="报送说明"
            autoFocus
            value={note}
            maxLength={500}
            rows={2}
            onChange={(e) => setNote(e.target.value)}
            placeholder={check.replaces ? '例如:已按退回意见核对在住人数' : ''}
          />
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            报送后保存表1–表4 的全部数字和导出的工作簿,不能修改;之后若要修改已报送的数字,会记为“调整”并可再次更正报送。
          </Typography.Paragraph>
        </>
      )}
    </Modal>
  );
}
