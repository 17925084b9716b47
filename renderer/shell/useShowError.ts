import { App as AntApp } from 'antd';
import { useCallback } from 'react';
import { ApiError } from '../api';

/**
 * The text a clerk sees for a failure. ApiError messages are already Chinese and say what to do; anything
 * else is a bug in the screen, so say so plainly instead of showing a bare English engine message.
 */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  // The screen's own Chinese messages pass; the engine's text (English) goes to the console, never to the clerk.
  if (e instanceof Error && /[\u4e00-\u9fff]/.test(e.message) && !/[A-Za-z]{3,}/.test(e.message)) return e.message;
  console.error('[screen] unexpected error', e);
  return '界面程序出错了。已保存的数据不受影响,请重试;如果反复出现,请联系技术支持。';
}

/** `const showError = useShowError(); api[...](...).catch(showError)` — one way to report a failed call. */
export function useShowError(): (e: unknown) => void {
  const { message } = AntApp.useApp();
  return useCallback((e: unknown) => void message.error(errorText(e)), [message]);
}
