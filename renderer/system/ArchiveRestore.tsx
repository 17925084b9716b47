import { App as AntApp, Alert, Button, Upload } from 'antd';
import { useState } from 'react';
import { api } from '../api';
import { readAsBase64 } from '../shell/files';
import { useShowError } from '../shell/useShowError';
import { useSession } from './sessionStore';

/**
 * First start on a new PC: instead of setting up a new office, restore the whole office from the 迁移包
 * exported on the old PC (设置 › 备份 › 导出迁移包). The main process checks every file before writing.
 */
export function ArchiveRestore() {
  const { modal } = AntApp.useApp();
  const showError = useShowError();
  const load = useSession((s) => s.load);
  const [busy, setBusy] = useState<string | null>(null);
  const restore = async (file: File) => {
    setBusy(`正在读取“${file.name}”…`);
    try {
      const dataBase64 = await readAsBase64(file);
      setBusy('正在检查并恢复迁移包(大的迁移包需要一两分钟)…');
      const r = await api['backups.restoreArchive']({ dataBase64 });
      modal.success({
        title: '已从迁移包恢复',
        content: `已恢复“${r.officeName}”的全部数据和 ${r.photos} 张照片。请用原来的用户名和密码登录。`,
        okText: '去登录',
        onOk: () => void load(),
      });
    } catch (e) {
      showError(e);
    } finally {
      setBusy(null);
    }
  };
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 16 }}
      title="换了新电脑?"
      description={
        <>
          <div style={{ marginBottom: 8 }}>
            如果在原电脑上已导出“迁移包”(设置 › 备份 › 导出迁移包),可以直接恢复全部数据、照片和本单位密钥,不必重新设置。
          </div>
          <Upload accept=".tar" showUploadList={false} beforeUpload={(f) => (void restore(f), false)} disabled={!!busy}>
            <Button loading={!!busy}>从迁移包恢复…</Button>
          </Upload>
          {busy && <div style={{ marginTop: 8 }}>{busy}</div>}
        </>
      }
    />
  );
}
