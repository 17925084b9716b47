import type { ContractShape, OutputOf, ParsedInputOf } from '../../shared/api/define';
import { AppError, type Envelope } from '../../shared/api/errors';
import type { SessionUser } from '../../shared/system/types';
import type { LedgerApp } from '../app';
import type { Actor } from '../records/actor';

/** One logged-in window (Electron: per webContents; browser bridge: per token). */
export interface Session {
  user: SessionUser | null;
  lastActive: number;
}

/**
 * What only the desktop window can do, given by main.ts to the IPC bridge. Absent in the browser bridge and
 * in tests that do not fake it: handlers that need it refuse with a message naming the browser's way.
 */
export interface DesktopHost {
  /** Opens the print-preview window (print to a printer, save as PDF) on a document the main process rendered. */
  printPreview(doc: { title: string; html: string }): Promise<void>;
  /** Asks where to save (the system dialog) and writes the file atomically; null when the clerk cancels. */
  saveFile(suggestedName: string, bytes: Uint8Array): Promise<string | null>;
}

export interface CallContext {
  app: LedgerApp;
  session: Session;
  desktop?: DesktopHost;
  /**
   * Set by dispatch for one call: true when the method's declared reveal rule (shared/api/define.ts) grants
   * full personal values to this caller (and the grant is audited). Handlers emit full values only then.
   */
  reveal?: boolean;
  /**
   * Set by dispatch for one call: another contract method called through dispatch (its schema, access and
   * reveal rule apply, as if the renderer had called it). Handed in, not imported, so that handlers that wrap
   * another method (print preview, 另存为) do not make dispatch → handlers → dispatch an import cycle.
   */
  call?: (method: string, input: unknown) => Promise<Envelope<unknown>>;
}

export type Handler<M> = (input: ParsedInputOf<M>, ctx: CallContext) => OutputOf<M> | Promise<OutputOf<M>>;
export type HandlersOf<C extends ContractShape> = { [K in keyof C]: Handler<C[K]> };

export function actorOf(ctx: CallContext): Actor {
  const u = ctx.session.user;
  if (!u) throw new Error('no session user'); // dispatch checks access before any handler runs
  return { userId: u.id, userName: u.displayName, role: u.role };
}

/** The value of another contract method called through dispatch (`ctx.call`); its refusal is rethrown as is. */
export async function callThrough(ctx: CallContext, method: string, input: unknown): Promise<unknown> {
  if (!ctx.call) throw new Error('ctx.call is set by dispatch'); // only a test calling a handler directly lacks it
  const env = await ctx.call(method, input);
  if (!env.ok) throw new AppError(env.error.code, env.error.message, env.error.fieldErrors);
  return env.value;
}
