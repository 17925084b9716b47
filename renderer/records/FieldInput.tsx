import { DatePicker, Input, InputNumber, Select, Switch } from 'antd';
import type { FieldSpec } from '../../shared/domain/fields';
import { useSession } from '../system/sessionStore';

/** Typing part of an option's text narrows the list, so a clerk picks 综合体 without the mouse. */
const SEARCH = { optionFilterProp: 'label' };

/**
 * The input for one declared field: its kind and options decide the control (one place for every form).
 * Form.Item hands its child id/value/onChange; they are passed on to the control (rest props).
 */
export function FieldInput({
  name,
  spec,
  disabled,
  ...control
}: {
  name: string;
  spec: FieldSpec;
  disabled?: boolean;
  [prop: string]: unknown;
}) {
  const townships = useSession((s) => s.townships);
  const options = (spec as FieldSpec & { options?: readonly string[] }).options;
  if (name === 'townshipCode')
    return (
      <Select
        {...control}
        disabled={disabled}
        showSearch={SEARCH}
        placeholder="请选择乡镇(街道)"
        options={townships.map((t) => ({ value: t.code, label: `${t.name}` }))}
      />
    );
  if (spec.kind === 'json' && options)
    return (
      <Select
        {...control}
        mode="multiple"
        disabled={disabled}
        options={options.map((o) => ({ value: o, label: o }))}
        placeholder="可多选"
      />
    );
  if (options)
    return (
      <Select
        {...control}
        allowClear={!spec.required}
        showSearch={SEARCH}
        disabled={disabled}
        options={options.map((o) => ({ value: o, label: o }))}
        placeholder="请选择"
      />
    );
  switch (spec.kind) {
    case 'int':
      // No min here: a clamp would turn a typed −5 into 0 without a word; the record's rule says 不能为负数.
      return <InputNumber {...control} precision={0} style={{ width: '100%' }} disabled={disabled} />;
    case 'real':
      return <InputNumber {...control} precision={2} style={{ width: '100%' }} disabled={disabled} />;
    case 'bool':
      return <Switch {...control} checkedChildren="是" unCheckedChildren="否" disabled={disabled} />;
    case 'date':
      return <DatePicker {...control} style={{ width: '100%' }} format="YYYY-MM-DD" disabled={disabled} placeholder="年-月-日" />;
    default:
      return /remark|note|measures|Note|description/.test(name) ? (
        <Input.TextArea {...control} rows={2} disabled={disabled} maxLength={500} />
      ) : (
        <Input {...control} disabled={disabled} />
      );
  }
}
