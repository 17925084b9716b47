import { EllipsisOutlined, SettingOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Checkbox, Dropdown, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType, SorterResult } from 'antd/es/table/interface';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ENTITIES } from '../../shared/domain/entities';
import type { EntityDef } from '../../shared/domain/entity';
import { todayIso } from '../../shared/domain/fields';
import type { TableRequest } from '../../shared/lists/contract';
import { cellValue, columnTitle, LIST_VIEWS, type ListId } from '../../shared/lists/views';
import { api } from '../api';
import { printBlankChecklists } from '../lists/tableActions';
import { TableTools } from '../lists/TableTools';
import { TEXT_SCALE } from '../shell/theme';
import { useShowError } from '../shell/useShowError';
import { useSession } from '../system/sessionStore';
import { HistoryDrawer } from './HistoryDrawer';
import { recordApi, type AnyRecord } from './recordApi';
import { RecordForm, type FormSection, type RecordFormProps } from './RecordForm';

/** One action of a row (编辑, 季度数据, 打印 …): the first three show as links, the rest under 更多. */
export interface RowAction {
  key: string;
  label: string;
  onClick: () => void;
}

/** What a link into the list asks for (首页's figures, the global search): filters, a search, a record to open. */
export interface ListLink {
  filters?: Record<string, unknown>;
  search?: string;
  open?: string;
  /** Changes with every navigation, so a second link into the same list applies too. */
  visit: number;
}

interface Props {
  list: ListId;
  sections: FormSection[];
  /** A richer drawing of a cell than its text (a coloured tag); it must say the same as the exported cell. */
  renders?: Partial<Record<string, (r: AnyRecord) => ReactNode>>;
  /** Choices of a 被检查单位 filter. */
  subjectChoices?: readonly { value: string; label: string }[];
  defaults?: Record<string, unknown>;
  rowActions?: (r: AnyRecord) => RowAction[];
  formProps?: Pick<RecordFormProps, 'controls' | 'onFieldChange' | 'banner'>;
  /** Open this record in the form (e.g. from a duplicate warning's link). */
  openId?: string | null;
  link?: ListLink;
  /** Where 新增 goes when the generic form cannot create this record (an inspection is entered item by item). */
  onCreate?: () => void;
  createLabel?: string;
  /** How a record is named in messages and the history title, when its title field alone says too little. */
  titleOf?: (r: AnyRecord) => string;
  /** Why this office may not change a record (shown instead of 编辑/删除), or null when it may. */
  lockedReason?: (r: AnyRecord) => string | null;
  /** Changing it reloads the page of rows (a child grid closed and may have changed them, e.g. a household's 进度). */
  reloadKey?: number;
  /** The chosen rows can be printed as blank checklists (facilities, canteens). */
  blankChecklists?: 'facility' | 'canteen';
}

/** Typing searches after this pause; Enter searches at once. */
const SEARCH_DELAY_MS = 400;
const thisYear = new Date().getFullYear();
const YEARS = Array.from({ length: 5 }, (_, i) => thisYear - i);

/**
 * A list screen for any record type (declared in shared/lists/views.ts): search box, filters, sort by any
 * column, server-side paging, a column chooser remembered per list, the record count; export to Excel and
 * print of exactly what is shown; rows chosen for batch export, print and delete; a ⚠ on records saved with
 * warnings; the row actions (the first three as links, the rest under 更多).
 */
export function RecordList({
  list,
  sections,
  renders,
  subjectChoices,
  defaults,
  rowActions,
  formProps,
  openId,
  link,
  onCreate,
  createLabel,
  titleOf,
  lockedReason,
  reloadKey,
  blankChecklists,
}: Props) {
  const view = LIST_VIEWS[list];
  const name = view.entity;
  const entity = ENTITIES[name] as unknown as EntityDef;
  const { message, modal } = AntApp.useApp();
  const showError = useShowError();
  const townships = useSession((s) => s.townships);
  const townshipName = useSession((s) => s.townshipName);
  // Column widths grow with 文字大小, so 大/特大 scroll sideways instead of cutting 删除 or every name.
  const textScale = TEXT_SCALE[useSession((s) => s.preferences.textSize)].scale;
  const px = (w: number | undefined) => (w ? Math.round(w * textScale) : w);
  const api1 = useMemo(() => recordApi(name), [name]);
  const [searchText, setSearchText] = useState(link?.search ?? '');
  const [search, setSearch] = useState(link?.search ?? '');
  const [filterValues, setFilterValues] = useState<Record<string, unknown>>(link?.filters ?? {});
  const [sort, setSort] = useState<{ field: string; order: 'asc' | 'desc' } | undefined>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [data, setData] = useState<{ rows: AnyRecord[]; total: number }>({ rows: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const [editing, setEditing] = useState<AnyRecord | null | undefined>(undefined);
  const [historyOf, setHistoryOf] = useState<AnyRecord | null>(null);
  const [selected, setSelected] = useState<AnyRecord[]>([]);
  const storageKey = `ledger-columns-${list}`;
  const [hidden, setHidden] = useState<string[]>(
    () => JSON.parse(localStorage.getItem(storageKey) ?? 'null') ?? view.columns.filter((c) => c.optional).map((c) => c.key),
  );

  // A link (首页, the global search) sets the filters and opens its record, also when the list already shows.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new navigation applies a link
  useEffect(() => {
    if (!link) return;
    setFilterValues(link.filters ?? {});
    setSearchText(link.search ?? '');
    setSearch(link.search ?? '');
    setPage(1);
    if (link.open) void api1.get(link.open).then(setEditing, showError);
  }, [link?.visit]);

  // Only the newest request may fill the table: a slow answer to an older search must not overwrite it.
  const requestSeq = useRef(0);
  const load = useCallback(async () => {
    const seq = ++requestSeq.current;
    setLoading(true);
    try {
      const res = await api1.list({ search: search || undefined, filters: filterValues as Record<string, string>, sort, page, pageSize });
      if (seq === requestSeq.current) setData({ rows: res.rows, total: res.total });
    } catch (e) {
      if (seq === requestSeq.current) showError(e);
    } finally {
      if (seq === requestSeq.current) setLoading(false);
    }
  }, [api1, search, filterValues, sort, page, pageSize, showError]);

  useEffect(() => {
    void load();
  }, [load, reloadKey]);
  useEffect(() => {
    const v = searchText.trim();
    if (v === search) return;
    const t = setTimeout(() => runSearch(v), SEARCH_DELAY_MS);
    return () => clearTimeout(t);
  }, [searchText, search]);
  useEffect(() => {
    if (openId) void api1.get(openId).then(setEditing, showError);
  }, [openId, api1, showError]);
  // A different set of rows: the choice made on the old one no longer says what the clerk sees.
  // biome-ignore lint/correctness/useExhaustiveDependencies: cleared when the query changes
  useEffect(() => setSelected([]), [search, filterValues]);

  function runSearch(v: string) {
    setPage(1);
    setSearch(v.trim());
  }

  const title = (r: AnyRecord) => (titleOf ? titleOf(r) : String(r[entity.titleField] ?? ''));
  const confirmDelete = (r: AnyRecord) =>
    modal.confirm({
      title: `删除“${title(r)}”?`,
      content: '删除后可在历史中查到,管理员可以恢复。',
      okText: '删除',
      okButtonProps: { danger: true },
      cancelText: '取消',
      autoFocusButton: 'cancel',
      onOk: async () => {
        try {
          await api1.remove(r.id);
          message.success(`已删除“${title(r)}”`);
          void load();
        } catch (e) {
          showError(e);
        }
      },
    });

  // A township office has one township: its column would repeat the same name on every row and its filter
  // would offer one choice. The room goes to the record's name, which is what long names need.
  const oneTownship = townships.length === 1;
  const townshipCol = view.columns.find((c) => c.key === 'townshipCode');
  const columns = oneTownship
    ? view.columns
        .filter((c) => c.key !== 'townshipCode')
        .map((c) => (c.key === entity.titleField && townshipCol ? { ...c, width: c.width + townshipCol.width } : c))
    : view.columns;
  const filters = oneTownship ? view.filters.filter((f) => f.kind !== 'township') : view.filters;
  const visible = columns.filter((c) => !hidden.includes(c.key));
  const ctx = useMemo(() => ({ townshipName, today: todayIso() }), [townshipName]);
  const titleKey = visible.some((c) => c.key === entity.titleField) ? entity.titleField : visible[0]?.key;

  const actionsOf = (r: AnyRecord) => {
    const locked = lockedReason?.(r);
    const all: RowAction[] = [
      ...(locked ? [] : [{ key: 'edit', label: '编辑', onClick: () => setEditing(r) }]),
      ...(rowActions?.(r) ?? []),
      { key: 'history', label: '历史', onClick: () => setHistoryOf(r) },
    ];
    const del = locked ? null : { key: 'delete', label: '删除', onClick: () => confirmDelete(r) };
    const total = all.length + (del ? 1 : 0);
    const shown = total <= 3 ? [...all, ...(del ? [del] : [])] : all.slice(0, 3);
    const more = total <= 3 ? [] : [...all.slice(3), ...(del ? [del] : [])];
    return { locked, shown, more };
  };
  const maxShown = Math.max(1, ...data.rows.map((r) => actionsOf(r).shown.reduce((a, x) => a + x.label.length, 0)));

  const tableColumns: ColumnsType<AnyRecord> = [
    ...visible.map((c, i) => ({
      key: c.key,
      dataIndex: c.key,
      title: columnTitle(view, c),
      width: px(c.width),
      // The first column (the record's name) stays in view while the table scrolls sideways.
      fixed: i === 0 ? ('left' as const) : undefined,
      ellipsis: true,
      sorter: c.sortable !== false && !c.screenOnly,
      sortOrder: sort?.field === c.key ? (sort.order === 'asc' ? ('ascend' as const) : ('descend' as const)) : null,
      render: (_: unknown, r: AnyRecord) => {
        const cell = renders?.[c.key] ? renders[c.key]!(r) : cellValue(c, r, ctx);
        if (c.key !== titleKey || !r.warnings?.length) return cell;
        // Saved with warnings: marked in the list, the warnings on hover (not a toast at every later save).
        return (
          <span>
            <Tooltip title={r.warnings.map((w) => w.message).join(';')}>
              <span className="row-warning" role="img" aria-label={`有 ${r.warnings.length} 条提示`}>
                ⚠
              </span>
            </Tooltip>{' '}
            {cell}
          </span>
        );
      },
    })),
    {
      key: 'actions',
      title: '操作',
      width: px(Math.max(120, maxShown * 14 + 3 * 16 + 40)),
      fixed: 'right',
      render: (_: unknown, r: AnyRecord) => {
        const { locked, shown, more } = actionsOf(r);
        return (
          <Space size={0}>
            {locked && (
              <Tooltip title={locked}>
                <Tag>只读</Tag>
              </Tooltip>
            )}
            {shown.map((a) => (
              <Button key={a.key} size="small" type="link" danger={a.key === 'delete'} onClick={a.onClick}>
                {a.label}
              </Button>
            ))}
            {more.length > 0 && (
              <Dropdown
                trigger={['click']}
                menu={{
                  items: more.map((a) => ({ key: a.key, label: a.label, danger: a.key === 'delete' })),
                  onClick: ({ key }) => more.find((a) => a.key === key)?.onClick(),
                }}
              >
                <Button size="small" type="link" icon={<EllipsisOutlined />} aria-label="更多">
                  更多
                </Button>
              </Dropdown>
            )}
          </Space>
        );
      },
    },
  ];

  const chooser = (
    <Dropdown
      trigger={['click']}
      popupRender={() => (
        <div className="column-chooser">
          {columns.map((c) => (
            <Checkbox
              key={c.key}
              checked={!hidden.includes(c.key)}
              onChange={(e) => {
                const next = e.target.checked ? hidden.filter((h) => h !== c.key) : [...hidden, c.key];
                setHidden(next);
                localStorage.setItem(storageKey, JSON.stringify(next));
              }}
            >
              {columnTitle(view, c)}
            </Checkbox>
          ))}
        </div>
      )}
    >
      <Tooltip title="选择显示的列">
        <Button icon={<SettingOutlined />} aria-label="选择显示的列" />
      </Tooltip>
    </Dropdown>
  );

  /** The list as shown (or the chosen rows), for the main process to export or print. */
  const request = (ids?: string[]): TableRequest => ({
    source: {
      kind: 'list',
      list,
      ...(search ? { search } : {}),
      filters: Object.fromEntries(Object.entries(filterValues).filter(([, v]) => v !== undefined)) as Record<string, string>,
      ...(sort ? { sort } : {}),
      ...(ids ? { ids } : {}),
    },
    columns: visible.filter((c) => !c.screenOnly).map((c) => c.key),
  });
  const personal = Object.values(entity.fields).some((f) => f.sensitive);

  const deleteSelected = () =>
    modal.confirm({
      title: `删除所选的 ${selected.length} 条${entity.label}记录?`,
      content: (
        <>
          <div>{selected.slice(0, 8).map(title).join('、') + (selected.length > 8 ? ` 等 ${selected.length} 条` : '')}</div>
          <div>删除后可在历史中查到,管理员可以恢复。</div>
        </>
      ),
      okText: `删除 ${selected.length} 条`,
      okButtonProps: { danger: true },
      cancelText: '取消',
      autoFocusButton: 'cancel',
      onOk: async () => {
        try {
          const r = await api['lists.delete']({ list, ids: selected.map((x) => x.id) });
          message.success(`已删除 ${r.deleted} 条`);
          setSelected([]);
          void load();
        } catch (e) {
          showError(e);
        }
      },
    });

  const filterOptions = (f: (typeof filters)[number]) =>
    f.kind === 'township'
      ? townships.map((t) => ({ value: t.code, label: t.name }))
      : f.kind === 'flag'
        ? [{ value: true as unknown as string, label: f.label }]
        : f.kind === 'subject'
          ? [...(subjectChoices ?? [])]
          : f.kind === 'year'
            ? YEARS.map((y) => ({ value: y as unknown as string, label: `${y} 年` }))
            : (f.options ?? []).map((o) => ({ value: o, label: o }));

  const selectable = !lockedReason || data.rows.some((r) => !lockedReason(r));

  return (
    <div className="record-list">
      <div className="list-toolbar">
        <Space wrap>
          <Input.Search
            allowClear
            placeholder={view.searchPlaceholder}
            style={{ width: 240 }}
            value={searchText}
            onChange={(e) => setSearchText(e.target.value)}
            onSearch={(v) => runSearch(v)}
            aria-label="搜索"
          />
          {filters.map((f) => (
            <Select
              key={f.key}
              allowClear
              placeholder={f.label}
              aria-label={f.label}
              style={{ width: f.kind === 'subject' ? 170 : 128 }}
              popupMatchSelectWidth={false}
              value={filterValues[f.key] as string | undefined}
              onChange={(v) => {
                setPage(1);
                setFilterValues((cur) => ({ ...cur, [f.key]: v ?? undefined }));
              }}
              showSearch={{ optionFilterProp: 'label' }}
              options={filterOptions(f)}
            />
          ))}
        </Space>
        <Space>
          <Typography.Text type="secondary" data-testid="list-total">
            共 {data.total} 条
          </Typography.Text>
          {chooser}
          <TableTools request={() => request()} personal={personal} />
          <Button type="primary" onClick={() => (onCreate ? onCreate() : setEditing(null))}>
            {createLabel ?? `新增${entity.label}`}
          </Button>
        </Space>
      </div>
      {selected.length > 0 && (
        <div className="batch-bar" role="toolbar" aria-label="所选记录的操作">
          <Typography.Text strong>已选 {selected.length} 条</Typography.Text>
          <TableTools size="small" request={() => request(selected.map((r) => r.id))} personal={personal} />
          {blankChecklists && (
            <Button
              size="small"
              onClick={() => void printBlankChecklists(selected.map((r) => ({ subjectType: blankChecklists, id: r.id }))).catch(showError)}
            >
              打印空白检查表
            </Button>
          )}
          <Button size="small" danger onClick={deleteSelected} disabled={selected.some((r) => !!lockedReason?.(r))}>
            删除所选
          </Button>
          <Button size="small" type="link" onClick={() => setSelected([])}>
            取消选择
          </Button>
        </div>
      )}
      <Table<AnyRecord>
        rowKey="id"
        // Dense rows, like the Excel ledgers the clerks know: more records and columns on one screen.
        size="small"
        loading={loading}
        columns={tableColumns}
        dataSource={data.rows}
        rowSelection={
          selectable
            ? {
                selectedRowKeys: selected.map((r) => r.id),
                preserveSelectedRowKeys: true,
                columnWidth: 36,
                getCheckboxProps: (r) => ({ 'aria-label': `选择“${title(r)}”` }),
                onChange: (_keys, rows) =>
                  setSelected((cur) => {
                    // Rows chosen on other pages stay chosen (antd gives only this page's row objects).
                    const onPage = new Set(data.rows.map((r) => r.id));
                    return [...cur.filter((r) => !onPage.has(r.id)), ...rows.filter(Boolean)];
                  }),
              }
            : undefined
        }
        // The sum of the declared widths (not max-content): long names are cut with … at their column's width
        // instead of pushing 电话 and 更新时间 off the screen.
        scroll={{ x: tableColumns.reduce((sum, c) => sum + (Number(c.width) || 120), 36) }}
        locale={{
          emptyText:
            search || Object.values(filterValues).some((v) => v !== undefined)
              ? '没有符合条件的记录'
              : `还没有${entity.label}记录,点击“${createLabel ?? `新增${entity.label}`}”开始录入`,
        }}
        pagination={{
          current: page,
          pageSize,
          total: data.total,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          showTotal: (t) => `共 ${t} 条`,
        }}
        onChange={(p, _f, sorter) => {
          const s = sorter as SorterResult<AnyRecord>;
          setPage(p.current ?? 1);
          setPageSize(p.pageSize ?? 20);
          setSort(s.order && s.columnKey ? { field: String(s.columnKey), order: s.order === 'ascend' ? 'asc' : 'desc' } : undefined);
        }}
        onRow={(r) => ({ onDoubleClick: () => !lockedReason?.(r) && setEditing(r) })}
      />
      <RecordForm
        name={name}
        entity={entity}
        sections={sections}
        record={editing ?? null}
        defaults={defaults}
        open={editing !== undefined}
        {...formProps}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          setEditing(undefined);
          void load();
        }}
      />
      <HistoryDrawer name={name} id={historyOf?.id ?? null} title={historyOf ? title(historyOf) : ''} onClose={() => setHistoryOf(null)} />
    </div>
  );
}
