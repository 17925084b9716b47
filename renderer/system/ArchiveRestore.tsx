import { App as AntApp, Alert, Button, Upload } from 'antd';
import { useState } from 'react';
import { api } from '../api';
import { PassphraseDialog, type PassphraseRequest } from '../settings/PassphraseDialog';
import { readAsBase64 } from '../shell/files';
import { useShowError } from '../shell/useShowError';
import { useSession } from './sessionStore';

/**
 * First start on a new PC: instead of setting up a new office, restore the whole office from the 迁移包
 * exported on the old PC (设置 › 备份 › 导出迁移包), opened with the 文件密码 set there. The main process checks
 * every file before writing. A plain `.tar` of an older program needs no passphrase.
 */
export function ArchiveRestore() {
  const { modal } = AntApp.useApp();
  const showError = useShowError();
  const load = useSession((s) => s.load);
  const [busy, setBusy] = useState<string | null>(null);
  const [asking, setAsking] = useState<PassphraseRequest | null>(null);
  const pick = (file: File) => {
    if (/\.tar$/i.test(file.name)) return void restore(file, undefined).catch(showError);
    setAsking({ title: `从迁移包“${file.name}”恢复`, sealing: false, okText: '恢复', run: (passphrase) => restore(file, passphrase) });
  };
  // Throws, so a wrong passphrase keeps the passphrase dialog open on its field.
  const restore = async (file: File, passphrase: string | undefined) => {
    setBusy(`正在读取“${file.name}”…`);
    try {
      const dataBase64 = await readAsBase64(file);
      setBusy('正在检查并恢复迁移包(大的迁移包需要一两分钟)…');
      const r = await api['backups.restoreArchive']({ dataBase64, passphrase });
      modal.success({
        title: '已从迁移包恢复',
        content: `已恢复“${r.officeName}”的全部数据和 ${r.photos} 张照片。请用原来的用户名和密码登录。`,
        okText: '去登录',
        onOk: () => void load(),
      });
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
          <PassphraseDialog request={asking} onClose={() => setAsking(null)} onError={showError} />
          <Upload accept=".ecmove,.tar" showUploadList={false} beforeUpload={(f) => (pick(f), false)} disabled={!!busy}>
            <Button loading={!!busy}>从迁移包恢复…</Button>
          </Upload>
          {busy && <div style={{ marginTop: 8 }}>{busy}</div>}
        </>
      }
    />
  );
}
