import { z } from 'zod';
import type { EntityDef, EntityName, FieldMap, InputValueOf } from '../domain/entity';
import { listQuery, updateInput, writeIdInput, type HistoryEntry, type Page, type RecordOf, type SaveResult } from '../domain/records';
import { command, query, revealing, type MethodDef } from './define';

/** The same seven methods for every record type, named `<entity>.<verb>`. */
export type CrudContract<N extends EntityName, F extends FieldMap> = {
  [K in `${N}.list`]: MethodDef<typeof listQuery, Page<RecordOf<F>>>;
} & { [K in `${N}.get`]: MethodDef<typeof getInput, RecordOf<F>> } & {
  [K in `${N}.create`]: MethodDef<z.ZodType<unknown, InputValueOf<F>>, SaveResult<RecordOf<F>>>;
} & {
  [K in `${N}.update`]: MethodDef<
    z.ZodType<z.output<typeof updateInput>, { id: string; patch: InputValueOf<F>; baseHlc?: string; adjustReason?: string }>,
    SaveResult<RecordOf<F>>
  >;
} & {
  [K in `${N}.delete`]: MethodDef<typeof writeIdInput, { ok: true }>;
} & { [K in `${N}.restore`]: MethodDef<typeof writeIdInput, { ok: true }> } & {
  [K in `${N}.history`]: MethodDef<typeof getInput, HistoryEntry[]>;
};

export const getInput = z.strictObject({
  id: z.uuid({ error: '记录编号无效' }),
  /** Ask for the full, unmasked personal data (allowed roles only; written to the audit trail). Also for history. */
  reveal: z.boolean().optional(),
  /** With `reveal`: only this personal field in full (the clerk corrects one name or phone), the others masked. */
  field: z.string().max(50).optional(),
});

export const CRUD_VERBS = ['list', 'get', 'create', 'update', 'delete', 'restore', 'history'] as const;
export type CrudVerb = (typeof CRUD_VERBS)[number];

export function crudContract<N extends EntityName, F extends FieldMap>(name: N, entity: EntityDef<F>): CrudContract<N, F> {
  // The create payload is checked in full by the entity's schema inside the service (after derived fields
  // are filled in), so the contract only insists on an object here. Its `adjustReason` key, if any, is the
  // reason of a write into a reported quarter (see ADJUST_REASON), taken off before the record is checked.
  const createInput = z.record(z.string().max(50), z.unknown());
  // A record with personal fields gives them in full on an explicit reveal (allowed roles, audited).
  const personal = Object.values(entity.fields).some((f) => 'sensitive' in f && f.sensitive);
  const labelOf = (field: string) => (entity.fields as Record<string, { label: string }>)[field]?.label ?? field;
  const revealed = (def: MethodDef<typeof getInput>, note: string) =>
    personal
      ? revealing(def, {
          asks: (i) => i.reveal === true,
          entity: name,
          recordId: (i) => i.id,
          note: (i) => (i.field ? `查看完整的${labelOf(i.field)}` : note),
        })
      : def;
  return {
    [`${name}.list`]: query(listQuery).returns(),
    [`${name}.get`]: revealed(query(getInput).returns(), '查看完整个人信息'),
    [`${name}.create`]: command(createInput).returns(),
    [`${name}.update`]: command(updateInput).returns(),
    [`${name}.delete`]: command(writeIdInput).returns(),
    [`${name}.restore`]: command(writeIdInput).returns(),
    [`${name}.history`]: revealed(query(getInput).returns(), '在修改历史中查看完整个人信息'),
  } as unknown as CrudContract<N, F>;
}
