import { useEffect, useState } from 'react';
import type { ListLink } from '../records/RecordList';
import { jsonParam, useRoute } from './routes';

/**
 * The tab a screen shows, following links into it (首页, search, help: `?tab=grid&year=2026&period=4`): a
 * link opens its tab even when the screen is already showing; the clerk's own clicks change it too.
 */
export function usePageTab(fallback: string): [string, (t: string) => void, { year: number; period: number } | undefined] {
  const params = useRoute((s) => s.params);
  const visit = useRoute((s) => s.visit);
  const [tab, setTab] = useState(params.tab ?? fallback);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new navigation moves the tab, not a re-render
  useEffect(() => {
    if (params.tab) setTab(params.tab);
  }, [visit]);
  const year = Number(params.year);
  const period = Number(params.period);
  return [tab, setTab, year && period ? { year, period } : undefined];
}

/**
 * What a link says to the list on the tab `tab` of this screen (filters as JSON, a search, a record to open),
 * or undefined when the link is for another tab. `visit` makes the list apply a link each time it is followed.
 */
export function useListLink(tab?: string): ListLink | undefined {
  const params = useRoute((s) => s.params);
  const visit = useRoute((s) => s.visit);
  if (tab !== undefined && params.tab !== undefined && params.tab !== tab) return undefined;
  if (!params.filters && !params.open && !params.search) return undefined;
  return { filters: jsonParam<Record<string, unknown>>(params.filters), search: params.search, open: params.open, visit };
}
