import { Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { create } from 'zustand';
import { ADJUST_REASON } from '../../shared/domain/records';
import { ApiError } from '../api/client';

/*
 * A save that would change the figures of a quarter already reported is refused with a field issue on
 * ADJUST_REASON (a reviewer may make it as an audited 调整). withAdjustReason asks for that reason in one
 * dialog (mounted once in the shell) and sends the write again with it; every record write goes through it.
 */

interface Ask {
  message: string;
  resolve(reason: string | null): void;
}
const useAsk = create<{ ask: Ask | null; set(a: Ask | null): void }>((set) => ({ ask: null, set: (ask) => set({ ask }) }));

function askReason(message: string): Promise<string | null> {
  return new Promise((resolve) => useAsk.getState().set({ message, resolve }));
}

/** Sends a write; if it needs an adjustment reason, asks for one and sends it again (null: the reviewer cancelled). */
export async function withAdjustReason<T>(send: (reason?: string) => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (e) {
    const issue = e instanceof ApiError ? e.fieldErrors.find((f) => f.field === ADJUST_REASON) : undefined;
    if (!issue) throw e;
    const reason = await askReason(e instanceof ApiError ? e.message : '');
    if (reason === null) throw e;
    return send(reason);
  }
}

export function AdjustReasonDialog() {
  const { ask, set } = useAsk();
  const [reason, setReason] = useState('');
  const finish = (value: string | null) => {
    ask?.resolve(value);
    set(null);
    setReason('');
  };
  return (
    <Modal
      open={!!ask}
      title="修改已报送季度的数字:请填写调整原因"
      okText="作为调整保存"
      cancelText="不保存"
      okButtonProps={{ disabled: reason.trim().length < 2 }}
      onOk={() => finish(reason.trim())}
      onCancel={() => finish(null)}
      destroyOnHidden
    >
      <Typography.Paragraph>{ask?.message.replace(/请填写调整原因.*$/, '').replace(/如确需修改,?$/, '')}</Typography.Paragraph>
      <Typography.Paragraph type="secondary">
        保存后这次修改记为“调整”(谁、何时、原因、改变了哪些数字),该季度标记“报送后有调整”,随同步包告知上级;需要时可在“季度报送”中更正报送。
      </Typography.Paragraph>
      <Input.TextArea
        aria-label="调整原因"
        autoFocus
        rows={2}
        maxLength={200}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && reason.trim().length >= 2) finish(reason.trim());
        }}
      />
    </Modal>
  );
}
