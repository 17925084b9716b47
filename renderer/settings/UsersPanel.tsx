import { App as AntApp, Button, Form, Input, Modal, Select, Space, Switch, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { ROLE_LABELS, ROLES, type Role } from '../../shared/domain/enums';
import type { UserRow } from '../../shared/system/usersContract';
import { api, ApiError } from '../api';
import { formatDateTime } from '../shell/format';
import { applyFieldErrors, validated } from '../records/formErrors';

/** 用户管理 (admins only): add accounts, change role, disable, reset a password, unlock after wrong passwords. */
export function UsersPanel() {
  const { message } = AntApp.useApp();
  const [rows, setRows] = useState<UserRow[]>([]);
  const [adding, setAdding] = useState(false);
  const [resetting, setResetting] = useState<UserRow | null>(null);
  const [form] = Form.useForm();
  const [pwForm] = Form.useForm();
  const load = useCallback(() => api['users.list']({}).then(setRows, (e: Error) => message.error(e.message)), [message]);
  useEffect(() => {
    void load();
  }, [load]);
  const update = (id: string, patch: { role?: Role; active?: boolean }) =>
    api['users.update']({ id, ...patch }).then(load, (e: Error) => message.error(e.message));
  const unlock = (u: UserRow) =>
    api['users.unlock']({ id: u.id }).then(
      () => (message.success(`已解锁“${u.displayName}”,可以重新登录`), void load()),
      (e: Error) => message.error(e.message),
    );
  const add = async () => {
    const v = await validated(form);
    if (!v) return;
    try {
      await api['users.create'](v);
      message.success('已添加用户');
      setAdding(false);
      form.resetFields();
      void load();
    } catch (e) {
      if (e instanceof ApiError) applyFieldErrors(form, e.fieldErrors);
      message.error((e as Error).message);
    }
  };
  const reset = async () => {
    const v = await validated(pwForm);
    if (!v) return;
    try {
      await api['users.resetPassword']({ id: resetting!.id, password: v.password });
      message.success('密码已重置,请告知本人');
      setResetting(null);
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <>
      <Button type="primary" onClick={() => setAdding(true)} style={{ marginBottom: 12 }}>
        添加用户
      </Button>
      <Table<UserRow>
        rowKey="id"
        size="small"
        dataSource={rows}
        pagination={false}
        columns={[
          { title: '用户名', dataIndex: 'username' },
          { title: '姓名', dataIndex: 'displayName' },
          {
            title: '角色',
            dataIndex: 'role',
            render: (r: Role, u) => (
              <Select
                size="small"
                value={r}
                aria-label={`${u.displayName}的角色`}
                style={{ width: 110 }}
                options={ROLES.map((x) => ({ value: x, label: ROLE_LABELS[x] }))}
                onChange={(role) => void update(u.id, { role })}
              />
            ),
          },
          {
            title: '启用',
            dataIndex: 'active',
            render: (a: boolean, u) => (
              <Switch
                size="small"
                checked={a}
                aria-label={`启用${u.displayName}的账号`}
                onChange={(active) => void update(u.id, { active })}
              />
            ),
          },
          {
            title: '最近登录',
            dataIndex: 'lastLoginAt',
            render: (v: string | null, u) => (
              <Space size={4} wrap>
                {v ? formatDateTime(v) : <Tag>从未登录</Tag>}
                {u.lockedUntil && (
                  <Tag color="red" title="连续输错密码,暂时不能登录">
                    已锁定至 {formatDateTime(u.lockedUntil)}
                  </Tag>
                )}
              </Space>
            ),
          },
          {
            title: '操作',
            key: 'a',
            render: (_: unknown, u) => (
              <Space size={0}>
                <Button size="small" type="link" onClick={() => (pwForm.resetFields(), setResetting(u))}>
                  重置密码
                </Button>
                {u.lockedUntil && (
                  <Button size="small" type="link" onClick={() => void unlock(u)}>
                    解锁
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={adding}
        title="添加用户"
        okText="添加"
        cancelText="取消"
        onOk={() => void add()}
        onCancel={() => setAdding(false)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ role: 'clerk' }}>
          <Form.Item
            name="username"
            label="用户名"
            rules={[{ required: true, pattern: /^[A-Za-z0-9_.-]{3,32}$/, message: '用户名为 3–32 位字母、数字或 _ . -' }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="displayName" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}>
            <Input maxLength={30} />
          </Form.Item>
          <Form.Item name="role" label="角色" rules={[{ required: true }]}>
            <Select options={ROLES.map((x) => ({ value: x, label: ROLE_LABELS[x] }))} />
          </Form.Item>
          <Form.Item name="password" label="初始密码" rules={[{ required: true, min: 8, message: '至少 8 位,含字母和数字' }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={!!resetting}
        title={`重置密码:${resetting?.displayName ?? ''}`}
        okText="重置"
        cancelText="取消"
        onOk={() => void reset()}
        onCancel={() => setResetting(null)}
        destroyOnHidden
      >
        <Form form={pwForm} layout="vertical">
          <Form.Item name="password" label="新密码" rules={[{ required: true, min: 8, message: '至少 8 位,含字母和数字' }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
