import { Button, Drawer, Empty, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { ENTITIES } from '../../shared/domain/entities';
import type { EntityName } from '../../shared/domain/entity';
import type { HistoryEntry } from '../../shared/domain/records';
import { formatDateTime } from '../shell/format';
import { useShowError } from '../shell/useShowError';
import { useSession } from '../system/sessionStore';
import { recordApi } from './recordApi';
import { mayReveal } from './useMaskedFields';

const ACTION_LABELS: Record<string, { text: string; color: string }> = {
  create: { text: '新增', color: 'green' },
  update: { text: '修改', color: 'blue' },
  delete: { text: '删除', color: 'red' },
  restore: { text: '恢复', color: 'gold' },
  reveal: { text: '查看完整信息', color: 'purple' },
};

const show = (v: string | null) =>
  v === null || v === ''
    ? '(空)'
    : v === 'true'
      ? '是'
      : v === 'false'
        ? '否'
        : v.replace(/^\[(.*)\]$/, (_m, inner: string) => inner.replace(/"/g, ''));

/** The full history of one record from the audit trail: who, when, which field, old → new. */
export function HistoryDrawer({ name, id, title, onClose }: { name: EntityName; id: string | null; title: string; onClose: () => void }) {
  const [rows, setRows] = useState<HistoryEntry[] | null>(null);
  const [revealed, setRevealed] = useState(false);
  const townshipName = useSession((s) => s.townshipName);
  const role = useSession((s) => s.status?.user?.role);
  const value = (field: string | null, v: string | null) => (field === 'townshipCode' && v ? townshipName(v) : show(v));
  const showError = useShowError();
  const load = useCallback(
    (reveal: boolean) => {
      if (!id) return;
      // On failure show an empty table and the reason, not a spinner that never stops.
      void recordApi(name)
        .history(id, reveal)
        .then(
          (r) => (setRows(r), setRevealed(reveal)),
          (e: unknown) => {
            setRows((r) => r ?? []);
            showError(e);
          },
        );
    },
    [name, id, showError],
  );
  useEffect(() => {
    setRows(null);
    setRevealed(false);
    load(false);
  }, [load]);
  // Personal values are masked here as everywhere; an admin or reviewer may show them (written to the audit trail).
  const fields = ENTITIES[name].fields as Record<string, { sensitive?: unknown }>;
  const hasPersonal = !!rows?.some((r) => r.field && fields[r.field]?.sensitive);
  const revealButton =
    hasPersonal && !revealed && mayReveal(role) ? (
      <Button size="small" onClick={() => load(true)}>
        显示完整个人信息
      </Button>
    ) : null;
  return (
    <Drawer open={!!id} onClose={onClose} size={720} title={`修改历史 · ${title}`} extra={revealButton}>
      {rows && rows.length === 0 ? (
        <Empty description="没有记录" />
      ) : (
        <Table<HistoryEntry>
          size="small"
          rowKey="id"
          loading={!rows}
          dataSource={rows ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          columns={[
            { title: '时间', dataIndex: 'at', width: 150, render: (v: string) => formatDateTime(v, { seconds: true }) },
            { title: '操作人', dataIndex: 'userName', width: 90 },
            {
              title: '操作',
              dataIndex: 'action',
              width: 80,
              render: (a: string) => <Tag color={ACTION_LABELS[a]?.color}>{ACTION_LABELS[a]?.text ?? a}</Tag>,
            },
            { title: '字段', dataIndex: 'fieldLabel', width: 140 },
            {
              title: '原值 → 新值',
              key: 'change',
              render: (_: unknown, r) =>
                r.field ? (
                  <span className="history-change">
                    {value(r.field, r.oldValue)} → {value(r.field, r.newValue)}
                  </span>
                ) : null,
            },
          ]}
        />
      )}
    </Drawer>
  );
}
