import { SearchOutlined } from '@ant-design/icons';
import { Button, Empty, Input, Modal, Spin, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { SearchHit, SearchKind, SearchResult } from '../../shared/lists/contract';
import { api } from '../api';
import { useRoute, type RouteKey, type RouteParams } from '../shell/routes';
import { useShowError } from '../shell/useShowError';

/** Where a hit opens: its screen, the tab of its list, the record in that list's form. */
const TARGET: Record<SearchKind, { route: RouteKey; tab: string; label: string }> = {
  facilities: { route: 'facilities', tab: 'list', label: '养老机构' },
  canteens: { route: 'canteens', tab: 'list', label: '助餐点' },
  households: { route: 'households', tab: 'list', label: '改造户' },
  inspections: { route: 'inspections', tab: 'inspections', label: '安全检查' },
  hazards: { route: 'inspections', tab: 'hazards', label: '隐患' },
};
const TYPING_PAUSE_MS = 250;

/**
 * One search box over facilities, canteens, households, inspections and hazards (Ctrl+K from anywhere):
 * ↑/↓ choose a hit, Enter opens the record in its list; "在列表中查看全部" opens the list with the same search.
 * A whole 身份证号 finds its household (matched in the main process; the list still shows it masked).
 */
export function GlobalSearch() {
  const [open, setOpen] = useState(false);
  const [term, setTerm] = useState('');
  const [result, setResult] = useState<SearchResult | null>(null);
  const [loading, setLoading] = useState(false);
  const [active, setActive] = useState(0);
  const go = useRoute((s) => s.go);
  const showError = useShowError();
  const seq = useRef(0);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    const t = term.trim();
    if (!t) {
      setResult(null);
      return;
    }
    const mine = ++seq.current;
    const timer = setTimeout(() => {
      setLoading(true);
      api['search.global']({ term: t }).then(
        (r) => {
          if (mine !== seq.current) return;
          setResult(r);
          setActive(0);
          setLoading(false);
        },
        (e) => {
          if (mine !== seq.current) return;
          setLoading(false);
          showError(e);
        },
      );
    }, TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [term, showError]);

  const close = () => setOpen(false);
  const openHit = (h: SearchHit) => {
    const t = TARGET[h.kind];
    close();
    go(t.route, { tab: t.tab, open: h.id });
  };
  const openList = (kind: SearchKind) => {
    const t = TARGET[kind];
    close();
    const params: RouteParams = { tab: t.tab, search: term.trim() };
    go(t.route, params);
  };
  const hits = result?.hits ?? [];
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => Math.min(hits.length - 1, a + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (e.key === 'Enter' && hits[active]) {
      e.preventDefault();
      openHit(hits[active]);
    }
  };

  return (
    <>
      <Button size="small" icon={<SearchOutlined />} onClick={() => setOpen(true)} title="搜索全部台账(Ctrl+K)">
        搜索 <Typography.Text type="secondary">Ctrl+K</Typography.Text>
      </Button>
      <Modal
        open={open}
        onCancel={close}
        footer={null}
        title="搜索全部台账"
        width={640}
        destroyOnHidden
        afterOpenChange={(o) => {
          if (!o) {
            setTerm('');
            setResult(null);
          }
        }}
      >
        <Input
          autoFocus
          allowClear
          prefix={<SearchOutlined />}
          placeholder="机构、助餐点、改造户姓名或完整身份证号、被检查单位、隐患描述"
          aria-label="搜索全部台账"
          value={term}
          onChange={(e) => setTerm(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <div className="global-search-results" role="listbox" aria-label="搜索结果">
          {loading && !result && <Spin size="small" />}
          {result && hits.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有找到,换个词试试" />}
          {hits.map((h, i) => (
            <div
              key={`${h.kind}:${h.id}`}
              role="option"
              aria-selected={i === active}
              tabIndex={-1}
              className={i === active ? 'global-search-hit active' : 'global-search-hit'}
              onMouseEnter={() => setActive(i)}
              onClick={() => openHit(h)}
            >
              <Tag>{TARGET[h.kind].label}</Tag>
              <span className="global-search-title">{h.title}</span>
              <Typography.Text type="secondary" className="global-search-detail">
                {h.detail}
              </Typography.Text>
            </div>
          ))}
          {result &&
            (Object.entries(result.more) as [SearchKind, number][]).map(([kind, n]) => (
              <Button key={kind} type="link" size="small" onClick={() => openList(kind)}>
                {TARGET[kind].label}还有 {n} 条,在列表中查看全部
              </Button>
            ))}
        </div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          ↑ ↓ 选择,Enter 打开,Esc 关闭
        </Typography.Text>
      </Modal>
    </>
  );
}
