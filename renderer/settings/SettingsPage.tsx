import { App as AntApp, Button, Card, Descriptions, Form, Input, InputNumber, Select, Switch, Table, Tabs, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { OFFICE_LEVEL_LABELS } from '../../shared/domain/enums';
import type { Settings } from '../../shared/system/settings';
import type { Catalogues } from '../../shared/system/types';
import { api } from '../api';
import { useSession } from '../system/sessionStore';
import { BackupsPanel } from './BackupsPanel';
import { TextSizePanel } from './TextSizePanel';
import { UsersPanel } from './UsersPanel';
import { validated } from '../records/formErrors';

/** 设置: office profile, the spec's configurable thresholds, the catalogues, and users (admins). */
export function SettingsPage() {
  const { message } = AntApp.useApp();
  const status = useSession((s) => s.status);
  const isAdmin = status?.user?.role === 'admin';
  const [settings, setSettings] = useState<Settings | null>(null);
  const [cat, setCat] = useState<Catalogues | null>(null);
  const [form] = Form.useForm();
  useEffect(() => {
    void api['settings.get']({}).then((s) => (setSettings(s), form.setFieldsValue(s)));
    void api['reference.catalogues']({}).then(setCat);
  }, [form]);
  const save = async () => {
    const v = await validated(form);
    if (!v) return;
    try {
      const s = await api['settings.update'](v);
      setSettings(s);
      message.success('设置已保存');
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  const pct = (name: string, label: string) => (
    <Form.Item name={name} label={label}>
      <InputNumber min={0} max={100} addonAfter="%" disabled={!isAdmin} />
    </Form.Item>
  );
  return (
    <Tabs
      items={[
        {
          key: 'office',
          label: '本单位与阈值',
          children: (
            <Card>
              <Descriptions column={3} size="small" style={{ marginBottom: 16 }}>
                <Descriptions.Item label="单位名称">{status?.office?.name}</Descriptions.Item>
                <Descriptions.Item label="级别">{status?.office ? OFFICE_LEVEL_LABELS[status.office.level] : ''}</Descriptions.Item>
                <Descriptions.Item label="区划代码">{status?.office?.divisionCode}</Descriptions.Item>
                <Descriptions.Item label="程序版本">{status?.appVersion}</Descriptions.Item>
              </Descriptions>
              {settings && (
                <Form form={form} layout="inline" style={{ rowGap: 12 }} disabled={!isAdmin}>
                  {pct('expertMonthlyPct', '专家检查月覆盖率')}
                  {pct('expertQuarterlyPct', '专家检查季覆盖率')}
                  {pct('certifiedRateTarget', '持证率目标')}
                  {pct('nursingBedRatioTarget', '护理型床位占比目标')}
                  <Form.Item name="retrofitAvgCostTarget" label="户均改造费用目标">
                    <InputNumber min={0} addonAfter="元" />
                  </Form.Item>
                  <Form.Item name="licenceWarnDays" label="许可证到期提醒">
                    <InputNumber min={1} max={365} addonAfter="天" />
                  </Form.Item>
                  <Form.Item name="idleLockMinutes" label="无操作自动锁定">
                    <InputNumber min={1} max={240} addonAfter="分钟" />
                  </Form.Item>
                  <Form.Item
                    name="syncClockBoundHours"
                    label="同步包时间超前上限"
                    tooltip="同步包中的修改时间比本机时间晚超过这么多小时,就先暂存、不导入(对方电脑日期可能设错了)"
                  >
                    <InputNumber min={1} max={744} addonAfter="小时" />
                  </Form.Item>
                  <Form.Item name="selfCheckMonthly" label="机构每月自查" valuePropName="checked">
                    <Switch />
                  </Form.Item>
                  <Form.Item name="includeCanteensInCoverage" label="助餐点计入检查覆盖" valuePropName="checked">
                    <Switch />
                  </Form.Item>
                  <Form.Item name="reportDeadlineDay" label="报送截止日" tooltip="季度结束后次月的第几日(默认 5 日)">
                    <InputNumber min={1} max={28} addonBefore="次月" addonAfter="日" />
                  </Form.Item>
                  <Form.Item name="reportLockWhen" label="报送后锁定">
                    <Select
                      style={{ width: 150 }}
                      options={[
                        { value: 'approved', label: '上级审核通过后' },
                        { value: 'submitted', label: '报送后即锁定' },
                      ]}
                    />
                  </Form.Item>
                  <Form.Item name={['reportContacts', 'head']} label="单位负责人">
                    <Input style={{ width: 120 }} />
                  </Form.Item>
                  <Form.Item name={['reportContacts', 'reviewer']} label="审核人">
                    <Input style={{ width: 120 }} />
                  </Form.Item>
                  <Form.Item name={['reportContacts', 'preparer']} label="填报人">
                    <Input style={{ width: 120 }} />
                  </Form.Item>
                  <Form.Item name={['reportContacts', 'phone']} label="联系电话">
                    <Input style={{ width: 150 }} />
                  </Form.Item>
                  <Button type="primary" onClick={() => void save()} disabled={!isAdmin}>
                    保存设置
                  </Button>
                </Form>
              )}
            </Card>
          ),
        },
        {
          key: 'checklist',
          label: `安全检查表(${cat?.checklistVersion ?? ''})`,
          children: (
            <Table
              size="small"
              rowKey="code"
              pagination={false}
              dataSource={cat?.checklist ?? []}
              columns={[
                { title: '序号', dataIndex: 'code', width: 70 },
                { title: '类别', dataIndex: 'category', width: 140 },
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
              ]}
            />
          ),
        },
        {
          key: 'retrofit',
          label: '适老化改造项目目录',
          children: (
            <Table
              size="small"
              rowKey="code"
              pagination={false}
              dataSource={cat?.retrofit ?? []}
              columns={[
                { title: '编码', dataIndex: 'code', width: 70 },
                { title: '类别', dataIndex: 'category', width: 140 },
                { title: '项目', dataIndex: 'name' },
                {
                  title: '性质',
                  dataIndex: 'kind',
                  width: 90,
                  render: (k: string) => (k === 'basic' ? <Tag color="blue">基础类</Tag> : '可选类'),
                },
              ]}
            />
          ),
        },
        { key: 'display', label: '文字大小', children: <TextSizePanel /> },
        ...(isAdmin
          ? [
              { key: 'users', label: '用户管理', children: <UsersPanel /> },
              { key: 'backups', label: '备份', children: <BackupsPanel /> },
            ]
          : []),
      ]}
    />
  );
}
