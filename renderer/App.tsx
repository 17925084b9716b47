import { Alert, Spin } from 'antd';
import { useEffect } from 'react';
import { setUnauthenticatedHandler } from './api';
import { AppLayout } from './shell/AppLayout';
import { LoginPage } from './system/LoginPage';
import { SetupPage } from './system/SetupPage';
import { useSession } from './system/sessionStore';

export function App() {
  const { status, loading, error, load } = useSession();
  useEffect(() => {
    setUnauthenticatedHandler(() => void load());
    void load();
  }, [load]);
  if (error) return <Alert type="error" showIcon title="无法连接程序后台" description={error} style={{ margin: 48 }} />;
  if (!status || (loading && !status)) return <Spin size="large" className="center-page" />;
  if (!status.setupDone) return <SetupPage />;
  if (!status.user) return <LoginPage />;
  return <AppLayout />;
}
