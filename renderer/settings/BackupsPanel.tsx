import { App as AntApp, Button, Space, Table, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { BackupRow } from '../../shared/system/backupsContract';
import { api } from '../api';

/** 备份: automatic and manual backups (database + photos), each can be verified; full integrity check. */
export function BackupsPanel() {
  const { message, modal } = AntApp.useApp();
  const [rows, setRows] = useState<BackupRow[]>([]);
  const [busy, setBusy] = useState(false);
  const load = useCallback(() => api['backups.list']({}).then(setRows, (e: Error) => message.error(e.message)), [message]);
  useEffect(() => {
    void load();
  }, [load]);
  const act = async (fn: () => Promise<{ ok?: boolean; message?: string } | unknown>, ok: string) => {
    setBusy(true);
    try {
      const r = (await fn()) as { ok?: boolean; message?: string };
      if (r && typeof r.ok === 'boolean') (r.ok ? modal.success : modal.error)({ title: r.ok ? '检查通过' : '发现问题', content: r.message });
      else message.success(ok);
      void load();
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Typography.Paragraph type="secondary">程序在每次启动、每天、升级数据库前和导入同步包前自动备份(保留最近 10 个,并在 30 天内每天保留一个)。备份包含数据库和照片。</Typography.Paragraph>
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" loading={busy} onClick={() => void act(() => api['backups.create']({}), '已创建备份')}>
          立即备份
        </Button>
        <Button loading={busy} onClick={() => void act(() => api['backups.integrityCheck']({}), '')}>
          完整性检查
        </Button>
      </Space>
      <Table<BackupRow>
        size="small"
        rowKey="name"
        dataSource={rows}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: '还没有备份' }}
        columns={[
          { title: '时间', dataIndex: 'createdAt', width: 180 },
          { title: '原因', dataIndex: 'reason' },
          { title: '大小', dataIndex: 'sizeBytes', width: 110, render: (b: number) => `${(b / 1024 / 1024).toFixed(1)} MB` },
          { title: '操作', key: 'a', width: 120, render: (_: unknown, r) => <Button size="small" type="link" onClick={() => void act(() => api['backups.verify']({ name: r.name }), '')}>校验</Button> },
        ]}
      />
    </>
  );
}
