import { AppError } from '../../shared/api/errors';
import { ENTITIES } from '../../shared/domain/entities';
import type { EntityName } from '../../shared/domain/entity';
import type { Contract } from '../../shared/api/contract';
import { actorOf, type CallContext, type HandlersOf } from '../api/types';
import type { Sensitivity } from '../../shared/domain/fields';
import { recordEvent } from '../system/audit';
import { maskRecord, maskValue, mayReveal } from './mask';

type CrudKeys<N extends EntityName> = Extract<keyof Contract, `${N}.${string}`>;
export type CrudHandlers<N extends EntityName> = HandlersOf<Pick<Contract, CrudKeys<N>>>;

/**
 * The seven record methods of one entity, over the generic Records service. Sensitive fields are masked on
 * the way out for everyone; an explicit reveal by an allowed role returns full values and is audited.
 */
export function crudHandlers<N extends EntityName>(name: N): CrudHandlers<N> {
  const entity = ENTITIES[name];
  const hasSensitive = Object.values(entity.fields).some((f) => 'sensitive' in f && f.sensitive);
  const mask = <T extends Record<string, unknown>>(r: T) => (hasSensitive ? maskRecord(entity, r) : r);
  /** Full personal values for an allowed role, written to the audit trail before they are returned. */
  const reveal = (ctx: CallContext, id: string, note: string) => {
    const actor = actorOf(ctx);
    if (!mayReveal(actor.role))
      throw new AppError('FORBIDDEN', '您的角色不能查看完整的身份证号、姓名和电话。如确需查看,请联系审核员或管理员。');
    recordEvent(ctx.app, actor, { action: 'reveal', entity: name, recordId: id, note });
  };
  const handlers = {
    list: (input: unknown, ctx: CallContext) => {
      const page = ctx.app.records.list(name, input);
      return { ...page, rows: page.rows.map((r) => mask(r as Record<string, unknown>)) };
    },
    get: (input: { id: string; reveal?: boolean }, ctx: CallContext) => {
      const rec = ctx.app.records.getRaw(name, input.id);
      if (!input.reveal || !hasSensitive) return mask(rec);
      reveal(ctx, input.id, '查看完整个人信息');
      return rec;
    },
    create: (input: unknown, ctx: CallContext) => {
      const r = ctx.app.records.create(name, input, actorOf(ctx));
      return { ...r, record: mask(r.record as Record<string, unknown>) };
    },
    update: (input: { id: string; patch: Record<string, unknown>; baseHlc?: string }, ctx: CallContext) => {
      const r = ctx.app.records.update(name, input, actorOf(ctx));
      return { ...r, record: mask(r.record as Record<string, unknown>) };
    },
    delete: (input: { id: string }, ctx: CallContext) => {
      ctx.app.records.remove(name, input.id, actorOf(ctx));
      return { ok: true as const };
    },
    restore: (input: { id: string }, ctx: CallContext) => {
      ctx.app.records.restore(name, input.id, actorOf(ctx));
      return { ok: true as const };
    },
    // The history holds old and new values of every field: personal ones are masked for everyone, as in the
    // list and the form; an allowed role may ask for them in full, and that reveal is audited like get's.
    history: (input: { id: string; reveal?: boolean }, ctx: CallContext) => {
      const rows = ctx.app.records.history(name, input.id);
      if (!hasSensitive) return rows;
      if (input.reveal) {
        reveal(ctx, input.id, '在修改历史中查看完整个人信息');
        return rows;
      }
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
