import { Button, Drawer, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { ChecklistVersionInfo, ChecklistVersionItems } from '../../shared/inspections/checklists';
import { api } from '../api';
import { useShowError } from '../shell/useShowError';

const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');

function origin(v: ChecklistVersionInfo): string {
  if (v.madeHere) return `本单位 ${v.createdBy ?? ''}`.trim();
  if (v.officeName) return `${v.officeName}${v.createdBy ? ` ${v.createdBy}` : ''}(同步收到)`;
  return '程序自带';
}

/**
 * Every checklist version: which is in use, how many inspections were recorded on each (those print with
 * their own version, so old versions stay readable here), and where each came from.
 */
export function ChecklistHistory({ versions }: { versions: ChecklistVersionInfo[] }) {
  const showError = useShowError();
  const [viewing, setViewing] = useState<ChecklistVersionItems | null>(null);
  const open = (version: string) => void api['checklists.items']({ version }).then(setViewing, showError);
  return (
    <>
      <Table<ChecklistVersionInfo>
        size="small"
        rowKey="version"
        pagination={false}
        dataSource={versions}
        columns={[
          {
            title: '版本',
            dataIndex: 'version',
            width: 170,
            render: (v: string, r) =>
              r.isCurrent ? (
                <span>
                  {v} <Tag color="green">当前使用</Tag>
                </span>
              ) : (
                v
              ),
          },
          { title: '检查项', key: 'items', width: 110, render: (_, r) => `${r.itemCount} 项(★ ${r.majorCount})` },
          { title: '已用于检查', dataIndex: 'inspectionCount', width: 100, render: (n: number) => `${n} 次` },
          { title: '说明', dataIndex: 'source', ellipsis: true, render: (s: string | null) => s ?? '' },
          { title: '来源', key: 'origin', width: 200, render: (_, r) => origin(r) },
          { title: '时间', dataIndex: 'createdAt', width: 140, render: when },
          {
            title: '操作',
            key: 'view',
            width: 80,
            render: (_, r) => (
              <Button size="small" type="link" onClick={() => open(r.version)}>
                查看
              </Button>
            ),
          },
        ]}
      />
      <Drawer
        open={!!viewing}
        onClose={() => setViewing(null)}
        size={860}
        title={viewing ? `安全检查表 ${viewing.info.version} 版` : ''}
        destroyOnHidden
      >
        {viewing && (
          <>
            <Typography.Paragraph type="secondary">
              {viewing.info.source ?? ''}
              {viewing.info.basedOn ? `(由 ${viewing.info.basedOn} 版修改而来)` : ''} 已有 {viewing.info.inspectionCount}{' '}
              次检查按这个版本录入。
            </Typography.Paragraph>
            <Table
              size="small"
              rowKey="code"
              pagination={false}
              dataSource={viewing.items}
              columns={[
                { title: '编号', dataIndex: 'code', width: 70 },
                { title: '类别', dataIndex: 'category', width: 150 },
                {
                  title: '检查内容',
                  dataIndex: 'text',
                  render: (t: string, r) =>
                    r.major ? (
                      <span>
                        <Tag color="red">★ 重大</Tag>
                        {t}
                      </span>
                    ) : (
                      t
                    ),
                },
              ]}
            />
            {viewing.retired.length > 0 && (
              <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
                此前已停用:{viewing.retired.map((i) => `${i.code} ${i.text}`).join(';')}
              </Typography.Paragraph>
            )}
          </>
        )}
      </Drawer>
    </>
  );
}
