import { InputNumber } from 'antd';

/** The year picker of the report screens (统计报表, 季度报送): a typed year, 2000–2100; an emptied box keeps the year. */
export function YearInput({ value, onChange }: { value: number; onChange(year: number): void }) {
  return (
    <InputNumber
      aria-label="年度"
      value={value}
      min={2000}
      max={2100}
      onChange={(v) => v && onChange(v)}
      addonAfter="年"
      style={{ width: 120 }}
    />
  );
}
