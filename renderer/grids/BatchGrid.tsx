import { Alert, App as AntApp, Button, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import type { FieldIssue } from '../../shared/api/errors';
import { ENTITIES } from '../../shared/domain/entities';
import type { GridData, GridRowInput, GridRowResult } from '../../shared/grids/contract';
import { GRID_DEFS, periodLabel, type GridKind } from '../../shared/grids/kinds';
import { api } from '../api';
import { errorText } from '../shell/useShowError';
import { useSession } from '../system/sessionStore';
import { planPaste } from './paste';

type Texts = Record<string, string>;
const toText = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
const CHECK_DELAY_MS = 250;

/** The current period (this quarter, this month) as the grid opens by default. */
export function currentPeriod(kind: GridKind, now = new Date()): { year: number; period: number } {
  const m = now.getMonth() + 1;
  return { year: now.getFullYear(), period: GRID_DEFS[kind].periodField === 'quarter' ? Math.ceil(m / 3) : m };
}

interface Props {
  kind: GridKind;
  initial?: { year: number; period: number };
}

/**
 * 季度填报 / 月度运营填报: every facility (canteen) of the office as a row, the period's figures as columns,
 * entered like a spreadsheet: arrows, Tab and Enter move, typing overwrites the cell, F2 edits it, Esc undoes
 * the cell, a block copied from Excel/WPS pastes across cells. The main process checks every changed row by
 * the record's own rules as the clerk goes (red cell: error, orange: warning; the message on hover and focus),
 * and Ctrl+S writes every valid row in one transaction, saying per row what was refused.
 */
export function BatchGrid({ kind, initial }: Props) {
  const def = GRID_DEFS[kind];
  const fields = ENTITIES[def.entity].fields as Record<string, { label: string }>;
  const { modal } = AntApp.useApp();
  const multiTownship = useSession((s) => s.townships.length > 1);
  const townshipName = useSession((s) => s.townshipName);
  const [when, setWhen] = useState(initial ?? currentPeriod(kind));
  const [data, setData] = useState<GridData | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  /** What each row's cells show now, and what was stored when loaded (or last saved). */
  const [texts, setTexts] = useState<Record<string, Texts>>({});
  const [stored, setStored] = useState<Record<string, Texts>>({});
  const [results, setResults] = useState<Record<string, GridRowResult>>({});
  const [prefilled, setPrefilled] = useState<Set<string>>(new Set());
  const [township, setTownship] = useState<string | undefined>();
  const [active, setActive] = useState<{ row: number; col: number }>({ row: 0, col: 0 });
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<{ type: 'success' | 'warning' | 'error' | 'info'; text: string; refused?: string[] } | null>(null);
  const [saving, setSaving] = useState(false);
  const [gridFocused, setGridFocused] = useState(false);
  const tableRef = useRef<HTMLTableElement>(null);
  const cellAtFocus = useRef<string>('');

  const load = useCallback(async () => {
    setData(null);
    setLoadError(null);
    try {
      const d = await api['grids.load']({ kind, year: when.year, period: when.period });
      const fromStore = Object.fromEntries(
        d.rows.map((r) => [r.parentId, Object.fromEntries(def.columns.map((c) => [c, toText(r.record?.values[c])]))]),
      );
      setData(d);
      setStored(fromStore);
      setTexts(fromStore);
      setResults(
        Object.fromEntries(
          d.rows
            .filter((r) => r.record)
            .map((r) => [r.parentId, { parentId: r.parentId, status: 'unchanged' as const, issues: r.record!.warnings }]),
        ),
      );
      setPrefilled(new Set());
      setNotice(null);
    } catch (e) {
      setLoadError(errorText(e));
    }
  }, [kind, when, def.columns]);
  useEffect(() => {
    void load();
  }, [load]);

  const rows = useMemo(() => (data?.rows ?? []).filter((r) => !township || r.townshipCode === township), [data, township]);
  const isDirty = useCallback(
    (id: string) => def.columns.some((c) => (texts[id]?.[c] ?? '').trim() !== (stored[id]?.[c] ?? '')),
    [def.columns, texts, stored],
  );
  const dirtyIds = useMemo(() => (data?.rows ?? []).map((r) => r.parentId).filter(isDirty), [data, isDirty]);

  const rowInput = useCallback(
    (id: string): GridRowInput => {
      const r = data!.rows.find((x) => x.parentId === id)!;
      const own = results[id]?.record ?? r.record;
      return {
        parentId: id,
        ...(own ? { id: own.id, baseHlc: own.hlc } : {}),
        values: Object.fromEntries(def.columns.map((c) => [c, texts[id]?.[c] ?? ''])),
      };
    },
    [data, results, def.columns, texts],
  );

  // Changed rows are checked by the main process shortly after the clerk stops typing (the same rules as a save).
  const checkSeq = useRef(0);
  useEffect(() => {
    if (!data || dirtyIds.length === 0) return;
    const seq = ++checkSeq.current;
    const timer = setTimeout(() => {
      void api['grids.check']({ kind, year: when.year, period: when.period, rows: dirtyIds.map(rowInput) }).then(
        (res) => {
          if (seq !== checkSeq.current) return;
          setResults((cur) => ({ ...cur, ...Object.fromEntries(res.map((r) => [r.parentId, { ...r, record: cur[r.parentId]?.record }])) }));
        },
        () => undefined,
      );
    }, CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [texts, data, dirtyIds, kind, when, rowInput]);

  const save = async () => {
    if (!data || saving) return;
    if (dirtyIds.length === 0) {
      setNotice({ type: 'info', text: '没有修改,无需保存' });
      return;
    }
    setSaving(true);
    ++checkSeq.current; // a check on its way must not overwrite what the save says
    try {
      const res = await api['grids.save']({ kind, year: when.year, period: when.period, rows: dirtyIds.map(rowInput) });
      const savedTexts = Object.fromEntries(res.results.filter((r) => r.status !== 'refused').map((r) => [r.parentId, texts[r.parentId]]));
      setStored((cur) => ({ ...cur, ...savedTexts }));
      setResults((cur) => ({
        ...cur,
        ...Object.fromEntries(res.results.map((r) => [r.parentId, { ...r, record: r.record ?? cur[r.parentId]?.record }])),
      }));
      setPrefilled((cur) => new Set([...cur].filter((id) => !(id in savedTexts))));
      const nameOf = (id: string) => data.rows.find((r) => r.parentId === id)?.name ?? '';
      const refused = res.results
        .filter((r) => r.status === 'refused')
        .map(
          (r) =>
            `${nameOf(r.parentId)}:${r.issues
              .filter((i) => i.level === 'error')
              .map((i) => i.message)
              .join(';')}`,
        );
      setNotice(
        refused.length
          ? { type: 'warning', text: `已保存 ${res.saved} 行;${refused.length} 行没有保存(已标红,改正后再按 Ctrl+S):`, refused }
          : { type: 'success', text: `已保存 ${res.saved} 行${periodLabel(kind, when.year, when.period)}的数据` },
      );
    } catch (e) {
      setNotice({ type: 'error', text: errorText(e) });
    } finally {
      setSaving(false);
    }
  };

  const hasRecord = (id: string) => !!(results[id]?.record ?? data?.rows.find((r) => r.parentId === id)?.record);
  const prefillable = (data?.rows ?? []).filter((r) => !hasRecord(r.parentId) && r.previous && !isDirty(r.parentId));
  const prefill = () => {
    setTexts((cur) => ({
      ...cur,
      ...Object.fromEntries(prefillable.map((r) => [r.parentId, Object.fromEntries(def.columns.map((c) => [c, toText(r.previous?.[c])]))])),
    }));
    setPrefilled((cur) => new Set([...cur, ...prefillable.map((r) => r.parentId)]));
    setNotice({ type: 'info', text: `已按上一期预填 ${prefillable.length} 行(灰色斜体),请逐行核对后保存` });
  };

  /** Leaves the rows on screen (another period, a fresh read) after asking when some are not saved. */
  const discardThen = (then: () => void) => {
    if (dirtyIds.length === 0) return then();
    modal.confirm({
      title: `有 ${dirtyIds.length} 行尚未保存`,
      content: '继续后这些修改将丢失。要先保存,请点“继续编辑”后按 Ctrl+S。',
      okText: '不保存,继续',
      cancelText: '继续编辑',
      autoFocusButton: 'cancel',
      onOk: then,
    });
  };
  const changePeriod = (next: { year: number; period: number }) => discardThen(() => setWhen(next));

  const focusCell = (row: number, col: number, edit = false) => {
    const r = Math.max(0, Math.min(rows.length - 1, row));
    const c = Math.max(0, Math.min(def.columns.length - 1, col));
    setActive({ row: r, col: c });
    setEditing(edit);
    const input = tableRef.current?.querySelector<HTMLInputElement>(`input[data-row="${r}"][data-col="${c}"]`);
    input?.focus();
    if (input && !edit) input.select();
  };

  const setCell = (id: string, col: string, text: string) => setTexts((cur) => ({ ...cur, [id]: { ...cur[id], [col]: text } }));

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>, row: number, col: number) => {
    const id = rows[row].parentId;
    const k = e.key;
    const move = (dr: number, dc: number) => {
      e.preventDefault();
      focusCell(row + dr, col + dc);
    };
    if ((e.ctrlKey || e.metaKey) && k.toLowerCase() === 's') {
      e.preventDefault();
      void save();
    } else if (k === 'ArrowDown') move(1, 0);
    else if (k === 'ArrowUp') move(-1, 0);
    else if (k === 'ArrowRight' && !editing) move(0, 1);
    else if (k === 'ArrowLeft' && !editing) move(0, -1);
    else if (k === 'Enter') move(e.shiftKey ? -1 : 1, 0);
    else if (k === 'Tab') {
      e.preventDefault();
      const last = def.columns.length - 1;
      if (e.shiftKey) focusCell(col === 0 ? row - 1 : row, col === 0 ? last : col - 1);
      else focusCell(col === last ? row + 1 : row, col === last ? 0 : col + 1);
    } else if (k === 'F2') {
      e.preventDefault();
      setEditing(true);
      const input = e.currentTarget;
      input.setSelectionRange(input.value.length, input.value.length);
    } else if (k === 'Escape') {
      // Undo this cell's typing (as in Excel); the key goes no further, so nothing around the grid closes.
      e.preventDefault();
      e.stopPropagation();
      setCell(id, def.columns[col], cellAtFocus.current);
      setEditing(false);
      const input = e.currentTarget;
      setTimeout(() => input.select(), 0);
    }
  };

  const onPaste = (e: ClipboardEvent<HTMLInputElement>, row: number, col: number) => {
    const text = e.clipboardData.getData('text/plain');
    // A single value typed into a cell being edited is ordinary text editing.
    if (editing && !/[\t\r\n]/.test(text)) return;
    e.preventDefault();
    const plan = planPaste(text, { rows: rows.map((r) => ({ id: r.parentId, name: r.name })), columns: def.columns, row, col });
    if (!plan.ok) {
      setNotice({ type: 'error', text: plan.error });
      return;
    }
    setTexts((cur) => {
      const next = { ...cur };
      for (const c of plan.cells) next[c.rowId] = { ...next[c.rowId], [c.col]: c.text.trim() };
      return next;
    });
    setPrefilled((cur) => new Set([...cur].filter((id) => !plan.cells.some((c) => c.rowId === id))));
    if (plan.note) setNotice({ type: 'info', text: `${plan.note};有误的单元格会标红,指向它可看原因` });
  };

  const issuesOf = (id: string, col: string): FieldIssue[] => (results[id]?.issues ?? []).filter((i) => i.field === col);
  const rowLevel = (id: string) => (results[id]?.issues ?? []).filter((i) => !def.columns.includes(i.field));

  const status = (id: string) => {
    const r = results[id];
    const errors = (r?.issues ?? []).filter((i) => i.level === 'error');
    const warnings = (r?.issues ?? []).filter((i) => i.level === 'warning');
    const dirty = isDirty(id);
    const warn =
      warnings.length > 0 ? (
        <Tooltip title={warnings.map((w) => w.message).join(';')}>
          <Tag color="warning">⚠ {warnings.length} 条提示</Tag>
        </Tooltip>
      ) : null;
    if (errors.length)
      return (
        <Typography.Text type="danger" className="grid-status-text">
          ✗ {rowLevel(id).find((i) => i.level === 'error')?.message ?? `${errors.length} 处有误${dirty ? ',未保存' : ''}`}
        </Typography.Text>
      );
    if (dirty)
      return (
        <>
          <Tag color="processing">{prefilled.has(id) ? '预填,未保存' : '未保存'}</Tag>
          {warn}
        </>
      );
    if (hasRecord(id))
      return (
        <>
          <Tag color="success">✓ 已保存</Tag>
          {warn}
        </>
      );
    return <Typography.Text type="secondary">未填</Typography.Text>;
  };

  const periodOptions = Array.from({ length: def.periods }, (_, i) => ({
    value: i + 1,
    label: def.periodField === 'quarter' ? `第 ${i + 1} 季度` : `${i + 1} 月`,
  }));
  const thisYear = new Date().getFullYear();
  const filled = (data?.rows ?? []).filter((r) => hasRecord(r.parentId)).length;

  return (
    <div className="batch-grid">
      <div className="list-toolbar">
        <Space wrap>
          <Select
            aria-label="年度"
            value={when.year}
            style={{ width: 104 }}
            options={Array.from({ length: 5 }, (_, i) => ({ value: thisYear - i, label: `${thisYear - i} 年` }))}
            onChange={(y) => changePeriod({ ...when, year: y })}
          />
          <Select
            aria-label={def.periodField === 'quarter' ? '季度' : '月份'}
            value={when.period}
            style={{ width: 112 }}
            // All twelve months in the list (a virtual list would leave out those scrolled away).
            virtual={false}
            options={periodOptions}
            onChange={(p) => changePeriod({ ...when, period: p })}
          />
          {multiTownship && (
            <Select
              aria-label="乡镇(街道)"
              allowClear
              placeholder="全部乡镇(街道)"
              style={{ width: 150 }}
              value={township}
              onChange={setTownship}
              options={[...new Set((data?.rows ?? []).map((r) => r.townshipCode))].map((c) => ({ value: c, label: townshipName(c) }))}
            />
          )}
          <Tooltip title={`把上一期的数字填入本期还没有数据的行(共 ${prefillable.length} 行),核对修改后再保存`}>
            <Button onClick={prefill} disabled={prefillable.length === 0}>
              按上{def.periodField === 'quarter' ? '季度' : '月'}预填
            </Button>
          </Tooltip>
          <Button onClick={() => discardThen(() => void load())}>刷新</Button>
        </Space>
        <Space>
          <Typography.Text type="secondary" data-testid="grid-summary">
            {data ? `已填 ${filled} / ${data.rows.length} 个${def.rowLabel}${dirtyIds.length ? `,${dirtyIds.length} 行未保存` : ''}` : ''}
          </Typography.Text>
          <Button type="primary" loading={saving} onClick={() => void save()}>
            保存(Ctrl+S)
          </Button>
        </Space>
      </div>
      <Typography.Paragraph type="secondary" className="grid-help">
        方向键、Tab、Enter 移动;直接输入即覆盖,F2 修改单元格内容,Esc 撤销本格;可从 Excel/WPS 复制一块数字后在起始单元格按 Ctrl+V
        粘贴(连同第一列名称一起复制时按名称对应)。
      </Typography.Paragraph>
      {notice && (
        <Alert
          className="grid-notice"
          type={notice.type}
          showIcon
          closable={{ 'aria-label': '关闭提示' }}
          onClose={() => setNotice(null)}
          title={notice.text}
          description={
            notice.refused ? (
              <ul className="issue-list">
                {notice.refused.map((t) => (
                  <li key={t}>{t}</li>
                ))}
              </ul>
            ) : undefined
          }
        />
      )}
      {loadError && <Alert type="error" showIcon title={loadError} />}
      {data && rows.length === 0 && (
        <Alert
          type="info"
          showIcon
          title={`没有需要填报的${def.rowLabel}`}
          description={`状态为“运营”或“暂停”的${def.rowLabel}会列在这里。请先在名录中新增${def.rowLabel}或导入台账。`}
        />
      )}
      {rows.length > 0 && (
        <div className="grid-scroll">
          <table className="grid-table" ref={tableRef} aria-label={`${def.title} · ${periodLabel(kind, when.year, when.period)}`}>
            <thead>
              <tr>
                <th className="grid-no">序号</th>
                <th className="grid-name">{def.rowLabel}</th>
                <th className="grid-info">参考</th>
                {def.columns.map((c) => (
                  <th key={c} className="grid-num-head" title={fields[c].label}>
                    {def.headings[c]}
                    {(ENTITIES[def.entity].fields as Record<string, { required?: boolean }>)[c].required && (
                      <span className="grid-required">*</span>
                    )}
                  </th>
                ))}
                <th className="grid-status">状态</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, ri) => (
                <tr key={r.parentId} data-row-id={r.parentId} className={prefilled.has(r.parentId) ? 'grid-prefilled' : undefined}>
                  <td className="grid-no">{ri + 1}</td>
                  <td className="grid-name" title={r.name}>
                    {r.name}
                    {multiTownship && <span className="grid-township">{townshipName(r.townshipCode)}</span>}
                  </td>
                  <td className="grid-info">{r.info}</td>
                  {def.columns.map((c, ci) => {
                    const issues = issuesOf(r.parentId, c);
                    const error = issues.find((i) => i.level === 'error');
                    const warning = issues.find((i) => i.level === 'warning');
                    const isActive = active.row === ri && active.col === ci;
                    const message = (error ?? warning)?.message;
                    const input = (
                      <input
                        className={`grid-cell${error ? ' grid-cell-error' : warning ? ' grid-cell-warning' : ''}`}
                        data-row={ri}
                        data-col={ci}
                        inputMode="decimal"
                        aria-label={`${r.name} ${fields[c].label}`}
                        aria-invalid={error ? true : undefined}
                        title={message}
                        value={texts[r.parentId]?.[c] ?? ''}
                        onChange={(e) => setCell(r.parentId, c, e.target.value)}
                        onFocus={(e) => {
                          cellAtFocus.current = texts[r.parentId]?.[c] ?? '';
                          setGridFocused(true);
                          if (!isActive) setActive({ row: ri, col: ci });
                          if (!editing) e.currentTarget.select();
                        }}
                        onBlur={(e) => {
                          setEditing(false);
                          if (!(e.relatedTarget instanceof HTMLElement && e.relatedTarget.matches('.grid-cell'))) setGridFocused(false);
                          if (prefilled.has(r.parentId) && (texts[r.parentId]?.[c] ?? '') !== cellAtFocus.current)
                            setPrefilled((cur) => new Set([...cur].filter((x) => x !== r.parentId)));
                        }}
                        onDoubleClick={() => setEditing(true)}
                        onKeyDown={(e) => onKeyDown(e, ri, ci)}
                        onPaste={(e) => onPaste(e, ri, ci)}
                      />
                    );
                    // Always inside its Tooltip (shown on the active cell; hovering shows the title): a message arriving
                    // while the clerk types must not remount the input.
                    return (
                      <td key={c} className={isActive ? 'grid-td-active' : undefined}>
                        <Tooltip
                          title={message}
                          open={!!message && isActive && gridFocused}
                          placement="bottom"
                          color={error ? '#cf1322' : '#ad6800'}
                        >
                          {input}
                        </Tooltip>
                      </td>
                    );
                  })}
                  <td className="grid-status">{status(r.parentId)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
