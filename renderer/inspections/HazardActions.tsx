import { App as AntApp, Button, DatePicker, Form, Input, Modal, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { HAZARD_TRANSITIONS } from '../../shared/inspections/hazardFlow';
import { api } from '../api';
import type { AnyRecord } from '../records/recordApi';
import { validated } from '../records/formErrors';

const LABEL: Record<string, string> = { 整改中: '开始整改', 已整改: '整改完成', 已销号: '复查销号' };

/** The next steps of a hazard's rectification, each with its date and who (spec §3.4). */
export function HazardActions({ hazard, onDone }: { hazard: AnyRecord; onDone: () => void }) {
  const { message } = AntApp.useApp();
  const [to, setTo] = useState<string | null>(null);
  const [form] = Form.useForm();
  const next = (HAZARD_TRANSITIONS[String(hazard.status)] ?? []).filter((s) => !(hazard.status === '已整改' && s === '整改中'));
  const submit = async () => {
    const v = await validated(form);
    if (!v) return;
    try {
      await api['hazards.transition']({
        id: hazard.id,
        to: to as '已整改',
        date: (v.date as Dayjs).format('YYYY-MM-DD'),
        by: v.by,
        measures: v.measures || undefined,
        baseHlc: hazard.hlc,
      });
      message.success(`隐患已${LABEL[to!]}`);
      setTo(null);
      onDone();
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <>
      <Space size={4}>
        {next.map((s) => (
          <Button key={s} size="small" type="link" onClick={() => (form.resetFields(), setTo(s))}>
            {LABEL[s]}
          </Button>
        ))}
      </Space>
      <Modal
        open={!!to}
        title={`${to ? LABEL[to] : ''}:${String(hazard.description)}`}
        okText="确定"
        cancelText="取消"
        onOk={() => void submit()}
        onCancel={() => setTo(null)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ date: dayjs() }}>
          <Form.Item name="date" label="日期" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker format="YYYY-MM-DD" />
          </Form.Item>
          <Form.Item name="by" label={to === '已销号' ? '复查人' : '经办人'} rules={[{ required: true, message: '请填写' }]}>
            <Input maxLength={30} />
          </Form.Item>
          {to !== '已销号' && (
            <Form.Item name="measures" label="整改措施">
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </>
  );
}
