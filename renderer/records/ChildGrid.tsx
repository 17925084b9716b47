import { App as AntApp, Button, Drawer, Popconfirm, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { EntityDef, EntityName } from '../../shared/domain/entity';
import { recordApi, type AnyRecord } from './recordApi';
import { RecordForm, type FormSection, type RecordFormProps } from './RecordForm';

interface Props {
  open: boolean;
  title: string;
  name: EntityName;
  entity: EntityDef;
  parentField: string;
  parentId: string | null;
  columns: { key: string; title?: string; width?: number; render?: (r: AnyRecord) => ReactNode }[];
  sections: FormSection[];
  sort: { field: string; order: 'asc' | 'desc' };
  defaults?: (rows: AnyRecord[]) => Record<string, unknown>;
  /** Rows shown under the table (e.g. quarter totals of monthly figures). */
  summary?: (rows: AnyRecord[]) => ReactNode;
  onClose: () => void;
  formProps?: Pick<RecordFormProps, 'controls' | 'onFieldChange' | 'banner'>;
}

/** The small grid of a record's child rows (quarterly figures, monthly operations, plan items, steps). */
export function ChildGrid({
  open,
  title,
  name,
  entity,
  parentField,
  parentId,
  columns,
  sections,
  sort,
  defaults,
  summary,
  onClose,
  formProps,
}: Props) {
  const { message } = AntApp.useApp();
  const api = useMemo(() => recordApi(name), [name]);
  const [rows, setRows] = useState<AnyRecord[]>([]);
  const [editing, setEditing] = useState<AnyRecord | null | undefined>(undefined);
  const load = useCallback(async () => {
    if (!parentId) return;
    const res = await api.list({ filters: { [parentField]: parentId }, sort, pageSize: 500 });
    setRows(res.rows);
  }, [api, parentField, parentId, sort]);
  useEffect(() => {
    if (open) void load();
  }, [open, load]);

  const cols: ColumnsType<AnyRecord> = [
    ...columns.map((c) => ({
      key: c.key,
      dataIndex: c.key,
      width: c.width,
      title: c.title ?? entity.fields[c.key]?.label ?? c.key,
      render: (_: unknown, r: AnyRecord) =>
        c.render ? c.render(r) : typeof r[c.key] === 'boolean' ? (r[c.key] ? '是' : '否') : (r[c.key] as ReactNode),
    })),
    {
      key: 'actions',
      title: '操作',
      width: 120,
      render: (_: unknown, r: AnyRecord) => (
        <Space size={4}>
          <Button size="small" type="link" onClick={() => setEditing(r)}>
            修改
          </Button>
          <Popconfirm
            title="删除这一行?"
            okText="删除"
            cancelText="取消"
            okButtonProps={{ danger: true }}
            onConfirm={() => api.remove(r.id).then(load, (e: Error) => message.error(e.message))}
          >
            <Button size="small" type="link" danger>
              删除
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={980}
      title={title}
      destroyOnHidden
      extra={
        <Button type="primary" onClick={() => setEditing(null)}>
          新增一行
        </Button>
      }
    >
      <Table<AnyRecord>
        size="small"
        rowKey="id"
        columns={cols}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: '还没有数据,点击“新增一行”' }}
        onRow={(r) => ({ onDoubleClick: () => setEditing(r) })}
      />
      {summary && rows.length > 0 && <div className="child-summary">{summary(rows)}</div>}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        双击一行可修改。
      </Typography.Paragraph>
      <RecordForm
        name={name}
        entity={entity}
        sections={sections}
        record={editing ?? null}
        defaults={{ ...(defaults?.(rows) ?? {}), [parentField]: parentId }}
        open={editing !== undefined}
        {...formProps}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          setEditing(undefined);
          void load();
        }}
      />
    </Drawer>
  );
}
