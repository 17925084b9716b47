import { InboxOutlined } from '@ant-design/icons';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Progress,
  Radio,
  Result,
  Segmented,
  Select,
  Space,
  Steps,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useRef, useState } from 'react';
import type { ImportPreview, ImportSummary, PreviewRow } from '../../shared/import/contract';
import type { JobProgress } from '../../shared/system/progressContract';
import { IMPORT_KINDS, IMPORT_KIND_LABELS, NATURAL_KEYS, type ImportKind } from '../../shared/import/kinds';
import { ApiError, api } from '../api';
import { useJobProgress } from '../shell/useJobProgress';
import { readAsBase64 } from '../shell/files';
import { useRoute, type RouteKey } from '../shell/routes';
import { useSession } from '../system/sessionStore';
import { ImportQuestions } from './Questions';

const ACTION_TAGS: Record<PreviewRow['action'], { color: string; label: string }> = {
  create: { color: 'green', label: '新增' },
  update: { color: 'blue', label: '更新' },
  skip: { color: 'default', label: '未变化' },
  error: { color: 'red', label: '有错误' },
};

const PAGE_OF: Record<ImportKind, RouteKey> = {
  facilities: 'facilities',
  canteens: 'canteens',
  canteenMonths: 'canteens',
  households: 'households',
  targets: 'targets',
};

type RowFilter = 'all' | 'error' | 'warning' | 'create' | 'update';

/** Polls the main process for the progress of a long preview (the call itself answers at the end). */
const useProgress = () => useJobProgress(undefined, { step: '正在读取文件', done: 0, total: 0 });

