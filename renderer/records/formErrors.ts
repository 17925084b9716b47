import type { FormInstance } from 'antd';
import type { FieldIssue } from '../../shared/api/errors';

/**
 * Shows the main process's field errors inline on the form fields they belong to. Errors of an earlier save
 * that the clerk has since corrected are cleared first: a stale red message beside a correct value would
 * send the clerk looking for a mistake that is no longer there.
 */
export function applyFieldErrors(form: FormInstance, issues: FieldIssue[]): void {
  const errors = issues.filter((i) => i.level === 'error');
  const byField = new Map<string, string[]>();
  for (const i of errors) byField.set(i.field, [...(byField.get(i.field) ?? []), i.message]);
  const stale = form
    .getFieldsError()
    .filter((f) => f.errors.length > 0 && !byField.has(f.name.join('.')))
    .map((f) => ({ name: f.name, errors: [] as string[] }));
  form.setFields([...stale, ...[...byField].map(([name, msgs]) => ({ name: name.split('.'), errors: msgs }))]);
}

/** Clears every field error shown from an earlier save (the save about to be tried checks everything again). */
export function clearFieldErrors(form: FormInstance): void {
  form.setFields(
    form
      .getFieldsError()
      .filter((f) => f.errors.length > 0)
      .map((f) => ({ name: f.name, errors: [] as string[] })),
  );
}

/**
 * The form's values when its own rules pass, or null: the form already shows what is missing on its fields,
 * so a failed check is not an error to report (unhandled, it surfaced as a page error; caught, as an empty message).
 */
export function validated<T>(form: FormInstance<T>): Promise<T | null> {
  return form.validateFields().catch(() => null);
}
