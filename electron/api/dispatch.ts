import { contract, type Method } from '../../shared/api/contract';
import type { RevealRule } from '../../shared/api/define';
import { AppError, type Envelope } from '../../shared/api/errors';
import { zodIssuesToFieldIssues } from '../../shared/domain/entity';
import { ROLE_LABELS } from '../../shared/domain/enums';
import type { SessionUser } from '../../shared/system/types';
import { mayReveal } from '../records/mask';
import { recordEvent } from '../system/audit';
import { handlers } from './handlers';
import type { CallContext } from './types';

/**
 * The single entry point of both bridges (IPC and HTTP): unknown method → refused; input checked against
 * the contract's schema; access checked; full personal values granted or refused by the method's declared
 * reveal rule (and the grant audited); the handler's errors turned into `{code, message}` in Chinese.
 * Nothing but an Envelope ever leaves, so the renderer never sees a stack trace.
 */
export async function dispatch(ctx: CallContext, method: unknown, payload: unknown): Promise<Envelope<unknown>> {
  try {
    if (typeof method !== 'string' || !Object.hasOwn(contract, method))
      throw new AppError('BAD_REQUEST', '程序请求了不存在的操作,请重启程序;如果反复出现,请重新安装。');
    const def = contract[method as Method];
    const parsed = def.input.safeParse(payload);
    if (!parsed.success) {
      const issues = zodIssuesToFieldIssues(parsed.error);
      throw new AppError('VALIDATION', `提交的内容有误:${issues[0]?.message ?? '格式不对'}`, issues);
    }
    const user = def.access === 'public' ? null : currentUser(ctx);
    if (def.access === 'admin' && user?.role !== 'admin') throw new AppError('FORBIDDEN', '只有管理员可以进行这项操作。');
    const rule = (def as { reveals?: RevealRule<unknown> }).reveals;
    const reveal = rule ? grantReveal(rule, parsed.data, user) : false;
    const handler = handlers[method as Method] as (input: unknown, c: CallContext) => unknown;
    const value = await handler(parsed.data, { ...ctx, reveal, call: (m, p) => dispatch(ctx, m, p) });
    // Written once the full values exist and before they leave: a refused or failed call reveals nothing.
    if (reveal && rule && user && (rule.revealedIn?.(value) ?? true))
      recordEvent(
        ctx.app,
        { userId: user.id, userName: user.displayName },
        {
          action: 'reveal',
          entity: rule.entity,
          recordId: rule.recordId?.(parsed.data) ?? null,
          newValue: method,
          note: rule.note(parsed.data),
        },
      );
    return { ok: true, value };
  } catch (e) {
    return { ok: false, error: toErrorBody(e) };
  }
}

/**
 * Whether this call may return full personal values (spec §8: only roles that may reveal, audited). A method
 * whose input asks for them refuses every other role; one that reveals by role masks for them instead.
 */
function grantReveal(rule: RevealRule<unknown>, input: unknown, user: SessionUser | null): boolean {
  const asked = rule.asks ? rule.asks(input) : true;
  if (!asked) return false;
  if (user && mayReveal(user.role)) return true;
  if (rule.asks)
    throw new AppError(
      'FORBIDDEN',
      `${user ? ROLE_LABELS[user.role] : '未登录的用户'}不能查看、打印或导出完整的身份证号、姓名和电话,这次没有给出任何内容。如确需完整信息,请由审核员或管理员办理。`,
    );
  return false;
}

/**
 * The session's user, re-read from the database on every call so a disabled account or a changed role
 * takes effect at once; an idle session is locked (spec: lock after idle time).
 */
function currentUser(ctx: CallContext) {
  const user = ctx.session.user;
  if (!user) throw new AppError('UNAUTHENTICATED', '请先登录。');
  const now = ctx.app.now();
  const idleMs = ctx.app.settings().idleLockMinutes * 60_000;
  if (now - ctx.session.lastActive > idleMs) {
    ctx.session.user = null;
    throw new AppError('UNAUTHENTICATED', '长时间没有操作,程序已自动锁定。请重新登录。');
  }
  const row = ctx.app.run.first(ctx.app.store.db.selectFrom('users').select(['role', 'active', 'displayName']).where('id', '=', user.id));
  if (row?.active !== 1) {
    ctx.session.user = null;
    throw new AppError('UNAUTHENTICATED', '该账号已停用或不存在,请联系本单位管理员。');
  }
  ctx.session.lastActive = now;
  ctx.session.user = { ...user, role: row.role, displayName: row.displayName };
  return ctx.session.user;
}

export function toErrorBody(e: unknown): AppError['toBody'] extends () => infer B ? B : never {
  if (e instanceof AppError) return e.toBody();
  const msg = e instanceof Error ? e.message : String(e);
  if (/SQLITE_BUSY|database is locked/i.test(msg)) return { code: 'CONFLICT', message: '数据库正忙(可能有其他程序正在使用),请稍后再试。' };
  if (/SQLITE_FULL|disk is full|ENOSPC/i.test(msg)) return { code: 'INTERNAL', message: '磁盘空间不足,数据没有保存。请清理磁盘后重试。' };
  if (/constraint/i.test(msg)) return { code: 'CONFLICT', message: '保存失败:数据与已有记录冲突(可能重复录入),没有做任何改动。' };
  console.error('[ledger] unexpected error', e);
  return { code: 'INTERNAL', message: '程序内部出错,这次操作没有保存。请重试;如果反复出现,请把日志发给技术支持。' };
}
