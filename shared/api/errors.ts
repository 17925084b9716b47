// Errors that cross the process boundary. Every failure reaching a clerk is one of these codes with a
// Chinese message that says what is wrong and what to do; stack traces never leave the main process.

export const ERROR_CODES = [
  'VALIDATION', // input breaks a rule; fieldErrors says which
  'NOT_FOUND',
  'CONFLICT', // duplicate, stale edit, state that forbids the change
  'UNAUTHENTICATED', // not logged in / session expired
  'FORBIDDEN', // role does not allow it
  'BAD_REQUEST', // malformed call (unknown method, wrong payload shape)
  'DB_NEWER', // database written by a newer app version
  'DB_CORRUPT',
  'CANCELLED', // the clerk stopped a long job; nothing was written
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldIssue {
  field: string;
  label?: string;
  level: 'error' | 'warning';
  message: string;
  /** Another record the issue points at (e.g. the household that already uses this 身份证号). */
  duplicateOf?: string;
}

export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
  fieldErrors?: FieldIssue[];
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fieldErrors?: FieldIssue[];
  constructor(code: ErrorCode, message: string, fieldErrors?: FieldIssue[]) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fieldErrors = fieldErrors;
  }
  toBody(): ApiErrorBody {
    return this.fieldErrors
      ? { code: this.code, message: this.message, fieldErrors: this.fieldErrors }
      : { code: this.code, message: this.message };
  }
}

export function isApiErrorBody(v: unknown): v is ApiErrorBody {
  return (
    typeof v === 'object' && v !== null && typeof (v as ApiErrorBody).code === 'string' && typeof (v as ApiErrorBody).message === 'string'
  );
}

/** The wire envelope used by both bridges, so the renderer handles one shape. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };
