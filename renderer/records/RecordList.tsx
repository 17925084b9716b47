import { SettingOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Checkbox, Dropdown, Input, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType, SorterResult } from 'antd/es/table/interface';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { EntityDef, EntityName } from '../../shared/domain/entity';
import { formatDateTime } from '../shell/format';
import { TEXT_SCALE } from '../shell/theme';
import { useShowError } from '../shell/useShowError';
import { useSession } from '../system/sessionStore';
import { HistoryDrawer } from './HistoryDrawer';
import { recordApi, type AnyRecord } from './recordApi';
import { RecordForm, type FormSection, type RecordFormProps } from './RecordForm';

export interface ListColumn {
  key: string;
  title?: string;
  width?: number;
  render?: (r: AnyRecord) => ReactNode;
  /** Hidden until the clerk turns it on in the column chooser. */
  optional?: boolean;
  sortable?: boolean;
}

export interface ListFilter {
  key: string;
  label: string;
  options?: readonly string[];
  /** Choices whose value is not what the clerk reads (a unit's id, shown by name). */
  choices?: readonly { value: string; label: string }[];
  /** 'township' offers the office's townships. */
  kind?: 'township' | 'options' | 'flag';
}

interface Props {
  name: EntityName;
  entity: EntityDef;
  columns: ListColumn[];
  filters: ListFilter[];
  sections: FormSection[];
  searchPlaceholder: string;
  defaults?: Record<string, unknown>;
  extraActions?: (r: AnyRecord) => ReactNode;
  /** Width of the 操作 column; screens with extra actions say how much room they need. */
  actionsWidth?: number;
  formProps?: Pick<RecordFormProps, 'controls' | 'onFieldChange' | 'banner'>;
  /** Open this record in the form (e.g. from a duplicate warning's link). */
  openId?: string | null;
  /** Where 新增 goes when the generic form cannot create this record (an inspection is entered item by item). */
  onCreate?: () => void;
  /** How a record is named in messages and the history title, when its title field alone says too little. */
  titleOf?: (r: AnyRecord) => string;
  /** Why this office may not change a record (shown instead of 编辑/删除), or null when it may. */
  lockedReason?: (r: AnyRecord) => string | null;
  /** Changing it reloads the page of rows (a child grid closed and may have changed them, e.g. a household's 进度). */
  reloadKey?: number;
}

/** Typing searches after this pause; Enter searches at once. */
const SEARCH_DELAY_MS = 400;

/**
 * A list screen for any record type: search box, filters, sort by any column, server-side paging, a column
 * chooser remembered per list, the record count, and the add / edit / history / delete actions.
 */
export function RecordList({
  name,
  entity,
  columns,
  filters,
  sections,
  searchPlaceholder,
  defaults,
  extraActions,
  actionsWidth,
  formProps,
  openId,
  onCreate,
  titleOf,
  lockedReason,
  reloadKey,
}: Props) {
  const { message } = AntApp.useApp();
  const showError = useShowError();
  const townships = useSession((s) => s.townships);
  const townshipName = useSession((s) => s.townshipName);
  // Column widths grow with 文字大小, so 大/特大 scroll sideways instead of cutting 删除 or every name.
  const textScale = TEXT_SCALE[useSession((s) => s.preferences.textSize)].scale;
  const px = (w: number | undefined) => (w ? Math.round(w * textScale) : w);
  const api = useMemo(() => recordApi(name), [name]);
  const [searchText, setSearchText] = useState('');
  const [search, setSearch] = useState('');
  const [filterValues, setFilterValues] = useState<Record<string, unknown>>({});
  const [sort, setSort] = useState<{ field: string; order: 'asc' | 'desc' } | undefined>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [data, setData] = useState<{ rows: AnyRecord[]; total: number }>({ rows: [], total: 0 });
  const [loading, setLoading] = useState(false);
  const [editing, setEditing] = useState<AnyRecord | null | undefined>(undefined);
  const [historyOf, setHistoryOf] = useState<AnyRecord | null>(null);
  const storageKey = `ledger-columns-${name}`;
  const [hidden, setHidden] = useState<string[]>(
    () => JSON.parse(localStorage.getItem(storageKey) ?? 'null') ?? columns.filter((c) => c.optional).map((c) => c.key),
  );

  // Only the newest request may fill the table: a slow answer to an older search must not overwrite it.
  const requestSeq = useRef(0);
  const load = useCallback(async () => {
    const seq = ++requestSeq.current;
    setLoading(true);
    try {
      const res = await api.list({ search: search || undefined, filters: filterValues as Record<string, string>, sort, page, pageSize });
      if (seq === requestSeq.current) setData({ rows: res.rows, total: res.total });
    } catch (e) {
      if (seq === requestSeq.current) showError(e);
    } finally {
      if (seq === requestSeq.current) setLoading(false);
    }
  }, [api, search, filterValues, sort, page, pageSize, showError]);

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
    if (openId) void api.get(openId).then(setEditing, showError);
  }, [openId, api, showError]);

  function runSearch(v: string) {
    setPage(1);
    setSearch(v.trim());
  }

  const title = (r: AnyRecord) => (titleOf ? titleOf(r) : String(r[entity.titleField] ?? ''));
  const remove = async (r: AnyRecord) => {
    try {
      await api.remove(r.id);
      message.success(`已删除“${title(r)}”`);
      void load();
    } catch (e) {
      showError(e);
    }
  };

  // A township office has one township: its column would repeat the same name on every row and its filter
  // would offer one choice. The room goes to the record's name, which is what long names need.
  const oneTownship = townships.length === 1;
  const townshipCol = columns.find((c) => c.key === 'townshipCode');
  const shownColumns = oneTownship
    ? columns
        .filter((c) => c.key !== 'townshipCode')
        .map((c) => (c.key === entity.titleField && c.width && townshipCol?.width ? { ...c, width: c.width + townshipCol.width } : c))
    : columns;
  const shownFilters = oneTownship ? filters.filter((f) => f.kind !== 'township') : filters;

  const tableColumns: ColumnsType<AnyRecord> = [
    ...shownColumns
      .filter((c) => !hidden.includes(c.key))
      .map((c, i) => ({
        key: c.key,
        dataIndex: c.key,
        title: c.title ?? entity.fields[c.key]?.label ?? c.key,
        width: px(c.width),
        // The first column (the record's name) stays in view while the table scrolls sideways.
        fixed: i === 0 ? ('left' as const) : undefined,
        ellipsis: true,
        sorter: c.sortable !== false,
        sortOrder: sort?.field === c.key ? (sort.order === 'asc' ? ('ascend' as const) : ('descend' as const)) : null,
        render: (_: unknown, r: AnyRecord) =>
          c.render
            ? c.render(r)
            : c.key === 'townshipCode'
              ? townshipName(r.townshipCode)
              : c.key === 'updatedAt'
                ? formatDateTime(r.updatedAt)
                : typeof r[c.key] === 'boolean'
                  ? r[c.key]
                    ? '是'
                    : '否'
                  : Array.isArray(r[c.key])
                    ? (r[c.key] as string[]).join('、')
                    : (r[c.key] as ReactNode),
      })),
    {
      key: 'actions',
      title: '操作',
      // Room for the standard three actions plus any the screen adds.
      width: px(actionsWidth ?? (extraActions ? 330 : 170)),
      fixed: 'right',
      render: (_: unknown, r: AnyRecord) => {
        const locked = lockedReason?.(r);
        return (
          <Space size={0}>
            {locked ? (
              <Tooltip title={locked}>
                <Tag>只读</Tag>
              </Tooltip>
            ) : (
              <Button size="small" type="link" onClick={() => setEditing(r)}>
                编辑
              </Button>
            )}
            <Button size="small" type="link" onClick={() => setHistoryOf(r)}>
              历史
            </Button>
            {extraActions?.(r)}
            {!locked && (
              <Popconfirm
                title={`删除“${title(r)}”?`}
                description="删除后可在历史中查到,管理员可以恢复。"
                okText="删除"
                cancelText="取消"
                okButtonProps={{ danger: true }}
                onConfirm={() => void remove(r)}
              >
                <Button size="small" type="link" danger>
                  删除
                </Button>
              </Popconfirm>
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
          {shownColumns.map((c) => (
            <Checkbox
              key={c.key}
              checked={!hidden.includes(c.key)}
              onChange={(e) => {
                const next = e.target.checked ? hidden.filter((h) => h !== c.key) : [...hidden, c.key];
                setHidden(next);
                localStorage.setItem(storageKey, JSON.stringify(next));
              }}
            >
              {c.title ?? entity.fields[c.key]?.label ?? c.key}
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

  return (
    <div className="record-list">
      <div className="list-toolbar">
        <Space wrap>
          <Input.Search
            allowClear
            placeholder={searchPlaceholder}
            style={{ width: 240 }}
            value={searchText}
            onChange={(e) => setSearchText(e.target.value)}
            onSearch={(v) => runSearch(v)}
            aria-label="搜索"
          />
          {shownFilters.map((f) => (
            <Select
              key={f.key}
              allowClear
              placeholder={f.label}
              aria-label={f.label}
              style={{ width: 140 }}
              popupMatchSelectWidth={false}
              value={filterValues[f.key] as string | undefined}
              onChange={(v) => {
                setPage(1);
                setFilterValues((cur) => ({ ...cur, [f.key]: v ?? undefined }));
              }}
              showSearch={{ optionFilterProp: 'label' }}
              options={
                f.kind === 'township'
                  ? townships.map((t) => ({ value: t.code, label: t.name }))
                  : f.kind === 'flag'
                    ? [{ value: true as unknown as string, label: f.label }]
                    : f.choices
                      ? [...f.choices]
                      : (f.options ?? []).map((o) => ({ value: o, label: o }))
              }
            />
          ))}
        </Space>
        <Space>
          <Typography.Text type="secondary" data-testid="list-total">
            共 {data.total} 条
          </Typography.Text>
          {chooser}
          <Button type="primary" onClick={() => (onCreate ? onCreate() : setEditing(null))}>
            新增{entity.label}
          </Button>
        </Space>
      </div>
      <Table<AnyRecord>
        rowKey="id"
        // Dense rows, like the Excel ledgers the clerks know: more records and columns on one screen.
        size="small"
        loading={loading}
        columns={tableColumns}
        dataSource={data.rows}
        // The sum of the declared widths (not max-content): long names are cut with … at their column's width
        // instead of pushing 电话 and 更新时间 off the screen.
        scroll={{ x: tableColumns.reduce((sum, c) => sum + (Number(c.width) || 120), 0) }}
        locale={{
          emptyText:
            search || Object.values(filterValues).some((v) => v !== undefined)
              ? '没有符合条件的记录'
              : `还没有${entity.label}记录,点击“新增${entity.label}”开始录入`,
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
