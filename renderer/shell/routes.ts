import { create } from 'zustand';

import { ROUTES, type RouteKey } from './routeList';

export { ROUTES, type RouteKey };

/**
 * What a link into a screen may say: the tab to show, a record to open, list filters (JSON), a period.
 * Links come from 首页's figures, the global search and the help; the screen reads them once when it opens.
 */
export type RouteParams = Partial<Record<'tab' | 'open' | 'filters' | 'search' | 'year' | 'period' | 'topic', string>>;

function fromHash(): { route: RouteKey; params: RouteParams } {
  const [path, query = ''] = window.location.hash.replace(/^#\/?/, '').split('?');
  const route = (ROUTES.find((r) => r.key === path)?.key ?? 'home') as RouteKey;
  return { route, params: Object.fromEntries(new URLSearchParams(query)) as RouteParams };
}

function toHash(route: RouteKey, params: RouteParams = {}): string {
  const q = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== '') as [string, string][]).toString();
  return `/${route}${q ? `?${q}` : ''}`;
}

/**
 * A tiny hash router: the screen survives a reload and the browser's back button works. `visit` counts every
 * navigation, so a screen already showing reacts to a second link into it (a different record to open).
 */
export const useRoute = create<{ route: RouteKey; params: RouteParams; visit: number; go(r: RouteKey, params?: RouteParams): void }>(
  (set, get) => {
    window.addEventListener('hashchange', () => {
      const next = fromHash();
      if (`#${toHash(get().route, get().params)}` !== window.location.hash) set({ ...next, visit: get().visit + 1 });
    });
    return {
      ...fromHash(),
      visit: 0,
      go(r, params = {}) {
        window.location.hash = toHash(r, params);
        set({ route: r, params, visit: get().visit + 1 });
      },
    };
  },
);

/** Link parameters carried as JSON (list filters): unreadable text is ignored, never half applied. */
export function jsonParam<T>(v: string | undefined): T | undefined {
  if (!v) return undefined;
  try {
    return JSON.parse(v) as T;
  } catch {
    return undefined;
  }
}
