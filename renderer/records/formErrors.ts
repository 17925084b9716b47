import type { FormInstance } from 'antd';
import type { FieldIssue } from '../../shared/api/errors';

/** Shows the main process's field errors inline on the form fields they belong to. */
export function applyFieldErrors(form: FormInstance, issues: FieldIssue[]): void {
  const errors = issues.filter((i) => i.level === 'error');
  const byField = new Map<string, string[]>();
  for (const i of errors) byField.set(i.field, [...(byField.get(i.field) ?? []), i.message]);
  form.setFields([...byField].map(([name, msgs]) => ({ name: name.split('.'), errors: msgs })));
}
