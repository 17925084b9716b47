import { Button, Layout, Menu, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { ROLE_LABELS } from '../../shared/domain/enums';
import { CanteensPage } from '../canteens/CanteensPage';
import { DashboardPage } from '../dashboard/DashboardPage';
import { FacilitiesPage } from '../facilities/FacilitiesPage';
import { HouseholdsPage } from '../households/HouseholdsPage';
import { ImportPage } from '../import/ImportPage';
import { InspectionsPage } from '../inspections/InspectionsPage';
import { ReportsPage } from '../reports/ReportsPage';
import { SettingsPage } from '../settings/SettingsPage';
import { SyncPage } from '../sync/SyncPage';
import { TargetsPage } from '../targets/TargetsPage';
import { DataCheckBanner } from '../system/DataCheckBanner';
import { useSession } from '../system/sessionStore';
import { ErrorBoundary } from './ErrorBoundary';
import { Placeholder } from './Placeholder';
import { ROUTES, useRoute, type RouteKey } from './routes';

const SCREENS: Partial<Record<RouteKey, () => ReactNode>> = {
  home: () => <DashboardPage />,
  facilities: () => <FacilitiesPage />,
  canteens: () => <CanteensPage />,
  households: () => <HouseholdsPage />,
  inspections: () => <InspectionsPage />,
  targets: () => <TargetsPage />,
  settings: () => <SettingsPage />,
  reports: () => <ReportsPage />,
  import: () => <ImportPage />,
  sync: () => <SyncPage />,
};

export function AppLayout() {
  const { route, go } = useRoute();
  const status = useSession((s) => s.status);
  const logout = useSession((s) => s.logout);
  const current = ROUTES.find((r) => r.key === route)!;
  return (
    <Layout className="app-layout">
      <Layout.Sider width={160} theme="light" className="app-sider">
        <div className="app-brand">养老服务台账</div>
        <Menu
          mode="inline"
          selectedKeys={[route]}
          items={ROUTES.map((r) => ({ key: r.key, label: r.label }))}
          onClick={(e) => go(e.key as RouteKey)}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="app-header">
          <Typography.Title level={4} style={{ margin: 0 }}>
            {current.label}
          </Typography.Title>
          <Space>
            <Typography.Text>{status?.office?.name}</Typography.Text>
            <Typography.Text strong>{status?.user?.displayName}</Typography.Text>
            {status?.user && <Tag>{ROLE_LABELS[status.user.role]}</Tag>}
            <Button size="small" onClick={() => void logout()}>
              退出登录
            </Button>
          </Space>
        </Layout.Header>
        {status?.clockWarning && <div className="clock-warning">{status.clockWarning}</div>}
        <DataCheckBanner />
        <Layout.Content className="app-content">
          <ErrorBoundary key={route}>{SCREENS[route]?.() ?? <Placeholder title={current.label} />}</ErrorBoundary>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
