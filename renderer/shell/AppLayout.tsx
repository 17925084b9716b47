import {
  AimOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  CoffeeOutlined,
  HomeOutlined,
  ImportOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  SwapOutlined,
  ToolOutlined,
} from '@ant-design/icons';
import { Button, Layout, Menu, Space, Spin, Tag, Typography } from 'antd';
import { lazy, Suspense, useState, type ComponentType, type ReactNode } from 'react';
import { ROLE_LABELS } from '../../shared/domain/enums';
import { DashboardPage } from '../dashboard/DashboardPage';
import { GlobalSearch } from '../lists/GlobalSearch';
import { AdjustReasonDialog } from '../reporting/AdjustReason';
import { DataCheckBanner } from '../system/DataCheckBanner';
import { useSession } from '../system/sessionStore';
import { ErrorBoundary } from './ErrorBoundary';
import { Placeholder } from './Placeholder';
import { useScrollableFocus } from './useScrollableFocus';
import { ROUTES, useRoute, type RouteKey } from './routes';

/**
 * Every page but the home page is its own chunk, loaded when first opened: the window shows the dashboard
 * after a start or a reload without parsing the code of ten screens it does not show.
 */
function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  const Page = lazy<ComponentType>(() => load().then((m) => ({ default: m[name] })));
  return () => <Page />;
}

const SCREENS: Partial<Record<RouteKey, () => ReactNode>> = {
  home: () => <DashboardPage />,
  facilities: page(() => import('../facilities/FacilitiesPage'), 'FacilitiesPage'),
  canteens: page(() => import('../canteens/CanteensPage'), 'CanteensPage'),
  households: page(() => import('../households/HouseholdsPage'), 'HouseholdsPage'),
  inspections: page(() => import('../inspections/InspectionsPage'), 'InspectionsPage'),
  targets: page(() => import('../targets/TargetsPage'), 'TargetsPage'),
  settings: page(() => import('../settings/SettingsPage'), 'SettingsPage'),
  reports: page(() => import('../reports/ReportsPage'), 'ReportsPage'),
  reporting: page(() => import('../reporting/ReportingPage'), 'ReportingPage'),
  import: page(() => import('../import/ImportPage'), 'ImportPage'),
  sync: page(() => import('../sync/SyncPage'), 'SyncPage'),
};

/** Icons carry the menu when the sidebar is folded (narrow windows, large text, 150 % display scaling). */
const ICONS: Record<RouteKey, ReactNode> = {
  home: <HomeOutlined />,
  facilities: <BankOutlined />,
  canteens: <CoffeeOutlined />,
  households: <ToolOutlined />,
  inspections: <SafetyCertificateOutlined />,
  targets: <AimOutlined />,
  reports: <BarChartOutlined />,
  reporting: <AuditOutlined />,
  import: <ImportOutlined />,
  sync: <SwapOutlined />,
  settings: <SettingOutlined />,
};

export function AppLayout() {
  const { route, go } = useRoute();
  const status = useSession((s) => s.status);
  const logout = useSession((s) => s.logout);
  const current = ROUTES.find((r) => r.key === route)!;
  // Folded below 1200 px of page width (a 1366 screen at 125 %, 特大 text): the room goes to the tables.
  const [collapsed, setCollapsed] = useState(false);
  useScrollableFocus();
  return (
    <Layout className="app-layout">
      <Layout.Sider
        width={160}
        theme="light"
        className="app-sider"
        breakpoint="xl"
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        collapsedWidth={64}
      >
        <div className="app-brand">{collapsed ? '台账' : '养老服务台账'}</div>
        <Menu
          mode="inline"
          selectedKeys={[route]}
          items={ROUTES.map((r) => ({ key: r.key, label: r.label, icon: ICONS[r.key] }))}
          onClick={(e) => go(e.key as RouteKey)}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="app-header">
          <Typography.Title level={4} style={{ margin: 0 }}>
            {current.label}
          </Typography.Title>
          <Space>
            <GlobalSearch />
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
          <ErrorBoundary key={route}>
            <Suspense fallback={<Spin className="page-loading" />}>{SCREENS[route]?.() ?? <Placeholder title={current.label} />}</Suspense>
          </ErrorBoundary>
          <AdjustReasonDialog />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
