import { Alert, App as AntApp, Button, Col, Drawer, Form, Row, Space, Typography, type FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { FieldIssue } from '../../shared/api/errors';
import type { EntityDef, EntityName } from '../../shared/domain/entity';
import { ApiError } from '../api';
import { errorText, useShowError } from '../shell/useShowError';
import { FieldInput } from './FieldInput';
import { applyFieldErrors, clearFieldErrors } from './formErrors';
import { formKeyHandler } from './formKeys';
import { recordApi, type AnyRecord } from './recordApi';
import { useMaskedFields } from './useMaskedFields';

export interface FormSection {
  title: string;
  fields: string[];
}

export interface RecordFormProps {
  name: EntityName;
  entity: EntityDef;
  sections: FormSection[];
  /** The record being edited, or null for a new one. */
  record: AnyRecord | null;
  defaults?: Record<string, unknown>;
  open: boolean;
  onClose: () => void;
  onSaved: (r: AnyRecord) => void;
  /** Replaces the standard control of a field (e.g. a catalogue picker). */
  controls?: Record<string, ReactNode>;
  /** Reacts to a field the clerk changed (e.g. a 身份证号 fills 出生日期 and 性别). */
  onFieldChange?: (field: string, value: unknown, form: FormInstance) => void;
  /** Shown above the fields (e.g. a duplicate warning with a link). */
  banner?: ReactNode;
}

const toForm = (entity: EntityDef, rec: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(entity.fields).map(([k, f]) => [k, f.kind === 'date' && typeof rec[k] === 'string' ? dayjs(rec[k] as string) : rec[k]]),
  );

/** Form values back to API values: dates as YYYY-MM-DD, blanks as null. */
const fromForm = (entity: EntityDef, values: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(values)
      .filter(([k]) => k in entity.fields)
      .map(([k, v]) => [k, dayjs.isDayjs(v) ? (v as Dayjs).format('YYYY-MM-DD') : v === '' || v === undefined ? null : v]),
  );

/**
 * A record form for any entity, built for keyboard entry: Enter moves to the next field, Ctrl+S saves,
 * Esc closes (asking first if something changed). Errors from the main process appear on their fields;
 * warnings are shown but never stop the save.
 */
export function RecordForm({
  name,
  entity,
  sections,
  record,
  defaults,
  open,
  onClose,
  onSaved,
  controls,
  onFieldChange,
  banner,
}: RecordFormProps) {
  const { message, modal } = AntApp.useApp();
  const [form] = Form.useForm();
  const [saving, setSaving] = useState(false);
  const [warnings, setWarnings] = useState<FieldIssue[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const personal = useMaskedFields(name, entity, record, open);
  const initial = useMemo(() => toForm(entity, personal.values ?? defaults ?? {}), [entity, personal.values, defaults]);
  const api = useMemo(() => recordApi(name), [name]);
  const showError = useShowError();

  // Reset only when the form opens or switches to another record: a re-render of the page (a new banner,
  // new default objects) must never wipe what the clerk has typed.
  const initialRef = useRef(initial);
  initialRef.current = initial;
  const recordKey = record ? `${record.id}:${record.hlc}` : 'new';
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(initialRef.current);
    setWarnings((record?.warnings as FieldIssue[] | undefined) ?? []);
    setFormError(null);
    // The cursor starts in the first field once the drawer's content is there, unless the clerk has already
    // clicked into a field: on a loaded PC this timer fired late and the rest of their typing went into the
    // first field (年度 2026150 instead of 户数 150).
    setTimeout(() => {
      const body = bodyRef.current;
      if (!body || body.contains(document.activeElement)) return;
      body.querySelector<HTMLElement>('input:not([disabled]), .ant-select-selector')?.focus();
    }, 50);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, recordKey, form]);

  const close = useCallback(() => {
    if (!form.isFieldsTouched()) return onClose();
    modal.confirm({
      title: '有尚未保存的修改',
      content: '关闭后这些修改将丢失。确定不保存就关闭吗?',
      okText: '不保存,关闭',
      cancelText: '继续编辑',
      onOk: onClose,
    });
  }, [form, modal, onClose]);

  // A second Ctrl+S while the first save is on its way must not create the record twice.
  const savingRef = useRef(false);
  const save = async () => {
    if (savingRef.current) return;
    savingRef.current = true;
    const values = fromForm(entity, form.getFieldsValue(true) as Record<string, unknown>);
    setSaving(true);
    setFormError(null);
    clearFieldErrors(form);
    try {
      let result;
      if (record) {
        const before = fromForm(entity, initial);
        const patch = Object.fromEntries(
          Object.entries(values).filter(([k, v]) => JSON.stringify(v ?? null) !== JSON.stringify(before[k] ?? null)),
        );
        if (Object.keys(patch).length === 0) {
          message.info('没有修改,无需保存');
          onClose();
          return;
        }
        result = await api.update(record.id, patch, record.hlc);
      } else result = await api.create(values);
      setWarnings(result.warnings);
      // The drawer closes on save, so the warnings travel in the message (longer, to be read).
      if (result.warnings.length)
        message.warning({
          content: <span data-testid="save-warnings">已保存,请核对:{result.warnings.map((w) => w.message).join(';')}</span>,
          duration: 8,
        });
      else message.success('已保存');
      form.resetFields();
      onSaved(result.record);
    } catch (e) {
      if (e instanceof ApiError) {
        applyFieldErrors(form, e.fieldErrors);
        const first = e.fieldErrors.find((f) => f.level === 'error' && f.field in entity.fields);
        if (first) form.scrollToField(first.field, { block: 'center' });
        setWarnings(e.fieldErrors.filter((f) => f.level === 'warning'));
        setFormError(e.message);
      } else setFormError(errorText(e));
    } finally {
      savingRef.current = false;
      setSaving(false);
    }
  };

  const onKeyDownCapture = formKeyHandler(bodyRef, { save: () => void save(), cancel: close });

  // Only the masked fields are filled in: whatever the clerk already changed elsewhere stays.
  const reveal = () =>
    personal.reveal().then((full) => {
      if (full) form.setFieldsValue(Object.fromEntries(Object.entries(toForm(entity, full)).filter(([k]) => personal.masked.includes(k))));
    }, showError);

  return (
    <Drawer
      open={open}
      onClose={close}
      size={760}
      title={`${record ? '编辑' : '新增'}${entity.label}`}
      keyboard={false}
      maskClosable={false}
      destroyOnHidden
      extra={
        <Space>
          <Typography.Text type="secondary">Enter 下一项 · Ctrl+S 保存 · Esc 关闭</Typography.Text>
          {personal.canReveal && (
            <Button onClick={() => void reveal()} title="查看完整的姓名、电话、身份证号(会记入修改历史)">
              显示完整个人信息
            </Button>
          )}
          <Button onClick={close}>取消</Button>
          <Button type="primary" loading={saving} onClick={() => void save()}>
            保存
          </Button>
        </Space>
      }
    >
      <div ref={bodyRef} onKeyDownCapture={onKeyDownCapture} role="presentation">
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
        {warnings.length > 0 && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            title="请核对以下提示(不影响保存)"
            description={
              <ul className="issue-list">
                {warnings.map((w, i) => (
                  <li key={i}>{w.message}</li>
                ))}
              </ul>
            }
          />
        )}
        {banner}
        <Form
          form={form}
          layout="vertical"
          initialValues={initialRef.current}
          onFinish={() => void save()}
          onValuesChange={(changed: Record<string, unknown>) => {
            for (const [k, v] of Object.entries(changed)) onFieldChange?.(k, v, form);
          }}
        >
          {sections.map((s) => (
            <section key={s.title} className="form-section">
              <Typography.Title level={5}>{s.title}</Typography.Title>
              <Row gutter={16}>
                {s.fields.map((f) => {
                  const spec = entity.fields[f];
                  const wide = /remark|address|Note|description|measures/.test(f);
                  return (
                    <Col span={wide ? 24 : 12} key={f}>
                      <Form.Item
                        name={f}
                        label={spec.label}
                        required={spec.required}
                        valuePropName={spec.kind === 'bool' ? 'checked' : 'value'}
                      >
                        {controls?.[f] ?? <FieldInput name={f} spec={spec} placeholder={personal.hint(f)} />}
                      </Form.Item>
                    </Col>
                  );
                })}
              </Row>
            </section>
          ))}
        </Form>
      </div>
    </Drawer>
  );
}
