import { AppError } from '../../shared/api/errors';
import { ENTITIES } from '../../shared/domain/entities';
import { ADJUST_REASON, adjustReason } from '../../shared/domain/records';
import type { EntityName } from '../../shared/domain/entity';
import type { Contract } from '../../shared/api/contract';
import { actorOf, type CallContext, type HandlersOf } from '../api/types';
import type { Sensitivity } from '../../shared/domain/fields';
import { maskRecord, maskValue } from './mask';

/** A create's reason rides with its values (see shared/api/crud.ts); checked here like update's. */
function reasonOf(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  const r = adjustReason.safeParse(v);
  if (!r.success)
    throw new AppError('VALIDATION', r.error.issues[0]?.message ?? '调整原因有误', [
      { field: ADJUST_REASON, level: 'error', message: r.error.issues[0]?.message ?? '调整原因有误' },
    ]);
  return r.data;
}

type CrudKeys<N extends EntityName> = Extract<keyof Contract, `${N}.${string}`>;
export type CrudHandlers<N extends EntityName> = HandlersOf<Pick<Contract, CrudKeys<N>>>;

/**
 * The seven record methods of one entity, over the generic Records service. Sensitive fields are masked on
 * the way out for everyone; full values only when dispatch granted a reveal (`ctx.reveal`: the contract's
 * reveal rule checked the role and audits it).
 */
export function crudHandlers<N extends EntityName>(name: N): CrudHandlers<N> {
  const entity = ENTITIES[name];
  const hasSensitive = Object.values(entity.fields).some((f) => 'sensitive' in f && f.sensitive);
  const mask = <T extends Record<string, unknown>>(r: T) => (hasSensitive ? maskRecord(entity, r) : r);
  const handlers = {
    list: (input: unknown, ctx: CallContext) => {
      const page = ctx.app.records.list(name, input);
      return { ...page, rows: page.rows.map((r) => mask(r as Record<string, unknown>)) };
    },
    get: (input: { id: string; field?: string }, ctx: CallContext) => {
      const rec = ctx.app.records.getRaw(name, input.id);
      if (!ctx.reveal) return mask(rec);
      // One field asked for (a correction of that name or phone): only it in full, as the audit row says.
      if (input.field) return { ...mask(rec), [input.field]: rec[input.field] };
      return rec;
    },
    create: (input: Record<string, unknown>, ctx: CallContext) => {
      const { [ADJUST_REASON]: reason, ...values } = input;
      const r = ctx.app.records.create(name, values, actorOf(ctx), { reason: reasonOf(reason) });
      return { ...r, record: mask(r.record as Record<string, unknown>) };
    },
    update: (input: { id: string; patch: Record<string, unknown>; baseHlc?: string; adjustReason?: string }, ctx: CallContext) => {
      const { adjustReason, ...change } = input;
      const r = ctx.app.records.update(name, change, actorOf(ctx), { reason: adjustReason });
      return { ...r, record: mask(r.record as Record<string, unknown>) };
    },
    delete: (input: { id: string; adjustReason?: string }, ctx: CallContext) => {
      ctx.app.records.remove(name, input.id, actorOf(ctx), { reason: input.adjustReason });
      return { ok: true as const };
    },
    restore: (input: { id: string; adjustReason?: string }, ctx: CallContext) => {
      ctx.app.records.restore(name, input.id, actorOf(ctx), { reason: input.adjustReason });
      return { ok: true as const };
    },
    // The history holds old and new values of every field: personal ones are masked for everyone, as in the
    // list and the form; an allowed role may ask for them in full (a reveal, audited like get's).
    history: (input: { id: string }, ctx: CallContext) => {
      const rows = ctx.app.records.history(name, input.id);
      if (!hasSensitive || ctx.reveal) return rows;
      return rows.map((h) => {
        const f = h.field ? (entity.fields as Record<string, { sensitive?: Sensitivity }>)[h.field] : undefined;
        return f?.sensitive
          ? { ...h, oldValue: h.oldValue && maskValue(f.sensitive, h.oldValue), newValue: h.newValue && maskValue(f.sensitive, h.newValue) }
          : h;
      });
    },
  };
  return Object.fromEntries(Object.entries(handlers).map(([verb, fn]) => [`${name}.${verb}`, fn])) as unknown as CrudHandlers<N>;
}
