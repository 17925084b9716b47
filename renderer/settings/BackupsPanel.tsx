import { App as AntApp, Button, Space, Table, Typography, Upload } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { BackupRow } from '../../shared/system/backupsContract';
import { api } from '../api';
import { JobProgressLine } from '../shell/JobProgressLine';
import { useJobProgress } from '../shell/useJobProgress';
import { readAsBase64, saveExport } from '../shell/files';
import { PassphraseDialog, type PassphraseRequest } from './PassphraseDialog';

/**
 * 备份: automatic and manual backups (database + photos), each can be verified and restored; full integrity
 * check. What leaves the PC (a 迁移包, a backup saved elsewhere) is sealed with a 文件密码 the clerk chooses.
 */
export function BackupsPanel() {
  const { message, modal } = AntApp.useApp();
  const [rows, setRows] = useState<BackupRow[]>([]);
  const [busy, setBusy] = useState(false);
  // Backing up and restoring a city-scale database take a while: progress, and a 取消 that leaves nothing.
  const job = useJobProgress();
  const [asking, setAsking] = useState<PassphraseRequest | null>(null);
  const load = useCallback(() => api['backups.list']({}).then(setRows, (e: Error) => message.error(e.message)), [message]);
  useEffect(() => {
    void load();
  }, [load]);
  const act = async (fn: () => Promise<{ ok?: boolean; message?: string } | unknown>, ok: string) => {
    setBusy(true);
    try {
      const r = (await fn()) as { ok?: boolean; message?: string };
      if (r && typeof r.ok === 'boolean')
        (r.ok ? modal.success : modal.error)({ title: r.ok ? '检查通过' : '发现问题', content: r.message });
      else message.success(ok);
      void load();
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  // Restoring replaces every record and photo: say so plainly, name the undo, and reload afterwards so
  // no screen keeps showing data from before the restore.
  const restore = (r: BackupRow) =>
    modal.confirm({
      title: `用 ${r.createdAt} 的备份恢复数据?`,
      width: 520,
      content: (
        <>
          <p>当前的全部记录和照片将被替换为这个备份({r.reason})里的内容,备份之后录入或修改的数据不再显示。</p>
          <p>恢复前,程序会先把当前数据自动备份为“恢复备份前”。如果恢复错了,可以再用那个备份恢复回来。</p>
        </>
      ),
      okText: '恢复',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: async () => {
        setBusy(true);
        try {
          const res = await job.run((jobId) => api['backups.restore']({ name: r.name, jobId }));
          modal.success({
            title: '数据已恢复',
            content: `已恢复为 ${res.restored.createdAt} 的备份。恢复前的数据保存在“${res.undo.createdAt} 恢复备份前”。点“知道了”后程序重新载入。`,
            okText: '知道了',
            onOk: () => window.location.reload(),
          });
        } catch (e) {
          modal.error({ title: '没有恢复', content: (e as Error).message });
          void load();
        } finally {
          setBusy(false);
        }
      },
    });
  const exportArchive = () =>
    setAsking({
      title: '导出迁移包(换电脑用)',
      sealing: true,
      okText: '导出',
      run: async (passphrase) => {
        const f = await saveExport('backups.exportArchive', { passphrase });
        if (f) message.success('已导出加密的迁移包。请拷贝到新电脑,在首次设置页面选择“从迁移包恢复”,并输入刚才设置的文件密码。', 8);
      },
    });
  const exportCopy = (r: BackupRow) =>
    setAsking({
      title: `另存 ${r.createdAt} 的备份`,
      sealing: true,
      okText: '另存',
      run: async (passphrase) => {
        const f = await saveExport('backups.exportCopy', { name: r.name, passphrase });
        if (f) message.success('已另存为加密的备份文件。需要时点“导入备份文件”,输入文件密码后即可用它恢复。', 8);
      },
    });
  const importCopy = (file: File) =>
    setAsking({
      title: `导入备份文件“${file.name}”`,
      sealing: false,
      okText: '导入',
      run: async (passphrase) => {
        const r = await api['backups.importCopy']({ dataBase64: await readAsBase64(file), passphrase });
        message.success(`已导入,列表中“${r.createdAt} ${r.reason}”即是。需要时点它的“恢复”。`, 8);
        void load();
      },
    });
  return (
    <>
      <PassphraseDialog request={asking} onClose={() => setAsking(null)} onError={(e) => message.error((e as Error).message)} />
      <Typography.Paragraph type="secondary">
        程序在每次启动、每天、升级数据库前和导入同步包前自动备份(保留最近 10 个,并在 30
        天内每天保留一个)。备份包含数据库和照片。需要时可用任一备份“恢复”:恢复前会先自动备份当前数据,恢复可以撤销。 “另存”把一个备份保存到 U
        盘等其他位置,导出迁移包和另存的备份都用文件密码加密。
      </Typography.Paragraph>
      <Space style={{ marginBottom: 12 }}>
        <Button
          type="primary"
          loading={busy}
          onClick={() => void act(() => job.run((jobId) => api['backups.create']({ jobId })), '已创建备份')}
        >
          立即备份
        </Button>
        <Button loading={busy} onClick={() => void act(() => api['backups.integrityCheck']({}), '')}>
          完整性检查
        </Button>
        <Upload accept=".ecbackup" showUploadList={false} beforeUpload={(f) => (importCopy(f), false)} disabled={busy}>
          <Button loading={busy}>导入备份文件…</Button>
        </Upload>
        <Button
          loading={busy}
          title="换电脑时用:把本单位全部数据、照片和密钥导出为一个加密文件,在新电脑首次启动时恢复"
          onClick={exportArchive}
        >
          导出迁移包(换电脑用)
        </Button>
        <JobProgressLine job={job} />
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
          {
            title: '操作',
            key: 'a',
            width: 180,
            render: (_: unknown, r) => (
              <Space size={0}>
                <Button
                  size="small"
                  type="link"
                  disabled={busy}
                  onClick={() => void act(() => api['backups.verify']({ name: r.name }), '')}
                >
                  校验
                </Button>
                <Button size="small" type="link" disabled={busy} onClick={() => exportCopy(r)}>
                  另存
                </Button>
                <Button size="small" type="link" danger disabled={busy} onClick={() => restore(r)}>
                  恢复
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}