/** 导入台账: choose a file → check the preview (columns, row messages) → import in one go → summary. */
export function ImportPage() {
  const { message } = AntApp.useApp();
  const townships = useSession((s) => s.townships);
  const go = useRoute((s) => s.go);
  const [kind, setKind] = useState<ImportKind>('facilities');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'preview' | 'commit' | null>(null);
  const [mode, setMode] = useState<'valid' | 'all'>('valid');
  const [filter, setFilter] = useState<RowFilter>('all');
  const { progress, run, cancel, cancelling } = useProgress();
  const fileRef = useRef<File | null>(null);

  const choose = async (file: File) => {
    fileRef.current = file;
    setError(null);
    setSummary(null);
    setBusy('preview');
    try {
      const dataBase64 = await readAsBase64(file);
      const p = await run((jobId) => api['import.preview']({ kind, fileName: file.name, dataBase64, jobId }));
      setPreview(p);
      setFilter(p.counts.error ? 'error' : 'all');
    } catch (e) {
      setError((e as Error).message);
      setPreview(null);
    } finally {
      setBusy(null);
    }
  };

  const remap = async (change: {
    mapping?: Record<string, string | null>;
    defaults?: ImportPreview['defaults'];
    encoding?: 'utf-8' | 'gb18030';
    sheetName?: string;
  }) => {
    if (!preview) return;
    setBusy('preview');
    try {
      const mapping = change.mapping ?? Object.fromEntries(preview.columns.map((c) => [String(c.index), c.key]));
      const p = await run((jobId) =>
        api['import.remap']({
          previewId: preview.previewId,
          mapping,
          defaults: change.defaults ?? preview.defaults,
          encoding: change.encoding,
          sheetName: change.sheetName,
          jobId,
        }),
      );
      setPreview(p);
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  const commit = async () => {
    if (!preview) return;
    setBusy('commit');
    try {
      setSummary(await run((jobId) => api['import.commit']({ previewId: preview.previewId, mode, jobId })));
      setPreview(null);
    } catch (e) {
      // Stopped by the clerk: nothing was imported, the preview stays for another try.
      if (e instanceof ApiError && e.code === 'CANCELLED') message.info(e.message);
      else message.error({ content: (e as Error).message, duration: 8 });
    } finally {
      setBusy(null);
    }
  };

  const reset = () => {
    setPreview(null);
    setSummary(null);
    setError(null);
  };

  const step = summary ? 2 : preview ? 1 : 0;
  return (
    <Card>
      <Steps
        size="small"
        current={step}
        style={{ maxWidth: 720, marginBottom: 16 }}
        items={[{ title: '选择台账文件' }, { title: '核对预览' }, { title: '完成' }]}
      />
      {step === 0 && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Space wrap>
            <Typography.Text strong>台账类型</Typography.Text>
            <Segmented
              aria-label="台账类型"
              value={kind}
              onChange={(v) => setKind(v as ImportKind)}
              options={IMPORT_KINDS.map((k) => ({ value: k, label: IMPORT_KIND_LABELS[k] }))}
            />
          </Space>
          <Upload.Dragger
            accept=".xlsx,.xlsm,.xlsb,.xls,.et,.ods,.csv,.txt"
            showUploadList={false}
            disabled={busy !== null}
            beforeUpload={(f) => {
              void choose(f);
              return false;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">点击选择或把文件拖到这里:Excel(.xlsx、.xls)、WPS(.et)、.ods 或 CSV</p>
            <p className="ant-upload-hint">
              表头可在前 30 行内;标题行、合并的两行表头、空行、合计行和落款会自动识别。按“{NATURAL_KEYS[kind]}
              ”识别同一条记录,重复导入不会产生重复记录。
            </p>
          </Upload.Dragger>
          {busy && <ProgressLine progress={progress} />}
          {error && <Alert type="error" showIcon message="文件没有导入" description={error} />}
        </Space>
      )}
      {step === 1 && preview && (
        <PreviewView
          preview={preview}
          townships={townships}
          busy={busy}
          progress={progress}
          mode={mode}
          setMode={setMode}
          filter={filter}
          setFilter={setFilter}
          onRemap={(c) => void remap(c)}
          onCommit={() => void commit()}
          onStop={() => void cancel()}
          stopping={cancelling}
          onCancel={reset}
        />
      )}
      {step === 2 && summary && (
        <Result
          status={summary.failed.length ? 'warning' : 'success'}
          title={summary.message}
          subTitle={summary.backupName ? `导入前已自动备份数据(备份名 ${summary.backupName},可在“设置 → 备份”中查看)。` : undefined}
          extra={[
            <Button key="again" type="primary" onClick={reset}>
              继续导入
            </Button>,
            <Button key="view" onClick={() => go(PAGE_OF[kind])}>
              查看{IMPORT_KIND_LABELS[kind].replace('台账', '')}
            </Button>,
          ]}
        >
          {summary.failed.length > 0 && (
            <Table
              size="small"
              rowKey="row"
              pagination={{ pageSize: 10 }}
              dataSource={summary.failed}
              columns={[
                { title: '行号', dataIndex: 'row', width: 80 },
                { title: '未导入的原因', dataIndex: 'message' },
              ]}
            />
          )}
        </Result>
      )}
    </Card>
  );
}

function ProgressLine({ progress }: { progress: JobProgress | null }) {
  if (!progress || progress.total === 0)
    return <Progress percent={100} status="active" showInfo={false} format={() => ''} aria-label="导入进度" />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">
        {progress.step}第 {progress.done.toLocaleString('zh-CN')} / {progress.total.toLocaleString('zh-CN')} 行…
      </Typography.Text>
      <Progress percent={Math.floor((progress.done / progress.total) * 100)} status="active" aria-label="导入进度" />
    </Space>
  );
}

interface PreviewProps {
  preview: ImportPreview;
  townships: { code: string; name: string }[];
  busy: 'preview' | 'commit' | null;
  progress: JobProgress | null;
  mode: 'valid' | 'all';
  setMode(m: 'valid' | 'all'): void;
  filter: RowFilter;
  setFilter(f: RowFilter): void;
  onRemap(c: {
    mapping?: Record<string, string | null>;
    defaults?: ImportPreview['defaults'];
    encoding?: 'utf-8' | 'gb18030';
    sheetName?: string;
  }): void;
  onCommit(): void;
  /** Stops the import while it runs (nothing is imported then). */
  onStop(): void;
  stopping: boolean;
  onCancel(): void;
}

function PreviewView({
  preview: p,
  townships,
  busy,
  progress,
  mode,
  setMode,
  filter,
  setFilter,
  onRemap,
  onCommit,
  onStop,
  stopping,
  onCancel,
}: PreviewProps) {
  const c = p.counts;
  const writes = c.create + c.update;
  const mappedKeys = new Set(p.columns.map((x) => x.key).filter(Boolean));
  const setColumn = (index: number, key: string | null) =>
    onRemap({
      mapping: Object.fromEntries(p.columns.map((x) => [String(x.index), x.index === index ? key : x.key === key ? null : x.key])),
    });
  const rows = p.rows.filter((r) =>
    filter === 'all'
      ? true
      : filter === 'error'
        ? r.action === 'error'
        : filter === 'warning'
          ? r.action !== 'error' && r.issues.some((i) => i.level === 'warning')
          : r.action === filter,
  );
  const needsTownship = p.available.some((a) => a.key === 'township') && !mappedKeys.has('township') && townships.length > 1;
  const openQuestions = p.questions.filter((q) => q.answer === null).length;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Text>
          文件 <b>{p.fileName}</b>
          {p.sheets.length > 1 ? ' · 工作表 ' : ''}
        </Typography.Text>
        {p.sheets.length > 1 && (
          <Select
            aria-label="工作表"
            size="small"
            value={p.sheetName}
            onChange={(v) => onRemap({ sheetName: v })}
            options={p.sheets.map((s) => ({ value: s, label: s }))}
            style={{ minWidth: 120 }}
          />
        )}
        <Typography.Text type="secondary">
          {p.format} · 表头在第 {p.headerRow} 行
        </Typography.Text>
        {p.encoding && (
          <Space size={4}>
            <Typography.Text type="secondary">文字编码</Typography.Text>
            <Select
              aria-label="文字编码"
              size="small"
              value={p.encoding}
              onChange={(v) => onRemap({ encoding: v as 'utf-8' | 'gb18030' })}
              options={[
                { value: 'gb18030', label: 'GB18030/GBK(WPS、Excel 默认)' },
                { value: 'utf-8', label: 'UTF-8' },
              ]}
              style={{ width: 230 }}
            />
            <Typography.Text type="secondary">(出现乱码时换一种)</Typography.Text>
          </Space>
        )}
      </Space>
      <ImportQuestions preview={p} disabled={busy !== null} onAnswer={(defaults) => onRemap({ defaults })} />
      {needsTownship && (
        <Space wrap>
          <Typography.Text>表中没有的项目按此填写:</Typography.Text>
          <Select
            aria-label="默认乡镇"
            allowClear
            placeholder="乡镇(街道)"
            value={p.defaults.townshipCode}
            onChange={(v) => onRemap({ defaults: { ...p.defaults, townshipCode: v } })}
            options={townships.map((t) => ({ value: t.code, label: t.name }))}
            style={{ width: 160 }}
          />
        </Space>
      )}
      {p.blockers.map((b) => (
        <Alert key={b} type="error" showIcon message={b} />
      ))}
      {p.sharedWarnings.length > 0 && (
        <Alert
          type="warning"
          showIcon
          message="多行相同的提醒(已从各行中合并到这里)"
          description={
            <ul className="import-notes">
              {p.sharedWarnings.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          }
        />
      )}
      {p.notes.length > 0 && (
        <Alert
          type="info"
          showIcon
          message={
            <ul className="import-notes">
              {p.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          }
        />
      )}
      <Card size="small" title={`列对应${p.rememberedMapping ? '(已沿用上次对这种表格的选择)' : ''}`}>
        <div className="import-mapping">
          {p.columns.map((col) => (
            <div key={col.index} className="import-mapping-item">
              <div className="import-mapping-head" title={col.hidden ? `${col.header}(表中隐藏的列)` : col.header}>
                {col.hidden ? <Tag color="default">隐藏</Tag> : null}
                {col.header}
              </div>
              <Select
                aria-label={`“${col.header}”列对应`}
                size="small"
                showSearch={{ optionFilterProp: 'label' }}
                value={col.key ?? ''}
                status={col.key || /^(序号|编号|栏次)$/.test(col.header) ? undefined : 'warning'}
                onChange={(v) => setColumn(col.index, v || null)}
                options={[
                  { value: '', label: '(不导入)' },
                  ...p.available.map((a) => ({ value: a.key, label: `${a.label}${a.required ? ' *' : ''}` })),
                ]}
                style={{ width: '100%' }}
              />
              <div className="import-mapping-sample" title={col.sample}>
                例:{col.sample || '—'}
              </div>
            </div>
          ))}
        </div>
      </Card>
      <Space wrap size="small">
        <Typography.Text>共 {c.total.toLocaleString('zh-CN')} 行:</Typography.Text>
        <Tag color="green">新增 {c.create}</Tag>
        <Tag color="blue">更新 {c.update}</Tag>
        <Tag>未变化 {c.skip}</Tag>
        <Tag color="red">有错误 {c.error}</Tag>
        <Tag color="gold">有提醒 {c.warning}</Tag>
      </Space>
      <Segmented
        aria-label="显示的行"
        value={filter}
        onChange={(v) => setFilter(v as RowFilter)}
        options={[
          { value: 'all', label: '全部' },
          { value: 'error', label: `有错误(${c.error})` },
          { value: 'warning', label: `有提醒(${c.warning})` },
          { value: 'create', label: '新增' },
          { value: 'update', label: '更新' },
        ]}
      />
      <Table<PreviewRow>
        size="small"
        rowKey="row"
        loading={busy === 'preview'}
        dataSource={rows}
        pagination={{
          pageSize: 50,
          showSizeChanger: false,
          showTotal: (n) => (p.rows.length < c.total && filter === 'all' ? `显示 ${n} 行(有问题的行在前)` : `${n} 行`),
        }}
        rowClassName={(r) => (r.action === 'error' ? 'import-row-error' : '')}
        columns={[
          { title: '行号', dataIndex: 'row', width: 64 },
          {
            title: '处理',
            dataIndex: 'action',
            width: 80,
            render: (a: PreviewRow['action']) => <Tag color={ACTION_TAGS[a].color}>{ACTION_TAGS[a].label}</Tag>,
          },
          { title: '记录', dataIndex: 'title', width: 220, ellipsis: true },
          {
            title: '问题与说明',
            render: (_, r) =>
              r.issues.length || r.changes?.length ? (
                <ul className="import-issues">
                  {r.issues.map((i) => (
                    <li
                      key={`${i.level}${i.column ?? ''}${i.message}`}
                      className={i.level === 'error' ? 'import-issue-error' : 'import-issue-warning'}
                    >
                      {i.column ? <b>{i.column}:</b> : null}
                      {i.message}
                    </li>
                  ))}
                  {r.changes?.length ? <li>将修改:{r.changes.join('、')}</li> : null}
                </ul>
              ) : (
                <Typography.Text type="secondary">无</Typography.Text>
              ),
          },
        ]}
      />
      {busy && <ProgressLine progress={progress} />}
      <Card size="small">
        <Space wrap>
          <Radio.Group value={mode} onChange={(e) => setMode(e.target.value)}>
            <Radio value="valid">只导入无误的行({writes} 行),有错误的行跳过</Radio>
            <Radio value="all">全部无误才导入(有任何错误就一行也不导入)</Radio>
          </Radio.Group>
          <Button
            type="primary"
            loading={busy === 'commit'}
            disabled={busy !== null || p.blockers.length > 0 || openQuestions > 0 || writes === 0 || (mode === 'all' && c.error > 0)}
            onClick={onCommit}
          >
            {busy === 'commit' ? `正在导入 ${writes.toLocaleString('zh-CN')} 行…` : `导入(新增 ${c.create},更新 ${c.update})`}
          </Button>
          {busy === 'commit' ? (
            <Button danger onClick={onStop} loading={stopping}>
              {stopping ? '正在取消…' : '取消导入'}
            </Button>
          ) : (
            <Button onClick={onCancel}>重新选择文件</Button>
          )}
          {openQuestions > 0 && <Typography.Text type="warning">请先回答上方的 {openQuestions} 个问题。</Typography.Text>}
          {writes === 0 && !p.blockers.length && <Typography.Text type="secondary">没有需要导入的新内容。</Typography.Text>}
        </Space>
      </Card>
    </Space>
  );
}
