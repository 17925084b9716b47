import { METHODS, type LedgerApi, type Method } from '../../shared/api/contract';
import type { ApiErrorBody, Envelope, FieldIssue } from '../../shared/api/errors';

/** An API failure as the renderer sees it: a code, a Chinese message, and per-field issues for forms. */
export class ApiError extends Error {
  readonly code: ApiErrorBody['code'];
  readonly fieldErrors: FieldIssue[];
  constructor(body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.code = body.code;
    this.fieldErrors = body.fieldErrors ?? [];
  }
}

export type Transport = (method: Method, input: unknown) => Promise<Envelope<unknown>>;

/** One function per contract method, built from the contract's method list (never written by hand). */
export function createClient(call: Transport, onUnauthenticated?: () => void): LedgerApi {
  const api: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const m of METHODS) {
    api[m] = async (input: unknown) => {
      const env = await call(m, input ?? {});
      if (env.ok) return env.value;
      if (env.error.code === 'UNAUTHENTICATED' && m !== 'session.login') onUnauthenticated?.();
      throw new ApiError(env.error);
    };
  }
  return api as unknown as LedgerApi;
}

declare global {
  interface Window {
    /** Exposed by the Electron preload: one function per contract method, returning the envelope. */
    ledger?: Record<string, (input: unknown) => Promise<Envelope<unknown>>>;
  }
}

export const ipcTransport: Transport = (method, input) => {
  const fn = window.ledger?.[method];
  if (!fn) return Promise.resolve({ ok: false, error: { code: 'BAD_REQUEST', message: '程序缺少这项操作,请重新安装程序。' } });
  return fn(input);
};

const TOKEN_KEY = 'ledger-token';

/** Browser mode: the token arrives in the URL fragment once, is kept for this tab, and leaves the address bar. */
export function readToken(): string {
  const m = /(?:^|[#&])token=([\w-]+)/.exec(window.location.hash);
  if (m) {
    sessionStorage.setItem(TOKEN_KEY, m[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

export function httpTransport(token: string): Transport {
  return async (method, input) => {
    let res: Response;
    try {
      res = await fetch(`/api/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Ledger-Token': token },
        body: JSON.stringify(input ?? {}),
      });
    } catch {
      return {
        ok: false,
        error: { code: 'INTERNAL', message: '无法连接本机服务:程序可能已经关闭。请重新运行 npm run web 并打开新的网址。' },
      };
    }
    try {
      return (await res.json()) as Envelope<unknown>;
    } catch {
      return { ok: false, error: { code: 'INTERNAL', message: `本机服务返回了无法识别的内容(HTTP ${res.status})。` } };
    }
  };
}
