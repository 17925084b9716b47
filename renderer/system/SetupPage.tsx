import { App as AntApp, Button, Card, Cascader, Form, Input, Radio, Steps, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { DivisionNode } from '../../shared/system/types';
import { api, ApiError } from '../api';
import { applyFieldErrors, validated } from '../records/formErrors';
import { useShowError } from '../shell/useShowError';
import { ArchiveRestore } from './ArchiveRestore';
import { useSession } from './sessionStore';

type Level = 'township' | 'district' | 'city';
interface Option {
  value: string;
  label: string;
  children?: Option[];
  isLeaf?: boolean;
}

/** Options for the level: a township office picks a township; a district a county (or 天门市); a city a city. */
function toOptions(nodes: DivisionNode[], level: Level): Option[] {
  const walk = (n: DivisionNode): Option | null => {
    const leaf =
      (level === 'township' && n.level === 'township') ||
      (level === 'district' && (n.level === 'county' || (n.level === 'city' && !n.children?.some((c) => c.level === 'county')))) ||
      (level === 'city' && n.level === 'city');
    if (leaf) return { value: n.code, label: n.name };
    const children = (n.children ?? []).map(walk).filter((x): x is Option => !!x);
    return children.length ? { value: n.code, label: n.name, children } : null;
  };
  return nodes.flatMap((p) => (p.children ?? []).map(walk).filter((x): x is Option => !!x));
}

function labelsOf(options: Option[], path: string[]): string[] {
  const out: string[] = [];
  let level = options;
  for (const v of path) {
    const o = level.find((x) => x.value === v);
    if (!o) break;
    out.push(o.label);
    level = o.children ?? [];
  }
  return out;
}

const OFFICE_FIELD: Record<string, string> = { 'office.level': 'level', 'office.divisionCode': 'division', 'office.name': 'name' };

/** First start: this installation's office, then its first administrator. */
export function SetupPage() {
  const { message } = AntApp.useApp();
  const showError = useShowError();
  const setUser = useSession((s) => s.setUser);
  const [tree, setTree] = useState<DivisionNode[]>([]);
  const [step, setStep] = useState(0);
  const [saving, setSaving] = useState(false);
  const [officeForm] = Form.useForm();
  const [adminForm] = Form.useForm();
  const level = (Form.useWatch('level', officeForm) as Level | undefined) ?? 'township';
  const options = useMemo(() => toOptions(tree, level), [tree, level]);

  useEffect(() => {
    api['reference.divisionTree']({}).then(setTree, showError);
  }, [showError]);

  const onDivision = (path: string[]) => {
    const names = labelsOf(options, path);
    const last = names[names.length - 1] ?? '';
    const prefix = level === 'township' && names.length >= 2 && names[names.length - 2] !== last ? names[names.length - 2] : '';
    officeForm.setFieldValue('name', `${prefix}${last}${level === 'township' ? '民政办' : '民政局'}`);
  };

  const submit = async () => {
    const office = await validated(officeForm);
    const admin = await validated(adminForm);
    if (!office || !admin) return;
    setSaving(true);
    try {
      const status = await api['system.setup']({
        office: { level: office.level, divisionCode: office.division[office.division.length - 1], name: office.name },
        admin: { username: admin.username, displayName: admin.displayName, password: admin.password },
      });
      message.success('设置完成,欢迎使用养老服务台账');
      await setUser(status.user);
    } catch (e) {
      if (e instanceof ApiError) {
        // The server names fields as in its input (office.divisionCode, admin.password); each goes back to the
        // step and field the clerk filled in, and an office problem reopens step 1 so it can be seen.
        const officeIssues = e.fieldErrors
          .filter((f) => f.field.startsWith('office.'))
          .map((f) => ({ ...f, field: OFFICE_FIELD[f.field] ?? 'name' }));
        applyFieldErrors(officeForm, officeIssues);
        applyFieldErrors(
          adminForm,
          e.fieldErrors.filter((f) => !f.field.startsWith('office.')).map((f) => ({ ...f, field: f.field.replace(/^admin\./, '') })),
        );
        if (officeIssues.length) setStep(0);
        message.error(e.message);
      } else showError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="center-page">
      <Card
        className="setup-card"
        title={
          <Typography.Title level={3} style={{ margin: 0 }}>
            养老服务台账 · 首次设置
          </Typography.Title>
        }
      >
        {step === 0 && <ArchiveRestore />}
        <Steps current={step} items={[{ title: '本单位' }, { title: '管理员账号' }]} style={{ marginBottom: 24 }} />
        <Form form={officeForm} layout="vertical" initialValues={{ level: 'township' }} hidden={step !== 0}>
          <Form.Item name="level" label="单位级别" rules={[{ required: true }]}>
            <Radio.Group
              optionType="button"
              options={[
                { value: 'township', label: '乡镇/街道' },
                { value: 'district', label: '区/县(市)' },
                { value: 'city', label: '市' },
              ]}
              onChange={() => officeForm.setFieldsValue({ division: undefined, name: '' })}
            />
          </Form.Item>
          <Form.Item name="division" label="所在区划" rules={[{ required: true, message: '请选择所在区划' }]}>
            <Cascader options={options} placeholder="请选择" showSearch onChange={(v) => onDivision(v as string[])} aria-label="所在区划" />
          </Form.Item>
          <Form.Item name="name" label="单位名称" rules={[{ required: true, message: '请填写单位名称' }]}>
            <Input placeholder="例如:鄂城区凤凰街道民政办" maxLength={60} />
          </Form.Item>
          <Button type="primary" onClick={() => void validated(officeForm).then((ok) => ok && setStep(1))}>
            下一步
          </Button>
        </Form>
        <Form form={adminForm} layout="vertical" hidden={step !== 1} onFinish={submit}>
          <Typography.Paragraph type="secondary">
            管理员可以管理用户、设置和目录。请牢记密码:密码只保存在本机,无法找回。
          </Typography.Paragraph>
          <Form.Item
            name="username"
            label="用户名"
            rules={[{ required: true, pattern: /^[A-Za-z0-9_.-]{3,32}$/, message: '用户名为 3–32 位字母、数字或 _ . -' }]}
          >
            <Input autoComplete="username" />
          </Form.Item>
          <Form.Item name="displayName" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}>
            <Input maxLength={30} />
          </Form.Item>
          <Form.Item
            name="password"
            label="密码"
            rules={[{ required: true, min: 8, pattern: /(?=.*[A-Za-z])(?=.*\d)/, message: '密码至少 8 位,需同时包含字母和数字' }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label="确认密码"
            dependencies={['password']}
            rules={[
              { required: true, message: '请再次输入密码' },
              ({ getFieldValue }) => ({
                validator: (_r, v) =>
                  v === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error('两次输入的密码不一致')),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button onClick={() => setStep(0)} style={{ marginRight: 8 }}>
            上一步
          </Button>
          <Button type="primary" htmlType="submit" loading={saving}>
            完成设置
          </Button>
        </Form>
      </Card>
    </div>
  );
}
