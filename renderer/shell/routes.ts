import { create } from 'zustand';

export const ROUTES = [
  { key: 'home', label: '首页' },
  { key: 'facilities', label: '养老机构' },
  { key: 'canteens', label: '助餐服务' },
  { key: 'households', label: '适老化改造' },
  { key: 'inspections', label: '安全检查' },
  { key: 'targets', label: '年度任务' },
  { key: 'reports', label: '统计报表' },
  { key: 'import', label: '导入台账' },
  { key: 'sync', label: '数据交换' },
  { key: 'settings', label: '设置' },
] as const;
export type RouteKey = (typeof ROUTES)[number]['key'];

const fromHash = (): RouteKey => {
  const k = window.location.hash.replace(/^#\/?/, '').split(/[?&]/)[0];
  return (ROUTES.find((r) => r.key === k)?.key ?? 'home') as RouteKey;
};

/** A tiny hash router: the screen survives a reload and the browser's back button works. */
export const useRoute = create<{ route: RouteKey; go(r: RouteKey): void }>((set) => {
  window.addEventListener('hashchange', () => set({ route: fromHash() }));
  return {
    route: fromHash(),
    go(r) {
      window.location.hash = `/${r}`;
      set({ route: r });
    },
  };
});
