import { Alert, App as AntApp, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../api';
import { useShowError } from '../shell/useShowError';
import { useSession } from './sessionStore';

export function LoginPage() {
  const showError = useShowError();
  const { message } = AntApp.useApp();
  const office = useSession((s) => s.status?.office);
  const setUser = useSession((s) => s.setUser);
  const [busy, setBusy] = useState(false);
  // A lock after repeated wrong passwords says until when: it stays on the card, not in a passing toast.
  const [refused, setRefused] = useState<string | null>(null);
  const onFinish = async (v: { username: string; password: string }) => {
    setBusy(true);
    setRefused(null);
    try {
      const user = await api['session.login'](v);
      message.destroy(); // a 密码错误 from the try before is not left over the first screen
      await setUser(user);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'FORBIDDEN') {
        message.destroy(); // the 密码错误 of the try before would contradict the lock
        setRefused(e.message);
      } else showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="center-page">
      <Card
        className="login-card"
        title={
          <Typography.Title level={3} style={{ margin: 0 }}>
            养老服务台账
          </Typography.Title>
        }
      >
        <Typography.Paragraph type="secondary">{office?.name}</Typography.Paragraph>
        <Form layout="vertical" onFinish={onFinish}>
          <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input autoFocus autoComplete="username" />
          </Form.Item>
          <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          {refused && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={refused} />}
          <Button type="primary" htmlType="submit" block loading={busy}>
            登录
          </Button>
        </Form>
      </Card>
    </div>
  );
}
