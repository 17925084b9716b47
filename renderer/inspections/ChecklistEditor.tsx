import { ArrowDownOutlined, ArrowUpOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Checkbox, Input, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import {
  CHECKLIST_CATEGORY_MAX,
  CHECKLIST_TEXT_MAX,
  type ChecklistVersionInfo,
  type ChecklistVersionItems,
} from '../../shared/inspections/checklists';
import { api } from '../api';
import { useShowError } from '../shell/useShowError';
import { ChecklistHistory } from './ChecklistHistory';
import {
  activeIn,
  addRow,
  draftFrom,
  moveCategory,
  moveRow,
  setRetired,
  summarize,
  toPayload,
  updateRow,
  type Draft,
  type DraftRow,
} from './checklistDraft';

const NUM = '一二三四五六七八九十';

/**
 * 检查表维护 (admins): reword, add, retire/restore, reorder items and categories, mark ★ items, then save the
 * whole list as a NEW version. Inspections already recorded keep the version they were answered on, so
 * nothing here changes an old record or its printout. Keyboard: Alt+↑/↓ moves the item being edited,
 * Alt+Enter adds an item at the end of the same category, Ctrl+S saves.
 */
export function ChecklistEditor() {
  const { message, modal } = AntApp.useApp();
  const showError = useShowError();
  const [versions, setVersions] = useState<ChecklistVersionInfo[]>([]);
  const [base, setBase] = useState<ChecklistVersionItems | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [newCategory, setNewCategory] = useState('');
  const [saving, setSaving] = useState(false);
  const inputs = useRef(new Map<string, TextAreaRef>());
  const focusKey = useRef<string | null>(null);
  const nextKey = useRef(0);

  const load = useCallback(async () => {
    try {
      const list = await api['checklists.versions']({});
      setVersions(list);
      const cur = list.find((v) => v.isCurrent);
      if (!cur) return;
      const items = await api['checklists.items']({ version: cur.version });
      setBase(items);
      setDraft(draftFrom(items));
    } catch (e) {
      showError(e);
    }
  }, [showError]);
  useEffect(() => void load(), [load]);

  // Moving or adding a row re-renders the table; put the cursor back in the row the keyboard acted on.
  useEffect(() => {
    const k = focusKey.current;
    if (!k) return;
    focusKey.current = null;
    inputs.current.get(k)?.focus();
  });

  const summary = useMemo(() => (base && draft ? summarize(base, draft) : { changes: [], problems: [] }), [base, draft]);
  const dirty = summary.changes.length > 0;
  const original = useMemo(() => new Map((base?.items ?? []).map((i) => [i.code, i])), [base]);
  const retiredBefore = useMemo(() => new Set((base?.retired ?? []).map((i) => i.code)), [base]);

  const edit = (fn: (d: Draft) => Draft, focus?: string) => {
    if (focus) focusKey.current = focus;
    setDraft((d) => (d ? fn(d) : d));
  };
  const add = (category: string) => {
    const key = `new-${++nextKey.current}`;
    edit((d) => addRow(d, category, key), key);
  };
  const addCategory = () => {
    const name = newCategory.trim();
    if (!name) return void message.warning('请先填写新类别的名称,例如“防汛防灾安全”。');
    if (draft?.categories.includes(name)) return void message.warning(`已经有“${name}”类别,请在该类别下面点“添加检查项”。`);
    add(name);
    setNewCategory('');
  };

  const save = () => {
    if (!base || !draft || saving) return;
    if (!dirty) return void message.info('检查表没有修改,不需要保存。');
    if (summary.problems.length) return void message.error(summary.problems[0]);
    modal.confirm({
      title: '保存为新版本?',
      content: (
        <>
          <p>本次修改:{summary.changes.join(',')}。</p>
          <p>
            保存后,新录入的检查和新打印的空白检查表使用新版本。已录入的检查(包括按 {base.info.version} 版录入的 {base.info.inspectionCount}{' '}
            次)仍按各自录入时的版本显示和打印,不受影响。
          </p>
        </>
      ),
      okText: '保存为新版本',
      cancelText: '再检查一下',
      onOk: async () => {
        setSaving(true);
        try {
          const v = await api['checklists.save']({ baseVersion: base.info.version, items: toPayload(draft) });
          message.success(`已保存为新版本 ${v.version},今后新录入的检查使用这个版本。`);
          await load();
        } catch (e) {
          showError(e);
        } finally {
          setSaving(false);
        }
      },
    });
  };
  const discard = () =>
    modal.confirm({
      title: '放弃全部修改?',
      content: '检查表将恢复为当前使用的版本,未保存的修改会丢失。',
      okText: '放弃修改',
      cancelText: '继续编辑',
      onOk: () => base && setDraft(draftFrom(base)),
    });

  const onTextKey = (e: KeyboardEvent<HTMLTextAreaElement>, r: DraftRow) => {
    if (!e.altKey) return;
    if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault();
      edit((d) => moveRow(d, r.key, e.key === 'ArrowUp' ? -1 : 1), r.key);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      add(r.category);
    }
  };
  const onKeyDownCapture = (e: KeyboardEvent<HTMLDivElement>) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
      e.preventDefault();
      save();
    }
  };

  if (!base || !draft) return <Card loading />;

  const changedTag = (r: DraftRow) => {
    if (!r.code) return <Tag color="blue">新增</Tag>;
    if (retiredBefore.has(r.code)) return <Tag color="cyan">恢复</Tag>;
    const o = original.get(r.code);
    return o && (o.text !== r.text.trim() || o.major !== r.major || o.category !== r.category) ? <Tag color="gold">已修改</Tag> : null;
  };
  const categoryOptions = draft.categories.map((c) => ({ value: c, label: c }));
  const columns = (rows: DraftRow[]): ColumnsType<DraftRow> => [
    {
      title: '编号',
      key: 'code',
      width: 90,
      render: (_, r) => (
        <Space size={4}>
          {r.code ?? ''}
          {changedTag(r)}
        </Space>
      ),
    },
    {
      title: '检查内容',
      key: 'text',
      render: (_, r) => (
        <Input.TextArea
          ref={(el) => {
            if (el) inputs.current.set(r.key, el);
            else inputs.current.delete(r.key);
          }}
          aria-label={`${r.code ?? '新增项'} 检查内容`}
          autoSize={{ minRows: 1, maxRows: 4 }}
          maxLength={CHECKLIST_TEXT_MAX}
          value={r.text}
          status={r.text.trim() ? undefined : 'error'}
          placeholder="填写检查内容,例如:灭火器在有效期内、压力正常"
          onChange={(e) => edit((d) => updateRow(d, r.key, { text: e.target.value }))}
          onKeyDown={(e) => onTextKey(e, r)}
        />
      ),
    },
    {
      title: '★ 重大',
      key: 'major',
      width: 80,
      render: (_, r) => (
        <Checkbox
          aria-label={`${r.code ?? '新增项'} 标为★重大事故隐患项`}
          checked={r.major}
          onChange={(e) => edit((d) => updateRow(d, r.key, { major: e.target.checked }))}
        >
          ★
        </Checkbox>
      ),
    },
    {
      title: '类别',
      key: 'category',
      width: 180,
      render: (_, r) => (
        <Select
          aria-label={`${r.code ?? '新增项'} 所属类别`}
          size="small"
          style={{ width: 165 }}
          value={r.category}
          options={categoryOptions}
          onChange={(c: string) => edit((d) => updateRow(d, r.key, { category: c }), r.key)}
        />
      ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 150,
      render: (_, r) => {
        const i = rows.indexOf(r);
        return (
          <Space size={2}>
            <Button
              size="small"
              icon={<ArrowUpOutlined />}
              aria-label="上移"
              title="上移(Alt+↑)"
              disabled={i === 0}
              onClick={() => edit((d) => moveRow(d, r.key, -1))}
            />
            <Button
              size="small"
              icon={<ArrowDownOutlined />}
              aria-label="下移"
              title="下移(Alt+↓)"
              disabled={i === rows.length - 1}
              onClick={() => edit((d) => moveRow(d, r.key, 1))}
            />
            <Button size="small" type="link" danger onClick={() => edit((d) => setRetired(d, r.key, true))}>
              {r.code ? '停用' : '删除'}
            </Button>
          </Space>
        );
      },
    },
  ];
  const retired = draft.rows.filter((r) => r.retired);
  const actions = (
    <Space>
      {dirty && <Typography.Text type="warning">有未保存的修改:{summary.changes.join(',')}</Typography.Text>}
      <Button onClick={discard} disabled={!dirty || saving}>
        放弃修改
      </Button>
      <Button type="primary" onClick={save} loading={saving} disabled={!dirty}>
        保存为新版本
      </Button>
    </Space>
  );

  const editor = (
    <div onKeyDownCapture={onKeyDownCapture}>
      {/* Kept in view while scrolling through 50-odd items, so saving never means scrolling back up. */}
      <div
        style={{
          position: 'sticky',
          top: 0,
          zIndex: 5,
          background: '#fff',
          padding: '8px 12px',
          marginBottom: 12,
          borderBottom: '1px solid #f0f0f0',
          display: 'flex',
          justifyContent: 'space-between',
          alignItems: 'center',
          gap: 12,
          flexWrap: 'wrap',
        }}
      >
        <Typography.Text strong>
          正在编辑:{base.info.version} 版(当前使用,{base.info.itemCount} 项)
        </Typography.Text>
        {actions}
      </div>
      {summary.problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title="以下问题改好后才能保存"
          description={
            <ul className="issue-list">
              {summary.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          }
        />
      )}
      {draft.categories.map((cat, ci) => {
        const rows = activeIn(draft, cat);
        return (
          <section key={cat} aria-label={`类别 ${cat}`} style={{ marginBottom: 16 }}>
            <Space style={{ marginBottom: 6 }}>
              <Typography.Text strong>
                {NUM[ci] ?? ci + 1}、{cat}
              </Typography.Text>
              <Typography.Text type="secondary">{rows.length} 项</Typography.Text>
              <Button
                size="small"
                icon={<ArrowUpOutlined />}
                aria-label={`类别“${cat}”上移`}
                title="整个类别上移"
                disabled={ci === 0}
                onClick={() => edit((d) => moveCategory(d, cat, -1))}
              />
              <Button
                size="small"
                icon={<ArrowDownOutlined />}
                aria-label={`类别“${cat}”下移`}
                title="整个类别下移"
                disabled={ci === draft.categories.length - 1}
                onClick={() => edit((d) => moveCategory(d, cat, 1))}
              />
            </Space>
            <Table<DraftRow>
              size="small"
              rowKey="key"
              pagination={false}
              dataSource={rows}
              columns={columns(rows)}
              locale={{ emptyText: '这个类别没有在用的检查项;保存后该类别不再出现。' }}
            />
            <Button size="small" type="dashed" icon={<PlusOutlined />} style={{ marginTop: 6 }} onClick={() => add(cat)}>
              在“{cat}”中添加检查项
            </Button>
          </section>
        );
      })}
      <Space.Compact style={{ marginBottom: 16 }}>
        <Input
          aria-label="新类别名称"
          placeholder="新类别名称,如 防汛防灾安全"
          maxLength={CHECKLIST_CATEGORY_MAX}
          value={newCategory}
          onChange={(e) => setNewCategory(e.target.value)}
          onPressEnter={addCategory}
          style={{ width: 260 }}
        />
        <Button icon={<PlusOutlined />} onClick={addCategory}>
          添加类别
        </Button>
      </Space.Compact>
      <Typography.Title level={5}>已停用的检查项({retired.length})</Typography.Title>
      <Table<DraftRow>
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={retired}
        locale={{ emptyText: '没有停用的检查项' }}
        columns={[
          {
            title: '编号',
            dataIndex: 'code',
            width: 90,
            render: (c: string) => (
              <Space size={4}>
                {c}
                {original.has(c) && <Tag color="orange">本次停用</Tag>}
              </Space>
            ),
          },
          { title: '类别', dataIndex: 'category', width: 150 },
          { title: '检查内容', dataIndex: 'text', render: (t: string, r) => (r.major ? `★ ${t}` : t) },
          {
            title: '操作',
            key: 'restore',
            width: 80,
            render: (_, r) => (
              <Button size="small" type="link" onClick={() => edit((d) => setRetired(d, r.key, false), r.key)}>
                恢复
              </Button>
            ),
          },
        ]}
      />
    </div>
  );

  return (
    <>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 8 }}
        title="修改检查表会生成一个新版本"
        description="每次保存都生成新版本并立即用于新录入的检查;已录入的检查仍按录入时的版本显示和打印。不再检查的项目请“停用”(可随时恢复),编号不会被新项目占用。标 ★ 的项目不符合时记为重大事故隐患。快捷键:Alt+↑/↓ 移动正在编辑的项目,Alt+Enter 在同一类别末尾添加一项,Ctrl+S 保存。"
      />
      <Card size="small">
        <Tabs
          size="small"
          items={[
            { key: 'edit', label: '编辑当前版本', children: editor },
            { key: 'history', label: `版本历史(${versions.length})`, children: <ChecklistHistory versions={versions} /> },
          ]}
        />
      </Card>
    </>
  );
}
