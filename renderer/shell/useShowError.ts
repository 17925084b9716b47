import { App as AntApp } from 'antd';
import { useCallback } from 'react';
import { ApiError } from '../api';

/**
 * The text a clerk sees for a failure. ApiError messages are already Chinese and say what to do; anything
 * else is a bug in the screen, so say so plainly instead of showing a bare English engine message.
 */
export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return `程序出错:${e.message}。已保存的数据不受影响,请重试或联系技术支持。`;
  return String(e);
}

/** `const showError = useShowError(); api[...](...).catch(showError)` — one way to report a failed call. */
export function useShowError(): (e: unknown) => void {
  const { message } = AntApp.useApp();
  return useCallback((e: unknown) => void message.error(errorText(e)), [message]);
}
