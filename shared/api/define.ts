import type { z } from 'zod';

/**
 * One method of the API contract: its input schema (checked in the main process before any handler runs)
 * and, as a type only, its result. The renderer never needs the result at run time, so it is phantom.
 */
/** Who may call a method: anyone (before login), any logged-in user, or an admin. */
export type Access = 'public' | 'user' | 'admin';

/**
 * A method that can return personal data in full (身份证号, names, phones: spec §8). Declared here, on the
 * contract, and enforced in one place (`electron/api/dispatch.ts`), never by a handler itself:
 * - with `asks(input)`: full values only when the input asks for them (e.g. `i.reveal === true`). A role that
 *   may not reveal is refused (FORBIDDEN, nothing returned); an allowed role's call is audited as a reveal.
 * - without it: full values whenever the caller's role may reveal (audited the same way), masked for the
 *   others without refusal (the prints people sign).
 * Dispatch hands its decision to the handler as `ctx.reveal`; a handler emits full values only when it is true.
 * (Methods, not function properties, so a rule on one input type fits the contract's general shape.)
 */
export interface RevealRule<I = never, O = unknown> {
  asks?(input: I): boolean;
  /** The audit row: which record type, which record (when the input names one), what was done (Chinese). */
  readonly entity: string;
  recordId?(input: I): string | null | undefined;
  note(input: I): string;
  /** Whether a granted result carried personal values at all (default: yes); an empty list is no reveal. */
  revealedIn?(output: O): boolean;
}

export interface MethodDef<I extends z.ZodType = z.ZodType, O = unknown> {
  readonly input: I;
  readonly access: Access;
  /** Methods that change data; the bridges do not treat them differently, but tests and audit use it. */
  readonly writes: boolean;
  /** Set by `revealing()`: the method can emit unmasked personal data (see RevealRule). */
  readonly reveals?: RevealRule<z.output<I>, O>;
  readonly __output?: O;
}

export function query<I extends z.ZodType>(input: I, access: Access = 'user') {
  return { returns: <O>(): MethodDef<I, O> => ({ input, writes: false, access }) };
}
export function command<I extends z.ZodType>(input: I, access: Access = 'user') {
  return { returns: <O>(): MethodDef<I, O> => ({ input, writes: true, access }) };
}

/**
 * Flags a method that can emit full personal data. Every such method must be flagged: a test calls every
 * method as 填报员 on seeded data and fails on any full 身份证号, name or phone in an unflagged result.
 *
 *   'sync.exportPackage': revealing(command(input).returns<FileOut>(), {
 *     asks: (i) => i.full === true, entity: 'sync', note: () => '导出全量同步包(含完整个人信息)' }),
 */
export function revealing<I extends z.ZodType, O>(def: MethodDef<I, O>, rule: RevealRule<z.output<I>, O>): MethodDef<I, O> {
  return { ...def, reveals: rule };
}

export type ContractShape = Record<string, MethodDef>;
export type InputOf<M> = M extends MethodDef<infer I, unknown> ? z.input<I> : never;
export type ParsedInputOf<M> = M extends MethodDef<infer I, unknown> ? z.output<I> : never;
export type OutputOf<M> = M extends MethodDef<z.ZodType, infer O> ? O : never;

/** What the renderer calls: one async function per contract method, keyed by method name. */
export type ApiOf<C extends ContractShape> = {
  [K in keyof C]: (input: InputOf<C[K]>) => Promise<OutputOf<C[K]>>;
};
