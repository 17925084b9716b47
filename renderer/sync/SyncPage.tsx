import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Descriptions,
  Modal,
  Popconfirm,
  Progress,
  Space,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { OFFICE_LEVEL_LABELS } from '../../shared/domain/enums';
import type { ConflictRow, HeldPackage, OwnClock, PackageSummary, PeerStatus, SyncHistoryRow } from '../../shared/sync/types';
import type { OfficeInfo } from '../../shared/system/types';
import { api } from '../api';
import { readAsBase64, saveExport } from '../shell/files';
import { formatDateTime } from '../shell/format';
import { JobProgressLine } from '../shell/JobProgressLine';
import { useJobProgress } from '../shell/useJobProgress';
import { useSession } from '../system/sessionStore';

const fmt = (v: string | null) => (v ? formatDateTime(v) : '—');
const show = (v: string | null) => (v === null ? '(空)' : v.replace(/^"(.*)"$/, '$1'));

/** 数据交换: exchange signed packages on USB sticks with the parent and child offices (spec §9). */
export function SyncPage() {
  const { message, modal } = AntApp.useApp();
  const isAdmin = useSession((s) => s.status?.user?.role === 'admin');
  const [self, setSelf] = useState<OfficeInfo | null>(null);
  const [peers, setPeers] = useState<PeerStatus[]>([]);
  const [history, setHistory] = useState<SyncHistoryRow[]>([]);
  const [conflicts, setConflicts] = useState<ConflictRow[]>([]);
  const [clock, setClock] = useState<string | null>(null);
  const [own, setOwn] = useState<OwnClock | null>(null);
  const [held, setHeld] = useState<HeldPackage[]>([]);
  const [pending, setPending] = useState<{ data: string; summary: PackageSummary } | null>(null);
  const [busy, setBusy] = useState(false);
  // Exporting and applying a package of 100k changes take seconds: progress, and a 取消 that leaves nothing.
  const job = useJobProgress();

  const load = useCallback(async () => {
    const s = await api['sync.status']({});
    setSelf(s.self);
    setPeers(s.peers);
    setClock(s.clockWarning);
    setOwn(s.ownClock);
    setHeld(s.held);
    setHistory(await api['sync.history']({}));
    setConflicts(await api['sync.conflicts']({ status: 'open' }));
  }, []);
  useEffect(() => {
    load().catch((e: Error) => message.error(e.message));
  }, [load, message]);

  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await fn();
      await load();
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  /** A package that was not imported: the whole reason stays on screen until the clerk has read it. */
  const refused = (e: unknown) => modal.error({ title: '同步包没有导入', content: (e as Error).message, okText: '知道了', width: 600 });
  const pick = (onFile: (b64: string) => Promise<unknown>) => ({
    showUploadList: false,
    beforeUpload: (file: File) => {
      void run(async () => onFile(await readAsBase64(file)));
      return false;
    },
  });

  /** After an import or a second check: a held package says why; an applied one saves its acknowledgement. */
  const afterImport = async (r: { summary: PackageSummary; ack: unknown }) => {
    if (r.summary.hold) {
      modal.warning({ title: '同步包已暂存,没有导入', content: r.summary.hold.message, okText: '知道了', width: 560 });
      return;
    }
    // Saved like every other file (另存为 dialog, atomic write in the desktop app; a download in the browser).
    const saved = await saveExport('sync.ackFile', { packageId: r.summary.packageId });
    const what = r.summary.alreadyImported ? '这个同步包以前已导入过,没有重复导入' : '已导入';
    if (saved) message.success(`${what}。回执文件已保存,请拷贝给对方。`);
    else message.warning(`${what}。回执没有保存;可以在“交换记录”里点“再次保存回执”。`);
  };
  const repair = () =>
    modal.confirm({
      title: '校正时间戳',
      width: 560,
      content: (
        <Typography.Paragraph>
          电脑现在的日期是 <b>{new Date().toLocaleDateString('zh-CN')}</b>。请先确认这是今天的正确日期(看一下手机)。确认后,本单位
          {own?.futureChanges ? ` ${own.futureChanges} 项` : ''}时间戳超前的修改将按现在的时间重新编排:修改的内容不变,会随下一个同步包发出。
        </Typography.Paragraph>
      ),
      okText: '日期正确,校正',
      cancelText: '取消',
      onOk: () =>
        run(async () => {
          const r = await api['sync.repairClock']({});
          message.success(`已校正 ${r.edits} 次修改的时间戳,请重新导出同步包`);
        }),
    });
  const waiting = held.filter((h) => h.status === 'held');

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <JobProgressLine job={job} />
      {clock && (
        <Alert
          type="warning"
          showIcon
          message="本机时钟"
          description={clock}
          action={
            own?.canRepair && (
              <Button size="small" onClick={repair}>
                校正时间戳
              </Button>
            )
          }
        />
      )}
      {waiting.length > 0 && (
        <Card size="small" title={`暂存的同步包(${waiting.length})`}>
          <Alert type="error" showIcon message={waiting[0].message} style={{ marginBottom: 12 }} />
          <Table<HeldPackage>
            size="small"
            rowKey="packageId"
            pagination={false}
            dataSource={waiting}
            columns={[
              { title: '来自', dataIndex: 'senderName' },
              { title: '对方制作时间', dataIndex: 'createdAt', render: fmt },
              { title: '最晚的修改时间', dataIndex: 'latestAt', render: fmt },
              { title: '暂存时间', dataIndex: 'heldAt', render: fmt },
              { title: '字段变更', dataIndex: 'changeCount', width: 90 },
              {
                title: '操作',
                key: 'a',
                width: 200,
                render: (_: unknown, h) => (
                  <Space size={4}>
                    <Button
                      size="small"
                      type="link"
                      onClick={() =>
                        void run(async () => {
                          await afterImport(await api['sync.retryHeld']({ packageId: h.packageId }));
                        })
                      }
                    >
                      重新检查
                    </Button>
                    <Popconfirm
                      title="作废这个暂存的同步包?"
                      description="对方的修改仍在对方电脑上,对方改正日期后重新导出即可,不会丢失。"
                      okText="作废"
                      cancelText="取消"
                      onConfirm={() =>
                        void run(async () => {
                          const r = await api['sync.discardHeld']({ packageId: h.packageId });
                          message.success(`已作废${r.senderName}的暂存同步包`);
                        })
                      }
                    >
                      <Button size="small" type="link" danger>
                        作废
                      </Button>
                    </Popconfirm>
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      )}
      <Card size="small" title="本单位">
        <Descriptions size="small" column={3}>
          <Descriptions.Item label="单位">{self?.name}</Descriptions.Item>
          <Descriptions.Item label="级别">{self ? OFFICE_LEVEL_LABELS[self.level] : ''}</Descriptions.Item>
          <Descriptions.Item label="区划代码">{self?.divisionCode}</Descriptions.Item>
        </Descriptions>
        <Space wrap>
          <Button
            onClick={() =>
              void run(async () => {
                await saveExport('sync.officeCard', {});
              })
            }
          >
            导出本单位公钥文件(交给上级/下级登记)
          </Button>
          <Upload
            {...pick(async (b) => {
              const r = await api['sync.registerOffice']({ dataBase64: b });
              if (r.notice) message.warning(r.notice, 8);
              else message.success(`已登记${r.relation === 'child' ? '下级' : '上级'}单位:${r.office.name}`);
            })}
            disabled={!isAdmin}
          >
            <Button disabled={!isAdmin}>登记上级/下级单位(导入对方公钥文件)</Button>
          </Upload>
          <Upload
            {...pick(async (b) => {
              try {
                setPending({ data: b, summary: await api['sync.inspectPackage']({ dataBase64: b }) });
              } catch (e) {
                refused(e);
              }
            })}
          >
            <Button type="primary">导入同步包…</Button>
          </Upload>
          <Upload
            {...pick(async (b) => {
              const r = await api['sync.importAck']({ dataBase64: b });
              message.success(`${r.receiverName} 已确认收到同步包`);
            })}
          >
            <Button>导入回执…</Button>
          </Upload>
        </Space>
      </Card>
      <Card size="small" title="上下级单位">
        <Table<PeerStatus>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={peers}
          locale={{ emptyText: '还没有登记上级或下级单位。请先互相导入公钥文件。' }}
          columns={[
            {
              title: '单位',
              dataIndex: 'name',
              render: (name: string, p) => (
                <span>
                  {name}
                  {p.oldCard && (
                    <Tooltip title="对方是用旧版单位公钥文件登记的,没有加密用的公钥,不能给它导出同步包。请对方升级程序后重新导出单位公钥文件,在这里重新登记即可(不用先解除)。">
                      <Tag color="orange" style={{ marginLeft: 8 }}>
                        需重新登记公钥
                      </Tag>
                    </Tooltip>
                  )}
                </span>
              ),
            },
            {
              title: '关系',
              dataIndex: 'relation',
              width: 70,
              render: (r: string) => (r === 'child' ? <Tag color="blue">下级</Tag> : <Tag color="purple">上级</Tag>),
            },
            { title: '上次导出', dataIndex: 'lastSentAt', render: fmt },
            { title: '对方确认收到', dataIndex: 'lastAckedAt', render: fmt },
            { title: '上次导入对方数据', dataIndex: 'lastReceivedAt', render: fmt },
            { title: '对方数据截至', dataIndex: 'lastPackageMadeAt', render: fmt },
            { title: '待发送变更', dataIndex: 'pendingChanges', width: 100 },
            {
              title: '对方时钟',
              key: 'clock',
              width: 150,
              render: (_: unknown, p) =>
                p.clock ? (
                  <Tooltip title={p.clock.text}>
                    <Tag color={p.clock.direction === 'ahead' ? 'red' : 'orange'}>
                      {p.clock.direction === 'ahead' ? '对方时间快' : '对方时间慢'}
                      {p.clock.about}
                    </Tag>
                  </Tooltip>
                ) : (
                  <Typography.Text type="secondary">正常</Typography.Text>
                ),
            },
            {
              title: '操作',
              key: 'a',
              render: (_: unknown, p) => (
                <Space size={4}>
                  <Button
                    size="small"
                    type="link"
                    loading={busy}
                    onClick={() =>
                      void run(async () => {
                        const f = await job.run((jobId) => saveExport('sync.exportPackage', { receiverId: p.id, jobId }));
                        if (f?.more)
                          message.warning(
                            `照片较多,这次只导出了一部分(${f.changeCount} 项字段变更)。请对方导入并送回回执后,再导出一次,其余的会随下一个同步包发出。`,
                            8,
                          );
                        else if (f) message.success(`已导出 ${f.changeCount} 项字段变更,请拷贝到 U 盘交给对方`);
                      })
                    }
                  >
                    导出同步包
                  </Button>
                  <Button
                    size="small"
                    type="link"
                    onClick={() =>
                      void run(async () => {
                        await job.run((jobId) => saveExport('sync.exportPackage', { receiverId: p.id, full: true, jobId }));
                      })
                    }
                  >
                    全量导出
                  </Button>
                  {isAdmin && (
                    <Popconfirm
                      title={`解除与“${p.name}”的登记?`}
                      description="解除后不再与该单位交换数据(对方换了电脑或登记错了时使用);已收到的数据和交换记录都保留,之后可以重新登记。"
                      okText="解除登记"
                      cancelText="取消"
                      okButtonProps={{ danger: true }}
                      onConfirm={() =>
                        void run(async () => {
                          const r = await api['sync.unregisterOffice']({ officeId: p.id });
                          message.success(`已解除与“${r.name}”的登记`);
                        })
                      }
                    >
                      <Button size="small" type="link" danger>
                        解除登记
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Tabs
        items={[
          {
            key: 'conflicts',
            label: `待确认冲突(${conflicts.length})`,
            children: (
              <Table<ConflictRow>
                size="small"
                rowKey="id"
                dataSource={conflicts}
                locale={{ emptyText: '没有待确认的冲突' }}
                columns={[
                  { title: '记录', render: (_: unknown, c) => `${c.entityLabel} · ${c.recordTitle}` },
                  { title: '字段', dataIndex: 'fieldLabel' },
                  {
                    title: '已采用的值',
                    render: (_: unknown, c) => (
                      <span>
                        <b>{show(c.appliedValue)}</b>
                        <br />
                        <Typography.Text type="secondary">
                          {c.appliedOfficeName} · {fmt(c.appliedAt)}
                        </Typography.Text>
                      </span>
                    ),
                  },
                  {
                    title: '另一方的值',
                    render: (_: unknown, c) => (
                      <span>
                        <b>{show(c.otherValue)}</b>
                        <br />
                        <Typography.Text type="secondary">
                          {c.otherOfficeName} · {fmt(c.otherAt)}
                        </Typography.Text>
                      </span>
                    ),
                  },
                  {
                    title: '处理',
                    render: (_: unknown, c) => (
                      <Space>
                        <Button
                          size="small"
                          onClick={() =>
                            void run(async () => {
                              await api['sync.resolveConflict']({ id: c.id, action: 'keep' });
                              message.success('已确认:保留已采用的值');
                            })
                          }
                        >
                          保留已采用的值
                        </Button>
                        <Button
                          size="small"
                          onClick={() =>
                            void run(async () => {
                              await api['sync.resolveConflict']({ id: c.id, action: 'restore' });
                              message.success('已改用另一方的值;这一修改会随下次同步包发给对方');
                            })
                          }
                        >
                          改用另一方的值
                        </Button>
                      </Space>
                    ),
                  },
                ]}
              />
            ),
          },
          {
            key: 'history',
            label: '交换记录',
            children: (
              <Table<SyncHistoryRow>
                size="small"
                rowKey={(r) => `${r.direction}${r.packageId}`}
                dataSource={history}
                locale={{ emptyText: '还没有交换过数据' }}
                columns={[
                  { title: '时间', dataIndex: 'at', width: 170, render: fmt },
                  { title: '说明', dataIndex: 'text' },
                  {
                    title: '回执',
                    width: 120,
                    // The acknowledgement of a received package can be saved again (lost, or the save was cancelled).
                    render: (_: unknown, r) =>
                      r.ackAgain && (
                        <Button
                          size="small"
                          type="link"
                          onClick={() =>
                            void run(async () => {
                              if (await saveExport('sync.ackFile', { packageId: r.packageId }))
                                message.success('回执文件已保存,请拷贝给对方。');
                            })
                          }
                        >
                          再次保存回执
                        </Button>
                      ),
                  },
                ]}
              />
            ),
          },
        ]}
      />
      <Modal
        open={!!pending}
        width={760}
        title={`导入同步包:来自 ${pending?.summary.senderName ?? ''}`}
        okText={pending?.summary.alreadyImported ? '重新生成回执' : pending?.summary.hold ? '暂存(不导入)' : '确认导入'}
        cancelText="取消"
        confirmLoading={busy}
        onCancel={() => setPending(null)}
        onOk={() =>
          void run(async () => {
            let r: Awaited<ReturnType<(typeof api)['sync.importPackage']>>;
            try {
              r = await job.run((jobId) => api['sync.importPackage']({ dataBase64: pending!.data, jobId }));
            } catch (e) {
              setPending(null);
              refused(e);
              return;
            }
            setPending(null);
            await afterImport(r);
          })
        }
      >
        {pending && (
          <>
            <JobProgressLine job={job} />
            {pending.summary.hold && <Alert type="error" showIcon message={pending.summary.hold.message} style={{ marginBottom: 12 }} />}
            <Typography.Paragraph>
              制作时间 {fmt(pending.summary.createdAt)},涉及{' '}
              {pending.summary.perEntity.reduce((a, e) => a + e.new + e.updated + e.unchanged, 0)} 条记录(共 {pending.summary.changeCount}{' '}
              项字段变更){pending.summary.full ? '(全量)' : ''}。{pending.summary.alreadyImported && <Tag color="orange">已导入过</Tag>}
              {pending.summary.conflicts > 0 && <Tag color="red">将产生 {pending.summary.conflicts} 项冲突,导入后请确认</Tag>}
            </Typography.Paragraph>
            <Table
              size="small"
              rowKey="entity"
              pagination={false}
              dataSource={pending.summary.perEntity}
              columns={[
                { title: '类别', dataIndex: 'label' },
                { title: '新增', dataIndex: 'new' },
                { title: '更新', dataIndex: 'updated' },
                { title: '无变化', dataIndex: 'unchanged' },
                { title: '冲突', dataIndex: 'conflicts' },
              ]}
            />
            {busy && (
              // The import is one transaction (all or nothing) and cannot report steps; say what is happening and
              // roughly how long (about 4 s per 100,000 changes, measured).
              <div style={{ marginTop: 12 }} role="status">
                <Typography.Text type="secondary">
                  正在导入 {pending.summary.changeCount.toLocaleString('zh-CN')} 项字段变更并生成回执
                  {pending.summary.changeCount > 20000 ? `,约需 ${Math.ceil(pending.summary.changeCount / 25000)} 秒` : ''},请不要关闭程序…
                </Typography.Text>
                <Progress percent={100} status="active" showInfo={false} size="small" aria-label="同步包导入进度" />
              </div>
            )}
          </>
        )}
      </Modal>
    </Space>
  );
}
