import type { z } from 'zod';

/**
 * One method of the API contract: its input schema (checked in the main process before any handler runs)
 * and, as a type only, its result. The renderer never needs the result at run time, so it is phantom.
 */
/** Who may call a method: anyone (before login), any logged-in user, or an admin. */
export type Access = 'public' | 'user' | 'admin';

export interface MethodDef<I extends z.ZodType = z.ZodType, O = unknown> {
  readonly input: I;
  readonly access: Access;
  /** Methods that change data; the bridges do not treat them differently, but tests and audit use it. */
  readonly writes: boolean;
  readonly __output?: O;
}

export function query<I extends z.ZodType>(input: I, access: Access = 'user') {
  return { returns: <O>(): MethodDef<I, O> => ({ input, writes: false, access }) };
}
export function command<I extends z.ZodType>(input: I, access: Access = 'user') {
  return { returns: <O>(): MethodDef<I, O> => ({ input, writes: true, access }) };
}

export type ContractShape = Record<string, MethodDef>;
export type InputOf<M> = M extends MethodDef<infer I, unknown> ? z.input<I> : never;
export type ParsedInputOf<M> = M extends MethodDef<infer I, unknown> ? z.output<I> : never;
export type OutputOf<M> = M extends MethodDef<z.ZodType, infer O> ? O : never;

/** What the renderer calls: one async function per contract method, keyed by method name. */
export type ApiOf<C extends ContractShape> = {
  [K in keyof C]: (input: InputOf<C[K]>) => Promise<OutputOf<C[K]>>;
};
