import type { ContractShape, OutputOf, ParsedInputOf } from '../../shared/api/define';
import type { SessionUser } from '../../shared/system/types';
import type { LedgerApp } from '../app';
import type { Actor } from '../records/actor';

/** One logged-in window (Electron: per webContents; browser bridge: per token). */
export interface Session {
  user: SessionUser | null;
  lastActive: number;
}

export interface CallContext {
  app: LedgerApp;
  session: Session;
}

export type Handler<M> = (input: ParsedInputOf<M>, ctx: CallContext) => OutputOf<M> | Promise<OutputOf<M>>;
export type HandlersOf<C extends ContractShape> = { [K in keyof C]: Handler<C[K]> };

export function actorOf(ctx: CallContext): Actor {
  const u = ctx.session.user;
  if (!u) throw new Error('no session user'); // dispatch checks access before any handler runs
  return { userId: u.id, userName: u.displayName, role: u.role };
}
