import { DownOutlined, FileExcelOutlined, PrinterOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Dropdown, Space } from 'antd';
import { useState } from 'react';
import type { TableRequest } from '../../shared/lists/contract';
import { mayReveal } from '../records/useMaskedFields';
import { useShowError } from '../shell/useShowError';
import { useSession } from '../system/sessionStore';
import { exportTable, printTable } from './tableActions';

/**
 * 导出 Excel / 打印 for any list: what is exported or printed is the list as it is on screen (its filters,
 * search, sort and shown columns, or the rows chosen). Personal data is masked; a 审核员/管理员 may choose the
 * full values (the main process writes that to the audit trail).
 */
export function TableTools({ request, personal, size }: { request: () => TableRequest; personal?: boolean; size?: 'small' }) {
  const { message } = AntApp.useApp();
  const showError = useShowError();
  const role = useSession((s) => s.status?.user?.role);
  const [busy, setBusy] = useState<'export' | 'print' | null>(null);
  const full = personal && mayReveal(role);
  const run = async (what: 'export' | 'print', reveal: boolean) => {
    setBusy(what);
    try {
      const req = { ...request(), ...(reveal ? { reveal: true } : {}) };
      if (what === 'export') {
        const rows = await exportTable(req);
        if (rows !== null) message.success(`已导出 ${rows} 条`);
      } else await printTable(req);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(null);
    }
  };
  const button = (what: 'export' | 'print') => {
    const label = what === 'export' ? '导出 Excel' : '打印';
    const icon = what === 'export' ? <FileExcelOutlined /> : <PrinterOutlined />;
    if (!full)
      return (
        <Button size={size} icon={icon} loading={busy === what} onClick={() => void run(what, false)}>
          {label}
        </Button>
      );
    return (
      <Space.Compact size={size}>
        <Button icon={icon} loading={busy === what} onClick={() => void run(what, false)}>
          {label}
        </Button>
        <Dropdown
          trigger={['click']}
          menu={{ items: [{ key: 'full', label: `${label}(含完整个人信息,记入审计)` }], onClick: () => void run(what, true) }}
        >
          <Button icon={<DownOutlined />} aria-label={`${label}:更多方式`} />
        </Dropdown>
      </Space.Compact>
    );
  };
  return (
    <Space size={4}>
      {button('export')}
      {button('print')}
    </Space>
  );
}
