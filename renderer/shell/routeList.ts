/** The app's screens in menu order; kept free of the DOM so the e2e suite can walk every screen from it. */
export const ROUTES = [
  { key: 'home', label: '首页' },
  { key: 'facilities', label: '养老机构' },
  { key: 'canteens', label: '助餐服务' },
  { key: 'households', label: '适老化改造' },
  { key: 'inspections', label: '安全检查' },
  { key: 'targets', label: '年度任务' },
  { key: 'reports', label: '统计报表' },
  { key: 'reporting', label: '季度报送' },
  { key: 'import', label: '导入台账' },
  { key: 'sync', label: '数据交换' },
  { key: 'settings', label: '设置' },
] as const;
export type RouteKey = (typeof ROUTES)[number]['key'];
