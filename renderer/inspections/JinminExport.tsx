import { App as AntApp, Button, Select, Space } from 'antd';
import { useState } from 'react';
import { saveExport } from '../shell/files';

/** The last eight quarters, newest first: 金民 is filled in for the quarter just ended, sometimes later. */
function recentQuarters(today = new Date()): { value: string; label: string }[] {
  let y = today.getFullYear();
  let q = Math.floor(today.getMonth() / 3) + 1;
  const out: { value: string; label: string }[] = [];
  for (let k = 0; k < 8; k++) {
    out.push({ value: `${y}-${q}`, label: `${y}年第${q}季度` });
    if (--q === 0) [y, q] = [y - 1, 4];
  }
  return out;
}

/** 导出金民录入表: the chosen quarter's inspections and hazards as a workbook to re-key into 金民. */
export function JinminExport() {
  const { message } = AntApp.useApp();
  const options = recentQuarters();
  const [period, setPeriod] = useState(options[0].value);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    const [year, quarter] = period.split('-').map(Number);
    setBusy(true);
    try {
      const f = await saveExport('inspections.exportJinmin', { year, quarter });
      if (f) message.success(`已导出 ${f.inspections} 次检查、${f.hazards} 处隐患(金民录入用)。`);
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space.Compact>
      <Select aria-label="导出季度" value={period} options={options} onChange={setPeriod} style={{ width: 150 }} />
      <Button loading={busy} onClick={() => void run()} title="检查记录和隐患整改两张表,按金民系统录入顺序排列">
        导出金民录入表
      </Button>
    </Space.Compact>
  );
}
