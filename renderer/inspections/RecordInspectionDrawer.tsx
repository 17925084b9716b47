import { Alert, App as AntApp, Button, DatePicker, Drawer, Form, Input, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { formKeyHandler } from '../records/formKeys';
import { validated } from '../records/formErrors';
import { INSPECTION_TYPES, RECTIFY_METHODS } from '../../shared/domain/enums';
import type { InspectionDetail } from '../../shared/inspections/contract';
import type { ChecklistItem } from '../../shared/system/types';
import { api, ApiError } from '../api';

type Result = '符合' | '不符合' | '不适用';
interface Answer {
  result: Result;
  remark?: string;
  method?: '立行立改' | '限期整改';
  deadline?: Dayjs | null;
  fixedOnSite?: boolean;
}
export interface Subject {
  id: string;
  name: string;
  kind: 'facility' | 'canteen';
}

/**
 * Enter a whole inspection: who/what/when, then one answer per checklist item. Everything starts as 符合
 * so the inspector only changes the exceptions; each 不符合 becomes a hazard (★ items: 重大事故隐患).
 */
export function RecordInspectionDrawer({
  open,
  subjects,
  onClose,
  onSaved,
}: {
  open: boolean;
  subjects: Subject[];
  onClose: () => void;
  onSaved: (d: InspectionDetail) => void;
}) {
  const { message, modal } = AntApp.useApp();
  const [form] = Form.useForm();
  const bodyRef = useRef<HTMLDivElement>(null);
  // Anything entered (a header field or an answer changed from 符合) is not left behind without asking.
  const [touched, setTouched] = useState(false);
  const [items, setItems] = useState<ChecklistItem[]>([]);
  const [version, setVersion] = useState('');
  const [answers, setAnswers] = useState<Record<string, Answer>>({});
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    void api['reference.catalogues']({}).then((c) => {
      setItems(c.checklist);
      setVersion(c.checklistVersion);
      setAnswers(Object.fromEntries(c.checklist.map((i) => [i.code, { result: '符合' as Result }])));
    });
    form.resetFields();
    setError(null);
    setTouched(false);
  }, [open, form]);

  const set = (code: string, patch: Partial<Answer>) => {
    setTouched(true);
    setAnswers((a) => ({ ...a, [code]: { ...a[code], ...patch } }));
  };
  const close = () => {
    if (!touched && !form.isFieldsTouched()) return onClose();
    modal.confirm({
      title: '检查结果还没有保存',
      content: '关闭后这次录入的检查结果将丢失。确定不保存就关闭吗?',
      okText: '不保存,关闭',
      cancelText: '继续录入',
      onOk: onClose,
    });
  };
  const onKeyDownCapture = formKeyHandler(bodyRef, { save: () => void save(), cancel: close });
  const failing = useMemo(() => items.filter((i) => answers[i.code]?.result === '不符合'), [items, answers]);

  const save = async () => {
    // The form shows what is missing on its fields; a rejected validation is not an error of the page.
    const h = await validated(form);
    if (!h) return;
    const subject = subjects.find((s) => s.id === h.subject);
    if (!subject) return;
    setSaving(true);
    setError(null);
    try {
      const detail = await api['inspections.record']({
        inspection: {
          subjectType: subject.kind,
          facilityId: subject.kind === 'facility' ? subject.id : null,
          canteenId: subject.kind === 'canteen' ? subject.id : null,
          inspectionType: h.inspectionType,
          inspectedOn: (h.inspectedOn as Dayjs).format('YYYY-MM-DD'),
          inspectors: h.inspectors,
          checklistVersion: version,
          remark: h.remark ?? null,
        },
        answers: items.map((i) => {
          const a = answers[i.code];
          return {
            itemCode: i.code,
            result: a.result,
            remark: a.remark ?? null,
            hazard:
              a.result === '不符合'
                ? {
                    method: a.method ?? '限期整改',
                    deadline: a.deadline ? a.deadline.format('YYYY-MM-DD') : null,
                    fixedOnSite: a.fixedOnSite ?? false,
                  }
                : undefined,
          };
        }),
      });
      message.success(`检查已保存,发现隐患 ${detail.hazards.length} 处`);
      onSaved(detail);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : (e as Error).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open={open}
      onClose={close}
      keyboard={false}
      size={1100}
      title={
        <Space>
          录入安全检查
          <Typography.Text type="secondary">Ctrl+S 保存 · Esc 关闭</Typography.Text>
        </Space>
      }
      destroyOnHidden
      extra={
        <Space>
          <Typography.Text type="secondary">
            不符合 {failing.length} 项(其中重大 {failing.filter((i) => i.major).length} 项)
          </Typography.Text>
          <Button onClick={() => setAnswers(Object.fromEntries(items.map((i) => [i.code, { result: '符合' as Result }])))}>
            全部设为符合
          </Button>
          <Button type="primary" loading={saving} onClick={() => void save()}>
            保存检查
          </Button>
        </Space>
      }
    >
      <div ref={bodyRef} onKeyDownCapture={onKeyDownCapture}>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form
          form={form}
          layout="inline"
          initialValues={{ inspectionType: '乡镇排查', inspectedOn: dayjs() }}
          style={{ marginBottom: 12, rowGap: 8 }}
        >
          <Form.Item name="subject" label="被检查单位" rules={[{ required: true, message: '请选择被检查单位' }]}>
            <Select
              showSearch
              optionFilterProp="label"
              style={{ width: 280 }}
              options={subjects.map((s) => ({ value: s.id, label: `${s.kind === 'facility' ? '【机构】' : '【助餐】'}${s.name}` }))}
            />
          </Form.Item>
          <Form.Item name="inspectionType" label="检查类型" rules={[{ required: true }]}>
            <Select style={{ width: 150 }} options={INSPECTION_TYPES.map((t) => ({ value: t, label: t }))} />
          </Form.Item>
          <Form.Item name="inspectedOn" label="检查日期" rules={[{ required: true, message: '请选择检查日期' }]}>
            <DatePicker format="YYYY-MM-DD" />
          </Form.Item>
          <Form.Item name="inspectors" label="检查人员" rules={[{ required: true, message: '请填写检查人员' }]}>
            <Input style={{ width: 200 }} placeholder="多人用顿号分隔" />
          </Form.Item>
        </Form>
        <Table<ChecklistItem>
          size="small"
          rowKey="code"
          pagination={false}
          dataSource={items}
          rowClassName={(r) => (answers[r.code]?.result === '不符合' ? 'row-fail' : '')}
          columns={[
            {
              title: '类别',
              dataIndex: 'category',
              width: 110,
              onCell: (r, i) => ({
                rowSpan:
                  i !== undefined && i > 0 && items[i - 1].category === r.category
                    ? 0
                    : items.filter((x) => x.category === r.category).length,
              }),
            },
            { title: '序号', dataIndex: 'code', width: 60 },
            {
              title: '检查内容',
              dataIndex: 'text',
              render: (t: string, r) =>
                r.major ? (
                  <span>
                    <Tag color="red">★ 重大</Tag>
                    {t}
                  </span>
                ) : (
                  t
                ),
            },
            {
              title: '检查结果',
              width: 230,
              render: (_: unknown, r) => (
                <Radio.Group
                  size="small"
                  optionType="button"
                  value={answers[r.code]?.result}
                  onChange={(e) => set(r.code, { result: e.target.value as Result })}
                  options={['符合', '不符合', '不适用']}
                  aria-label={`${r.code} 检查结果`}
                />
              ),
            },
            {
              title: '问题描述 / 整改',
              width: 320,
              render: (_: unknown, r) =>
                answers[r.code]?.result === '不符合' ? (
                  <Space direction="vertical" size={4} style={{ width: '100%' }}>
                    <Input
                      size="small"
                      placeholder="问题描述"
                      value={answers[r.code]?.remark}
                      onChange={(e) => set(r.code, { remark: e.target.value })}
                      aria-label={`${r.code} 问题描述`}
                    />
                    <Space size={4}>
                      <Select
                        size="small"
                        style={{ width: 100 }}
                        value={answers[r.code]?.method ?? '限期整改'}
                        options={RECTIFY_METHODS.map((m) => ({ value: m, label: m }))}
                        onChange={(m) => set(r.code, { method: m })}
                      />
                      {(answers[r.code]?.method ?? '限期整改') === '限期整改' ? (
                        <DatePicker
                          size="small"
                          placeholder="整改期限(默认30天)"
                          value={answers[r.code]?.deadline ?? null}
                          onChange={(d) => set(r.code, { deadline: d })}
                        />
                      ) : (
                        <Radio.Group
                          size="small"
                          value={answers[r.code]?.fixedOnSite ? 'y' : 'n'}
                          onChange={(e) => set(r.code, { fixedOnSite: e.target.value === 'y' })}
                          options={[
                            { value: 'y', label: '当场已改' },
                            { value: 'n', label: '未改' },
                          ]}
                        />
                      )}
                    </Space>
                  </Space>
                ) : (
                  <Input
                    size="small"
                    placeholder="备注"
                    value={answers[r.code]?.remark}
                    onChange={(e) => set(r.code, { remark: e.target.value })}
                  />
                ),
            },
          ]}
        />
      </div>
    </Drawer>
  );
}
