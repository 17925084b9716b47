import { Alert, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { ApiError } from '../api';
import { applyFieldErrors, validated } from '../records/formErrors';

export interface PassphraseRequest {
  title: string;
  /** Sealing a file: the passphrase is typed twice and the clerk is told it cannot be recovered. */
  sealing: boolean;
  okText: string;
  /** Runs with the passphrase; a wrong one (field error `passphrase`) keeps the dialog open on the field. */
  run(passphrase: string): Promise<void>;
}

/**
 * 文件密码: the passphrase that seals a 迁移包 or a backup copy carried off the PC (the main process never
 * stores it). Open while `request` is set; closes itself when `run` succeeds, reports other errors through
 * `onError` and stays open so the clerk can try again.
 */
export function PassphraseDialog({
  request,
  onClose,
  onError,
}: {
  request: PassphraseRequest | null;
  onClose(): void;
  onError(e: unknown): void;
}) {
  const [form] = Form.useForm<{ passphrase: string; again?: string }>();
  const [busy, setBusy] = useState(false);
  const ok = async () => {
    const v = await validated(form);
    if (!v || !request) return;
    setBusy(true);
    try {
      await request.run(v.passphrase);
      onClose();
    } catch (e) {
      if (e instanceof ApiError && e.fieldErrors?.some((f) => f.field === 'passphrase')) applyFieldErrors(form, e.fieldErrors);
      else onError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={!!request}
      title={request?.title}
      okText={request?.okText}
      cancelText="取消"
      confirmLoading={busy}
      onOk={() => void ok()}
      onCancel={() => !busy && onClose()}
      afterClose={() => form.resetFields()}
      destroyOnHidden
      width={480}
    >
      {request?.sealing && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title="文件含有全部个人信息,将用这个文件密码加密"
          description="恢复或导入时必须输入同一个密码。程序不保存这个密码,忘记后任何人都无法打开这个文件,请另行妥善记录(不要写在 U 盘上)。"
        />
      )}
      <Form form={form} layout="vertical" onFinish={() => void ok()}>
        <Form.Item
          name="passphrase"
          label="文件密码"
          rules={
            request?.sealing
              ? [
                  { required: true, message: '请输入文件密码' },
                  { min: 8, message: '文件密码至少 8 个字符' },
                  { max: 128, message: '文件密码最多 128 个字符' },
                ]
              : [{ required: true, message: '请输入导出时设置的文件密码' }]
          }
        >
          <Input.Password autoFocus autoComplete={request?.sealing ? 'new-password' : 'off'} onPressEnter={() => void ok()} />
        </Form.Item>
        {request?.sealing && (
          <Form.Item
            name="again"
            label="再次输入文件密码"
            dependencies={['passphrase']}
            rules={[
              { required: true, message: '请再输入一次文件密码' },
              ({ getFieldValue }) => ({
                validator: (_, v) =>
                  !v || v === getFieldValue('passphrase') ? Promise.resolve() : Promise.reject(new Error('两次输入的文件密码不一致')),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" onPressEnter={() => void ok()} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
